"""Settings: command line > config file > environment > defaults, shared by the CLI and the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrcgraph.cli import build_parser, load_settings, main
from hrcgraph.graph.errors import ConfigError
from hrcgraph.settings import Settings, default_data_dir


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HRCGRAPH_* variable of the caller's leaks into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("HRCGRAPH_"):
            monkeypatch.delenv(name)


def settings_of(argv: list[str]) -> Settings:
    return load_settings(build_parser().parse_args(argv))


def write_config(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_data_directory_is_per_user_not_the_working_directory(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Settings().data_dir == tmp_path / "xdg" / "hrcgraph"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "hrcgraph"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the XDG spec: a relative path is invalid
    assert Settings().data_dir == tmp_path / "home" / ".local" / "share" / "hrcgraph"
    assert Settings().data_dir.is_absolute()


def test_each_source_beats_the_next(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = write_config(tmp_path / "hrcgraph.toml", 'data_dir = "from-file"\nmax_rows = 20\n')
    assert Settings().max_rows == 100_000  # the default
    monkeypatch.setenv("HRCGRAPH_MAX_ROWS", "10")
    monkeypatch.setenv("HRCGRAPH_DATA_DIR", str(tmp_path / "from-env"))
    assert settings_of(["query", "--list"]).max_rows == 10  # the environment beats the default
    assert settings_of(["query", "--list"]).data_dir == tmp_path / "from-env"
    from_file = settings_of(["--config", str(config), "query", "--list"])
    assert (from_file.max_rows, from_file.data_dir) == (20, tmp_path / "from-file")  # the file beats the environment
    given = settings_of(["--config", str(config), "--data-dir", str(tmp_path / "given"), "query", "--list"])
    assert (given.max_rows, given.data_dir) == (20, tmp_path / "given")  # the command line beats the file


def test_server_options_and_source_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HRCGRAPH_PORT", "9000")
    monkeypatch.setenv("HRCGRAPH_OHCHR", "download")
    assert settings_of(["serve"]).port == 9000
    assert settings_of(["serve", "--port", "9100", "--host", "0.0.0.0"]).port == 9100
    assert settings_of(["build"]).ohchr == "download"
    assert settings_of(["build", "--no-ohchr"]).ohchr is None  # an explicit unset beats the environment
    assert settings_of(["build", "--base", "https://example.org/hrc/"]).base_iri == "https://example.org/hrc/"


def test_seeds_from_each_source(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HRCGRAPH_SEEDS", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    assert settings_of(["build"]).seeds == [tmp_path / "a", tmp_path / "b"]
    config = write_config(tmp_path / "c.toml", 'seeds = ["s1", "/abs/s2"]\ncache_dir = "cache"\nohchr = "votes"\n')
    from_file = settings_of(["--config", str(config), "build"])
    assert from_file.seeds == [tmp_path / "s1", Path("/abs/s2")]  # relative to the file
    assert from_file.cache_dir == tmp_path / "cache"
    assert from_file.ohchr == str(tmp_path / "votes")
    given = settings_of(["--config", str(config), "build", "--seeds", "x", "--seeds", "y"])
    assert given.seeds == [Path("x"), Path("y")]


def test_a_url_in_the_config_file_is_not_a_path(tmp_path: Path) -> None:
    config = write_config(tmp_path / "c.toml", 'ohchr = "https://example.org/votes/"\n')
    assert Settings.load(config).ohchr == "https://example.org/votes/"


def test_mistakes_name_the_setting_or_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown keys \['max_row'\]"):
        Settings.load(write_config(tmp_path / "a.toml", "max_row = 5\n"))
    with pytest.raises(ConfigError, match=r"b\.toml"):
        Settings.load(write_config(tmp_path / "b.toml", "max_rows = \n"))
    with pytest.raises(ConfigError, match="max_rows"):
        Settings.load(write_config(tmp_path / "c.toml", "max_rows = 0\n"))
    monkeypatch.setenv("HRCGRAPH_BASE_IRI", "not an iri")
    with pytest.raises(ConfigError, match="base_iri"):
        Settings.load()


def test_the_command_line_reports_a_bad_setting_and_the_place_it_reads(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HRCGRAPH_QUERY_WORKERS", "0")
    assert main(["query", "ASK {}"]) == 1
    assert "query_workers" in capsys.readouterr().err
    monkeypatch.delenv("HRCGRAPH_QUERY_WORKERS")
    assert main(["--data-dir", str(tmp_path / "empty"), "query", "ASK {}"]) == 1
    assert f"no dataset is published in {tmp_path / 'empty'}" in capsys.readouterr().err
