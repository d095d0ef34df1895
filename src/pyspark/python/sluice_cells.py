"""Runs notebook cells: one shared namespace with `spark` and `display`, print() routed to the cell, the last
expression's value returned, and errors reported with their class, message and cell line."""

import linecache
import pprint
import traceback
import uuid
from typing import Any, Dict, Optional

from pyodide.code import eval_code_async
from pyodide.ffi import JsProxy, jsnull, to_js

from js import Object
from pyspark._sluice import bridge, install_clock, install_output, js, js_object, using_writer, wait
from pyspark.sql import DataFrame, Row, SparkSession
from pyspark.sql.streaming import StreamingQuery


def create_namespace() -> Dict[str, Any]:
    install_output()
    install_clock()
    from sluice import dbutils

    spark = SparkSession(bridge.spark)
    return {
        "__name__": "__main__",
        "__builtins__": __builtins__,
        "spark": spark,
        "display": display,
        "dbutils": dbutils,
    }


async def run_cell(code: str, namespace: Dict[str, Any], filename: str, writer) -> Any:
    """Runs one cell; resolves to a plain JavaScript object: {ok, value, text} or {ok: false, ename, ...}."""
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    with using_writer(writer):
        try:
            value = await eval_code_async(code, namespace, filename=filename, return_mode="last_expr")
        except BaseException as error:  # noqa: BLE001 - every error of the cell is the cell's output
            return _error(error, filename)
    if value is None:
        return _plain({"ok": True})
    namespace["_"] = value
    return _plain({"ok": True, "value": _to_plain(value), "text": _text(value)})


def _error(error: BaseException, filename: str):
    line: Optional[int] = None
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
    frames = traceback.extract_tb(error.__traceback__)
    for frame in frames:
        if frame.filename == filename:
            line = frame.lineno
    # The cell's own frames and the error, as a notebook shows them (the package's frames are noise there).
    shown = [f for f in frames if f.filename == filename]
    text = "".join(traceback.format_list(shown)) + "".join(traceback.format_exception_only(error)).rstrip()
    if shown:
        text = "Traceback (most recent call last):\n" + text
    result = {
        "ok": False,
        "ename": type(error).__name__,
        "evalue": str(error),
        "traceback": text,
    }
    if line is not None:
        result["line"] = line
    error_class = getattr(error, "getErrorClass", None)
    if callable(error_class) and error_class():
        result["errorClass"] = error_class()
    batch_id = getattr(error, "batchId", None)
    if isinstance(batch_id, int):
        result["batchId"] = batch_id
    return _plain(result)


def _text(value: Any) -> str:
    """What a notebook shows for a value: its repr, dicts and lists pretty-printed as Jupyter does."""
    # Dict and list subclasses with a repr of their own (StreamingQueryProgress: its JSON) show that, as in IPython.
    if isinstance(value, (dict, list)) and type(value).__repr__ in (dict.__repr__, list.__repr__):
        return pprint.pformat(value, sort_dicts=False, width=100)
    return repr(value)


def _to_plain(value: Any) -> Any:
    """The value as plain JavaScript data: numbers, strings, arrays, objects (Rows by name), Dates, null."""
    if value is None:
        return jsnull
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Row) and hasattr(value, "__fields__"):
        return {k: _to_plain(v) for k, v in zip(value.__fields__, value)}
    if isinstance(value, dict):
        return {str(k): _to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_to_plain(v) for v in value]
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return js(value)
    return repr(value)


def _plain(result: Dict[str, Any]):
    return to_js(result, dict_converter=Object.fromEntries)


def display(
    value: Any = None,
    *,
    processingTime: Optional[str] = None,
    checkpointLocation: Optional[str] = None,
    streamName: Optional[str] = None,
) -> None:
    """Databricks' display(): a streaming DataFrame starts a live query panel (into a memory sink named
    `streamName`, triggered every `processingTime`); a DataFrame or a list of Rows shows as a table."""
    options: Dict[str, Any] = {}
    if checkpointLocation:
        options["checkpointLocation"] = checkpointLocation
    if streamName:
        options["name"] = streamName
    if processingTime:
        options["trigger"] = {"processingTime": processingTime}
    if not bridge.hasDisplay:
        # Outside the notebook (tests, scripts): print what the notebook would draw.
        if isinstance(value, DataFrame) and not value.isStreaming:
            value.show()
        else:
            print(_text(value))
        return None
    if isinstance(value, DataFrame):
        target = value._js
    elif isinstance(value, StreamingQuery):
        target = value._js
    elif isinstance(value, list) and value and all(isinstance(r, (Row, dict)) for r in value):
        target = js([_to_plain(r) for r in value])
    else:
        print(_text(value))
        return None
    query = wait(bridge, "display", target, js_object(options))
    if isinstance(query, JsProxy) and hasattr(query, "runId"):
        StreamingQuery.of(query)
    return None
