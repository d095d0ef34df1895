"""pyspark.sql.functions: Spark's built-in functions.

A string where a column goes is a column name (`sum("price")`); patterns, formats and durations are plain
values. The signatures below are also the runtime's: functions not written out in functions.py are built
from them and forward to the engine's function of the same name.
"""

from typing import Any, Callable, Dict, List, Optional, Union

from pyspark.sql.column import Column
from pyspark.sql.dataframe import DataFrame
from pyspark.sql.types import DataType, StructType

ColumnOrName = Union[Column, str]

# ── columns and literals ──

def col(col: str) -> Column:
    """A column by name: `col("price")`, nested fields as `col("geo.city")`."""

def column(col: str) -> Column:
    """Same as col()."""

def lit(col: Any) -> Column:
    """A literal value as a Column: `lit(1)`, `lit("a")`, `lit(None)`; a list becomes an array."""

def expr(str: str) -> Column:
    """A SQL expression string as a Column: `expr("price * 2 AS doubled")`."""

def when(condition: Column, value: Any) -> Column:
    """CASE WHEN: `when(col("a") > 1, "big").otherwise("small")`; chain more with `.when(...)`."""

def coalesce(*cols: ColumnOrName) -> Column:
    """The first of the columns that is not null."""

def broadcast(df: DataFrame) -> DataFrame:
    """A join hint; Sluice runs in one process and returns the DataFrame as it is."""

def udf(f: Any = None, returnType: Any = ..., *, useArrow: Optional[bool] = None) -> Any:
    """A Python function called per row, as a function of Columns: `udf(lambda s: len(s), "int")`, or a
    decorator: `@udf`, `@udf("int")`, `@udf(returnType=IntegerType())`. The return type defaults to string."""

def pandas_udf(f: Any = None, returnType: Any = None, functionType: Any = None) -> Any:
    """Not available: pandas is not part of Sluice's offline Python (raises PySpark's PACKAGE_NOT_INSTALLED)."""

def call_udf(udfName: str, *cols: ColumnOrName) -> Column:
    """Calls the function registered as `udfName` (`spark.udf.register`) with these columns."""

def callUDF(udfName: str, *cols: ColumnOrName) -> Column:
    """Calls the function registered as `udfName`; same as `call_udf`."""

# ── aggregates ──

def count(col: ColumnOrName) -> Column:
    """The number of rows (`count("*")`) or of non-null values of a column."""

def countDistinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    """The number of distinct values (of one or several columns)."""

def count_distinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    """The number of distinct values (of one or several columns)."""

def approx_count_distinct(col: ColumnOrName, rsd: Optional[float] = None) -> Column:
    """Distinct values estimated with HyperLogLog++ (relative standard deviation `rsd`, default 0.05);
    works on streams, whose state keeps the sketch."""

def approxCountDistinct(col: ColumnOrName, rsd: Optional[float] = None) -> Column:
    """Deprecated spelling of approx_count_distinct()."""

def grouping(col: ColumnOrName) -> Column:
    """In cube, rollup or groupingSets: 1 where the row's grouping set leaves the column out, else 0."""

def grouping_id(*cols: ColumnOrName) -> Column:
    """In cube, rollup or groupingSets: the row's grouping set as bits, the first column the highest, 1 where
    the set leaves it out."""

def sum(col: ColumnOrName) -> Column:
    """The sum of a column's values."""

def sumDistinct(col: ColumnOrName) -> Column:
    """The sum of a column's distinct values."""

def sum_distinct(col: ColumnOrName) -> Column:
    """The sum of a column's distinct values."""

def avg(col: ColumnOrName) -> Column:
    """The average of a column's values."""

def mean(col: ColumnOrName) -> Column:
    """The average of a column's values."""

def min(col: ColumnOrName) -> Column:
    """The smallest value."""

def max(col: ColumnOrName) -> Column:
    """The largest value."""

def min_by(col: ColumnOrName, ord: ColumnOrName) -> Column:
    """The value of `col` where `ord` is smallest."""

def max_by(col: ColumnOrName, ord: ColumnOrName) -> Column:
    """The value of `col` where `ord` is largest."""

def first(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """The first value of a group."""

def last(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """The last value of a group."""

def first_value(col: ColumnOrName, ignoreNulls: Optional[bool] = None) -> Column:
    """The first value of a group."""

def last_value(col: ColumnOrName, ignoreNulls: Optional[bool] = None) -> Column:
    """The last value of a group."""

def any_value(col: ColumnOrName) -> Column:
    """Some value of the group."""

def collect_list(col: ColumnOrName) -> Column:
    """The group's values as an array (duplicates kept)."""

def collect_set(col: ColumnOrName) -> Column:
    """The group's distinct values as an array."""

def array_agg(col: ColumnOrName) -> Column:
    """The group's values as an array."""

def stddev(col: ColumnOrName) -> Column:
    """Sample standard deviation."""

def stddev_samp(col: ColumnOrName) -> Column:
    """Sample standard deviation."""

def stddev_pop(col: ColumnOrName) -> Column:
    """Population standard deviation."""

def variance(col: ColumnOrName) -> Column:
    """Sample variance."""

def var_samp(col: ColumnOrName) -> Column:
    """Sample variance."""

def var_pop(col: ColumnOrName) -> Column:
    """Population variance."""

def median(col: ColumnOrName) -> Column:
    """The median of the group's values."""

def mode(col: ColumnOrName) -> Column:
    """The most frequent value of the group."""

def product(col: ColumnOrName) -> Column:
    """The product of the group's values."""

def percentile(col: ColumnOrName, percentage: float) -> Column:
    """The exact percentile (0..1) of the group's values."""

def percentile_approx(col: ColumnOrName, percentage: float, accuracy: int = 10000) -> Column:
    """An approximate percentile (0..1) of the group's values."""

def corr(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Pearson correlation of two columns."""

def covar_pop(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Population covariance of two columns."""

def covar_samp(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Sample covariance of two columns."""

def count_if(col: ColumnOrName) -> Column:
    """The number of rows where the condition is true."""

def bool_and(col: ColumnOrName) -> Column:
    """True if the condition holds for every row."""

def bool_or(col: ColumnOrName) -> Column:
    """True if the condition holds for some row."""

def every(col: ColumnOrName) -> Column:
    """True if the condition holds for every row."""

def some(col: ColumnOrName) -> Column:
    """True if the condition holds for some row."""

def bit_and(col: ColumnOrName) -> Column:
    """Bitwise AND of the group's values."""

def bit_or(col: ColumnOrName) -> Column:
    """Bitwise OR of the group's values."""

def bit_xor(col: ColumnOrName) -> Column:
    """Bitwise XOR of the group's values."""

# ── null handling and comparison ──

def isnull(col: ColumnOrName) -> Column:
    """True where the value is null."""

def isnotnull(col: ColumnOrName) -> Column:
    """True where the value is not null."""

def isnan(col: ColumnOrName) -> Column:
    """True where the value is NaN."""

def ifnull(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """`col2` where `col1` is null."""

def nvl(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """`col2` where `col1` is null."""

def nvl2(col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName) -> Column:
    """`col2` where `col1` is not null, else `col3`."""

def nullif(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Null where the two are equal, else `col1`."""

def nanvl(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """`col2` where `col1` is NaN."""

def equal_null(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Equality where two nulls are equal."""

def greatest(*cols: ColumnOrName) -> Column:
    """The largest of the columns' values, nulls skipped."""

def least(*cols: ColumnOrName) -> Column:
    """The smallest of the columns' values, nulls skipped."""

# ── math ──

def abs(col: ColumnOrName) -> Column:
    """Absolute value."""

def round(col: ColumnOrName, scale: int = 0) -> Column:
    """Rounded half up to `scale` decimal places."""

def bround(col: ColumnOrName, scale: int = 0) -> Column:
    """Rounded half to even to `scale` decimal places."""

def floor(col: ColumnOrName) -> Column:
    """Largest integer not greater than the value."""

def ceil(col: ColumnOrName) -> Column:
    """Smallest integer not less than the value."""

def ceiling(col: ColumnOrName) -> Column:
    """Smallest integer not less than the value."""

def sqrt(col: ColumnOrName) -> Column:
    """Square root."""

def cbrt(col: ColumnOrName) -> Column:
    """Cube root."""

def pow(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:
    """`col1` to the power `col2`."""

def power(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:
    """`col1` to the power `col2`."""

def exp(col: ColumnOrName) -> Column:
    """e to the power of the value."""

def expm1(col: ColumnOrName) -> Column:
    """exp(x) - 1."""

def log(arg1: Union[ColumnOrName, float], arg2: Optional[ColumnOrName] = None) -> Column:
    """Natural logarithm of `arg1`, or the logarithm of `arg2` in base `arg1`."""

def ln(col: ColumnOrName) -> Column:
    """Natural logarithm."""

def log10(col: ColumnOrName) -> Column:
    """Base-10 logarithm."""

def log2(col: ColumnOrName) -> Column:
    """Base-2 logarithm."""

def log1p(col: ColumnOrName) -> Column:
    """ln(1 + x)."""

def signum(col: ColumnOrName) -> Column:
    """-1, 0 or 1 by the value's sign."""

def sign(col: ColumnOrName) -> Column:
    """-1, 0 or 1 by the value's sign."""

def negative(col: ColumnOrName) -> Column:
    """The negated value."""

def positive(col: ColumnOrName) -> Column:
    """The value itself."""

def pmod(dividend: Union[ColumnOrName, float], divisor: Union[ColumnOrName, float]) -> Column:
    """Positive remainder of the division."""

def rand(seed: Optional[int] = None) -> Column:
    """A random number in [0, 1)."""

def rint(col: ColumnOrName) -> Column:
    """The closest integer value, as a double."""

def factorial(col: ColumnOrName) -> Column:
    """n!"""

def degrees(col: ColumnOrName) -> Column:
    """Radians to degrees."""

def radians(col: ColumnOrName) -> Column:
    """Degrees to radians."""

def sin(col: ColumnOrName) -> Column:
    """Sine."""

def cos(col: ColumnOrName) -> Column:
    """Cosine."""

def tan(col: ColumnOrName) -> Column:
    """Tangent."""

def asin(col: ColumnOrName) -> Column:
    """Arc sine."""

def acos(col: ColumnOrName) -> Column:
    """Arc cosine."""

def atan(col: ColumnOrName) -> Column:
    """Arc tangent."""

def atan2(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:
    """Angle of the point (col2, col1)."""

def sinh(col: ColumnOrName) -> Column:
    """Hyperbolic sine."""

def cosh(col: ColumnOrName) -> Column:
    """Hyperbolic cosine."""

def tanh(col: ColumnOrName) -> Column:
    """Hyperbolic tangent."""

def hex(col: ColumnOrName) -> Column:
    """Hexadecimal text of a number or string."""

def bit_count(col: ColumnOrName) -> Column:
    """Number of bits set."""

def hash(*cols: ColumnOrName) -> Column:
    """A hash of the columns' values."""

def md5(col: ColumnOrName) -> Column:
    """MD5 digest as hex text."""

def sha1(col: ColumnOrName) -> Column:
    """SHA-1 digest as hex text."""

def sha2(col: ColumnOrName, numBits: int) -> Column:
    """SHA-2 digest (224, 256, 384 or 512 bits) as hex text."""

def monotonically_increasing_id() -> Column:
    """A unique, increasing 64-bit id per row."""

def spark_partition_id() -> Column:
    """The partition id (always 0 in Sluice)."""

def uuid() -> Column:
    """A random UUID per row."""

# ── strings ──

def collate(col: ColumnOrName, collation: str) -> Column:
    """The string with a collation (UTF8_BINARY, UTF8_LCASE, UNICODE, UNICODE_CI)."""

def collation(col: ColumnOrName) -> Column:
    """The qualified name of the string's collation: SYSTEM.BUILTIN.UTF8_LCASE."""

def lower(col: ColumnOrName) -> Column:
    """Lower case."""

def upper(col: ColumnOrName) -> Column:
    """Upper case."""

def initcap(col: ColumnOrName) -> Column:
    """Each word capitalised."""

def length(col: ColumnOrName) -> Column:
    """Number of characters (or bytes of binary)."""

def char_length(str: ColumnOrName) -> Column:
    """Number of characters."""

def bit_length(col: ColumnOrName) -> Column:
    """Length in bits."""

def octet_length(col: ColumnOrName) -> Column:
    """Length in bytes."""

def trim(col: ColumnOrName) -> Column:
    """Spaces removed from both ends."""

def ltrim(col: ColumnOrName) -> Column:
    """Spaces removed from the start."""

def rtrim(col: ColumnOrName) -> Column:
    """Spaces removed from the end."""

def lpad(col: ColumnOrName, len: int, pad: str) -> Column:
    """Left-padded with `pad` to `len` characters."""

def rpad(col: ColumnOrName, len: int, pad: str) -> Column:
    """Right-padded with `pad` to `len` characters."""

def concat(*cols: ColumnOrName) -> Column:
    """The columns' values joined (null if any is null)."""

def concat_ws(sep: str, *cols: ColumnOrName) -> Column:
    """The columns' values joined with `sep`, nulls skipped."""

def substring(str: ColumnOrName, pos: int, len: int) -> Column:
    """`len` characters from position `pos` (1-based)."""

def substring_index(str: ColumnOrName, delim: str, count: int) -> Column:
    """The text before the `count`-th `delim` (after it, for negative counts)."""

def split(str: ColumnOrName, pattern: str, limit: int = -1) -> Column:
    """An array of the parts between matches of the regular expression `pattern`."""

def split_part(src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName) -> Column:
    """The `partNum`-th part between delimiters."""

def instr(str: ColumnOrName, substr: str) -> Column:
    """1-based position of `substr`, 0 if absent."""

def locate(substr: str, str: ColumnOrName, pos: int = 1) -> Column:
    """1-based position of `substr` from `pos`, 0 if absent."""

def left(str: ColumnOrName, len: ColumnOrName) -> Column:
    """The first `len` characters."""

def right(str: ColumnOrName, len: ColumnOrName) -> Column:
    """The last `len` characters."""

def repeat(col: ColumnOrName, n: int) -> Column:
    """The text repeated `n` times."""

def reverse(col: ColumnOrName) -> Column:
    """The text (or array) reversed."""

def translate(srcCol: ColumnOrName, matching: str, replace: str) -> Column:
    """Each character in `matching` replaced by the one at the same place in `replace`."""

def replace(src: ColumnOrName, search: ColumnOrName, replace: Optional[ColumnOrName] = None) -> Column:
    """Every occurrence of `search` replaced."""

def regexp_replace(string: ColumnOrName, pattern: Union[str, Column], replacement: Union[str, Column]) -> Column:
    """Every match of the regular expression replaced."""

def regexp_extract(str: ColumnOrName, pattern: str, idx: int) -> Column:
    """Group `idx` of the first match of the regular expression ("" if none)."""

def regexp_extract_all(str: ColumnOrName, regexp: str, idx: int = 1) -> Column:
    """Group `idx` of every match, as an array."""

def regexp_like(str: ColumnOrName, regexp: ColumnOrName) -> Column:
    """True where the regular expression matches."""

def levenshtein(left: ColumnOrName, right: ColumnOrName) -> Column:
    """Edit distance between two strings."""

def format_string(format: str, *cols: ColumnOrName) -> Column:
    """printf-style formatting."""

def printf(format: ColumnOrName, *cols: ColumnOrName) -> Column:
    """printf-style formatting."""

def contains(left: ColumnOrName, right: ColumnOrName) -> Column:
    """True where `left` contains `right`."""

def startswith(str: ColumnOrName, prefix: ColumnOrName) -> Column:
    """True where the text starts with `prefix`."""

def endswith(str: ColumnOrName, suffix: ColumnOrName) -> Column:
    """True where the text ends with `suffix`."""

def ascii(col: ColumnOrName) -> Column:
    """Code of the first character."""

def base64(col: ColumnOrName) -> Column:
    """Base64 text of binary."""

def unbase64(col: ColumnOrName) -> Column:
    """Binary from base64 text."""

# ── dates and timestamps ──

def current_timestamp() -> Column:
    """The time the micro-batch (or query) started."""

def current_date() -> Column:
    """Today's date."""

def to_timestamp(col: ColumnOrName, format: Optional[str] = None) -> Column:
    """A timestamp parsed from text (Spark's datetime pattern, e.g. "yyyy-MM-dd HH:mm:ss")."""

def try_to_timestamp(col: ColumnOrName, format: Optional[str] = None) -> Column:
    """Like to_timestamp(), null where the text does not parse."""

def try_to_date(col: ColumnOrName, format: Optional[str] = None) -> Column:
    """Like to_date(), null where the text is no date."""

def to_date(col: ColumnOrName, format: Optional[str] = None) -> Column:
    """A date parsed from text or taken from a timestamp."""

def date_format(date: ColumnOrName, format: str) -> Column:
    """A date or timestamp as text in Spark's datetime pattern."""

def unix_timestamp(timestamp: Optional[ColumnOrName] = None, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:
    """Seconds since the epoch (now, when no column is given)."""

def from_unixtime(timestamp: ColumnOrName, format: str = "yyyy-MM-dd HH:mm:ss") -> Column:
    """Seconds since the epoch as formatted text."""

def from_utc_timestamp(timestamp: ColumnOrName, tz: Union[Column, str]) -> Column:
    """The UTC instant as the wall-clock time of time zone `tz` (a region id or an offset)."""

def to_utc_timestamp(timestamp: ColumnOrName, tz: Union[Column, str]) -> Column:
    """The wall-clock time of time zone `tz` as the UTC instant it is."""

# ---- issue 11: datetime functions (timeFunctions.ts)

def convert_timezone(sourceTz: Optional[Column], targetTz: Column, sourceTs: ColumnOrName) -> Column:
    """The wall-clock time `sourceTs` of `sourceTz` (the session time zone when None) as that of `targetTz`."""

def extract(field: Column, source: ColumnOrName) -> Column:
    """A part (lit("YEAR"), lit("dow"), ...: Spark's field names and synonyms) of a date or timestamp."""

def timestamp_add(unit: str, quantity: ColumnOrName, ts: ColumnOrName) -> Column:
    """The timestamp `ts` moved by `quantity` units ("YEAR", "MONTH", "DAY", "HOUR", ...)."""

def timestamp_diff(unit: str, start: ColumnOrName, end: ColumnOrName) -> Column:
    """The whole units ("YEAR", "MONTH", "DAY", "HOUR", ...) from `start` to `end`."""

def make_dt_interval(
    days: Optional[ColumnOrName] = None,
    hours: Optional[ColumnOrName] = None,
    mins: Optional[ColumnOrName] = None,
    secs: Optional[ColumnOrName] = None,
) -> Column:
    """An INTERVAL DAY TO SECOND of days, hours, minutes and seconds (missing ones 0)."""

def make_ym_interval(years: Optional[ColumnOrName] = None, months: Optional[ColumnOrName] = None) -> Column:
    """An INTERVAL YEAR TO MONTH of years and months (missing ones 0)."""

def make_interval(
    years: Optional[ColumnOrName] = None,
    months: Optional[ColumnOrName] = None,
    weeks: Optional[ColumnOrName] = None,
    days: Optional[ColumnOrName] = None,
    hours: Optional[ColumnOrName] = None,
    mins: Optional[ColumnOrName] = None,
    secs: Optional[ColumnOrName] = None,
) -> Column:
    """A calendar interval of years, months, weeks, days, hours, minutes and seconds."""

def try_make_interval(
    years: Optional[ColumnOrName] = None,
    months: Optional[ColumnOrName] = None,
    weeks: Optional[ColumnOrName] = None,
    days: Optional[ColumnOrName] = None,
    hours: Optional[ColumnOrName] = None,
    mins: Optional[ColumnOrName] = None,
    secs: Optional[ColumnOrName] = None,
) -> Column:
    """make_interval, null where the interval overflows."""

def to_timestamp_ntz(timestamp: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:
    """A string parsed into a timestamp without time zone."""

def make_timestamp_ntz(years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName) -> Column:
    """The timestamp without time zone of these fields."""

def timestamp_seconds(col: ColumnOrName) -> Column:
    """A timestamp from seconds since the epoch."""

def timestamp_millis(col: ColumnOrName) -> Column:
    """A timestamp from milliseconds since the epoch."""

def timestamp_micros(col: ColumnOrName) -> Column:
    """A timestamp from microseconds since the epoch."""

def unix_seconds(col: ColumnOrName) -> Column:
    """Seconds since the epoch of a timestamp."""

def unix_millis(col: ColumnOrName) -> Column:
    """Milliseconds since the epoch of a timestamp."""

def unix_micros(col: ColumnOrName) -> Column:
    """Microseconds since the epoch of a timestamp."""

def unix_date(col: ColumnOrName) -> Column:
    """Days since the epoch of a date."""

def date_from_unix_date(days: ColumnOrName) -> Column:
    """A date from days since the epoch."""

def date_trunc(format: str, timestamp: ColumnOrName) -> Column:
    """A timestamp truncated to the unit ("hour", "day", "month", ...)."""

def trunc(date: ColumnOrName, format: str) -> Column:
    """A date truncated to the unit ("year", "month", "week", ...)."""

def date_add(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    """The date `days` later."""

def date_sub(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    """The date `days` earlier."""

def add_months(start: ColumnOrName, months: Union[ColumnOrName, int]) -> Column:
    """The date `months` later."""

def datediff(end: ColumnOrName, start: ColumnOrName) -> Column:
    """Days from `start` to `end`."""

def make_date(year: ColumnOrName, month: ColumnOrName, day: ColumnOrName) -> Column:
    """A date from its parts."""

def date_part(field: Column, source: ColumnOrName) -> Column:
    """A part ("YEAR", "HOUR", ...) of a date or timestamp."""

def last_day(date: ColumnOrName) -> Column:
    """The last day of the date's month."""

def year(col: ColumnOrName) -> Column:
    """The year."""

def quarter(col: ColumnOrName) -> Column:
    """The quarter (1-4)."""

def month(col: ColumnOrName) -> Column:
    """The month (1-12)."""

def dayofmonth(col: ColumnOrName) -> Column:
    """The day of the month."""

def dayofweek(col: ColumnOrName) -> Column:
    """The day of the week (1 = Sunday)."""

def dayofyear(col: ColumnOrName) -> Column:
    """The day of the year."""

def weekofyear(col: ColumnOrName) -> Column:
    """The ISO week of the year."""

def weekday(col: ColumnOrName) -> Column:
    """The day of the week (0 = Monday)."""

def hour(col: ColumnOrName) -> Column:
    """The hour (0-23)."""

def minute(col: ColumnOrName) -> Column:
    """The minute."""

def second(col: ColumnOrName) -> Column:
    """The second."""

def window(
    timeColumn: ColumnOrName,
    windowDuration: str,
    slideDuration: Optional[str] = None,
    startTime: Optional[str] = None,
) -> Column:
    """Event-time windows for groupBy: `window("ts", "10 minutes")` tumbling, with `slideDuration` sliding;
    the result is a struct column `window` with `start` and `end`."""

def session_window(timeColumn: ColumnOrName, gapDuration: Union[Column, str]) -> Column:
    """Session windows that close after `gapDuration` without events."""

# ── arrays, maps, structs ──

def array(*cols: ColumnOrName) -> Column:
    """An array of the columns' values."""

def array_contains(col: ColumnOrName, value: Any) -> Column:
    """True where the array contains the value."""

def array_position(col: ColumnOrName, value: Any) -> Column:
    """1-based position of the value in the array, 0 if absent."""

def array_remove(col: ColumnOrName, element: Any) -> Column:
    """The array without the element."""

def array_append(col: ColumnOrName, value: Any) -> Column:
    """The array with the value added at its end."""

def array_distinct(col: ColumnOrName) -> Column:
    """The array's distinct elements."""

def array_max(col: ColumnOrName) -> Column:
    """The array's largest element."""

def array_min(col: ColumnOrName) -> Column:
    """The array's smallest element."""

def array_size(col: ColumnOrName) -> Column:
    """The number of elements."""

def array_compact(col: ColumnOrName) -> Column:
    """The array without nulls."""

def array_join(col: ColumnOrName, delimiter: str, null_replacement: Optional[str] = None) -> Column:
    """The elements joined into text."""

def array_union(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Distinct elements of either array."""

def array_intersect(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Distinct elements of both arrays."""

def array_except(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """Distinct elements of the first array not in the second."""

def arrays_overlap(a1: ColumnOrName, a2: ColumnOrName) -> Column:
    """True where the arrays share an element."""

def array_repeat(col: ColumnOrName, count: Union[ColumnOrName, int]) -> Column:
    """An array of the value repeated."""

def array_sort(col: ColumnOrName) -> Column:
    """The array sorted ascending, nulls last."""

def sort_array(col: ColumnOrName, asc: bool = True) -> Column:
    """The array sorted."""

def slice(x: ColumnOrName, start: Union[ColumnOrName, int], length: Union[ColumnOrName, int]) -> Column:
    """`length` elements from 1-based `start`."""

def sequence(start: ColumnOrName, stop: ColumnOrName, step: Optional[ColumnOrName] = None) -> Column:
    """An array of the numbers from `start` to `stop`."""

def flatten(col: ColumnOrName) -> Column:
    """An array of arrays made one array."""

def shuffle(col: ColumnOrName, seed: Optional[Union[Column, int]] = None) -> Column:
    """A random permutation of the array; the same seed gives the same order over the same input."""

def arrays_zip(*cols: ColumnOrName) -> Column:
    """An array of structs whose i-th holds the i-th elements of the arrays, fields named after the columns."""

def size(col: ColumnOrName) -> Column:
    """The number of elements of an array or map."""

def cardinality(col: ColumnOrName) -> Column:
    """The number of elements of an array or map."""

def element_at(col: ColumnOrName, extraction: Any) -> Column:
    """The array element at a 1-based index, or the map value of a key."""

def explode(col: ColumnOrName) -> Column:
    """A row per array element (or map entry)."""

def explode_outer(col: ColumnOrName) -> Column:
    """Like explode(), with a null row for empty or null arrays."""

def posexplode(col: ColumnOrName) -> Column:
    """A row per element, with its position."""

def posexplode_outer(col: ColumnOrName) -> Column:
    """Like posexplode(), with a null row for empty or null arrays."""

def inline(col: ColumnOrName) -> Column:
    """A row per struct of an array of structs, its fields as columns."""

def inline_outer(col: ColumnOrName) -> Column:
    """Like inline(), with a null row for empty or null arrays."""

def create_map(*cols: ColumnOrName) -> Column:
    """A map from key, value, key, value, ... columns."""

def map_from_arrays(col1: ColumnOrName, col2: ColumnOrName) -> Column:
    """A map from an array of keys and an array of values."""

def map_from_entries(col: ColumnOrName) -> Column:
    """A map from an array of key-value structs."""

def map_keys(col: ColumnOrName) -> Column:
    """The map's keys as an array."""

def map_values(col: ColumnOrName) -> Column:
    """The map's values as an array."""

def map_entries(col: ColumnOrName) -> Column:
    """The map's entries as an array of key-value structs."""

def map_contains_key(col: ColumnOrName, value: Any) -> Column:
    """True where the map has the key."""

def struct(*cols: ColumnOrName) -> Column:
    """A struct of the columns."""

def named_struct(*cols: ColumnOrName) -> Column:
    """A struct from name, value, name, value, ... arguments."""

def from_json(col: ColumnOrName, schema: Union[DataType, str, Column], options: Optional[Dict[str, str]] = None) -> Column:
    """JSON text parsed into a struct (or array, map) of the given schema."""

def to_json(col: ColumnOrName, options: Optional[Dict[str, str]] = None) -> Column:
    """A struct, array, map or variant as JSON text."""

def parse_json(col: ColumnOrName) -> Column:
    """Spark 4: JSON text as a VARIANT; malformed JSON fails the query."""

def try_parse_json(col: ColumnOrName) -> Column:
    """Spark 4: JSON text as a VARIANT, None where it is malformed."""

def is_variant_null(v: ColumnOrName) -> Column:
    """Spark 4: whether a VARIANT holds a JSON null."""

def variant_get(v: ColumnOrName, path: str, targetType: str) -> Column:
    """Spark 4: the value at `path` ("$.a[0]") of a VARIANT as `targetType`; INVALID_VARIANT_CAST where it does not cast."""

def try_variant_get(v: ColumnOrName, path: str, targetType: str) -> Column:
    """Spark 4: variant_get with None where the value does not cast."""

def schema_of_variant(v: ColumnOrName) -> Column:
    """Spark 4: a VARIANT's schema as SQL text."""

def schema_of_variant_agg(v: ColumnOrName) -> Column:
    """Spark 4: the merged schema of a group's VARIANTs."""

def get_json_object(col: ColumnOrName, path: str) -> Column:
    """The value at a JSON path ("$.a.b") of JSON text, as text."""

def json_tuple(col: ColumnOrName, *fields: str) -> Column:
    """A generator: one row of string columns c0, c1, ... holding the JSON object's `fields`."""

def json_array_length(col: ColumnOrName) -> Column:
    """The number of elements of the outermost JSON array, or null."""

def json_object_keys(col: ColumnOrName) -> Column:
    """The keys of the outermost JSON object as an array, or null."""

def schema_of_json(json: Union[Column, str], options: Optional[Dict[str, str]] = None) -> Column:
    """The schema Spark infers for a constant JSON text, as DDL ("STRUCT<a: BIGINT>")."""

def url_encode(str: ColumnOrName) -> Column:
    """The text escaped as application/x-www-form-urlencoded (a space is "+")."""

def url_decode(str: ColumnOrName) -> Column:
    """application/x-www-form-urlencoded text decoded; a malformed escape raises CANNOT_DECODE_URL."""

def try_url_decode(str: ColumnOrName) -> Column:
    """url_decode, None where the text cannot be decoded."""

def parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key: Optional[ColumnOrName] = None) -> Column:
    """A part of a URL (HOST, PATH, QUERY, REF, PROTOCOL, FILE, AUTHORITY, USERINFO) or a query parameter."""

def try_parse_url(url: ColumnOrName, partToExtract: ColumnOrName, key: Optional[ColumnOrName] = None) -> Column:
    """parse_url, None for an invalid URL."""

def str_to_map(text: ColumnOrName, pairDelim: Optional[ColumnOrName] = None, keyValueDelim: Optional[ColumnOrName] = None) -> Column:
    """A map from delimited text: pairs split by pairDelim (","), key and value by keyValueDelim (":")."""

def from_csv(col: ColumnOrName, schema: Union[Column, str], options: Optional[Dict[str, str]] = None) -> Column:
    """A CSV line parsed into a struct of the given DDL schema."""

def schema_of_csv(csv: Union[Column, str], options: Optional[Dict[str, str]] = None) -> Column:
    """The schema Spark infers for a constant CSV line, as DDL ("STRUCT<_c0: INT, _c1: STRING>")."""

# ── higher-order functions (Python lambdas over Columns) ──

def transform(col: ColumnOrName, f: Callable[..., Column]) -> Column:
    """Each array element mapped: `transform("xs", lambda x: x * 2)`."""

def filter(col: ColumnOrName, f: Callable[..., Column]) -> Column:
    """The array's elements for which `f` is true."""

def exists(col: ColumnOrName, f: Callable[[Column], Column]) -> Column:
    """True where `f` holds for some element."""

def forall(col: ColumnOrName, f: Callable[[Column], Column]) -> Column:
    """True where `f` holds for every element."""

def zip_with(left: ColumnOrName, right: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """The arrays merged element by element: `zip_with("xs", "ys", lambda x, y: x + y)`."""

def map_filter(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """The map's entries for which `f(key, value)` is true."""

def transform_values(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """The map with each value replaced by `f(key, value)`."""

def transform_keys(col: ColumnOrName, f: Callable[[Column, Column], Column]) -> Column:
    """The map with each key replaced by `f(key, value)`."""

def aggregate(col: ColumnOrName, initialValue: ColumnOrName, merge: Callable[[Column, Column], Column], finish: Optional[Callable[[Column], Column]] = None) -> Column:
    """The array folded: `aggregate("xs", lit(0), lambda acc, x: acc + x)`."""

def reduce(col: ColumnOrName, initialValue: ColumnOrName, merge: Callable[[Column, Column], Column], finish: Optional[Callable[[Column], Column]] = None) -> Column:
    """The array folded (same as aggregate())."""

# ── sort orders ──

def asc(col: ColumnOrName) -> Column:
    """Ascending order, nulls first."""

def asc_nulls_first(col: ColumnOrName) -> Column:
    """Ascending order, nulls first."""

def asc_nulls_last(col: ColumnOrName) -> Column:
    """Ascending order, nulls last."""

def desc(col: ColumnOrName) -> Column:
    """Descending order, nulls last."""

def desc_nulls_first(col: ColumnOrName) -> Column:
    """Descending order, nulls first."""

def desc_nulls_last(col: ColumnOrName) -> Column:
    """Descending order, nulls last."""

# ── window functions (with `.over(Window.partitionBy(...).orderBy(...))`) ──

def row_number() -> Column:
    """1, 2, 3, ... in the window's order."""

def rank() -> Column:
    """The rank in the window's order, with gaps after ties."""

def dense_rank() -> Column:
    """The rank in the window's order, without gaps."""

def percent_rank() -> Column:
    """The relative rank (0..1) in the window's order."""

def cume_dist() -> Column:
    """The fraction of rows up to this one in the window's order."""

def ntile(n: int) -> Column:
    """The bucket (1..n) of the row in the window's order."""

def lag(col: ColumnOrName, offset: int = 1, default: Optional[Any] = None) -> Column:
    """The value `offset` rows before, or `default`."""

def lead(col: ColumnOrName, offset: int = 1, default: Optional[Any] = None) -> Column:
    """The value `offset` rows after, or `default`."""

# ── Spark's other built-ins, with PySpark 4's signatures ──

def like(str: ColumnOrName, pattern: ColumnOrName, escapeChar: Optional[Column] = None) -> Column:
    """True where `str` matches the SQL LIKE `pattern` (`_` one character, `%` any run)."""

def ilike(str: ColumnOrName, pattern: ColumnOrName, escapeChar: Optional[Column] = None) -> Column:
    """like(), ignoring case."""

def rlike(str: ColumnOrName, regexp: ColumnOrName) -> Column:
    """True where the regular expression matches part of `str`."""

def regexp(str: ColumnOrName, regexp: ColumnOrName) -> Column:
    """Same as rlike()."""

def regexp_count(str: ColumnOrName, regexp: ColumnOrName) -> Column:
    """The number of matches of the regular expression in `str`."""

def regexp_substr(str: ColumnOrName, regexp: ColumnOrName) -> Column:
    """The first match of the regular expression in `str`, null if none."""

def acosh(col: ColumnOrName) -> Column:
    """The inverse hyperbolic cosine."""

def asinh(col: ColumnOrName) -> Column:
    """The inverse hyperbolic sine."""

def atanh(col: ColumnOrName) -> Column:
    """The inverse hyperbolic tangent."""

def bin(col: ColumnOrName) -> Column:
    """The binary digits of a long, as a string."""

def cot(col: ColumnOrName) -> Column:
    """The cotangent of an angle in radians."""

def csc(col: ColumnOrName) -> Column:
    """The cosecant of an angle in radians."""

def sec(col: ColumnOrName) -> Column:
    """The secant of an angle in radians."""

def e() -> Column:
    """Euler's number."""

def pi() -> Column:
    """π."""

def hypot(col1: Union[ColumnOrName, float], col2: Union[ColumnOrName, float]) -> Column:
    """sqrt(col1² + col2²) without overflow on the way."""

def randn(seed: Optional[int] = None) -> Column:
    """A standard normal random number per row; the same seed gives the same numbers over the same input."""

def random(seed: Optional[Union[Column, int]] = None) -> Column:
    """A uniform random number in [0, 1) per row; the same seed gives the same numbers over the same input."""

def try_add(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left + right, null where it overflows."""

def nth_value(col: ColumnOrName, offset: int, ignoreNulls: Optional[bool] = False) -> Column:
    """Window function: the value of the frame's offset-th row (from 1); ignoreNulls skips nulls."""

def try_sum(col: ColumnOrName) -> Column:
    """The sum of the group's values, null where it overflows."""

def try_avg(col: ColumnOrName) -> Column:
    """The mean of the group's values, null where their sum overflows."""

def try_divide(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left / right, null where right is 0."""

def try_mod(left: ColumnOrName, right: ColumnOrName) -> Column:
    """The remainder of left / right, null where right is 0."""

def try_multiply(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left * right, null where it overflows."""

def try_subtract(left: ColumnOrName, right: ColumnOrName) -> Column:
    """left - right, null where it overflows."""

def unhex(col: ColumnOrName) -> Column:
    """The bytes of a hexadecimal string."""

def width_bucket(v: ColumnOrName, min: ColumnOrName, max: ColumnOrName, numBucket: Union[ColumnOrName, int]) -> Column:
    """The bucket of `v` among `numBucket` equal-width buckets from `min` to `max`."""

def shiftleft(col: ColumnOrName, numBits: int) -> Column:
    """The number shifted left by `numBits` bits."""

def shiftright(col: ColumnOrName, numBits: int) -> Column:
    """The number shifted right (signed) by `numBits` bits."""

def btrim(str: ColumnOrName, trim: Optional[ColumnOrName] = None) -> Column:
    """The string without leading and trailing spaces, or characters of `trim`."""

def char(col: ColumnOrName) -> Column:
    """The character of an ASCII code."""

def chr(col: ColumnOrName) -> Column:
    """Same as char()."""

def character_length(str: ColumnOrName) -> Column:
    """The number of characters of a string."""

def decode(col: ColumnOrName, charset: str) -> Column:
    """Binary decoded into a string (UTF-8 only)."""

def encode(col: ColumnOrName, charset: str) -> Column:
    """A string encoded into binary (UTF-8 only)."""

def elt(*inputs: ColumnOrName) -> Column:
    """The n-th of the inputs (1-based), n being the first."""

def find_in_set(str: ColumnOrName, str_array: ColumnOrName) -> Column:
    """The 1-based position of `str` in a comma-separated list, 0 if absent."""

def format_number(col: ColumnOrName, d: int) -> Column:
    """The number formatted as `#,###,###.##` with `d` decimal places."""

def is_valid_utf8(str: ColumnOrName) -> Column:
    """True where the string is valid UTF-8."""

def make_valid_utf8(str: ColumnOrName) -> Column:
    """The string with invalid UTF-8 replaced by U+FFFD."""

def validate_utf8(str: ColumnOrName) -> Column:
    """The string if it is valid UTF-8, else an error."""

def try_validate_utf8(str: ColumnOrName) -> Column:
    """The string if it is valid UTF-8, else null."""

def lcase(str: ColumnOrName) -> Column:
    """Same as lower()."""

def ucase(str: ColumnOrName) -> Column:
    """Same as upper()."""

def overlay(src: ColumnOrName, replace: ColumnOrName, pos: Union[ColumnOrName, int], len: Union[ColumnOrName, int] = -1) -> Column:
    """`src` with `len` characters from `pos` replaced by `replace` (-1: the length of `replace`)."""

def position(substr: ColumnOrName, str: ColumnOrName, start: Optional[ColumnOrName] = None) -> Column:
    """The 1-based position of `substr` in `str` from `start`, 0 if absent."""

def substr(str: ColumnOrName, pos: ColumnOrName, len: Optional[ColumnOrName] = None) -> Column:
    """The part of `str` from `pos`, `len` characters long or to the end."""

def curdate() -> Column:
    """The current date."""

def current_timezone() -> Column:
    """The session's time zone."""

def localtimestamp() -> Column:
    """The current timestamp without time zone."""

def now() -> Column:
    """The current timestamp."""

def date_diff(end: ColumnOrName, start: ColumnOrName) -> Column:
    """The number of days from `start` to `end`."""

def dateadd(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    """The date `days` after `start`."""

def datepart(field: Column, source: ColumnOrName) -> Column:
    """A part (`lit("YEAR")`, ...) of a date, timestamp or interval."""

def day(col: ColumnOrName) -> Column:
    """The day of the month."""

def dayname(col: ColumnOrName) -> Column:
    """The three-letter day name: `Mon`."""

def monthname(col: ColumnOrName) -> Column:
    """The three-letter month name: `Jan`."""

def make_timestamp(years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName, timezone: Optional[ColumnOrName] = None) -> Column:
    """The timestamp of these fields."""

def try_make_timestamp(years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName, timezone: Optional[ColumnOrName] = None) -> Column:
    """Like make_timestamp(), null where the fields make no timestamp."""

def try_make_timestamp_ltz(years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName, timezone: Optional[ColumnOrName] = None) -> Column:
    """Like make_timestamp_ltz(), null where the fields make no timestamp."""

def try_make_timestamp_ntz(years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName) -> Column:
    """Like make_timestamp_ntz(), null where the fields make no timestamp."""

def make_timestamp_ltz(years: ColumnOrName, months: ColumnOrName, days: ColumnOrName, hours: ColumnOrName, mins: ColumnOrName, secs: ColumnOrName, timezone: Optional[ColumnOrName] = None) -> Column:
    """The timestamp (with the session's time zone) of these fields."""

def months_between(date1: ColumnOrName, date2: ColumnOrName, roundOff: bool = True) -> Column:
    """The months between two dates, rounded to 8 digits unless `roundOff` is False."""

def next_day(date: ColumnOrName, dayOfWeek: str) -> Column:
    """The first date after `date` on `dayOfWeek` ("Mon", "Tuesday", ...)."""

def to_timestamp_ltz(timestamp: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:
    """A string parsed into a timestamp with the session's time zone."""

def to_unix_timestamp(timestamp: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:
    """Seconds since the epoch of a timestamp, or of a string parsed with `format`."""

def window_time(windowColumn: ColumnOrName) -> Column:
    """The event time of a time window: its end less one microsecond."""

def sha(col: ColumnOrName) -> Column:
    """The SHA-1 digest as hex."""

def try_element_at(col: ColumnOrName, extraction: ColumnOrName) -> Column:
    """element_at(), null where the index is out of range."""

def array_prepend(col: ColumnOrName, value: Any) -> Column:
    """The array with `value` first."""

def get(col: ColumnOrName, index: Union[ColumnOrName, int]) -> Column:
    """The array element at a 0-based index, null out of range."""

def map_concat(*cols: ColumnOrName) -> Column:
    """The union of the maps."""

def approx_percentile(col: ColumnOrName, percentage: Union[Column, float, List[float]], accuracy: Union[Column, int] = 10000) -> Column:
    """The approximate percentile (or array of percentiles) of the group's values."""

def kurtosis(col: ColumnOrName) -> Column:
    """The excess kurtosis of the group's values."""

def skewness(col: ColumnOrName) -> Column:
    """The skewness of the group's values."""

def std(col: ColumnOrName) -> Column:
    """The sample standard deviation."""

def regr_avgx(y: ColumnOrName, x: ColumnOrName) -> Column:
    """The mean of `x` over the pairs where neither is null."""

def regr_avgy(y: ColumnOrName, x: ColumnOrName) -> Column:
    """The mean of `y` over the pairs where neither is null."""

def regr_count(y: ColumnOrName, x: ColumnOrName) -> Column:
    """The number of pairs where neither is null."""

def regr_intercept(y: ColumnOrName, x: ColumnOrName) -> Column:
    """The intercept of the least-squares line of `y` on `x`."""

def regr_r2(y: ColumnOrName, x: ColumnOrName) -> Column:
    """The coefficient of determination of the least-squares line."""

def regr_slope(y: ColumnOrName, x: ColumnOrName) -> Column:
    """The slope of the least-squares line of `y` on `x`."""

def regr_sxx(y: ColumnOrName, x: ColumnOrName) -> Column:
    """regr_count(y, x) * var_pop(x)."""

def regr_sxy(y: ColumnOrName, x: ColumnOrName) -> Column:
    """regr_count(y, x) * covar_pop(y, x)."""

def regr_syy(y: ColumnOrName, x: ColumnOrName) -> Column:
    """regr_count(y, x) * var_pop(y)."""

def input_file_name() -> Column:
    """The file the row was read from: empty, as Sluice does not track it."""

def input_file_block_length() -> Column:
    """-1, as Spark gives where no block is known."""

def input_file_block_start() -> Column:
    """-1, as Spark gives where no block is known."""

def raise_error(errMsg: Union[Column, str]) -> Column:
    """Fails the query with `errMsg` (USER_RAISED_EXCEPTION)."""

def assert_true(col: ColumnOrName, errMsg: Optional[Union[Column, str]] = None) -> Column:
    """Null where `col` is true; fails the query (USER_RAISED_EXCEPTION) where it is false or null."""

def typeof(col: ColumnOrName) -> Column:
    """The SQL type name of the value."""

# ── number formats (0 9 . D , G $ S MI PR) ──

def to_number(col: ColumnOrName, format: ColumnOrName) -> Column:
    """The string parsed as a decimal in the number format `format` (a Column: `lit("$99.99")`)."""

def try_to_number(col: ColumnOrName, format: ColumnOrName) -> Column:
    """to_number, null where the string does not match the format."""

def to_char(col: ColumnOrName, format: ColumnOrName) -> Column:
    """A number, date, timestamp or binary as text in the format `format` (a Column: `lit("99G999D9S")`)."""

def to_varchar(col: ColumnOrName, format: ColumnOrName) -> Column:
    """Same as to_char()."""

# ── strings: soundex, quote, mask, regexp_instr, sentences ──

def soundex(col: ColumnOrName) -> Column:
    """The Soundex code of the string: soundex("Miller") is M460."""

def quote(col: ColumnOrName) -> Column:
    """The string in single quotes, each single quote in it escaped with a backslash."""

def mask(
    col: ColumnOrName,
    upperChar: Optional[ColumnOrName] = None,
    lowerChar: Optional[ColumnOrName] = None,
    digitChar: Optional[ColumnOrName] = None,
    otherChar: Optional[ColumnOrName] = None,
) -> Column:
    """Upper case to X, lower case to x, digits to n (or the literal Columns given); other characters kept."""

def regexp_instr(str: ColumnOrName, regexp: ColumnOrName, idx: Optional[Union[int, Column]] = None) -> Column:
    """The 1-based position where the first match starts, 0 if none."""

def sentences(
    string: ColumnOrName, language: Optional[ColumnOrName] = None, country: Optional[ColumnOrName] = None
) -> Column:
    """The text split into sentences, each an array of its words."""

# ── random values: uniform, randstr ──

def uniform(
    min: Union[Column, int, float], max: Union[Column, int, float], seed: Optional[Union[Column, int]] = None
) -> Column:
    """A random number in [min, max): an integer where both bounds are integers; the same for a seed."""

def randstr(length: Union[Column, int], seed: Optional[Union[Column, int]] = None) -> Column:
    """A random string of `length` characters from 0-9, a-z and A-Z; the same for a seed."""

# ── issue 11: hash functions ──

def xxhash64(*cols: ColumnOrName) -> Column:
    """Spark's XxHash64 (seed 42) of the columns' values, a long."""

def crc32(col: ColumnOrName) -> Column:
    """The CRC-32 of a binary value (a string's UTF-8 bytes), a long."""

# ── issue 11: bit and number functions ──

def bit_get(col: ColumnOrName, pos: ColumnOrName) -> Column:
    """The bit (0 or 1) at position `pos` of an integral value, counted from the right from 0."""

def getbit(col: ColumnOrName, pos: ColumnOrName) -> Column:
    """Same as bit_get()."""

def bitwise_not(col: ColumnOrName) -> Column:
    """The bitwise NOT of an integral value (SQL's `~`)."""

def shiftrightunsigned(col: ColumnOrName, numBits: int) -> Column:
    """The value shifted right by `numBits` bits, zeros filling from the left."""

def conv(col: ColumnOrName, fromBase: int, toBase: int) -> Column:
    """The number written in base `fromBase` (a string) written in base `toBase` (negative: signed)."""

def nullifzero(col: ColumnOrName) -> Column:
    """Null where the value is 0, else the value."""

def zeroifnull(col: ColumnOrName) -> Column:
    """0 where the value is null, else the value."""

def negate(col: ColumnOrName) -> Column:
    """The value negated: same as negative()."""

# ── issue 11: stack, array_insert, map_zip_with ──

def stack(*cols: ColumnOrName) -> Column:
    """A generator: `stack(n, v1, ..., vk)` as n rows of columns col0, col1, ..., the last row padded with nulls."""

def array_insert(arr: ColumnOrName, pos: Union[ColumnOrName, int], value: Any) -> Column:
    """The array with `value` inserted at `pos` (from 1; negative from the end; nulls pad past the end)."""

def map_zip_with(
    col1: ColumnOrName, col2: ColumnOrName, f: Callable[[Column, Column, Column], Column]
) -> Column:
    """The two maps merged by key: `f(key, value1, value2)`, a value missing from one map null."""

# ── issue 11: listagg, string_agg ──

def listagg(col: ColumnOrName, delimiter: Optional[Union[Column, str, bytes]] = None) -> Column:
    """Aggregate: the group's non-null values joined by `delimiter` (none by default); strings or binaries."""

def listagg_distinct(col: ColumnOrName, delimiter: Optional[Union[Column, str, bytes]] = None) -> Column:
    """Aggregate: listagg of the group's distinct values."""

def string_agg(col: ColumnOrName, delimiter: Optional[Union[Column, str, bytes]] = None) -> Column:
    """Aggregate: Spark's other name for listagg."""

def string_agg_distinct(col: ColumnOrName, delimiter: Optional[Union[Column, str, bytes]] = None) -> Column:
    """Aggregate: string_agg of the group's distinct values."""

# ── issue 11: to_binary, try_to_binary ──

def to_binary(col: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:
    """The string as binary in `format` ('hex' when not given, 'utf-8', 'utf8' or 'base64'; a literal Column)."""

def try_to_binary(col: ColumnOrName, format: Optional[ColumnOrName] = None) -> Column:
    """to_binary(), null where the string is malformed or the format is none of Spark's."""

# ── issue 11: to_csv ──

def to_csv(col: ColumnOrName, options: Optional[Dict[str, str]] = None) -> Column:
    """The struct's fields as one CSV line, as Spark's CSV writer writes them under `options`."""

# ── issue 11: XML ──

def from_xml(col: ColumnOrName, schema: Union[StructType, Column, str], options: Optional[Dict[str, str]] = None) -> Column:
    """An XML string parsed into a struct of the given schema (DDL, a StructType or schema_of_xml(...)), under Spark's XML options."""

def to_xml(col: ColumnOrName, options: Optional[Dict[str, str]] = None) -> Column:
    """The struct as an XML string: one rowTag element (ROW by default), pretty-printed as Spark prints it."""

def schema_of_xml(xml: Union[Column, str], options: Optional[Dict[str, str]] = None) -> Column:
    """The schema Spark infers for a constant XML string, as DDL ("STRUCT<a: BIGINT>")."""

# ── issue 11: XPath (`path` is a Column whose value is a constant: `lit("a/b")`) ──

def xpath(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The values of the nodes of `xml` that `path` (XPath 1.0) matches, as an array of strings."""

def xpath_boolean(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """Whether the XPath `path` is true over `xml`, or matches a node."""

def xpath_double(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath `path`'s number over `xml` as a double: 0 where nothing matches, NaN where a match is no number."""

def xpath_number(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """xpath_double under its other name."""

def xpath_float(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath `path`'s number over `xml` as a float: 0 where nothing matches, NaN where a match is no number."""

def xpath_int(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath `path`'s number over `xml` as an int: 0 where nothing matches or a match is no number."""

def xpath_long(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath `path`'s number over `xml` as a long: 0 where nothing matches or a match is no number."""

def xpath_short(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The XPath `path`'s number over `xml` as a short: 0 where nothing matches or a match is no number."""

def xpath_string(xml: ColumnOrName, path: ColumnOrName) -> Column:
    """The text of the first node of `xml` that the XPath `path` matches."""

# ── issue 11: AES ──

def aes_encrypt(
    input: ColumnOrName,
    key: ColumnOrName,
    mode: Optional[ColumnOrName] = None,
    padding: Optional[ColumnOrName] = None,
    iv: Optional[ColumnOrName] = None,
    aad: Optional[ColumnOrName] = None,
) -> Column:
    """`input` encrypted with AES under `key` in `mode` ('GCM' by default, 'CBC', 'ECB'), IV first, GCM's tag last."""

def aes_decrypt(
    input: ColumnOrName,
    key: ColumnOrName,
    mode: Optional[ColumnOrName] = None,
    padding: Optional[ColumnOrName] = None,
    aad: Optional[ColumnOrName] = None,
) -> Column:
    """The plaintext of a value aes_encrypt made, with the same key, mode, padding and (GCM) aad."""

def try_aes_decrypt(
    input: ColumnOrName,
    key: ColumnOrName,
    mode: Optional[ColumnOrName] = None,
    padding: Optional[ColumnOrName] = None,
    aad: Optional[ColumnOrName] = None,
) -> Column:
    """aes_decrypt(), null where it would fail (a wrong key, a damaged value)."""
