"""The README's pandas and R examples, run as a reader would run them, against a running server over a real
build (four years of the collection): they read the CSV tables from /dumps/ and give what the tables hold."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from support.api_builds import LiveServer, make_settings

pytestmark = pytest.mark.server

README = Path(__file__).resolve().parents[2] / "README.md"
LOCAL = "http://127.0.0.1:8000/"
NO_R = pytest.mark.skipif(shutil.which("Rscript") is None,
                          reason="R is not installed (Debian package r-base-core; scripts/test installs it as root)")


def readme_block(language: str, containing: str) -> str:
    """The README's fenced ``language`` block that contains ``containing``."""
    blocks = re.findall(rf"^```{language}\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)
    found = [b for b in blocks if containing in b]
    assert len(found) == 1, f"one {language} block with {containing!r} in README.md, found {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def server(recent_build_dir: Path) -> Iterator[LiveServer]:
    with LiveServer(make_settings(recent_build_dir, query_workers=1)) as live:
        yield live


def test_the_pandas_example_counts_each_year_of_france_s_votes(server: LiveServer) -> None:
    code = readme_block("python", 'base = "http://127.0.0.1:8000/dumps/"').replace(LOCAL, server.url + "/")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    votes = pd.read_csv(server.url + "/dumps/votes.csv", dtype="string")
    yes_total = int(((votes.state == "FRA") & (votes.vote == "Yes")).sum())
    printed = out.stdout.splitlines()
    assert printed[0].split()[0] == "vote" and "Yes" in printed[0].split(), out.stdout
    years = [line.split() for line in printed if re.match(r"\d{4}\s", line)]
    assert {int(y[0]) for y in years} <= {2023, 2024, 2025, 2026} and years
    yes_column = printed[0].split().index("Yes")
    assert sum(int(y[yes_column]) for y in years) == yes_total


@NO_R
def test_the_r_example_gives_how_often_france_and_the_usa_voted_alike(server: LiveServer) -> None:
    code = readme_block("r", 'base <- "http://127.0.0.1:8000/dumps/"').replace(LOCAL, server.url + "/")
    out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    votes = pd.read_csv(server.url + "/dumps/votes.csv", dtype="string")
    pairs = votes[votes.state == "FRA"].merge(votes[votes.state == "USA"], on="text")
    expected = float((pairs.vote_x == pairs.vote_y).mean())
    printed = float(out.stdout.split()[-1])
    assert printed == pytest.approx(expected, abs=1e-6) and 0 < printed < 1


def test_the_readme_sparqlwrapper_example_counts_item_4_texts_by_year(server: LiveServer) -> None:
    code = readme_block("python", 'SPARQLWrapper("http://127.0.0.1:8000/sparql")').replace(LOCAL, server.url + "/")
    code += "\nprint(sum(int(r['texts']['value']) for r in rows), len(rows))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    total, years = map(int, out.stdout.split())
    texts = pd.read_csv(server.url + "/dumps/texts.csv", dtype="string")
    item4 = texts[(texts.agenda_item == "Item4") & texts.date_adopted.notna()
                  & ~texts.decision_method.isin(["Withdrawn", "NotConsidered"]) & texts.decision_method.notna()]
    assert total == len(item4) > 0
    assert years == item4.date_adopted.str[:4].nunique()


@pytest.mark.parametrize(("language", "command", "opening", "report"), [
    ("python", [sys.executable, "-c"], 'pd.read_csv("http://127.0.0.1:8000/queries/',
     "\nprint(len(df), ','.join(df.columns))\n"),
    pytest.param("r", ["Rscript", "-e"], 'read.csv("http://127.0.0.1:8000/queries/',
                 '\ncat(nrow(df), paste(names(df), collapse = ","))\n', marks=NO_R),
])
def test_the_readme_examples_read_a_named_query_as_csv(server: LiveServer, language: str, command: list[str],
                                                       opening: str, report: str) -> None:
    code = readme_block(language, opening).replace(LOCAL, server.url + "/") + report
    out = subprocess.run([*command, code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    url = re.search(r'"(http[^"]+)"', code)
    assert url is not None
    expected = pd.read_csv(url.group(1))
    rows, columns = out.stdout.split()
    assert int(rows) == len(expected) > 0 and columns == ",".join(expected.columns)
