"""pyspark.testing.streaming: PySpark's MemoryStream, a streaming source a test adds rows to, over the
engine's MemoryStream (PySpark's wraps the JVM's through py4j)."""

from typing import Any, Dict, Union

from pyspark._sluice import bridge, js
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.types import (
    BooleanType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    Row,
    StringType,
    StructField,
    StructType,
)

__all__ = ["MemoryStream"]

# The primitive names PySpark's MemoryStream takes: one column named `value`, as Scala's MemoryStream[Int].
_PRIMITIVES = {
    "int": IntegerType,
    "long": LongType,
    "string": StringType,
    "double": DoubleType,
    "float": FloatType,
    "boolean": BooleanType,
}


def _resolve_schema(schema: Any) -> StructType:
    if isinstance(schema, StructType):
        return schema
    if isinstance(schema, str):
        primitive = _PRIMITIVES.get(schema.strip().lower())
        if primitive is None:
            raise ValueError(
                f"Unsupported MemoryStream type {schema!r}: use one of {', '.join(_PRIMITIVES)} or a StructType."
            )
        return StructType([StructField("value", primitive(), True)])
    raise TypeError(f"MemoryStream's schema must be a str or a StructType, got {type(schema).__name__}.")


def _to_row(value: Any, schema: StructType) -> Dict[str, Any]:
    """A value as the stream's row, by field name: Row, dict, namedtuple or object by name; tuple by position."""
    names = schema.fieldNames()
    if isinstance(value, Row) and hasattr(value, "__fields__"):
        return value.asDict()
    if isinstance(value, dict):
        return {n: value.get(n) for n in names}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a namedtuple: its names, not its order
        return {n: getattr(value, n, None) for n in names}
    if isinstance(value, (tuple, list)):
        return dict(zip(names, value))
    if len(names) == 1 and not hasattr(value, names[0]):
        return {names[0]: value}
    return {n: getattr(value, n, None) for n in names}


class MemoryStream:
    """A streaming source a test controls: `add_data(...)` adds one batch of rows, `to_df()` reads them."""

    def __init__(self, spark: Any, schema: Union[str, StructType] = "int") -> None:
        self._spark = spark
        self._schema = _resolve_schema(schema)
        self._js = bridge.newMemoryStream(js(self._schema))
        self._current_offset = -1

    @property
    def schema(self) -> StructType:
        return self._schema

    @property
    def current_offset(self) -> int:
        """The offset the last `add_data` returned, or -1."""
        return self._current_offset

    def add_data(self, *rows: Any) -> int:
        """Adds the rows as one batch and returns its offset; with no rows, adds nothing."""
        if not rows:
            return self._current_offset
        self._current_offset = int(self._js.addData(js([_to_row(r, self._schema) for r in rows])))
        return self._current_offset

    def to_df(self) -> DataFrame:
        return DataFrame(self._js.toDF(), self._spark)

    def __repr__(self) -> str:
        return f"MemoryStream(schema={self._schema.simpleString()})"
