"""The wheel as a user gets it: one top-level package, the data folders inside, and a CLI that builds and
queries from any directory, in a virtual environment holding nothing else (not even pySHACL).

Building the wheel and installing it with its dependencies (from pip's cache, else PyPI) takes a quarter
of a minute, once per test run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest

pytestmark = pytest.mark.wheel

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Installed:
    wheel: Path
    bin: Path
    site_packages: Path
    before: frozenset[str]
    """What the empty environment's site-packages held before the wheel was installed."""


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n" \
                                 f"{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel built from this checkout and installed, with its dependencies, into a fresh venv."""
    work = tmp_path_factory.mktemp("wheel")
    # Build from a copy of the sources, so the build leaves nothing (build/, *.egg-info) in the checkout.
    source = work / "src"
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "build", "var", "*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache",
        ".pytest_cache"))
    dist = work / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
          str(source)], cwd=work)
    [wheel] = dist.glob("hrcgraph-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)  # this run's pip installs into it
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=work).stdout.strip())
    before = frozenset(p.name for p in site.iterdir())
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check",
          str(wheel)], cwd=work)
    return Installed(wheel, env_dir / "bin", site, before)


def _top_level(names: list[str]) -> set[str]:
    return {PurePosixPath(n).parts[0] for n in names}


def test_the_wheel_holds_one_top_level_package(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as whl:
        names = whl.namelist()
        dist_info = next(n for n in _top_level(names) if n.endswith(".dist-info"))
        record = whl.read(f"{dist_info}/RECORD").decode()
    assert _top_level(names) == {"hrcgraph", dist_info}
    assert _top_level([line.split(",", 1)[0] for line in record.splitlines() if line]) == {"hrcgraph", dist_info}
    # Installed, it adds one package and its metadata next to its dependencies, no "graph" or "api".
    added = {p.name for p in installed.site_packages.iterdir()} - installed.before
    ours = {name for name in added if name.lower().startswith("hrcgraph")}
    assert ours == {"hrcgraph", dist_info}
    assert not {"graph", "api", "ontology", "shapes", "queries"} & added


@pytest.mark.parametrize(("folder", "pattern"), [
    ("hrcgraph/ontology", "*.ttl"),
    ("hrcgraph/shapes", "*.ttl"),
    ("hrcgraph/shapes/examples", "*.ttl"),
    ("hrcgraph/queries", "*.rq"),
    ("hrcgraph/api/templates", "*.html"),
    ("hrcgraph/api/static", "*.css"),
    ("hrcgraph/api/static", "*.js"),
    ("hrcgraph/graph/data", "*.csv"),
])
def test_the_wheel_carries_the_data_files(installed: Installed, folder: str, pattern: str) -> None:
    repo_folder = REPO_ROOT / folder.removeprefix("hrcgraph/")
    expected = {p.name for p in repo_folder.glob(pattern)}
    assert expected, f"nothing matches {pattern} in {repo_folder}"
    with zipfile.ZipFile(installed.wheel) as whl:
        shipped = {PurePosixPath(n).name for n in whl.namelist()
                   if str(PurePosixPath(n).parent) == folder and PurePosixPath(n).match(pattern)}
    assert shipped == expected


def test_pyshacl_is_not_installed_with_the_wheel(installed: Installed) -> None:
    proc = subprocess.run([str(installed.bin / "python"), "-c", "import pyshacl"], capture_output=True, text=True)
    assert proc.returncode != 0 and "No module named 'pyshacl'" in proc.stderr


def test_build_and_query_from_another_directory(installed: Installed, tmp_path: Path) -> None:
    """``hrcgraph build`` (seed records only) and ``hrcgraph query`` in a folder that is not the checkout,
    with the installed package alone on the path."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(FIXTURES / "seed" / "minimal-record.txt", seeds)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HRCGRAPH_", "PYTHON"))}
    hrcgraph = str(installed.bin / "hrcgraph")
    built = _run([hrcgraph, "--data-dir", "var", "build", "--no-ohchr", "--seeds", str(seeds)], cwd=elsewhere, env=env)
    assert built.stdout.startswith("built: version "), built.stdout
    assert "violations" in built.stdout and "SHACL: 0 violations" in built.stdout
    assert (elsewhere / "var" / "current" / "manifest.json").is_file()
    answer = _run([hrcgraph, "--data-dir", "var", "query", "--format", "csv",
                   "SELECT (COUNT(*) AS ?n) WHERE { ?s a hrc:State }"], cwd=elsewhere, env=env)
    header, count = answer.stdout.split()
    assert header == "n" and int(count) > 190
    named = _run([hrcgraph, "--data-dir", "var", "query", "--list"], cwd=elsewhere, env=env)
    assert "voting-agreement" in named.stdout
