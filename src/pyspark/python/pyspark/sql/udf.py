"""pyspark.sql.udf: Python functions called per row (`udf`, `@udf`, `spark.udf.register`).

The engine hands a function the arguments of a whole batch of rows at once (one crossing of the language
boundary per batch, as JSON): here the values become Python's as PySpark gives them (Row for a struct, dict,
list, datetime, Decimal, bytearray, None for null), the function is called per row, and each result is
converted to the return type by PySpark's rules for pickled Python UDFs (EvaluatePython.makeFromJava): a
value of the wrong type is None, except a string return type, which takes any value's Java text, and dates and
timestamps, which fail as PySpark's `toInternal` fails. An exception names the function and the row.
"""

import decimal
import datetime
import functools
import json
import traceback
from typing import Any, Callable, Optional, Union

from pyspark._sluice import bridge, current_writer, js, python_callback, using_writer
from pyspark.errors import PySparkTypeError
from pyspark.errors.exceptions.captured import capture_sql_exception
from pyspark.sql.column import Column, _to_java_column
from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DataType,
    DateType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegralType,
    MapType,
    NullType,
    Row,
    StringType,
    StructType,
    TimestampNTZType,
    TimestampType,
    _from_engine,
    _parse_datatype_json_value,
    _parse_datatype_string,
    _to_engine_json,
)

__all__ = ["UDFRegistration", "UserDefinedFunction"]


class PythonEvalType:
    """PySpark's evaluation types of Python functions; Sluice runs the row-at-a-time one."""

    NON_UDF = 0
    SQL_BATCHED_UDF = 100
    SQL_ARROW_BATCHED_UDF = 101
    SQL_SCALAR_PANDAS_UDF = 200
    SQL_GROUPED_MAP_PANDAS_UDF = 201
    SQL_GROUPED_AGG_PANDAS_UDF = 202


def _create_udf(
    f: Callable[..., Any],
    returnType: Any,
    evalType: int,
    name: Optional[str] = None,
    deterministic: bool = True,
) -> Any:
    return UserDefinedFunction(f, returnType=returnType, name=name, evalType=evalType, deterministic=deterministic)._wrapped()


def _create_py_udf(f: Callable[..., Any], returnType: Any, useArrow: Optional[bool] = None) -> Any:
    """A row-at-a-time Python UDF (Arrow-optimized ones are evaluated the same way: Sluice has no pandas)."""
    return _create_udf(f, returnType, PythonEvalType.SQL_BATCHED_UDF)


class UserDefinedFunction:
    """A Python function called per row; made by `pyspark.sql.functions.udf` (PySpark's class of this name)."""

    def __init__(
        self,
        func: Callable[..., Any],
        returnType: Any = StringType(),
        name: Optional[str] = None,
        evalType: int = PythonEvalType.SQL_BATCHED_UDF,
        deterministic: bool = True,
    ):
        if not callable(func):
            raise PySparkTypeError(
                errorClass="NOT_CALLABLE",
                messageParameters={"arg_name": "func", "arg_type": type(func).__name__},
            )
        if not isinstance(returnType, (DataType, str)):
            raise PySparkTypeError(
                errorClass="NOT_DATATYPE_OR_STR",
                messageParameters={"arg_name": "returnType", "arg_type": type(returnType).__name__},
            )
        if not isinstance(evalType, int):
            raise PySparkTypeError(
                errorClass="NOT_INT",
                messageParameters={"arg_name": "evalType", "arg_type": type(evalType).__name__},
            )
        self.func = func
        self._returnType = returnType
        self._returnType_placeholder: Optional[DataType] = None
        self._judf_placeholder = None
        self._name = name or (func.__name__ if hasattr(func, "__name__") else func.__class__.__name__)
        self.evalType = evalType
        self.deterministic = deterministic
        # What the function prints goes to the cell that made it.
        self._writer = current_writer()

    @property
    def returnType(self) -> DataType:
        if self._returnType_placeholder is None:
            if isinstance(self._returnType, DataType):
                self._returnType_placeholder = self._returnType
            else:
                self._returnType_placeholder = _parse_datatype_string(self._returnType)
        return self._returnType_placeholder

    @property
    def _judf(self):
        """The engine's function (made on first use, as PySpark makes its JVM function)."""
        if self._judf_placeholder is None:
            return_type = self.returnType
            evaluator = _BatchEvaluator(self.func, return_type, self._writer)
            # Kept for as long as the session lives: a query or spark.udf may call it after this object is gone.
            self._judf_placeholder = bridge.pythonUdf(
                self._name, return_type.json(), self.deterministic, python_callback(evaluator.evaluate)
            )
        return self._judf_placeholder

    def __call__(self, *cols: Any) -> Column:
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        return Column(capture_sql_exception(self._judf)(*[_to_java_column(c) for c in cols]))

    def _wrapped(self) -> Any:
        """The function as PySpark hands it out: callable, with the function's docstring and the UDF's fields."""
        assignments = tuple(a for a in functools.WRAPPER_ASSIGNMENTS if a not in ("__name__", "__module__"))

        @functools.wraps(self.func, assigned=assignments)
        def wrapper(*args: Any) -> Column:
            return self(*args)

        wrapper.__name__ = self._name
        wrapper.__module__ = getattr(self.func, "__module__", None) or self.func.__class__.__module__
        wrapper.func = self.func
        wrapper.returnType = self.returnType
        wrapper.evalType = self.evalType
        wrapper.deterministic = self.deterministic
        wrapper.asNondeterministic = functools.wraps(self.asNondeterministic)(
            lambda: self.asNondeterministic()._wrapped()
        )
        wrapper._unwrapped = self
        return wrapper

    def asNondeterministic(self) -> "UserDefinedFunction":
        """Marks the function nondeterministic: evaluated exactly once per row, never merged with another call."""
        self._judf_placeholder = None
        self.deterministic = False
        return self


class UDFRegistration:
    """`spark.udf`: registers Python functions for SQL (`spark.sql`, `expr`, `selectExpr`)."""

    def __init__(self, sparkSession: Any):
        self.sparkSession = sparkSession

    def register(self, name: str, f: Any, returnType: Any = None) -> Any:
        """Registers `f` (a function, or a UDF from `udf()`) as the SQL function `name` and returns it as a UDF."""
        if hasattr(f, "asNondeterministic"):
            if returnType is not None:
                raise PySparkTypeError(
                    errorClass="CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF",
                    messageParameters={"arg_name": "f", "return_type": str(returnType)},
                )
            if f.evalType != PythonEvalType.SQL_BATCHED_UDF:
                raise PySparkTypeError(
                    errorClass="INVALID_UDF_EVAL_TYPE",
                    messageParameters={"eval_type": "SQL_BATCHED_UDF"},
                )
            source_udf = _create_udf(
                f.func, returnType=f.returnType, name=name, evalType=f.evalType, deterministic=f.deterministic
            )
            register_udf = source_udf._unwrapped
            return_udf = register_udf
        else:
            if returnType is None:
                returnType = StringType()
            return_udf = _create_udf(f, returnType=returnType, evalType=PythonEvalType.SQL_BATCHED_UDF, name=name)
            register_udf = return_udf._unwrapped
        capture_sql_exception(self.sparkSession._js.udf.register)(name, register_udf._judf)
        return return_udf

    def registerJavaFunction(self, name: str, javaClassName: str, returnType: Any = None) -> None:
        from pyspark.errors import AnalysisException

        raise AnalysisException(
            f"Can not load class {javaClassName} when registering the function {name}: Sluice runs no JVM; "
            "register a Python function with spark.udf.register instead.",
            errorClass="CANNOT_LOAD_FUNCTION_CLASS",
            messageParameters={"className": javaClassName, "functionName": name},
        )

    def registerJavaUDAF(self, name: str, javaClassName: str) -> None:
        self.registerJavaFunction(name, javaClassName)


class _BatchEvaluator:
    """Calls the function on each row of a batch the engine hands over as JSON; answers JSON."""

    def __init__(self, func: Callable[..., Any], return_type: DataType, writer: Any):
        self.func = func
        self.return_type = return_type
        self.writer = writer

    def evaluate(self, columns_json: str, types_json: str, num_rows: int) -> str:
        types = [_parse_datatype_json_value(t) for t in json.loads(types_json)]
        columns = [[_from_engine(v, t) for v in column] for column, t in zip(json.loads(columns_json), types)]
        func, return_type = self.func, self.return_type
        results = []
        with using_writer(self.writer):
            for r in range(int(num_rows)):
                try:
                    value = _from_python(func(*[column[r] for column in columns]), return_type)
                except Exception as error:  # noqa: BLE001 - the engine fails the query with it, naming the row
                    return json.dumps({"failedRow": r, "failure": _failure(error)})
                results.append(_to_engine_json(value, return_type))
        return json.dumps({"results": results})


def _failure(error: BaseException) -> dict:
    """The Python traceback of a failing call, from the user's function down (the evaluator's frame left out)."""
    frames = error.__traceback__.tb_next if error.__traceback__ is not None else None
    return {
        "type": type(error).__name__,
        "message": str(error),
        "traceback": "".join(traceback.format_exception(type(error), error, frames)),
    }


_BOUNDS = {"byte": 8, "short": 16, "integer": 32, "long": 64}


def _from_python(value: Any, data_type: DataType) -> Any:
    """A function's result as a value of its return type, by PySpark's rules for pickled Python UDFs."""
    if value is None:
        return None
    if isinstance(data_type, StringType):
        return value if isinstance(value, str) else _java_string(value)
    if isinstance(data_type, BooleanType):
        return value if isinstance(value, bool) else None
    if isinstance(data_type, IntegralType):
        if not isinstance(value, int) or isinstance(value, bool) or not -(2**63) <= value < 2**63:
            return None
        # The JVM narrows a Long to the type's width (toByte, toShort, toInt), as Java's casts do.
        bits = _BOUNDS[data_type.typeName()]
        value &= (1 << bits) - 1
        return value - (1 << bits) if value >= 1 << (bits - 1) else value
    if isinstance(data_type, (FloatType, DoubleType)):
        return value if isinstance(value, float) else None
    if isinstance(data_type, DecimalType):
        return value if isinstance(value, decimal.Decimal) else None
    if isinstance(data_type, (TimestampType, TimestampNTZType)):
        if not isinstance(value, datetime.datetime):
            raise TypeError(f"{data_type.simpleString()} can not accept object {value!r} in type {type(value)}")
        return value
    if isinstance(data_type, DateType):
        if not isinstance(value, datetime.date):
            raise TypeError(f"{data_type.simpleString()} can not accept object {value!r} in type {type(value)}")
        return value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(data_type, BinaryType):
        if isinstance(value, str):
            return value.encode("utf-8")
        return bytes(value) if isinstance(value, (bytes, bytearray)) else None
    if isinstance(data_type, ArrayType):
        if not isinstance(value, (list, tuple)):
            return None
        return [_from_python(v, data_type.elementType) for v in value]
    if isinstance(data_type, MapType):
        if not isinstance(value, dict):
            return None
        return {_from_python(k, data_type.keyType): _from_python(v, data_type.valueType) for k, v in value.items()}
    if isinstance(data_type, StructType):
        return _struct_from_python(value, data_type)
    if isinstance(data_type, NullType):
        return None
    return value


def _struct_from_python(value: Any, data_type: StructType) -> Any:
    if isinstance(value, Row) and hasattr(value, "__fields__"):
        value = value.asDict()
    if isinstance(value, dict):
        values = [value.get(f.name) for f in data_type.fields]
    elif isinstance(value, (tuple, list)):
        values = list(value)
        if len(values) != len(data_type.fields):
            raise ValueError(
                "Input row doesn't have expected number of values required by the schema. "
                f"{len(data_type.fields)} fields are required while {len(values)} values are provided."
            )
    elif hasattr(value, "__dict__"):
        values = [getattr(value, f.name, None) for f in data_type.fields]
    else:
        return None
    return Row(**{f.name: _from_python(v, f.dataType) for f, v in zip(data_type.fields, values)})


def _java_string(value: Any) -> str:
    """A value's text as the JVM's toString gives it (a string UDF's result of another type)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _java_double(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join("null" if v is None else _java_string(v) for v in value) + "]"
    if isinstance(value, dict):
        parts = ("null" if v is None else f"{_java_string(k)}={_java_string(v)}" for k, v in value.items())
        return "{" + ", ".join(parts) + "}"
    return str(value)


def _java_double(x: float) -> str:
    """Java's Double.toString: plain between 1e-3 and 1e7, else scientific (`1.0E7`)."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if str(x).startswith("-") else "0.0"
    if 1e-3 <= abs(x) < 1e7:
        text = repr(x)
        return text if "." in text else f"{text}.0"
    sign, digits, exponent = decimal.Decimal(repr(x)).as_tuple()
    mantissa = "".join(map(str, digits)).rstrip("0") or "0"
    power = exponent + len(digits) - 1
    return f"{'-' if sign else ''}{mantissa[0]}.{mantissa[1:] or '0'}E{power}"
