"""The grammar files govplan reads, by name, and the model of each."""
from __future__ import annotations

from govplan.grammar.schema import DeadlinesFile, GrammarFile, LabelsFile, MarkersFile, UnitsFile
from govplan.grammar.schema_pages import CompareFile, CruftFile, DocumentsFile

FILE_MODELS: dict[str, type[GrammarFile]] = {
    "markers": MarkersFile, "labels": LabelsFile, "units": UnitsFile,
    "deadlines": DeadlinesFile, "cruft": CruftFile, "documents": DocumentsFile, "compare": CompareFile,
}
