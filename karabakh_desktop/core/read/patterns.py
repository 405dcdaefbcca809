"""The memo's case × pattern comparison, as the Patterns panel draws it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database



@dataclass(frozen=True)
class PatternMatrix:
    """``patterns`` and ``cases`` in the data's order; ``cells[(case, pattern)] = (cell id, value)``."""

    patterns: tuple[str, ...]
    cases: tuple[str, ...]
    cells: dict[tuple[str, str], tuple[str, str]]

    def cell(self, case: str, pattern: str) -> tuple[str, str] | None:
        return self.cells.get((case, pattern))


def pattern_matrix(db: Database) -> PatternMatrix:
    """Every pattern, every comparison case (places with ``case = true``) and the cells between them."""
    patterns = tuple(r[0] for r in db.execute("SELECT id FROM patterns ORDER BY rowid"))
    cases = tuple(r[0] for r in db.execute("SELECT entity_id FROM places WHERE is_case = 1 ORDER BY rowid"))
    cells = {(c, p): (cid, v) for cid, c, p, v in db.execute(
        "SELECT id, case_id, pattern_id, value FROM pattern_cells ORDER BY rowid")}
    return PatternMatrix(patterns, cases, cells)
