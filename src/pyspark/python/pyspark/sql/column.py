"""pyspark.sql.Column: an expression over a DataFrame's columns, with Python's operators."""

from typing import Any, Union

from pyspark._sluice import js, js_value
from pyspark.errors import PySparkTypeError, PySparkValueError
from pyspark.errors.exceptions.captured import captured
from pyspark.sql.types import DataType

__all__ = ["Column"]


def _jc(value: Any):
    """An operand as the engine takes it: a Column's expression, or a literal value (None is NULL)."""
    return value._js if isinstance(value, Column) else js_value(value)


@captured
class Column:
    """A column or an expression: `col("price") * 2`, `(col("a") > 1) & col("b").isNull()`."""

    def __init__(self, jc):
        self._js = jc

    # ── comparison ──
    def __eq__(self, other: Any) -> "Column":  # type: ignore[override]
        return Column(self._js.eq(_jc(other)))

    def __ne__(self, other: Any) -> "Column":  # type: ignore[override]
        return Column(self._js.neq(_jc(other)))

    def __lt__(self, other: Any) -> "Column":
        return Column(self._js.lt(_jc(other)))

    def __le__(self, other: Any) -> "Column":
        return Column(self._js.leq(_jc(other)))

    def __gt__(self, other: Any) -> "Column":
        return Column(self._js.gt(_jc(other)))

    def __ge__(self, other: Any) -> "Column":
        return Column(self._js.geq(_jc(other)))

    def eqNullSafe(self, other: Any) -> "Column":
        return Column(self._js.eqNullSafe(_jc(other)))

    def outer(self) -> "Column":
        return Column(self._js.outer())

    def between(self, lowerBound: Any, upperBound: Any) -> "Column":
        return Column(self._js.between(_jc(lowerBound), _jc(upperBound)))

    # ── boolean ──
    def __and__(self, other: Any) -> "Column":
        return Column(getattr(self._js, "and")(_jc(other)))

    def __or__(self, other: Any) -> "Column":
        return Column(getattr(self._js, "or")(_jc(other)))

    def __invert__(self) -> "Column":
        return Column(getattr(self._js, "not")())

    def __rand__(self, other: Any) -> "Column":
        return Column(getattr(_literal(other), "and")(self._js))

    def __ror__(self, other: Any) -> "Column":
        return Column(getattr(_literal(other), "or")(self._js))

    # ── arithmetic ──
    def __add__(self, other: Any) -> "Column":
        return Column(self._js.plus(_jc(other)))

    def __radd__(self, other: Any) -> "Column":
        return Column(_literal(other).plus(self._js))

    def __sub__(self, other: Any) -> "Column":
        return Column(self._js.minus(_jc(other)))

    def __rsub__(self, other: Any) -> "Column":
        return Column(_literal(other).minus(self._js))

    def __mul__(self, other: Any) -> "Column":
        return Column(self._js.multiply(_jc(other)))

    def __rmul__(self, other: Any) -> "Column":
        return Column(_literal(other).multiply(self._js))

    def __truediv__(self, other: Any) -> "Column":
        return Column(self._js.divide(_jc(other)))

    def __rtruediv__(self, other: Any) -> "Column":
        return Column(_literal(other).divide(self._js))

    def __mod__(self, other: Any) -> "Column":
        return Column(self._js.mod(_jc(other)))

    def __rmod__(self, other: Any) -> "Column":
        return Column(_literal(other).mod(self._js))

    def __neg__(self) -> "Column":
        return Column(self._js.negate())

    def __pow__(self, other: Any) -> "Column":
        from pyspark._sluice import bridge

        return Column(bridge.functions.pow(self._js, _jc(other)))

    def __rpow__(self, other: Any) -> "Column":
        from pyspark._sluice import bridge

        return Column(bridge.functions.pow(_literal(other), self._js))

    def bitwiseAND(self, other: Any) -> "Column":
        return Column(self._js.bitwiseAND(_jc(other)))

    def bitwiseOR(self, other: Any) -> "Column":
        return Column(self._js.bitwiseOR(_jc(other)))

    def bitwiseXOR(self, other: Any) -> "Column":
        return Column(self._js.bitwiseXOR(_jc(other)))

    # ── predicates ──
    def isin(self, *cols: Any) -> "Column":
        """`isin("a", "b")` or `isin(["a", "b"])`."""
        values = cols[0] if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)) else cols
        return Column(self._js.isin(js([_jc(v) for v in values])))

    def isNull(self) -> "Column":
        return Column(self._js.isNull())

    def isNotNull(self) -> "Column":
        return Column(self._js.isNotNull())

    def isNaN(self) -> "Column":
        return Column(self._js.isNaN())

    def like(self, other: str) -> "Column":
        return Column(self._js.like(other))

    def ilike(self, other: str) -> "Column":
        return Column(self._js.ilike(other))

    def rlike(self, other: str) -> "Column":
        return Column(self._js.rlike(other))

    def contains(self, other: Any) -> "Column":
        return Column(self._js.contains(_jc(other)))

    def startswith(self, other: Any) -> "Column":
        return Column(self._js.startsWith(_jc(other)))

    def endswith(self, other: Any) -> "Column":
        return Column(self._js.endsWith(_jc(other)))

    # ── structure ──
    def substr(self, startPos: Union[int, "Column"], length: Union[int, "Column"]) -> "Column":
        return Column(self._js.substr(_jc(startPos), _jc(length)))

    def getField(self, name: Any) -> "Column":
        return Column(self._js.getField(name))

    def getItem(self, key: Any) -> "Column":
        return Column(self._js.getItem(_jc(key)))

    def withField(self, fieldName: str, col: "Column") -> "Column":
        if not isinstance(fieldName, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "fieldName", "arg_type": type(fieldName).__name__}
            )
        if not isinstance(col, Column):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
            )
        return Column(self._js.withField(fieldName, col._js))

    def dropFields(self, *fieldNames: str) -> "Column":
        return Column(self._js.dropFields(*fieldNames))

    def __getitem__(self, key: Any) -> "Column":
        if isinstance(key, slice):
            if key.step is not None:
                raise PySparkValueError(errorClass="SLICE_WITH_STEP", messageParameters={})
            return self.substr(key.start, key.stop)
        return self.getItem(key)

    def __getattr__(self, item: str) -> "Column":
        if item.startswith("__"):
            raise PySparkTypeError(errorClass="CANNOT_ACCESS_TO_DUNDER", messageParameters={})
        return self[item]

    # ── names and types ──
    def alias(self, *alias: str, **kwargs: Any) -> "Column":
        return Column(self._js.alias(*alias))

    name = alias

    def cast(self, dataType: Union[DataType, str]) -> "Column":
        if not isinstance(dataType, (DataType, str)):
            raise PySparkTypeError(
                errorClass="NOT_DATATYPE_OR_STR",
                messageParameters={"arg_name": "dataType", "arg_type": type(dataType).__name__},
            )
        return Column(self._js.cast(js(dataType)))

    astype = cast

    def try_cast(self, dataType: Union[DataType, str]) -> "Column":
        return Column(self._js.try_cast(js(dataType)))

    # ── ordering ──
    def asc(self) -> "Column":
        return Column(self._js.asc())

    def asc_nulls_first(self) -> "Column":
        return Column(self._js.asc_nulls_first())

    def asc_nulls_last(self) -> "Column":
        return Column(self._js.asc_nulls_last())

    def desc(self) -> "Column":
        return Column(self._js.desc())

    def desc_nulls_first(self) -> "Column":
        return Column(self._js.desc_nulls_first())

    def desc_nulls_last(self) -> "Column":
        return Column(self._js.desc_nulls_last())

    # ── window functions ──
    def over(self, window: Any = None) -> "Column":
        """This function over a window: `row_number().over(Window.partitionBy("a").orderBy("b"))`."""
        return Column(self._js.over(window._js if window is not None else None))

    # ── CASE WHEN ──
    def when(self, condition: "Column", value: Any) -> "Column":
        if not isinstance(condition, Column):
            raise PySparkTypeError(
                errorClass="NOT_COLUMN",
                messageParameters={"arg_name": "condition", "arg_type": type(condition).__name__},
            )
        return Column(self._js.when(condition._js, _jc(value)))

    def otherwise(self, value: Any) -> "Column":
        return Column(self._js.otherwise(_jc(value)))

    # ── what a Column is not ──
    def __bool__(self) -> bool:
        raise PySparkValueError(errorClass="CANNOT_CONVERT_COLUMN_INTO_BOOL", messageParameters={})

    __nonzero__ = __bool__

    def __iter__(self):
        raise PySparkTypeError(errorClass="NOT_ITERABLE", messageParameters={"objectName": "Column"})

    def __contains__(self, item: Any) -> bool:
        raise PySparkValueError(errorClass="CANNOT_APPLY_IN_FOR_COLUMN", messageParameters={})

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return str(self._js.toString())


def _literal(value: Any):
    from pyspark._sluice import bridge

    return bridge.Column.of(js_value(value))


def _to_java_column(col: Union[Column, str]):
    """A Column or a column name as the engine's Column (PySpark's helper of this name)."""
    from pyspark._sluice import bridge

    if isinstance(col, Column):
        return col._js
    if isinstance(col, str):
        return bridge.functions.col(col)
    raise PySparkTypeError(
        errorClass="NOT_COLUMN_OR_STR", messageParameters={"arg_name": "col", "arg_type": type(col).__name__}
    )
