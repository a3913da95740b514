"""The paragraph-split texts of the hrc-voting project: ``docs-<year>.json`` files, read and checked.

Each file is one JSON object: UN document symbol -> list of ``[label, paragraph text]`` in document
order (labels ``PP1``, ``OP1``, ``OP4(a)``, ``AX1``, ``P1``; see ``graph.paragraphs``). The reader
only reads: joining to the texts of the graph and mapping to RDF is ``graph.sources.texts_rdf``.

What is wrong with a file is said with the file, the symbol and the label:

* a file that is not UTF-8 JSON, or whose shape is not the one above (not an object, a document
  that is not a list, an entry that is not a pair of strings) is a ``SourceError``: the build stops
  and the published build stays as it was;
* a label the format does not define, an empty paragraph, a label used twice in one document, a
  symbol that cannot name a text, a document with no paragraph, and a symbol given by two files
  are ``SourceWarning``s: the paragraph (or document) is left out and the build says so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from hrcgraph.graph.errors import ConfigError, SourceError, SourceLocation
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.paragraphs import Label, parse_label
from hrcgraph.graph.sources.base import SourceFile, SourceWarning
from hrcgraph.graph.symbols import parse_symbol

YEAR_FILE = re.compile(r"^docs-(?P<year>[0-9]{4})\.json$")
TEXTS_LICENSE = "PolyForm Noncommercial 1.0.0"
TEXTS_ATTRIBUTION = (
    "Paragraph-split texts of Commission on Human Rights, Human Rights Council and General Assembly "
    "documents (public United Nations documents), extracted by the hrc-voting project "
    "(https://github.com/lszoszk/hrc-voting), licensed under the PolyForm Noncommercial License 1.0.0 "
    "(https://polyformproject.org/licenses/noncommercial/1.0.0). "
    "Required Notice: Copyright Łukasz Szoszkiewicz, https://github.com/lszoszk/hrc-voting"
)
TEXTS_LABEL = "Paragraph-split texts of the Council's and the Commission's documents (hrc-voting project)"


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as the file gives it: its label read, its text verbatim, its position (from 1)."""

    label: Label
    text: str
    position: int


@dataclass(frozen=True)
class TextDocument:
    """One document of a year file: its symbol (normalized) and its paragraphs in document order."""

    symbol: str
    file: Path
    paragraphs: tuple[Paragraph, ...]

    def location(self, paragraph: Paragraph | None = None) -> SourceLocation:
        where = self.symbol if paragraph is None else f"{self.symbol} {paragraph.label.text}"
        return SourceLocation(self.file, None, where)


@dataclass
class TextsData:
    """Every year file read: the documents (each symbol once), the files, and what was noticed."""

    files: list[SourceFile]
    documents: list[TextDocument]
    warnings: list[SourceWarning] = field(default_factory=list)

    @property
    def paragraph_count(self) -> int:
        return sum(len(d.paragraphs) for d in self.documents)


def year_files(folder: Path) -> list[Path]:
    """The ``docs-<year>.json`` files of a folder, by year."""
    if not folder.is_dir():
        raise ConfigError(f"texts folder {folder} does not exist or is not a folder")
    found = sorted((p for p in folder.iterdir() if YEAR_FILE.match(p.name)), key=lambda p: p.name)
    if not found:
        raise ConfigError(f"texts folder {folder} holds no docs-<year>.json file")
    return found


def read_texts(files: list[SourceFile]) -> TextsData:
    """Read the year files; a symbol given by two files is kept from the first (by file name)."""
    documents: list[TextDocument] = []
    warnings: list[SourceWarning] = []
    seen: dict[str, Path] = {}
    for source in sorted(files, key=lambda f: f.path.name):
        docs, noticed = read_year_file(source.path)
        warnings.extend(noticed)
        for doc in docs:
            if doc.symbol in seen:
                warnings.append(SourceWarning(
                    f"{doc.symbol} is also in {seen[doc.symbol].name}; the text of {seen[doc.symbol].name} is kept",
                    doc.location()))
                continue
            seen[doc.symbol] = doc.file
            documents.append(doc)
    return TextsData(files=list(files), documents=documents, warnings=warnings)


def read_year_file(path: Path) -> tuple[list[TextDocument], list[SourceWarning]]:
    """One year file's documents, and the warnings about what was left out of them."""
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not UTF-8 text (byte {exc.start}): expected a JSON object", SourceLocation(path)) from None
    except OSError as exc:
        raise SourceError(f"cannot read the file: {exc.strerror}", SourceLocation(path)) from None
    try:
        content = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not JSON: {exc.msg} (column {exc.colno})", SourceLocation(path, exc.lineno)) from None
    if not isinstance(content, dict):
        raise SourceError(f"expected a JSON object of symbol -> paragraphs, found a {_json_type(content)}",
                          SourceLocation(path))
    documents: list[TextDocument] = []
    warnings: list[SourceWarning] = []
    for key, entries in content.items():
        if not isinstance(entries, list):
            raise SourceError(f"expected a list of [label, paragraph] pairs, found a {_json_type(entries)}",
                              SourceLocation(path, None, key))
        info = parse_symbol(key)
        symbol = info.normalized if info.usable else " ".join(key.split())
        if not IriFactory.symbol_is_usable(symbol):
            warnings.append(SourceWarning(f"symbol {key!r} cannot name a text; its {len(entries)} paragraphs are "
                                          "left out", SourceLocation(path, None, key)))
            continue
        paragraphs: list[Paragraph] = []
        labels: set[str] = set()
        # the locations are made only for what is said about a paragraph: every paragraph of the corpus passes here
        for position, entry in enumerate(entries, start=1):
            if (not isinstance(entry, list) or len(entry) != 2
                    or not isinstance(entry[0], str) or not isinstance(entry[1], str)):
                raise SourceError(f"expected a [label, paragraph] pair of strings, found {_preview(entry)}",
                                  SourceLocation(path, None, f"{key} paragraph {position}"))
            label_text, text = entry
            label = parse_label(label_text)
            if label is None:
                warnings.append(SourceWarning(
                    f"label {label_text!r} is not one of PP<n>, OP<n>, OP<n>(a), AX<n>, P<n>; the paragraph "
                    "is left out", SourceLocation(path, None, f"{key} {label_text}")))
                continue
            if not text.strip():
                warnings.append(SourceWarning("empty paragraph; left out",
                                              SourceLocation(path, None, f"{key} {label_text}")))
                continue
            if label_text in labels:
                warnings.append(SourceWarning("label used twice in the document; the second paragraph is "
                                              "left out", SourceLocation(path, None, f"{key} {label_text}")))
                continue
            labels.add(label_text)
            paragraphs.append(Paragraph(label, text, position))
        if not paragraphs:
            warnings.append(SourceWarning("document without a paragraph; left out", SourceLocation(path, None, key)))
            continue
        documents.append(TextDocument(symbol, path, tuple(paragraphs)))
    return documents, warnings


def _json_type(value: object) -> str:
    names = {dict: "JSON object", list: "JSON list", str: "string", bool: "boolean", int: "number",
             float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _preview(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
