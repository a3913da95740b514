from __future__ import annotations

import pytest

from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.iris import IriFactory, slugify


def test_text_iri_keeps_the_symbol_readable() -> None:
    iris = IriFactory("https://example.org/hrc/")
    assert iris.text("A/HRC/RES/55/25").value == "https://example.org/hrc/id/text/A/HRC/RES/55/25"
    assert iris.text("A/HRC/RES/S-33/1").value.endswith("/id/text/A/HRC/RES/S-33/1")
    assert iris.text("E/CN.4/RES/22(XXXVI)").value.endswith("/id/text/E/CN.4/RES/22(XXXVI)")


@pytest.mark.parametrize("symbol", ["", "A/HRC/57//L.8", "A/HRC/50/L.37 as orally revised", "A/HRC/RES/", "/x"])
def test_unusable_symbols_are_refused(symbol: str) -> None:
    assert not IriFactory.symbol_is_usable(symbol)
    with pytest.raises(ValueError):
        IriFactory().text(symbol)


def test_content_derived_iris_are_stable() -> None:
    a = IriFactory().text_by_content("Technical assistance for Mali", "Human Rights Council")
    b = IriFactory().text_by_content("Technical assistance for Mali", "Human Rights Council")
    c = IriFactory().text_by_content("Technical assistance for Mali", "Commission on Human Rights")
    assert a == b != c


def test_parts_are_hash_iris_of_their_text() -> None:
    iris = IriFactory()
    text = iris.text("A/HRC/RES/55/25")
    assert iris.part(text, "vote-MLI").value == text.value + "#vote-MLI"


def test_state_iris_take_iso3_codes_only() -> None:
    iris = IriFactory()
    assert iris.state("MLI").value.endswith("/id/state/MLI")
    with pytest.raises(ValueError):
        iris.state("Mali")


def test_slugs_fold_accents_and_punctuation() -> None:
    assert slugify("Côte d’Ivoire") == "cote-d-ivoire"
    assert slugify("  Group of African States ") == "group-of-african-states"


@pytest.mark.parametrize("base", ["ftp://x/", "https://example.org/no-slash", "not an iri/", "https://ex ample.org/"])
def test_bad_bases_are_config_errors(base: str) -> None:
    with pytest.raises(ConfigError):
        IriFactory(base)
