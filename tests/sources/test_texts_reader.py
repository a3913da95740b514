"""Reading docs-<year>.json files: the real sample, and bad input that names file, symbol and label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrcgraph.graph.errors import ConfigError, SourceError
from hrcgraph.graph.sources.base import SourceFile
from hrcgraph.graph.sources.texts import read_texts, read_year_file, year_files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "texts"


def test_the_real_sample_is_read_whole(texts_dir: Path) -> None:
    data = read_texts([SourceFile.of(p) for p in year_files(texts_dir)])
    assert data.warnings == []
    assert len(data.documents) == 12
    assert data.paragraph_count == 422
    mali = next(d for d in data.documents if d.symbol == "A/HRC/RES/55/25")
    labels = [p.label.text for p in mali.paragraphs]
    assert labels[:2] == ["PP1", "PP2"] and labels[-1] == "OP31"
    assert [p.position for p in mali.paragraphs] == list(range(1, len(labels) + 1))


def test_a_folder_without_year_files_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no docs-<year>\.json"):
        year_files(tmp_path)
    with pytest.raises(ConfigError, match="does not exist"):
        year_files(tmp_path / "nowhere")


@pytest.mark.parametrize(
    ("name", "message", "where"),
    [
        ("docs-2091-not-json.json", "not JSON", "line 1"),
        ("docs-2091-not-utf8.json", "not UTF-8", "docs-2091-not-utf8.json"),
        ("docs-2091-a-list.json", "expected a JSON object of symbol -> paragraphs, found a JSON list", "a-list"),
        ("docs-2091-not-a-list.json", "expected a list of [label, paragraph] pairs, found a JSON object",
         "field 'A/HRC/RES/90/1'"),
        ("docs-2091-not-a-pair.json", 'found ["OP1"]', "field 'A/HRC/RES/90/1 paragraph 2'"),
        ("docs-2091-not-a-string.json", 'found ["OP1", 7]', "field 'A/HRC/RES/90/1 paragraph 2'"),
    ],
)
def test_a_broken_file_is_an_error_naming_where(name: str, message: str, where: str) -> None:
    with pytest.raises(SourceError) as err:
        read_year_file(FIXTURES / "bad" / name)
    assert message in str(err.value)
    assert where in str(err.value)
    assert name in str(err.value)


def test_what_is_left_out_is_reported_with_file_symbol_and_label() -> None:
    documents, warnings = read_year_file(FIXTURES / "bad" / "docs-2091-warnings.json")
    assert [(d.symbol, [p.label.text for p in d.paragraphs]) for d in documents] == [("A/HRC/RES/90/1", ["PP1", "OP2"])]
    said = [str(w) for w in warnings]
    assert len(said) == 5
    assert "docs-2091-warnings.json, field 'A/HRC/RES/90/1 XX1': label 'XX1' is not one of" in said[0]
    assert said[1].endswith("field 'A/HRC/RES/90/1 OP1': empty paragraph; left out")
    assert "field 'A/HRC/RES/90/1 OP2': label used twice" in said[2]
    assert said[3].endswith("field 'A/HRC/RES/90/3 OP1': empty paragraph; left out")
    assert said[4].endswith("field 'A/HRC/RES/90/3': document without a paragraph; left out")


def test_a_symbol_in_two_files_is_kept_once_and_reported(tmp_path: Path) -> None:
    for year in (2090, 2091):
        (tmp_path / f"docs-{year}.json").write_text(
            f'{{"A/HRC/RES/90/1": [["OP1", "1. Welcomes the report of {year};"]]}}', encoding="utf-8")
    data = read_texts([SourceFile.of(p) for p in year_files(tmp_path)])
    assert [d.paragraphs[0].text for d in data.documents] == ["1. Welcomes the report of 2090;"]
    assert [str(w) for w in data.warnings] == [
        f"{tmp_path / 'docs-2091.json'}, field 'A/HRC/RES/90/1': A/HRC/RES/90/1 is also in docs-2090.json; "
        "the text of docs-2090.json is kept"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_JSON | st.dictionaries(st.sampled_from(["A/HRC/RES/90/1", "A/RES/1/2", "x y", ""]),
                                       st.lists(st.lists(st.sampled_from(["PP1", "OP1(a)", "XX", "", "1. Welcomes"]),
                                                         max_size=3), max_size=4), max_size=3))
def test_any_json_is_read_or_refused_with_a_source_error(tmp_path: Path, content: object) -> None:
    path = tmp_path / "docs-2092.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    try:
        documents, warnings = read_year_file(path)
    except SourceError as exc:
        assert "docs-2092.json" in str(exc)
        return
    assert all(d.paragraphs and d.symbol for d in documents)
    assert all("docs-2092.json" in str(w) for w in warnings)
