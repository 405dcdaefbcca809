"""Counts agree with their nouns everywhere the app speaks: one helper (core.wording), no
hand-written plurals ("mention{'s' if n != 1 else ''}") and no "(s)"."""

import io
import re
import tokenize
from pathlib import Path

import pytest

from karabakh_desktop.core.wording import counted, noun

PACKAGE = Path(__file__).resolve().parents[1] / "karabakh_desktop"


def test_a_count_agrees_with_its_noun():
    assert counted(1, "item") == "1 item"
    assert counted(0, "item") == "0 items"
    assert counted(2, "sentence") == "2 sentences"
    assert counted(12000, "passage") == "12,000 passages"
    assert counted(3, "country", "countries") == "3 countries"
    assert counted(1, "country", "countries") == "1 country"
    assert noun(1, "mention") == "mention" and noun(4, "mention") == "mention" + "s"
    assert noun(0, "entity", "entities") == "entities"


def test_messages_say_one_thing_in_the_singular():
    from karabakh_desktop.core.datafiles import DataError

    assert str(DataError(["bad date in events.toml"])).startswith("1 problem in the data:")
    assert str(DataError(["a", "b"])).startswith("2 problems in the data:")


def test_one_mention_confirmed_is_said_so(store_with_text):
    from karabakh_desktop.core import library
    from karabakh_desktop.core.edits import EditError

    db, doc = store_with_text("Notes\n\nAzerbaijan and Armenia met in Shusha.\n", "Notes")
    (mid,) = db.execute("SELECT id FROM mentions WHERE document_id = ? AND status = 'suggested' "
                        "AND surface = 'Shusha'", [doc]).fetchone()
    assert library.status_command(db, [mid], "confirmed").text == "Confirm 1 mention"
    with pytest.raises(EditError, match="^no such mention: 999999 "):
        library.status_command(db, [999999], "confirmed")


_BRACED = re.compile(r"\{[^{}]*\}")
_MAYBE_PLURAL = re.compile(r"[A-Za-z]\((?:s|es|ies)\)(?![A-Za-z])")
_INLINE_PLURAL = re.compile(r"""\{\s*['"](?:s|es|ies)['"]\s+if\b|\belse\s+['"](?:s|es|ies)['"]\s*\}""")


def test_no_hand_written_plurals_in_the_package():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for n, line in enumerate(source.splitlines(), 1):
            if _INLINE_PLURAL.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            text = tok.string if tok.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", -1)) else ""
            if _MAYBE_PLURAL.search(_BRACED.sub("", text)):
                found.append(f"{path.relative_to(PACKAGE)}:{tok.start[0]}: {text.strip()[:80]}")
    assert found == [], "say counts with core.wording.counted / noun:\n" + "\n".join(found)
