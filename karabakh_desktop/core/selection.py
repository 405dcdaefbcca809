"""The one selection model, with browser-like history. No Qt here.

Panels never call each other: they ask this model to change and subscribe to its changes.
Setting the selection to what it already is notifies nobody, so echo loops die out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

Listener = Callable[["SelectionChange"], None]


@dataclass(frozen=True)
class SelectionChange:
    selected: tuple[str, ...]
    added: frozenset[str]
    removed: frozenset[str]
    origin: str  # who asked: a panel id, "history", "remote" (another window), …


class Selection:
    """An ordered set of item ids (entities, events, relations, claims, cells, ``sentence:N``)."""

    def __init__(self, history_limit: int = 200):
        self._items: tuple[str, ...] = ()
        self._listeners: list[Listener] = []
        self._back: list[tuple[str, ...]] = []
        self._forward: list[tuple[str, ...]] = []
        self._limit = history_limit

    @property
    def items(self) -> tuple[str, ...]:
        return self._items

    @property
    def primary(self) -> str | None:
        """The most recently added item: what Details shows."""
        return self._items[-1] if self._items else None

    def __contains__(self, item: str) -> bool:
        return item in self._items

    def __bool__(self) -> bool:
        return bool(self._items)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # --- changing it -------------------------------------------------------------------------
    def set(self, items: Iterable[str], origin: str = "") -> bool:
        return self._change(tuple(dict.fromkeys(i for i in items if i)), origin, record=True)

    def select(self, item: str, *, add: bool = False, origin: str = "") -> bool:
        """Select one item; with ``add`` (Ctrl-click) toggle it in the current selection."""
        if not add:
            return self.set([item], origin)
        if item in self._items:
            return self.set([i for i in self._items if i != item], origin)
        return self.set([*self._items, item], origin)

    def clear(self, origin: str = "") -> bool:
        return self.set([], origin)

    def back(self) -> bool:
        if not self._back:
            return False
        self._forward.append(self._items)
        return self._change(self._back.pop(), "history", record=False)

    def forward(self) -> bool:
        if not self._forward:
            return False
        self._back.append(self._items)
        return self._change(self._forward.pop(), "history", record=False)

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def _change(self, new: tuple[str, ...], origin: str, *, record: bool) -> bool:
        if new == self._items:
            return False
        old = self._items
        if record:
            self._back.append(old)
            del self._back[: -self._limit]
            self._forward.clear()
        self._items = new
        change = SelectionChange(new, frozenset(new) - frozenset(old), frozenset(old) - frozenset(new), origin)
        for listener in list(self._listeners):
            listener(change)
        return True
