"""pyspark.sql.types: Spark's data types and Row."""

from typing import Any, Dict, Iterator, List, Optional, Union

class DataType:
    """Base class of Spark's data types."""

    @classmethod
    def typeName(cls) -> str:
        """The type's name as printSchema shows it ("long", "string")."""
    def simpleString(self) -> str:
        """The type as Spark's DDL writes it ("bigint", "struct<a:int>")."""
    def jsonValue(self) -> Union[str, Dict[str, Any]]:
        """Spark's JSON form of the type."""
    def json(self) -> str:
        """Spark's JSON form of the type, as text."""
    def needConversion(self) -> bool: ...

class NullType(DataType):
    """The type of None (void)."""

class StringType(DataType):
    """Text."""

class CharType(DataType):
    """Text of a fixed length."""
    def __init__(self, length: int) -> None: ...

class VarcharType(DataType):
    """Text of at most a length."""
    def __init__(self, length: int) -> None: ...

class BinaryType(DataType):
    """Bytes."""

class BooleanType(DataType):
    """True or false."""

class DateType(DataType):
    """A calendar date (datetime.date)."""

class TimestampType(DataType):
    """An instant (datetime.datetime; Sluice's session time zone is UTC)."""

class TimestampNTZType(DataType):
    """A timestamp without time zone."""

class DecimalType(DataType):
    """A decimal number of `precision` digits, `scale` of them after the point (decimal.Decimal)."""
    def __init__(self, precision: int = 10, scale: int = 0) -> None: ...

class DoubleType(DataType):
    """A 64-bit floating point number."""

class FloatType(DataType):
    """A 32-bit floating point number."""

class ByteType(DataType):
    """An 8-bit integer (tinyint)."""

class IntegerType(DataType):
    """A 32-bit integer (int)."""

class LongType(DataType):
    """A 64-bit integer (bigint)."""

class ShortType(DataType):
    """A 16-bit integer (smallint)."""

class VariantType(DataType):
    """Spark 4's VARIANT (parse_json's result)."""

class VariantVal:
    """A VARIANT value: toJson() is Spark's JSON text, toPython() the Python value."""
    def toJson(self, zone_id: str = "UTC") -> str: ...
    def toPython(self) -> Any: ...

class ArrayType(DataType):
    """An array of elements of one type."""
    elementType: DataType
    containsNull: bool
    def __init__(self, elementType: DataType, containsNull: bool = True) -> None: ...

class MapType(DataType):
    """A map from keys of one type to values of another."""
    keyType: DataType
    valueType: DataType
    valueContainsNull: bool
    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True) -> None: ...

class StructField(DataType):
    """A named field of a StructType."""
    name: str
    dataType: DataType
    nullable: bool
    metadata: Dict[str, Any]
    def __init__(self, name: str, dataType: DataType, nullable: bool = True, metadata: Optional[Dict[str, Any]] = None) -> None: ...

class StructType(DataType):
    """A row's type: its fields in order. `StructType([StructField("a", StringType())])` or
    `StructType().add("a", "string")`."""
    fields: List[StructField]
    names: List[str]
    def __init__(self, fields: Optional[List[StructField]] = None) -> None: ...
    def add(self, field: Union[str, StructField], data_type: Union[str, DataType, None] = None, nullable: bool = True, metadata: Optional[Dict[str, Any]] = None) -> StructType:
        """Adds a field (by name and type, or a StructField)."""
    def fieldNames(self) -> List[str]:
        """The fields' names."""
    def treeString(self, level: Optional[int] = None) -> str:
        """The schema as printSchema prints it."""
    @classmethod
    def fromJson(cls, data: Dict[str, Any]) -> StructType:
        """A StructType from Spark's JSON form."""
    def fromInternal(self, values: Any) -> Any: ...
    def __iter__(self) -> Iterator[StructField]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, key: Union[str, int, slice]) -> Any: ...

class Row(tuple):
    """A row: a tuple whose fields are also reachable by name, `row.count` or `row["count"]`.
    `Row(name="Alice", age=11)` makes one; `Person = Row("name", "age")` makes a factory."""
    def __new__(cls, *args: Any, **kwargs: Any) -> Row: ...
    def asDict(self, recursive: bool = False) -> Dict[str, Any]:
        """The row as a dict (nested Rows too, with recursive=True)."""
    def __getattr__(self, item: str) -> Any: ...
