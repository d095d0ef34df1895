"""Sluice-only helpers for notebooks: the teaching data set, written into the browser's storage; the socket
server that plays `nc -lk PORT` (`socket_server`); the in-browser Kafka (`from sluice import kafka`).

`from sluice import datasets` marks a cell as Sluice's own: a notebook exported for a Spark cluster leaves such
cells out (the cluster has its own data).
"""

from typing import List, NamedTuple, Optional

from pyspark._sluice import bridge, js_object, wait

__all__ = ["datasets", "dbutils", "FileInfo", "SocketServer", "socket_server"]


class _Datasets:
    """BedBricks-like clickstream events, as Parquet files."""

    @property
    def events_schema(self) -> str:
        """DDL of the events files, for readStream.schema(...)."""
        return str(bridge.host.datasets.eventsSchema)

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
        """Writes part-00000.parquet, part-00001.parquet, ... into `dir`; returns their paths. Each file covers
        `seconds_per_file` of event time; rows are up to `disorder_seconds` out of order, and a `late_fraction` of
        them up to `late_by_seconds` behind (default 5 files' worth)."""
        options = _events_options(
            files, rows_per_file, seed, seconds_per_file, disorder_seconds, late_fraction, late_by_seconds
        )
        return [str(p) for p in wait(bridge.host.datasets, "writeEvents", dir, js_object(options))]

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
        """Drops the next events file into `dir` every few seconds, so a stream can be watched as it arrives. The
        files are write_events' with the same options."""
        options = _events_options(
            files, rows_per_file, seed, seconds_per_file, disorder_seconds, late_fraction, late_by_seconds
        )
        wait(bridge.host.datasets, "startDrip", js_object({"dir": dir, "everySeconds": every_seconds, **options}))

    def stop_drip(self) -> None:
        wait(bridge.host.datasets, "stopDrip")


class FileInfo(NamedTuple):
    """A file or directory, as Databricks' dbutils.fs.ls() lists it (directories end with "/")."""

    path: str
    name: str
    size: int
    modificationTime: int

    def isDir(self) -> bool:
        return self.name.endswith("/")

    def isFile(self) -> bool:
        return not self.isDir()


class _FileSystem:
    """Databricks' dbutils.fs, on the browser's storage (OPFS)."""

    def ls(self, dir: str = "/") -> List[FileInfo]:
        entries = wait(bridge.host.dbutils.fs, "ls", dir)
        return [
            FileInfo(
                path=str(e.path) + ("/" if e.isDirectory else ""),
                name=str(e.name) + ("/" if e.isDirectory else ""),
                size=int(e.size),
                modificationTime=int(e.modificationTime),
            )
            for e in entries
        ]

    def rm(self, dir: str, recurse: bool = False) -> bool:
        return bool(wait(bridge.host.dbutils.fs, "rm", dir))

    def head(self, file: str, maxBytes: int = 65536) -> str:
        return str(wait(bridge.host.dbutils.fs, "head", file, maxBytes))

    def put(self, file: str, contents: str, overwrite: bool = False) -> bool:
        return bool(wait(bridge.host.dbutils.fs, "put", file, contents))

    def mkdirs(self, dir: str) -> bool:
        return bool(wait(bridge.host.dbutils.fs, "mkdirs", dir))


class _DBUtils:
    fs = _FileSystem()

    def __repr__(self) -> str:
        return "<dbutils: fs>"


def _events_options(files, rows_per_file, seed, seconds_per_file, disorder_seconds, late_fraction, late_by_seconds):
    """The generator's options, as its TypeScript side names them (late_by_seconds None: its default)."""
    options = {
        "files": files,
        "rowsPerFile": rows_per_file,
        "seed": seed,
        "secondsPerFile": seconds_per_file,
        "disorderSeconds": disorder_seconds,
        "lateFraction": late_fraction,
    }
    if late_by_seconds is not None:
        options["lateBySeconds"] = late_by_seconds
    return options


datasets = _Datasets()
dbutils = _DBUtils()


class SocketServer:
    """`nc -lk PORT` inside the session: lines sent here reach every `format("socket")` query on that address."""

    def __init__(self, js_server):
        self._js = js_server

    def send(self, *lines: str) -> int:
        """Sends lines (each argument may hold several, split at line breaks); returns how many were sent."""
        return int(self._js.send(*[str(line) for line in lines]))

    @property
    def connection_count(self) -> int:
        """How many socket sources are connected now."""
        return int(self._js.connectionCount)

    def close(self) -> None:
        """Stops the server (Ctrl-C on nc): connected sources see the end of the stream."""
        self._js.close()


def socket_server(host: str = "localhost", port: int = 9999) -> SocketServer:
    """The session's socket server on host:port (started the first time, like `nc -lk PORT`); the notebook's
    socket box types into the same one."""
    return SocketServer(bridge.kafka.socketServer(host, port))
