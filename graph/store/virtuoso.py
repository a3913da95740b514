"""Virtuoso Open Source 7: a local server for tests and benchmarks, and its SQL side (``isql``).

Virtuoso speaks the SPARQL 1.1 Protocol on ``/sparql`` and the Graph Store HTTP Protocol on
``/sparql-graph-crud``, which is all :class:`hrcgraph.graph.store.remote.RemoteStore` needs. What
the standard protocols cannot do well, its SQL interface can: the bulk loader (``ld_dir`` +
``rdf_loader_run``, reading a file the server can see) and renaming graphs in one transaction. Both
go through ``isql`` (Debian package ``virtuoso-opensource-7-bin``), with the credentials given in
:class:`IsqlConnection`.

:class:`LocalVirtuoso` starts ``virtuoso-t`` in the foreground with a minimal ini in a folder of
its own, on free loopback ports, and stops it; nothing outside that folder is touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from hrcgraph.graph.errors import StoreError

VIRTUOSO_BINARY = "virtuoso-t"
ISQL_BINARY = "isql-vt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class IsqlConnection:
    """Where Virtuoso's SQL interface listens, and who may use it (``dba`` can load and rename).

    ``isql`` takes the password as an argument only (it prompts on a terminal, never reads it from
    standard input), so other users of the loading machine can see it in the process list while a
    load runs: load from a machine you control, with the password from the environment."""

    host: str
    port: int
    user: str = "dba"
    password: str = "dba"

    def run(self, sql: str, *, timeout: float = 3600) -> str:
        """Run SQL statements (each ending with ``;``); raise StoreError with isql's message on error."""
        binary = shutil.which(ISQL_BINARY)
        if binary is None:
            raise StoreError(f"{ISQL_BINARY} is not installed (Debian package virtuoso-opensource-7-bin)")
        script = "SET ERRORS STDOUT;\n" + sql + "\nEXIT;\n"
        try:
            done = subprocess.run(
                [binary, f"{self.host}:{self.port}", self.user, self.password, "VERBOSE=OFF", "BANNER=OFF",
                 "PROMPT=OFF", "ECHO=OFF"],
                input=script, capture_output=True, text=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise StoreError(f"isql at {self.host}:{self.port} took longer than {timeout:.0f} s") from exc
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            lines = out.splitlines()
            errors = [" ".join(lines[i:i + 3]) for i, line in enumerate(lines) if "*** Error" in line]
            raise StoreError(f"isql at {self.host}:{self.port} failed: {' | '.join(errors)[:2000] or out[-2000:]}")
        return out


_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty_buffers}
TransactionAfterImageLimit = 1500000000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4
DirsAllowed = {dirs_allowed}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
MaxClientConnections = 10
KeepAliveTimeout = 10

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {max_query_seconds}
MaxQueryCostEstimationTime = 0
MaxSortedTopRows = 100000
"""


class LocalVirtuoso:
    """A ``virtuoso-t`` of our own on loopback: a fresh database in ``folder``, stopped by :meth:`stop`.

    ``load_dirs`` are the folders the bulk loader may read (Virtuoso's ``DirsAllowed``)."""

    def __init__(self, folder: Path, *, load_dirs: tuple[Path, ...] = (), memory_mb: int = 256,
                 max_query_seconds: int = 60) -> None:
        self.folder = folder
        self.load_dirs = load_dirs
        self.memory_mb = memory_mb
        self.max_query_seconds = max_query_seconds
        self.sql_port = 0
        self.http_port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which(VIRTUOSO_BINARY) is not None and shutil.which(ISQL_BINARY) is not None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def isql(self) -> IsqlConnection:
        return IsqlConnection("127.0.0.1", self.sql_port)

    def start(self, *, timeout: float = 60) -> LocalVirtuoso:
        binary = shutil.which(VIRTUOSO_BINARY)
        if binary is None:
            raise StoreError(f"{VIRTUOSO_BINARY} is not installed (Debian package virtuoso-opensource-7-bin)")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        buffers = self.memory_mb * 1024 // 8 * 2 // 3  # 8 kB pages, two thirds of the memory (Virtuoso's rule)
        dirs = ", ".join([".", *(str(d) for d in self.load_dirs)])
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(dir=self.folder, sql_port=self.sql_port, http_port=self.http_port,
                                   buffers=buffers, dirty_buffers=buffers * 3 // 4, dirs_allowed=dirs,
                                   max_query_seconds=self.max_query_seconds), encoding="utf-8")
        log = (self.folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)], cwd=self.folder, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        log.close()
        self._wait_until_up(timeout)
        return self

    def _wait_until_up(self, timeout: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + timeout
        probe = self.sparql_url + "?query=ASK%7B%7D"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StoreError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise StoreError(f"virtuoso-t did not answer at {self.sparql_url} within {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, lines: int = 20) -> str:
        path = self.folder / "virtuoso.log"
        if not path.exists():
            path = self.folder / "stdout.log"
        try:
            return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def allow_anonymous_updates(self) -> None:
        """Let the anonymous ``SPARQL`` account write (SPARQL Update and the Graph Store protocol).

        For a server on loopback that only tests reach; a public server keeps writes behind
        ``/sparql-auth`` (digest authentication)."""
        self.isql.run('GRANT SPARQL_UPDATE TO "SPARQL";')

    def stop(self, *, timeout: float = 30) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # Virtuoso shuts down cleanly on SIGTERM
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> LocalVirtuoso:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _die_with_parent() -> None:
    """In the child: ask Linux to kill this server when the process that started it dies."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the parent already died between fork and here
        os._exit(1)
