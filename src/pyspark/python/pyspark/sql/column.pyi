"""pyspark.sql.Column: an expression over a DataFrame's columns, with Python's operators."""

from typing import Any, Union

from pyspark.sql.types import DataType

class Column:
    """A column or an expression: `col("price") * 2`, `(col("a") > 1) & col("b").isNull()`.

    Operators: `== != < <= > >=` compare, `& | ~` combine conditions, `+ - * / % **` compute; `col["field"]`
    and `col.field` reach into structs, `col[0]` into arrays.
    """

    def __eq__(self, other: Any) -> Column: ...  # type: ignore[override]
    def __ne__(self, other: Any) -> Column: ...  # type: ignore[override]
    def __lt__(self, other: Any) -> Column: ...
    def __le__(self, other: Any) -> Column: ...
    def __gt__(self, other: Any) -> Column: ...
    def __ge__(self, other: Any) -> Column: ...
    def __and__(self, other: Any) -> Column: ...
    def __or__(self, other: Any) -> Column: ...
    def __invert__(self) -> Column: ...
    def __add__(self, other: Any) -> Column: ...
    def __sub__(self, other: Any) -> Column: ...
    def __mul__(self, other: Any) -> Column: ...
    def __truediv__(self, other: Any) -> Column: ...
    def __mod__(self, other: Any) -> Column: ...
    def __neg__(self) -> Column: ...
    def __getitem__(self, key: Any) -> Column: ...
    def __getattr__(self, item: str) -> Column: ...
    def eqNullSafe(self, other: Any) -> Column:
        """Equality where null equals null (SQL's <=>)."""
    def outer(self) -> Column:
        """In a subquery (scalar(), exists(), lateralJoin), a column of the outer query (Spark 4)."""
    def between(self, lowerBound: Any, upperBound: Any) -> Column:
        """True where lowerBound <= value <= upperBound."""
    def bitwiseAND(self, other: Any) -> Column:
        """Bitwise AND."""
    def bitwiseOR(self, other: Any) -> Column:
        """Bitwise OR."""
    def bitwiseXOR(self, other: Any) -> Column:
        """Bitwise XOR."""
    def isin(self, *cols: Any) -> Column:
        """True where the value is one of the given: `isin("iOS", "Android")` or `isin(["iOS", "Android"])`."""
    def isNull(self) -> Column:
        """True where the value is null."""
    def isNotNull(self) -> Column:
        """True where the value is not null."""
    def isNaN(self) -> Column:
        """True where the value is NaN."""
    def like(self, other: str) -> Column:
        """SQL LIKE: `%` any text, `_` one character."""
    def ilike(self, other: str) -> Column:
        """Case-insensitive LIKE."""
    def rlike(self, other: str) -> Column:
        """True where the regular expression matches."""
    def contains(self, other: Any) -> Column:
        """True where the text contains `other`."""
    def startswith(self, other: Any) -> Column:
        """True where the text starts with `other`."""
    def endswith(self, other: Any) -> Column:
        """True where the text ends with `other`."""
    def substr(self, startPos: Union[int, Column], length: Union[int, Column]) -> Column:
        """`length` characters from 1-based `startPos`."""
    def getField(self, name: Any) -> Column:
        """A field of a struct."""
    def getItem(self, key: Any) -> Column:
        """An array element (from 0) or a map value."""
    def withField(self, fieldName: str, col: Column) -> Column:
        """The struct with a field added or replaced; `"a.b"` reaches into nested structs."""
    def dropFields(self, *fieldNames: str) -> Column:
        """The struct without the named fields; `"a.b"` reaches into nested structs."""
    def alias(self, *alias: str, **kwargs: Any) -> Column:
        """The column under a new name: `count("*").alias("n")`."""
    def name(self, *alias: str, **kwargs: Any) -> Column:
        """Same as alias()."""
    def cast(self, dataType: Union[DataType, str]) -> Column:
        """The value converted to a type: `cast("int")`, `cast(TimestampType())`."""
    def astype(self, dataType: Union[DataType, str]) -> Column:
        """Same as cast()."""
    def try_cast(self, dataType: Union[DataType, str]) -> Column:
        """Like cast(), null where the value does not convert."""
    def asc(self) -> Column:
        """Ascending sort order, nulls first."""
    def asc_nulls_first(self) -> Column:
        """Ascending sort order, nulls first."""
    def asc_nulls_last(self) -> Column:
        """Ascending sort order, nulls last."""
    def desc(self) -> Column:
        """Descending sort order, nulls last."""
    def desc_nulls_first(self) -> Column:
        """Descending sort order, nulls first."""
    def desc_nulls_last(self) -> Column:
        """Descending sort order, nulls last."""
    def over(self, window: Any = None) -> Column:
        """This function over a window: `row_number().over(Window.partitionBy("a").orderBy("b"))`."""
    def when(self, condition: Column, value: Any) -> Column:
        """Another branch of a `when(...)` expression."""
    def otherwise(self, value: Any) -> Column:
        """The value where no `when` branch holds."""
