"""Engine errors as PySpark's exceptions: PySpark converts JVM exceptions by class name, this converts the
engine's JavaScript errors by their `name`, so `except AnalysisException` works on what the engine raises."""

import functools

from pyodide.ffi import JsException

from pyspark.errors.exceptions import base

# The engine's error names (src/engine/errors/exceptions.ts) and PySpark's classes for them, as PySpark's
# convert_exception maps the JVM's classes (a SparkIllegalArgumentException is named IllegalArgumentException).
_BY_NAME = {
    "AnalysisException": base.AnalysisException,
    "ParseException": base.ParseException,
    "StreamingQueryException": base.StreamingQueryException,
    "IllegalArgumentException": base.IllegalArgumentException,
    "UnsupportedOperationException": base.UnsupportedOperationException,
    "PySparkTypeError": base.PySparkTypeError,
    "PySparkValueError": base.PySparkValueError,
    "PythonException": base.PythonException,
    "SparkArithmeticException": base.ArithmeticException,
    "SparkDateTimeException": base.DateTimeException,
    "SparkNumberFormatException": base.NumberFormatException,
    "SparkRuntimeException": base.SparkRuntimeException,
    "SparkNoSuchElementException": base.SparkNoSuchElementException,
    "SparkUpgradeException": base.SparkUpgradeException,
    "TypeError": base.PySparkTypeError,
    "RangeError": base.PySparkValueError,
}


def convert_exception(e: JsException) -> BaseException:
    """The PySpark exception for an engine error (its message and Spark's error class where it has one)."""
    js = getattr(e, "js_error", None)
    return convert_js_error(js, getattr(e, "name", None), getattr(e, "message", None) or str(e))


def convert_js_error(js, name=None, message=None) -> BaseException:
    """The PySpark exception for a JavaScript error object of the engine."""
    name = name or _attr(js, "name") or "Error"
    message = message if message is not None else str(_attr(js, "message") or "")
    # The engine's errors carry Spark's condition, its parameters and its SQL state (SparkThrowable).
    error_class = _attr(js, "errorClass")
    parameters = _attr(js, "messageParameters")
    parameters = parameters.to_py() if hasattr(parameters, "to_py") else {}
    sql_state = _attr(js, "sqlState")
    cls = _BY_NAME.get(name) or _engine_error_class(name)
    error = cls(message, errorClass=error_class, messageParameters=parameters, sqlState=sql_state)
    # PySpark's CapturedException: the message as `_desc`, the engine's stack as `_stackTrace`, the cause
    # converted too (PySpark 3.5 named them `desc`, `stackTrace`, `cause`: both are set).
    cause = _attr(js, "cause")
    error._desc = error.desc = message
    error._stackTrace = error.stackTrace = str(_attr(js, "stack") or "")
    error._cause = error.cause = convert_js_error(cause) if _is_js_error(cause) else None
    if name == "StreamingQueryException":
        error.batchId = _attr(js, "batchId")
        error.queryId = _attr(js, "queryId")
        error.runId = _attr(js, "runId")
        # Spark's StreamingQueryException: the range of offsets the failing batch was processing.
        error.startOffset = _attr(js, "startOffset")
        error.endOffset = _attr(js, "endOffset")
        error.time = _attr(js, "time")
    return error


def _is_js_error(value) -> bool:
    """Whether a JavaScript value is an Error (a cause may also be any thrown value)."""
    return value is not None and _attr(value, "message") is not None and _attr(value, "name") is not None


_OTHERS = {}


def _engine_error_class(name: str) -> type:
    """Other engine errors (CorruptCheckpointError, ...) keep their name, as a PySparkException."""
    if name == "PythonError":
        return base.PythonException
    if not name.isidentifier():
        return base.UnknownException
    if name not in _OTHERS:
        _OTHERS[name] = type(name, (base.PySparkException,), {"__module__": "pyspark.errors"})
    return _OTHERS[name]


def _attr(js, name):
    if js is None:
        return None
    try:
        value = getattr(js, name)
    except AttributeError:
        return None
    return None if value is None or type(value).__name__ in ("JsNull", "JsUndefined") else value


def capture_sql_exception(f):
    """Runs `f`, raising engine errors as PySpark's exceptions (PySpark's decorator of the same name)."""

    @functools.wraps(f)
    def deco(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except JsException as e:
            raise convert_exception(e) from None

    return deco


def captured(cls):
    """Class decorator: every method of `cls` raises engine errors as PySpark's exceptions."""
    for name, member in list(vars(cls).items()):
        if callable(member) and (not name.startswith("__") or name in _DUNDERS):
            setattr(cls, name, capture_sql_exception(member))
        elif isinstance(member, property):
            setattr(
                cls,
                name,
                property(
                    capture_sql_exception(member.fget) if member.fget else None,
                    member.fset,
                    member.fdel,
                    member.__doc__,
                ),
            )
    return cls


# Operators and access that reach the engine.
_DUNDERS = {
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__and__", "__or__", "__invert__",
    "__rand__", "__ror__", "__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
    "__truediv__", "__rtruediv__", "__mod__", "__rmod__", "__neg__", "__pow__", "__rpow__",
    "__getitem__", "__getattr__", "__repr__",
}  # fmt: skip
