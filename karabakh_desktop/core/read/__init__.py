"""The read model: what panels, slides and the About box show of the store, as frozen dataclasses.

Every query the GUI needs lives here (``tests/test_read_model.py``; the GUI holds no SQL). Each
function takes the store's ``Database`` and returns plain values, so a panel only renders, and the
rules that used to be written once per panel are written once:

- :func:`first_quote` — the one "first quote" of an item (earliest in the document, cut at
  :data:`QUOTE_CUT` characters) for every tooltip;
- :func:`actors_by_place` / :func:`places_of_actor` — the ties of :mod:`core.touch`, not a copy;
- :func:`citations` — what a document is cited as, from the ``documents`` table, so a store built
  from another data folder cites its own documents on slides and in About;
- :func:`named_periods` — the timeline's quick ranges, from ``data/periods.toml``;
- :func:`document_infos` (the Documents list: metadata and counts) and :func:`mention_counts`
  (confirmed mentions per entity, suggested ones too on request), from :mod:`core.library` and
  :mod:`core.suggest`.
"""

from typing import TYPE_CHECKING

from .documents import (
    Citation,
    DocumentContent,
    citations,
    cited_documents,
    data_credits,
    document_content,
    document_name,
    document_of,
    documents,
    earliest_publication,
    imported_title,
    memo_id,
    named_citation,
    short_title,
)
from .patterns import PatternMatrix, pattern_matrix
from .periods import Period, named_periods, shortest_dated_period
from .places import MapPlace, actors_by_place, actors_of_place, map_places, places_of_actor

if TYPE_CHECKING:
    from ..library import DocumentInfo
    from ..library import documents as document_infos
    from ..suggest import mention_counts
    from .items import (
        Alias,
        CellFacts,
        ClaimFacts,
        ClaimRef,
        EventFacts,
        Facts,
        FigureFacts,
        PlaceFacts,
        RelationFacts,
        SentenceFacts,
        cell,
        claim,
        claims_about,
        event,
        facts,
        figure,
        figures_about,
        names,
        notes_on,
        place,
        related,
        relation,
        sentence,
    )
    from .passages import Passage, opening, passages
    from .quotes import QUOTE_CUT, Evidence, cut, evidence, evidence_by_document, first_quote, first_quote_cited, quotes

# Read when first asked for, not with the read model: nothing up to the window's first paint reads
# them, and their frozen dataclasses cost ~0.6 ms of import each (``tests/test_lazy_start.py``).
# - the analyst's documents and mention counts (core.library, core.suggest) bring the importers
#   and the edit commands;
# - one item's facts (items: the Details panel, tooltips), passages and quotes.
_LATER = {"DocumentInfo": ("..library", "DocumentInfo"), "document_infos": ("..library", "documents"),
          "mention_counts": ("..suggest", "mention_counts")}
_SUBMODULES = {
    ".items": ("Alias", "CellFacts", "ClaimFacts", "ClaimRef", "EventFacts", "Facts", "FigureFacts", "PlaceFacts",
               "RelationFacts", "SentenceFacts", "cell", "claim", "claims_about", "event", "facts", "figure",
               "figures_about", "names", "notes_on", "place", "related", "relation", "sentence"),
    ".passages": ("Passage", "opening", "passages"),
    ".quotes": ("QUOTE_CUT", "Evidence", "cut", "evidence", "evidence_by_document", "first_quote",
                "first_quote_cited", "quotes"),
}
_LATER.update({name: (module, name) for module, names in _SUBMODULES.items() for name in names})


def __getattr__(name: str):
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module_name, _ = _LATER[name]
    module = importlib.import_module(module_name, __name__)
    # Every name of the module at once: importing ``.passages`` or ``.quotes`` binds the package's
    # attribute of that name to the submodule, which must stay the function of that name.
    for attr, (where, value_name) in _LATER.items():
        if where == module_name:
            globals()[attr] = getattr(module, value_name)
    return globals()[name]


__all__ = [
    "DocumentInfo", "document_infos", "mention_counts",
    "QUOTE_CUT", "Alias", "CellFacts", "Citation", "ClaimFacts", "ClaimRef", "DocumentContent", "EventFacts",
    "Evidence", "Facts", "FigureFacts", "MapPlace", "Passage", "PatternMatrix", "Period", "PlaceFacts", "RelationFacts",
    "SentenceFacts", "actors_by_place", "actors_of_place", "cell", "cited_documents", "citations", "claim", "claims_about", "cut",
    "data_credits",
    "document_content", "document_of", "documents", "earliest_publication", "event", "evidence", "facts", "figure",
    "evidence_by_document", "first_quote_cited", "imported_title", "memo_id", "document_name", "named_citation", "short_title",
    "figures_about", "first_quote", "map_places", "named_periods", "names", "notes_on", "opening", "passages",
    "pattern_matrix", "place", "places_of_actor", "quotes", "related", "relation", "sentence", "shortest_dated_period",
]
