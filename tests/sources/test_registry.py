"""The importer registry: one registration gives a source its CLI options and a place in every import."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import pytest
from pydantic import Field, field_validator
from pydantic_settings import NoDecode
from pyoxigraph import Literal, NamedNode, Triple

from hrcgraph import cli
from hrcgraph.cli import build_parser, load_settings
from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.sources import registry
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.sources.registry import Importer, batches_of, importers
from hrcgraph.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _notes_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.note"))


def _notes_read(folders: Sequence[Path], context: registry.ImportContext) -> list[str]:
    return [p.read_text(encoding="utf-8").strip() for folder in folders for p in _notes_files(folder)]


def _notes_convert(notes: Any, context: registry.ImportContext) -> list[SourceBatch]:
    graph = context.iris.source_graph("notes")
    subject = NamedNode(graph.value + "#notes")
    # It sees what the importers registered before it read.
    ohchr = context.read.get("ohchr")
    triples = [Triple(subject, NamedNode("urn:x:note"), Literal(n)) for n in notes]
    triples.append(Triple(subject, NamedNode("urn:x:ohchrRecords"), Literal(str(len(ohchr.records) if ohchr else 0))))
    return [SourceBatch(graph, "Notes", files=[], triples=triples)]


NOTES = Importer(name="notes", option="--notes", help="a folder of notes", label="notes", license=None,
                 attribution=None, files=_notes_files, read=_notes_read, convert=_notes_convert, repeatable=True)


class NotesSettings(Settings):
    """The settings with the one field a new source adds (named after it, like ``seeds``)."""

    notes: Annotated[list[str], NoDecode] = Field(default_factory=list)

    @field_validator("notes", mode="before")
    @classmethod
    def _split_notes(cls, value: Any) -> Any:
        return [s for s in value.split(os.pathsep) if s] if isinstance(value, str) else value


@pytest.fixture
def with_notes(monkeypatch: pytest.MonkeyPatch) -> Importer:
    """The notes importer registered for one test, and its setting (both are restored afterwards)."""
    monkeypatch.setattr(registry, "_REGISTRY", dict(registry._REGISTRY))
    monkeypatch.setattr(cli, "Settings", NotesSettings)
    return registry.register(NOTES)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HRCGRAPH_* variable of the caller's leaks into these tests."""
    for name in list(os.environ):
        if name.startswith("HRCGRAPH_"):
            monkeypatch.delenv(name)


def _sources(argv: list[str]) -> dict[str, list[str | Path]]:
    return load_settings(build_parser().parse_args(argv)).sources()


def test_the_shipped_importers_run_ohchr_first() -> None:
    assert [imp.name for imp in importers()] == ["ohchr", "texts", "seeds"]
    assert [imp.option for imp in importers()] == ["--ohchr", "--texts", "--seeds"]


def test_each_shipped_importer_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HRCGRAPH_TEXTS", "download")
    assert _sources(["build", "--ohchr", str(tmp_path), "--seeds", "a", "--seeds", "b"]) == {
        "ohchr": [str(tmp_path)], "texts": ["download"], "seeds": [Path("a"), Path("b")]}
    assert _sources(["build", "--no-texts", "--no-seeds", "--seeds", "a"]) == {}
    config = tmp_path / "c.toml"
    config.write_text('texts = "texts-folder"\n', encoding="utf-8")
    assert _sources(["--config", str(config), "build"]) == {"texts": [str(tmp_path / "texts-folder")]}


def test_one_registration_adds_the_options_and_the_import(with_notes: Importer, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.note").write_text("first\n", encoding="utf-8")
    sources = _sources(["build", "--notes", str(tmp_path), "--ohchr", str(FIXTURES / "ohchr")])
    assert sources == {"ohchr": [str(FIXTURES / "ohchr")], "notes": [str(tmp_path)]}
    batches = batches_of(sources, iris=IriFactory(), log=lambda _m: None)
    notes = next(b for b in batches if b.graph.value.endswith("graph/notes"))
    assert {t.object.value for t in notes.triples} == {"first", "13"}  # the fixture has 13 records
    assert [b.graph.value.rsplit("/", 1)[-1] for b in batches] == ["ontology", "countries", "ohchr", "derived", "notes"]


def test_the_environment_and_no_option_choose_sources(with_notes: Importer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HRCGRAPH_NOTES", f"{tmp_path}:{tmp_path / 'more'}")
    assert _sources(["build"]) == {"notes": [str(tmp_path), str(tmp_path / "more")]}
    assert _sources(["build", "--no-notes"]) == {}


def test_a_registered_name_cannot_be_taken_twice(with_notes: Importer) -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.register(NOTES)


def test_unknown_sources_and_extra_locations_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no source named cube"):
        batches_of({"cube": [tmp_path]})
    with pytest.raises(ConfigError, match=r"holds no docs-<year>\.json"):
        batches_of({"texts": [tmp_path]})
    with pytest.raises(ConfigError, match="--ohchr takes one location, got 2"):
        batches_of({"ohchr": [tmp_path, tmp_path]})
    with pytest.raises(ConfigError, match=r"has no resolutions\.csv"):
        batches_of({"ohchr": [tmp_path]})
    with pytest.raises(ConfigError, match=r"seed folder .* does not exist"):
        batches_of({"seeds": [tmp_path / "absent"]})
