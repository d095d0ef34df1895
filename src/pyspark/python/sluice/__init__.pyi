"""Sluice-only helpers: the teaching data set. Cells that import this module are left out of a notebook
exported for a Spark cluster."""

from typing import List, NamedTuple, Optional

class _Datasets:
    """BedBricks-like clickstream events, as Parquet files."""

    @property
    def events_schema(self) -> str:
        """DDL of the events files, for readStream.schema(...)."""
    def write_events(
        self,
        dir: str = "/data/events",
        files: int = 10,
        rows_per_file: int = 1000,
        seed: int = 42,
        seconds_per_file: int = 60,
        disorder_seconds: float = 2,
        late_fraction: float = 0.03,
        late_by_seconds: Optional[float] = None,
    ) -> List[str]:
        """Writes part-00000.parquet, part-00001.parquet, ... into `dir`; returns their paths.

        seconds_per_file: event time covered by each file; file N starts where file N-1 ends.
        disorder_seconds: rows come out of event-time order: each row's time is its place in the file plus a
            random 0 to this many seconds.
        late_fraction: the share of rows, 0 to 1, that arrive late (never before file 0's start).
        late_by_seconds: how far behind a late row's event time is, at most (default 5 files' worth).
        The same options (and seed) give the same rows every time."""
    def start_drip(
        self,
        dir: str = "/data/events",
        every_seconds: float = 5,
        files: int = 20,
        rows_per_file: int = 1000,
        seed: int = 42,
        seconds_per_file: int = 60,
        disorder_seconds: float = 2,
        late_fraction: float = 0.03,
        late_by_seconds: Optional[float] = None,
    ) -> None:
        """Drops the next events file into `dir` every few seconds, so a stream can be watched as it arrives.
        The files are write_events' with the same options."""
    def stop_drip(self) -> None:
        """Stops the drip."""

class FileInfo(NamedTuple):
    """A file or directory, as dbutils.fs.ls() lists it (directories end with "/")."""

    path: str
    name: str
    size: int
    modificationTime: int
    def isDir(self) -> bool: ...
    def isFile(self) -> bool: ...

class _FileSystem:
    """Databricks' dbutils.fs, on the browser's storage (OPFS)."""

    def ls(self, dir: str = "/") -> List[FileInfo]:
        """The files and directories in `dir`."""
    def rm(self, dir: str, recurse: bool = False) -> bool:
        """Deletes a file or directory."""
    def head(self, file: str, maxBytes: int = 65536) -> str:
        """The start of a file, as text."""
    def put(self, file: str, contents: str, overwrite: bool = False) -> bool:
        """Writes text into a file."""
    def mkdirs(self, dir: str) -> bool:
        """Creates a directory and its parents."""

class _DBUtils:
    fs: _FileSystem

datasets: _Datasets
"""The teaching data set."""

dbutils: _DBUtils
"""Databricks' dbutils (also in every cell's scope)."""

class SocketServer:
    """`nc -lk PORT` inside the session: lines sent here reach every `format("socket")` query on that address."""

    def send(self, *lines: str) -> int:
        """Sends lines (each argument may hold several, split at line breaks); returns how many were sent."""
    @property
    def connection_count(self) -> int:
        """How many socket sources are connected now."""
    def close(self) -> None:
        """Stops the server (Ctrl-C on nc): connected sources see the end of the stream."""

def socket_server(host: str = "localhost", port: int = 9999) -> SocketServer:
    """The session's socket server on host:port (started the first time, like `nc -lk PORT`); the notebook's
    socket box types into the same one."""
