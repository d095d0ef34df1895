"""The link to Sluice's engine (PySpark's py4j gateway, for a JavaScript engine in the same process).

Engine objects are JavaScript objects reached through Pyodide's proxies. Their asynchronous actions return
Promises: `wait` waits for them (JSPI lets Python wait on JavaScript without returning to the event loop), so
PySpark's synchronous API holds. Values cross as Pyodide converts them, except where Python and JavaScript
differ: None (undefined in JavaScript), lists and dicts (proxies unless converted), datetimes, and rows, which
cross as JSON and are rebuilt by the schema.
"""

import datetime
import decimal
import json
import sys

import _sluice_bridge as bridge
from pyodide.ffi import JsProxy, can_run_sync, create_proxy, jsnull, run_sync, to_js
from js import Date, Object, Uint8Array

EPOCH = datetime.datetime(1970, 1, 1)
UTC = datetime.timezone.utc


def wait(target, method, *args):
    """Calls an asynchronous engine method and waits for it (JSPI lets Python block on the Promise).

    The engine's Promise is settled on the JavaScript side first: run_sync on a rejected Promise would also
    print the rejection as unhandled (pyodide#4912), and the error is raised here as PySpark's exception.
    """
    outcome = run_sync(bridge.settled(target, method, *args))
    if not outcome.ok:
        from pyspark.errors.exceptions.captured import convert_js_error

        raise convert_js_error(outcome.error)
    return outcome.value


def sync_files():
    """Python's files are the engine's before a reader lists its path (see src/pyspark/sharedFiles.ts)."""
    if can_run_sync():
        run_sync(bridge.syncFiles())


def js(value, null=False):
    """A Python value as an argument to the engine: wrappers give their engine object; lists, dicts and
    datetimes are converted. None is JavaScript's `undefined` (an absent optional argument), or NULL where
    `null` is set (a literal); inside lists and dicts it is always NULL."""
    if value is None:
        return jsnull if null else None
    if isinstance(value, (str, bool, int, float, JsProxy)) or value is jsnull:
        return value
    engine_object = getattr(value, "_js", None)  # Column, DataFrame, DataType: their engine object
    if engine_object is not None:
        return engine_object
    if isinstance(value, (list, tuple, set, frozenset)):
        return to_js([js(v, True) for v in value])
    if isinstance(value, dict):
        return js_object(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # a wall clock in the session time zone, as PySpark reads a naive datetime
            return bridge.wallClockInstant(Date.new(value.replace(tzinfo=UTC).timestamp() * 1000))
        return Date.new(value.timestamp() * 1000)
    if isinstance(value, datetime.date):
        return Date.new(datetime.datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp() * 1000)
    if isinstance(value, decimal.Decimal):
        return bridge.decimal(str(value))  # exact, as PySpark's lit(Decimal) keeps its digits
    if isinstance(value, (bytes, bytearray)):
        return Uint8Array.new(to_js(list(value)))
    return value


def js_value(value):
    """A Python value where it is data (a literal, a list element): None is SQL's NULL."""
    return js(value, True)


def js_object(mapping):
    """A dict as a plain JavaScript object (options, column maps)."""
    return to_js({str(k): js_value(v) for k, v in mapping.items()}, dict_converter=Object.fromEntries)


def options(mapping):
    """Reader and writer options: None means not given; values as Spark takes them (strings, numbers, bools)."""
    return js_object({k: v for k, v in mapping.items() if v is not None})


def from_json_string(text):
    return json.loads(text)


def python_failure(error):
    """An exception of a Python callback, reported to the engine as data: {type, message, traceback}."""
    import traceback

    return js_object(
        {
            "type": type(error).__name__,
            "message": str(error),
            "traceback": "".join(traceback.format_exception(error)),
        }
    )


def python_callback(fn):
    """A Python function the engine will call later; the engine's side destroys it when it is done."""
    return create_proxy(fn)


# ── printed output ──────────────────────────────────────────────────────────────────────────────────────────

_writer = None


def current_writer():
    """Where this cell's print() goes; callbacks the cell registers (foreachBatch) keep writing there."""
    return _writer


class using_writer:
    """Routes sys.stdout and sys.stderr to `writer` (a function of stream name and text) for a block."""

    def __init__(self, writer):
        self.writer = writer

    def __enter__(self):
        global _writer
        self.previous = _writer
        _writer = self.writer

    def __exit__(self, *exc):
        global _writer
        _writer = self.previous


class OutputStream:
    """sys.stdout / sys.stderr: text goes to the current writer (the running cell, or a callback's cell)."""

    def __init__(self, name, fallback):
        self.name = name
        self.fallback = fallback
        self.encoding = "utf-8"
        self.errors = "strict"

    def write(self, text):
        if not text:
            return 0
        writer = _writer
        if writer is None:
            self.fallback.write(text)
        else:
            writer(self.name, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False


def install_output():
    if not isinstance(sys.stdout, OutputStream):
        sys.stdout = OutputStream("stdout", sys.stdout)
        sys.stderr = OutputStream("stderr", sys.stderr)


# ── time ────────────────────────────────────────────────────────────────────────────────────────────────────


def install_clock():
    """time.time() and time.sleep() go by the session's clock (`spark.clock`), as the engine's queries do.

    Pyodide's own sleep spins the one JavaScript thread the engine runs on, so a `time.sleep(10)` to let a stream
    run (what PySpark notebooks and tests do) would stop it instead; this sleep waits on the clock and lets the
    queries run meanwhile. In the browser the session's clock is the wall clock; under a test's manual clock,
    time.time() reads it, so the times Python measures agree with the engine's.
    """
    import time

    if getattr(time.sleep, "__module__", None) == __name__:
        return
    blocking_sleep = time.sleep

    def sleep(secs):
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        if can_run_sync():
            run_sync(bridge.sleep(secs * 1000))
        else:  # called where Python cannot wait on JavaScript: the old, blocking sleep
            blocking_sleep(secs)

    def time_():
        return bridge.clockMillis() / 1000

    def time_ns():
        return int(bridge.clockMillis()) * 1_000_000

    sleep.__doc__ = time.sleep.__doc__
    time_.__doc__ = time.time.__doc__
    time_ns.__doc__ = time.time_ns.__doc__
    time.sleep, time.time, time.time_ns = sleep, time_, time_ns
