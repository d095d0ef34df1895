"""pyspark.sql.types: Spark's data types and Row, as PySpark spells them. Types cross to the engine in
Spark's JSON form (DataType.json()), so a schema built here is the engine's schema exactly."""

import datetime
import decimal
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from pyspark.errors import (
    PySparkKeyError,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
)

EPOCH = datetime.datetime(1970, 1, 1)

__all__ = [
    "DataType",
    "DayTimeIntervalType",
    "YearMonthIntervalType",
    "CalendarIntervalType",
    "NullType",
    "CharType",
    "StringType",
    "VarcharType",
    "BinaryType",
    "BooleanType",
    "DateType",
    "TimestampType",
    "TimestampNTZType",
    "DecimalType",
    "DoubleType",
    "FloatType",
    "ByteType",
    "IntegerType",
    "LongType",
    "ShortType",
    "ArrayType",
    "MapType",
    "StructField",
    "StructType",
    "VariantType",
    "VariantVal",
    "Row",
]


class DataType:
    """Base class of Spark's data types."""

    def __repr__(self) -> str:
        return self.__class__.__name__ + "()"

    def __hash__(self) -> int:
        return hash(str(self))

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)

    @classmethod
    def typeName(cls) -> str:
        return cls.__name__[: -len("Type")].lower()

    def simpleString(self) -> str:
        return self.typeName()

    def jsonValue(self) -> Union[str, Dict[str, Any]]:
        return self.typeName()

    def json(self) -> str:
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def needConversion(self) -> bool:
        return False

    @property
    def _js(self):
        from pyspark._sluice import bridge

        return bridge.dataType(self.json())


class AtomicType(DataType):
    pass


class NumericType(AtomicType):
    pass


class IntegralType(NumericType):
    pass


class FractionalType(NumericType):
    pass


class NullType(DataType):
    """The type of None."""

    @classmethod
    def typeName(cls) -> str:
        return "void"


class StringType(AtomicType):
    pass


class CharType(AtomicType):
    def __init__(self, length: int):
        self.length = length

    def simpleString(self) -> str:
        return f"char({self.length})"

    def jsonValue(self) -> str:
        return "string"

    def __repr__(self) -> str:
        return f"CharType({self.length})"


class VarcharType(AtomicType):
    def __init__(self, length: int):
        self.length = length

    def simpleString(self) -> str:
        return f"varchar({self.length})"

    def jsonValue(self) -> str:
        return "string"

    def __repr__(self) -> str:
        return f"VarcharType({self.length})"


class BinaryType(AtomicType):
    pass


class BooleanType(AtomicType):
    pass


class DateType(AtomicType):
    pass


class TimestampType(AtomicType):
    """An instant; Sluice's session time zone is UTC, so collect() gives naive datetimes in UTC."""


class TimestampNTZType(AtomicType):
    @classmethod
    def typeName(cls) -> str:
        return "timestamp_ntz"


class DecimalType(FractionalType):
    def __init__(self, precision: int = 10, scale: int = 0):
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self) -> str:
        return f"decimal({self.precision},{self.scale})"

    def jsonValue(self) -> str:
        return f"decimal({self.precision},{self.scale})"

    def __repr__(self) -> str:
        return f"DecimalType({self.precision}, {self.scale})"


class AnsiIntervalType(AtomicType):
    """The ANSI interval types' common base: a range of fields, from startField to endField."""

    _fields: Dict[int, str] = {}

    def __init__(self, startField: Optional[int] = None, endField: Optional[int] = None):
        if startField is None and endField is None:
            startField, endField = min(self._fields), max(self._fields)
        elif endField is None:
            endField = startField
        self.startField = startField
        self.endField = endField

    def _type_name(self) -> str:
        start = self._fields[self.startField]
        end = self._fields[self.endField]
        return f"interval {start}" if start == end else f"interval {start} to {end}"

    def simpleString(self) -> str:
        return self._type_name()

    def jsonValue(self) -> str:
        return self._type_name()


class DayTimeIntervalType(AnsiIntervalType):
    """Spark's INTERVAL DAY TO SECOND and its narrower ranges; values are ``datetime.timedelta``."""

    DAY = 0
    HOUR = 1
    MINUTE = 2
    SECOND = 3
    _fields = {DAY: "day", HOUR: "hour", MINUTE: "minute", SECOND: "second"}

    def needConversion(self) -> bool:
        return True

    def __repr__(self) -> str:
        return f"DayTimeIntervalType({self.startField}, {self.endField})"


class YearMonthIntervalType(AnsiIntervalType):
    """Spark's INTERVAL YEAR TO MONTH and its narrower ranges; values are a number of months."""

    YEAR = 0
    MONTH = 1
    _fields = {YEAR: "year", MONTH: "month"}

    def __repr__(self) -> str:
        return f"YearMonthIntervalType({self.startField}, {self.endField})"


class CalendarIntervalType(DataType):
    """Spark's legacy CalendarIntervalType (make_interval's): months, days and microseconds."""

    @classmethod
    def typeName(cls) -> str:
        return "interval"


def _interval_type(value: str) -> Optional[DataType]:
    """An interval type from its name ("interval day to second", "interval year", "interval")."""
    words = value.split()
    if not words or words[0] != "interval":
        return None
    if len(words) == 1:
        return CalendarIntervalType()
    start = words[1]
    end = words[3] if len(words) == 4 and words[2] == "to" else start
    day_time = {v: k for k, v in DayTimeIntervalType._fields.items()}
    year_month = {v: k for k, v in YearMonthIntervalType._fields.items()}
    if start in day_time and end in day_time:
        return DayTimeIntervalType(day_time[start], day_time[end])
    if start in year_month and end in year_month:
        return YearMonthIntervalType(year_month[start], year_month[end])
    return None


class DoubleType(FractionalType):
    pass


class VariantType(AtomicType):
    """Spark 4's VARIANT: semi-structured data (parse_json's result)."""

    pass


class VariantVal:
    """A VARIANT value as PySpark 4 returns it: toJson() is Spark's JSON, toPython() the value (ints, Decimals for
    decimals, floats for doubles, dicts, lists, str, bool, None). Sluice keeps a variant as canonical JSON text,
    whose decimals are marked by a trailing ``.0`` when whole and doubles by ``E0`` when printed without exponent."""

    def __init__(self, canonical: str):
        self._canonical = canonical

    def toJson(self, zone_id: str = "UTC") -> str:
        return _VARIANT_JSON.sub(lambda m: m.group(1) or (m.group(2) or m.group(4) or "") + (m.group(3) or m.group(5) or ""), self._canonical)

    def toPython(self) -> Any:
        def number(token: str) -> Any:
            if "E" in token or "N" in token or "I" in token:
                return float(token[:-2] if token.endswith("E0") else token)
            return decimal.Decimal(token[:-2] if token.endswith(".0") else token)

        return json.loads(self._canonical, parse_float=number, parse_constant=float)

    def __str__(self) -> str:
        return self.toJson()

    def __repr__(self) -> str:
        return f"VariantVal({self.toJson()!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VariantVal) and other._canonical == self._canonical

    def __hash__(self) -> int:
        return hash(self._canonical)


_VARIANT_JSON = __import__("re").compile(r'("(?:[^"\\]|\\.)*")|(-?\d+)\.0([,\]}]|$)|(-?\d+\.\d+)E0([,\]}]|$)')


class FloatType(FractionalType):
    pass


class ByteType(IntegralType):
    def simpleString(self) -> str:
        return "tinyint"


class IntegerType(IntegralType):
    def simpleString(self) -> str:
        return "int"


class LongType(IntegralType):
    def simpleString(self) -> str:
        return "bigint"


class ShortType(IntegralType):
    def simpleString(self) -> str:
        return "smallint"


class ArrayType(DataType):
    def __init__(self, elementType: DataType, containsNull: bool = True):
        if not isinstance(elementType, DataType):
            raise PySparkTypeError(
                errorClass="NOT_DATATYPE_OR_STR",
                messageParameters={"arg_name": "elementType", "arg_type": type(elementType).__name__},
            )
        self.elementType = elementType
        self.containsNull = containsNull

    def simpleString(self) -> str:
        return f"array<{self.elementType.simpleString()}>"

    def __repr__(self) -> str:
        return f"ArrayType({self.elementType!r}, {self.containsNull})"

    def jsonValue(self) -> Dict[str, Any]:
        return {"type": "array", "elementType": self.elementType.jsonValue(), "containsNull": self.containsNull}


class MapType(DataType):
    def __init__(self, keyType: DataType, valueType: DataType, valueContainsNull: bool = True):
        self.keyType = keyType
        self.valueType = valueType
        self.valueContainsNull = valueContainsNull

    def simpleString(self) -> str:
        return f"map<{self.keyType.simpleString()},{self.valueType.simpleString()}>"

    def __repr__(self) -> str:
        return f"MapType({self.keyType!r}, {self.valueType!r}, {self.valueContainsNull})"

    def jsonValue(self) -> Dict[str, Any]:
        return {
            "type": "map",
            "keyType": self.keyType.jsonValue(),
            "valueType": self.valueType.jsonValue(),
            "valueContainsNull": self.valueContainsNull,
        }


class StructField(DataType):
    def __init__(
        self,
        name: str,
        dataType: DataType,
        nullable: bool = True,
        metadata: Optional[Dict[str, Any]] = None,
    ):
        if not isinstance(name, str):
            raise PySparkTypeError(
                errorClass="NOT_STR", messageParameters={"arg_name": "name", "arg_type": type(name).__name__}
            )
        if not isinstance(dataType, DataType):
            raise PySparkTypeError(
                errorClass="NOT_DATATYPE_OR_STR",
                messageParameters={"arg_name": "dataType", "arg_type": type(dataType).__name__},
            )
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self) -> str:
        return f"{self.name}:{self.dataType.simpleString()}"

    def __repr__(self) -> str:
        return f"StructField('{self.name}', {self.dataType!r}, {self.nullable})"

    def jsonValue(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "type": self.dataType.jsonValue(),
            "nullable": self.nullable,
            "metadata": self.metadata,
        }

    def typeName(self) -> str:  # type: ignore[override]
        raise PySparkTypeError(errorClass="INVALID_TYPENAME_CALL", messageParameters={})


class StructType(DataType):
    """A row's type: its fields in order. `StructType().add("a", "string")` builds one field at a time."""

    def __init__(self, fields: Optional[List[StructField]] = None):
        self.fields: List[StructField] = list(fields or [])
        self.names = [f.name for f in self.fields]

    def add(
        self,
        field: Union[str, StructField],
        data_type: Union[str, DataType, None] = None,
        nullable: bool = True,
        metadata: Optional[Dict[str, Any]] = None,
    ) -> "StructType":
        if isinstance(field, StructField):
            self.fields.append(field)
        else:
            if data_type is None:
                raise PySparkValueError(
                    errorClass="ARGUMENT_REQUIRED",
                    messageParameters={"arg_name": "data_type", "condition": "passing name of struct_field to create"},
                )
            if isinstance(data_type, str):
                data_type = _parse_datatype_string(data_type)
            self.fields.append(StructField(field, data_type, nullable, metadata))
        self.names = [f.name for f in self.fields]
        return self

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: Union[str, int, slice]) -> Any:
        if isinstance(key, str):
            for f in self.fields:
                if f.name == key:
                    return f
            raise PySparkKeyError(errorClass="KEY_NOT_EXISTS", messageParameters={"key": key})
        if isinstance(key, int):
            return self.fields[key]
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise PySparkTypeError(
            errorClass="NOT_INT_OR_SLICE_OR_STR",
            messageParameters={"arg_name": "key", "arg_type": type(key).__name__},
        )

    def fieldNames(self) -> List[str]:
        return list(self.names)

    def simpleString(self) -> str:
        return "struct<" + ",".join(f.simpleString() for f in self.fields) + ">"

    def __repr__(self) -> str:
        return "StructType([" + ", ".join(repr(f) for f in self.fields) + "])"

    def jsonValue(self) -> Dict[str, Any]:
        return {"type": "struct", "fields": [f.jsonValue() for f in self.fields]}

    def treeString(self, level: Optional[int] = None) -> str:
        return self._js.treeString()

    @classmethod
    def fromJson(cls, data: Dict[str, Any]) -> "StructType":
        return _parse_datatype_json_value(data)

    def fromInternal(self, values):
        return _from_engine(values, self)


_ATOMIC = {
    t.typeName(): t
    for t in (
        StringType,
        BinaryType,
        BooleanType,
        DateType,
        TimestampType,
        TimestampNTZType,
        DoubleType,
        FloatType,
        ByteType,
        IntegerType,
        LongType,
        ShortType,
        NullType,
        VariantType,
    )
}


def _parse_datatype_json_value(value: Union[str, Dict[str, Any]]) -> DataType:
    """A DataType from Spark's JSON form."""
    if isinstance(value, str):
        if value in _ATOMIC:
            return _ATOMIC[value]()
        if value == "decimal":
            return DecimalType()
        if value.startswith("decimal("):
            precision, scale = value[len("decimal(") : -1].split(",")
            return DecimalType(int(precision), int(scale))
        interval = _interval_type(value)
        if interval is not None:
            return interval
        raise PySparkValueError(
            errorClass="CANNOT_PARSE_DATATYPE", messageParameters={"msg": f"Could not parse {value!r}"}
        )
    kind = value["type"]
    if kind == "struct":
        return StructType(
            [
                StructField(
                    f["name"], _parse_datatype_json_value(f["type"]), f.get("nullable", True), f.get("metadata")
                )
                for f in value["fields"]
            ]
        )
    if kind == "array":
        return ArrayType(_parse_datatype_json_value(value["elementType"]), value.get("containsNull", True))
    if kind == "map":
        return MapType(
            _parse_datatype_json_value(value["keyType"]),
            _parse_datatype_json_value(value["valueType"]),
            value.get("valueContainsNull", True),
        )
    raise PySparkValueError(
            errorClass="CANNOT_PARSE_DATATYPE", messageParameters={"msg": f"Could not parse {value!r}"}
        )


def _parse_datatype_json_string(text: str) -> DataType:
    return _parse_datatype_json_value(json.loads(text))


def _parse_datatype_string(text: str) -> DataType:
    """A type in Spark's DDL: "int", "array<string>", or a schema "a INT, b STRING" (parsed by the engine)."""
    from pyspark._sluice import bridge
    from pyspark.errors.exceptions.captured import capture_sql_exception

    return _parse_datatype_json_string(capture_sql_exception(bridge.parseDataType)(text))


def _from_engine_type(js_type) -> DataType:
    from pyspark._sluice import bridge

    return _parse_datatype_json_string(bridge.dataTypeJson(js_type))


# ── Row ───────────────────────────────────────────────────────────────────────────────────────────────────


def _create_row(fields: List[str], values: Any) -> "Row":
    row = Row(*values)
    row.__fields__ = list(fields)
    return row


class Row(tuple):
    """A row of a DataFrame: a tuple whose fields are also reachable by name, `row.name` or `row["name"]`.

    `Row(name="Alice", age=11)` makes a row; `Person = Row("name", "age")` makes a factory, `Person("Bob", 9)`.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> "Row":
        if args and kwargs:
            raise PySparkValueError(
                errorClass="CANNOT_SET_TOGETHER", messageParameters={"arg_list": "args and kwargs"}
            )
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive: bool = False) -> Dict[str, Any]:
        if not hasattr(self, "__fields__"):
            raise PySparkTypeError(
                errorClass="CANNOT_CONVERT_TYPE",
                messageParameters={"from_type": "Row without field names", "to_type": "dict"},
            )
        if not recursive:
            return dict(zip(self.__fields__, self))

        def convert(value: Any) -> Any:
            if isinstance(value, Row):
                return value.asDict(True)
            if isinstance(value, list):
                return [convert(v) for v in value]
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            return value

        return {k: convert(v) for k, v in zip(self.__fields__, self)}

    def __contains__(self, item: Any) -> bool:
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args: Any) -> "Row":
        """A Row of this factory's fields."""
        if len(args) > len(self):
            raise PySparkValueError(
                errorClass="TOO_MANY_VALUES",
                messageParameters={"expected": str(len(self)), "item": "fields", "actual": str(len(args))},
            )
        return _create_row(list(self), args)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            index = self.__fields__.index(item)
        except (AttributeError, ValueError):
            raise PySparkValueError(errorClass="KEY_NOT_EXISTS", messageParameters={"key": str(item)})
        return super().__getitem__(index)

    def __getattr__(self, item: str) -> Any:
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            index = self.__fields__.index(item)
        except (AttributeError, ValueError):
            raise AttributeError(item)
        return self[index]

    def __setattr__(self, key: Any, value: Any) -> None:
        if key != "__fields__":
            raise PySparkRuntimeError(errorClass="READ_ONLY", messageParameters={"object": "Row"})
        self.__dict__[key] = value

    def __reduce__(self):
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self) -> str:
        if hasattr(self, "__fields__"):
            return "Row(" + ", ".join(f"{k}={v!r}" for k, v in zip(self.__fields__, tuple(self))) + ")"
        return "<Row(" + ", ".join(repr(field) for field in self) + ")>"


# ── values between Python and the engine ────────────────────────────────────────────────────────────────────


_DECIMAL_CONTEXT = decimal.Context(prec=80, rounding=decimal.ROUND_HALF_UP)


def _from_engine(value: Any, data_type: DataType) -> Any:
    """A value from the engine's JSON (positional rows, dates as epoch milliseconds) as PySpark returns it."""
    if value is None:
        return None
    if isinstance(data_type, StructType):
        if isinstance(value, dict):
            values = [value.get(f.name) for f in data_type.fields]
        else:
            values = value
        return _create_row(
            data_type.names, [_from_engine(v, f.dataType) for v, f in zip(values, data_type.fields)]
        )
    if isinstance(data_type, ArrayType):
        return [_from_engine(v, data_type.elementType) for v in value]
    if isinstance(data_type, MapType):
        return {_map_key(k, data_type.keyType): _from_engine(v, data_type.valueType) for k, v in value.items()}
    if isinstance(data_type, (TimestampType, TimestampNTZType)):
        return EPOCH + datetime.timedelta(milliseconds=value)
    if isinstance(data_type, DateType):
        return (EPOCH + datetime.timedelta(milliseconds=value)).date()
    if isinstance(data_type, (DoubleType, FloatType)):
        return float(value)
    if isinstance(data_type, IntegralType):
        return int(value)
    if isinstance(data_type, DecimalType):
        # The engine sends a decimal's exact digits; 38 of them pass the default context's 28, so a wider one.
        return decimal.Decimal(str(value)).quantize(
            decimal.Decimal(1).scaleb(-data_type.scale), context=_DECIMAL_CONTEXT
        )
    if isinstance(data_type, BinaryType):
        return bytearray(value)
    if isinstance(data_type, BooleanType):
        return bool(value)
    if isinstance(data_type, DayTimeIntervalType):
        # As PySpark's DayTimeIntervalType.fromInternal: a timedelta of the interval's microseconds.
        micros = value["days"] * 86400000000 + value["microseconds"] + value["months"] * 30 * 86400000000
        return datetime.timedelta(microseconds=micros)
    if isinstance(data_type, YearMonthIntervalType):
        return value["months"]
    if isinstance(data_type, VariantType):
        return VariantVal(value)
    return value


def _map_key(key: str, key_type: DataType) -> Any:
    if isinstance(key_type, IntegralType):
        return int(key)
    if isinstance(key_type, (DoubleType, FloatType)):
        return float(key)
    return key


def _to_engine_json(value: Any, data_type: Optional[DataType] = None) -> Any:
    """A Python value as the JSON the engine's rows take (Row and tuple structs as objects by field name)."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, int):
        if isinstance(data_type, DecimalType):
            return {"$decimal": str(value)}
        if isinstance(data_type, (DoubleType, FloatType)):
            return float(value)
        return value if abs(value) <= 2**53 else {"$bigint": str(value)}
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else {"$double": str(value)}
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            wall = value.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
            # A naive datetime for a TIMESTAMP is a wall clock in the session time zone (the engine reads it there).
            return {"$date": wall} if isinstance(data_type, TimestampNTZType) else {"$wall": wall}
        return {"$date": value.timestamp() * 1000}
    if isinstance(value, datetime.date):
        instant = datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc)
        return {"$date": instant.timestamp() * 1000}
    if isinstance(value, decimal.Decimal):
        if isinstance(data_type, (DoubleType, FloatType)):
            return float(value)
        return {"$decimal": str(value)} if value.is_finite() else {"$double": str(float(value))}
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(data_type, StructType):
        if isinstance(value, Row) and hasattr(value, "__fields__"):
            value = value.asDict()
        if isinstance(value, dict):
            return {f.name: _to_engine_json(value.get(f.name), f.dataType) for f in data_type.fields}
        if isinstance(value, (list, tuple)):
            return {f.name: _to_engine_json(v, f.dataType) for f, v in zip(data_type.fields, value)}
        return _plain(value)
    if isinstance(value, dict):
        value_type = data_type.valueType if isinstance(data_type, MapType) else None
        return {str(k): _to_engine_json(v, value_type) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        element_type = data_type.elementType if isinstance(data_type, ArrayType) else None
        return [_to_engine_json(v, element_type) for v in value]
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Row) and hasattr(value, "__fields__"):
        return {k: _to_engine_json(v) for k, v in zip(value.__fields__, value)}
    if hasattr(value, "__dict__"):
        return {k: _to_engine_json(v) for k, v in vars(value).items() if not k.startswith("_")}
    raise PySparkTypeError(
        errorClass="UNSUPPORTED_DATA_TYPE", messageParameters={"data_type": type(value).__name__}
    )


# ── schema inference, as PySpark does it for createDataFrame ────────────────────────────────────────────────


def _infer_type(value: Any) -> DataType:
    if value is None:
        return NullType()
    if isinstance(value, bool):
        return BooleanType()
    if isinstance(value, int):
        return LongType()
    if isinstance(value, float):
        return DoubleType()
    if isinstance(value, str):
        return StringType()
    if isinstance(value, datetime.datetime):
        return TimestampType()
    if isinstance(value, datetime.date):
        return DateType()
    if isinstance(value, decimal.Decimal):
        return DecimalType(38, 18)
    if isinstance(value, (bytes, bytearray)):
        return BinaryType()
    if isinstance(value, dict):
        key_type: DataType = NullType()
        value_type: DataType = NullType()
        for k, v in value.items():
            key_type = _merge_type(key_type, _infer_type(k))
            value_type = _merge_type(value_type, _infer_type(v))
        return MapType(key_type, value_type, True)
    if isinstance(value, Row) and hasattr(value, "__fields__"):
        return _infer_schema(value)
    if isinstance(value, (list, tuple)):
        element: DataType = NullType()
        for v in value:
            element = _merge_type(element, _infer_type(v))
        return ArrayType(element, True)
    if hasattr(value, "__dict__"):
        return _infer_schema(value)
    raise PySparkTypeError(
        errorClass="UNSUPPORTED_DATA_TYPE", messageParameters={"data_type": type(value).__name__}
    )


def _infer_schema(row: Any, names: Optional[List[str]] = None) -> StructType:
    if isinstance(row, dict):
        items: List[Tuple[str, Any]] = sorted(row.items())  # PySpark orders a dict's fields by name
    elif isinstance(row, Row) and hasattr(row, "__fields__"):
        items = list(zip(row.__fields__, tuple(row)))
    elif isinstance(row, (tuple, list)):
        names = names or [f"_{i + 1}" for i in range(len(row))]
        items = list(zip(names, row))
    elif hasattr(row, "__dict__"):
        items = sorted(vars(row).items())
    else:
        raise PySparkTypeError(
            errorClass="CANNOT_INFER_SCHEMA_FOR_TYPE", messageParameters={"data_type": type(row).__name__}
        )
    return StructType([StructField(k, _infer_field(k, v), True) for k, v in items])


def _infer_field(name: str, value: Any) -> DataType:
    """PySpark's `_infer_schema`: a field whose value has no Spark type is named in the error."""
    try:
        return _infer_type(value)
    except TypeError:
        raise PySparkTypeError(
            errorClass="CANNOT_INFER_TYPE_FOR_FIELD", messageParameters={"field_name": name}
        ) from None


def _merge_type(a: DataType, b: DataType) -> DataType:
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType) or a == b:
        return a
    if isinstance(a, StructType) and isinstance(b, StructType):
        fields = {f.name: f.dataType for f in a.fields}
        for f in b.fields:
            fields[f.name] = _merge_type(fields.get(f.name, NullType()), f.dataType)
        return StructType([StructField(name, t, True) for name, t in fields.items()])
    if isinstance(a, ArrayType) and isinstance(b, ArrayType):
        return ArrayType(_merge_type(a.elementType, b.elementType), True)
    if isinstance(a, MapType) and isinstance(b, MapType):
        return MapType(_merge_type(a.keyType, b.keyType), _merge_type(a.valueType, b.valueType), True)
    raise PySparkTypeError(
        errorClass="CANNOT_MERGE_TYPE",
        messageParameters={"data_type1": type(a).__name__, "data_type2": type(b).__name__},
    )
