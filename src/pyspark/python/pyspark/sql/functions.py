"""pyspark.sql.functions: Spark's built-in functions. A string where a column goes is a column name
(`sum("price")`); patterns, formats and durations are plain values, as in PySpark.

The functions whose arguments need Python's care (literals, keyword arguments, lambdas, schemas) are written
out below; every other built-in of the engine is forwarded under its own name (see the bottom of the file).
"""

import builtins
import functools
import inspect
import keyword
from typing import Any, Callable, Dict, List, Optional, Union

from pyspark._sluice import bridge, js, js_value, python_callback
from pyspark.errors import PySparkImportError, PySparkNotImplementedError, PySparkTypeError, PySparkValueError
from pyspark.errors.exceptions.captured import capture_sql_exception
from pyspark.sql.column import Column, _to_java_column
from pyspark.sql.types import DataType, StringType

ColumnOrName = Union[Column, str]

_CAST_ALIASES = {"boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "date",
                 "timestamp", "binary", "string", "cast"}

_F = bridge.functions


def _invoke(name: str, *args: Any) -> Column:
    """Calls the engine's function `name`, leaving out trailing arguments that were not given (None). Python
    lambdas (higher-order functions) become JavaScript ones for as long as the call builds the expression."""
    values = list(args)
    while values and values[-1] is None:
        values.pop()
    lambdas = [_lambda(v) if _is_lambda(v) else None for v in values]
    try:
        converted = [lam._js if lam else js(v) for v, lam in zip(values, lambdas)]
        return Column(getattr(_F, name)(*converted))
    finally:
        for lam in lambdas:
            if lam:
                lam.proxy.destroy()


_invoke = capture_sql_exception(_invoke)


def _is_lambda(value: Any) -> bool:
    return callable(value) and not isinstance(value, (Column, DataType, type))


def _lambda(f: Callable[..., Column]):
    """A Python lambda over Columns as the JavaScript function the engine's higher-order functions call."""
    try:
        arity = len(inspect.signature(f).parameters)
    except (TypeError, ValueError):
        arity = 1
    if not 1 <= arity <= 3:
        raise PySparkValueError(
            errorClass="WRONG_NUM_ARGS_FOR_HIGHER_ORDER_FUNCTION",
            messageParameters={"func_name": getattr(f, "__name__", "lambda"), "num_args": str(arity)},
        )

    def call(*jcs):
        result = f(*[Column(jc) for jc in jcs])
        if not isinstance(result, Column):
            raise PySparkValueError(
                errorClass="HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN",
                messageParameters={"func_name": getattr(f, "__name__", "lambda"), "return_type": type(result).__name__},
            )
        return result._js

    proxy = python_callback(call)
    return _Lambda(bridge.pythonLambda(proxy, arity), proxy)


class _Lambda:
    """A JavaScript lambda and the Python proxy it calls (destroyed once the expression is built)."""

    def __init__(self, function, proxy):
        self._js = function
        self.proxy = proxy


# ── columns and literals ────────────────────────────────────────────────────────────────────────────────────


def col(col: str) -> Column:
    return _invoke("col", col)


column = col


def lit(col: Any) -> Column:
    """A literal; a Column stays as it is, a list becomes an array."""
    if isinstance(col, Column):
        return col
    if isinstance(col, (list, tuple)):
        return array(*[lit(c) for c in col])
    return Column(capture_sql_exception(_F.lit)(js_value(col)))


def expr(str: str) -> Column:
    return _invoke("expr", str)


def when(condition: Column, value: Any) -> Column:
    if not isinstance(condition, Column):
        raise PySparkTypeError(
            errorClass="NOT_COLUMN",
            messageParameters={"arg_name": "condition", "arg_type": type(condition).__name__},
        )
    value = value._js if isinstance(value, Column) else js_value(value)
    return Column(capture_sql_exception(_F.when)(condition._js, value))


def typeof(col: ColumnOrName) -> Column:
    # Pyodide's JsProxy has its own `typeof` attribute, so the engine's function is called by its SQL name.
    return _invoke("call_function", "typeof", col)


def assert_true(col: ColumnOrName, errMsg: Optional[Union[Column, str]] = None) -> Column:
    if errMsg is not None and not isinstance(errMsg, (str, Column)):
        raise PySparkTypeError(
            errorClass="NOT_COLUMN_OR_STR",
            messageParameters={"arg_name": "errMsg", "arg_type": type(errMsg).__name__},
        )
    return _invoke("assert_true", col, errMsg)


def broadcast(df):
    """A hint for joins; Sluice has one process, so the DataFrame is returned as it is."""
    return df


def udf(f=None, returnType=StringType(), *, useArrow=None):
    """A Python function called per row, as a function of Columns: `udf(lambda s: len(s), "int")`, or as a
    decorator, `@udf`, `@udf("int")`, `@udf(returnType=IntegerType())`. The return type defaults to string."""
    from pyspark.sql.udf import _create_py_udf

    if f is None or isinstance(f, (str, DataType)):
        # The decorator forms: @udf(), @udf("int"), @udf(returnType=...).
        return_type = f or returnType
        return functools.partial(_create_py_udf, returnType=return_type, useArrow=useArrow)
    return _create_py_udf(f=f, returnType=returnType, useArrow=useArrow)


def pandas_udf(f=None, returnType=None, functionType=None):
    """PySpark's vectorized UDF over pandas Series. It needs pandas, which Sluice's Python does not have:
    this raises PySpark's own error for that. Use `udf`, which Sluice evaluates a batch of rows at a time."""
    try:
        import pandas  # noqa: F401
    except ImportError as error:
        raise PySparkImportError(
            errorClass="PACKAGE_NOT_INSTALLED",
            messageParameters={"package_name": "Pandas", "minimum_version": "2.0.0"},
        ) from error
    raise PySparkNotImplementedError(
        errorClass="NOT_IMPLEMENTED",
        messageParameters={"feature": "pandas_udf (Sluice evaluates Python UDFs row by row: use udf)"},
    )


# ── aggregates ──────────────────────────────────────────────────────────────────────────────────────────────


def count(col: ColumnOrName) -> Column:
    return _invoke("count", col)


def countDistinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    return _invoke("countDistinct", col, *cols)


count_distinct = countDistinct


def grouping(col: ColumnOrName) -> Column:
    return _invoke("grouping", col)


def grouping_id(*cols: ColumnOrName) -> Column:
    return _invoke("grouping_id", *cols)


def sum(col: ColumnOrName) -> Column:
    return _invoke("sum", col)


def avg(col: ColumnOrName) -> Column:
    return _invoke("avg", col)


def mean(col: ColumnOrName) -> Column:
    return _invoke("mean", col)


def min(col: ColumnOrName) -> Column:
    return _invoke("min", col)


def max(col: ColumnOrName) -> Column:
    return _invoke("max", col)


def first(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    return _invoke("first", col, ignorenulls or None)


def last(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    return _invoke("last", col, ignorenulls or None)


def approx_count_distinct(col: ColumnOrName, rsd: Optional[float] = None) -> Column:
    return _invoke("approx_count_distinct", col, rsd)


approxCountDistinct = approx_count_distinct


# ── time ────────────────────────────────────────────────────────────────────────────────────────────────────


def window(
    timeColumn: ColumnOrName,
    windowDuration: str,
    slideDuration: Optional[str] = None,
    startTime: Optional[str] = None,
) -> Column:
    """Tumbling (or sliding, with slideDuration) event-time windows: a struct column `window` {start, end}."""
    durations = (("windowDuration", windowDuration), ("slideDuration", slideDuration), ("startTime", startTime))
    for name, value in durations:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": name, "arg_type": type(value).__name__}
            )
    if startTime is not None and slideDuration is None:
        slideDuration = windowDuration
    return _invoke("window", timeColumn, windowDuration, slideDuration, startTime)


def session_window(timeColumn: ColumnOrName, gapDuration: Union[Column, str]) -> Column:
    return _invoke("session_window", timeColumn, gapDuration)


def to_timestamp(col: ColumnOrName, format: Optional[str] = None) -> Column:
    return _invoke("to_timestamp", col, format)


def to_date(col: ColumnOrName, format: Optional[str] = None) -> Column:
    return _invoke("to_date", col, format)


def date_format(date: ColumnOrName, format: str) -> Column:
    return _invoke("date_format", date, format)


def from_unixtime(timestamp: ColumnOrName, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:
    return _invoke("from_unixtime", timestamp, format)


def unix_timestamp(timestamp: Optional[ColumnOrName] = None, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:
    if timestamp is None:
        return _invoke("unix_timestamp")
    return _invoke("unix_timestamp", timestamp, format)


def current_timestamp() -> Column:
    return _invoke("current_timestamp")


def current_date() -> Column:
    return _invoke("current_date")


# ── strings ─────────────────────────────────────────────────────────────────────────────────────────────────


def concat_ws(sep: str, *cols: ColumnOrName) -> Column:
    return _invoke("concat_ws", sep, *cols)


def split(str: ColumnOrName, pattern: str, limit: int = -1) -> Column:
    return _invoke("split", str, pattern, None if limit == -1 else limit)


def regexp_extract(str: ColumnOrName, pattern: str, idx: int) -> Column:
    return _invoke("regexp_extract", str, pattern, idx)


def regexp_replace(string: ColumnOrName, pattern: Union[str, Column], replacement: Union[str, Column]) -> Column:
    return _invoke("regexp_replace", string, pattern, replacement)


def substring(str: ColumnOrName, pos: int, len: int) -> Column:
    return _invoke("substring", str, pos, len)


def round(col: ColumnOrName, scale: int = 0) -> Column:
    return _invoke("round", col, scale or None)


def format_string(format: str, *cols: ColumnOrName) -> Column:
    return _invoke("format_string", format, *cols)


# ── JSON and structure ──────────────────────────────────────────────────────────────────────────────────────


def from_json(
    col: ColumnOrName, schema: Union[DataType, str, Column], options: Optional[Dict[str, str]] = None
) -> Column:
    return _invoke("from_json", col, schema, options)


def to_json(col: ColumnOrName, options: Optional[Dict[str, str]] = None) -> Column:
    return _invoke("to_json", col, options)


# issue 11: Spark 4's XML functions (options as a dict, a schema as DDL, a StructType or schema_of_xml's Column).
def from_xml(
    col: ColumnOrName, schema: Union[DataType, str, Column], options: Optional[Dict[str, str]] = None
) -> Column:
    return _invoke("from_xml", col, schema, options)


def to_xml(col: ColumnOrName, options: Optional[Dict[str, str]] = None) -> Column:
    return _invoke("to_xml", col, options)


def schema_of_xml(xml: Union[Column, str], options: Optional[Dict[str, str]] = None) -> Column:
    return _invoke("schema_of_xml", xml, options)


def parse_json(col: ColumnOrName) -> Column:
    return _invoke("parse_json", col)


def try_parse_json(col: ColumnOrName) -> Column:
    return _invoke("try_parse_json", col)


def is_variant_null(v: ColumnOrName) -> Column:
    return _invoke("is_variant_null", v)


def variant_get(v: ColumnOrName, path: str, targetType: str) -> Column:
    return _invoke("variant_get", v, path, targetType)


def try_variant_get(v: ColumnOrName, path: str, targetType: str) -> Column:
    return _invoke("try_variant_get", v, path, targetType)


def schema_of_variant(v: ColumnOrName) -> Column:
    return _invoke("schema_of_variant", v)


def schema_of_variant_agg(v: ColumnOrName) -> Column:
    return _invoke("schema_of_variant_agg", v)


def array(*cols: ColumnOrName) -> Column:
    return _invoke("array", *cols)


def struct(*cols: ColumnOrName) -> Column:
    return _invoke("struct", *cols)


def asc(col: ColumnOrName) -> Column:
    return _invoke("asc", col)


def desc(col: ColumnOrName) -> Column:
    return _invoke("desc", col)


# ── the rest of the engine's built-ins, forwarded by name with the stub's signature ────────────────────────


def _stub_functions() -> Dict[str, Any]:
    """The `def`s of functions.pyi (shipped beside this file): names, parameters, defaults and docs."""
    import ast
    import os

    path = os.path.join(os.path.dirname(__file__), "functions.pyi")
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def _signature(node: Any) -> inspect.Signature:
    import ast

    def default(value: Any) -> Any:
        try:
            return ast.literal_eval(value)
        except ValueError:
            return None

    args = node.args
    positional = args.args
    defaults = [inspect.Parameter.empty] * (len(positional) - len(args.defaults)) + [
        default(d) for d in args.defaults
    ]
    params = [
        inspect.Parameter(a.arg, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=d)
        for a, d in zip(positional, defaults)
    ]
    if args.vararg is not None:
        params.append(inspect.Parameter(args.vararg.arg, inspect.Parameter.VAR_POSITIONAL))
    return inspect.Signature(params)


def _forward(name: str, node: Any = None) -> Callable[..., Column]:
    if node is None:

        def function(*cols: Any) -> Column:
            return _invoke(name, *cols)

    else:
        signature = _signature(node)

        def function(*args: Any, **kwargs: Any) -> Column:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            values: List[Any] = []
            for param in signature.parameters.values():
                value = bound.arguments[param.name]
                if param.kind is inspect.Parameter.VAR_POSITIONAL:
                    values.extend(value)
                else:
                    values.append(value)
            return _invoke(name, *values)

        function.__signature__ = signature  # type: ignore[attr-defined]
    function.__name__ = name
    function.__qualname__ = name
    function.__doc__ = (node and _docstring(node)) or f"Spark's `{name}` (see the Spark SQL function reference)."
    return function


def _docstring(node: Any) -> Optional[str]:
    import ast

    return ast.get_docstring(node)


def _engine_functions() -> List[str]:
    from js import Object

    return [str(name) for name in Object.keys(_F)]


_stubs = _stub_functions()
for _name in _engine_functions():
    if _name.isidentifier() and not _name.startswith("_") and _name not in globals():
        globals()[_name] = _forward(_name, _stubs.get(_name))


def _sql_function(name: str) -> Callable[..., Column]:
    """Spark's built-in `name` called by its SQL name: where Sluice lacks it, the query fails analysis with
    UNRESOLVED_ROUTINE, as Spark fails for a function it cannot resolve."""

    def function(*cols: ColumnOrName) -> Column:
        return _invoke("call_function", name, *cols)

    function.__name__ = name
    function.__qualname__ = name
    function.__doc__ = f"Spark's `{name}` (see the Spark SQL function reference)."
    return function


# Spark's other built-ins, by their SQL names. Cast aliases (`int`, `string`, ...) and names that would hide
# Python's own built-ins in a star import are left out, as PySpark leaves them out.
for _name in bridge.builtinFunctionNames():
    if (
        _name.isidentifier()
        and not keyword.iskeyword(_name)
        and not hasattr(builtins, _name)
        and _name not in _CAST_ALIASES
        and _name not in globals()
    ):
        globals()[_name] = _sql_function(_name)

__all__ = builtins.sorted(
    name
    for name, value in globals().items()
    if not name.startswith("_")
    and callable(value)
    and getattr(value, "__module__", None) == __name__
)

del _name
