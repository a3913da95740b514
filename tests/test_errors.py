"""The error tree: every class carries a stable code and its HTTP status, and the docstring draws it."""

from __future__ import annotations

import re

import pytest

from hrcgraph.api import pool  # noqa: F401  (defines WorkerDied, a StoreError, in the tree)
from hrcgraph.graph import errors
from hrcgraph.graph.errors import HrcGraphError


def all_error_classes() -> list[type[HrcGraphError]]:
    found: list[type[HrcGraphError]] = []
    todo: list[type[HrcGraphError]] = [HrcGraphError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return sorted(found, key=lambda c: c.__name__)


def tree_classes() -> list[type[HrcGraphError]]:
    """The classes of the tree itself (graph/errors.py), each with a code of its own."""
    return [c for c in all_error_classes() if c.__module__ == errors.__name__ or c.__name__ == "WorkerDied"]


@pytest.mark.parametrize("cls", all_error_classes(), ids=lambda c: c.__name__)
def test_every_error_has_a_code_and_a_status(cls: type[HrcGraphError]) -> None:
    assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", cls.code)
    assert isinstance(cls.http_status, int)
    assert 400 <= cls.http_status <= 599


@pytest.mark.parametrize("cls", tree_classes(), ids=lambda c: c.__name__)
def test_every_class_of_the_tree_has_its_own_code(cls: type[HrcGraphError]) -> None:
    assert "code" in vars(cls), f"{cls.__name__} inherits its code: give it its own"


def test_codes_are_unique() -> None:
    codes = [cls.code for cls in tree_classes()]
    assert len(codes) == len(set(codes))


def test_the_docstring_draws_every_class_with_its_status_and_code() -> None:
    doc = errors.__doc__ or ""
    for cls in tree_classes():
        line = re.search(rf"\b{cls.__name__}\s+(\d{{3}}) (\S+)", doc)
        assert line, f"{cls.__name__} is missing from the tree in graph/errors.py"
        assert (int(line.group(1)), line.group(2)) == (cls.http_status, cls.code), cls.__name__


def test_client_mistakes_are_4xx_and_faults_of_the_server_5xx() -> None:
    assert errors.QueryError.http_status == 400
    assert errors.ParameterError.http_status == 400
    assert errors.UnknownNamedQuery.http_status == 404
    assert errors.StoreError.http_status == 503
    assert errors.SourceError.http_status == 500  # in a server, its own files are broken: never a 400
    assert errors.HrcGraphError.http_status == 500


def test_a_status_can_be_set_per_error_where_the_class_allows_it() -> None:
    assert errors.UpdatesDisabled("updates are off").http_status == 403
    assert errors.UpdatesDisabled("wrong token", status=401).http_status == 401
    assert errors.UpdatesDisabled.http_status == 403
