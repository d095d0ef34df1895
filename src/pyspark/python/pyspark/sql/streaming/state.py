"""pyspark.sql.streaming.state: GroupState and GroupStateTimeout, as PySpark's (python/pyspark/sql/streaming/state.py).

GroupState is PySpark's pure-Python state of one group: its value, its timeout and the batch's times, with
PySpark's checks and errors. `applyInPandasWithState` itself needs pandas, which Sluice's Python does not have, so
it raises NOT_IMPLEMENTED; a GroupState can still be made and used on its own, as PySpark's own tests do.
"""

import calendar
import datetime
import json
import sys
import time
from typing import Optional, Tuple, Union

from pyspark.errors import PySparkRuntimeError, PySparkTypeError, PySparkValueError
from pyspark.sql.types import Row, StructType

__all__ = ["GroupState", "GroupStateTimeout"]


class GroupStateTimeout:
    """The timeout kinds of `applyInPandasWithState`'s `timeoutConf`."""

    NoTimeout: str = "NoTimeout"
    ProcessingTimeTimeout: str = "ProcessingTimeTimeout"
    EventTimeTimeout: str = "EventTimeTimeout"


_MICROS_PER_MILLIS = 1_000
_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_MINUTE = 60 * _MICROS_PER_SECOND
_MICROS_PER_HOUR = 60 * _MICROS_PER_MINUTE
_MICROS_PER_DAY = 24 * _MICROS_PER_HOUR
# IntervalUtils.getDuration's default: a month is 31 days when an interval becomes a duration (as watermarks).
_DAYS_PER_MONTH = 31
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1


class _InvalidInterval(Exception):
    pass


def _checked(value: int, low: int, high: int) -> int:
    # Spark adds and multiplies with Math.*Exact: an overflow makes the string invalid.
    if not low <= value <= high:
        raise _InvalidInterval()
    return value


def _string_to_interval(text: str) -> Tuple[int, int, int]:
    """Spark's IntervalUtils.stringToInterval: (months, days, microseconds) of a multi-unit interval string.

    Each component is `[+|-] number unit`: the sign is per component, only seconds take a fraction (nanosecond
    precision at most), units are year, month, week, day, hour, minute, second, millisecond, microsecond with an
    optional plural `s`, case-insensitive, after an optional `interval` keyword.
    """
    s = text.strip().lower()
    if not s:
        raise _InvalidInterval()
    i = 0
    if s.startswith("interval"):
        if len(s) == len("interval") or not s[len("interval")].isspace():
            raise _InvalidInterval()
        i = len("interval") + 1
    months = days = micros = 0
    n = len(s)
    while True:
        while i < n and s[i].isspace():
            i += 1
        if i >= n:
            break
        negative = False
        if s[i] in "+-":
            negative = s[i] == "-"
            i += 1
            while i < n and s[i].isspace():
                i += 1
        elif not ("0" <= s[i] <= "9" or s[i] == "."):
            raise _InvalidInterval()
        whole = 0
        fraction_nanos = None
        while i < n and "0" <= s[i] <= "9":
            whole = _checked(whole * 10 + int(s[i]), _LONG_MIN, _LONG_MAX)
            i += 1
        if i < n and s[i] == ".":
            i += 1
            digits = ""
            while i < n and "0" <= s[i] <= "9":
                digits += s[i]
                i += 1
            if len(digits) > 9:
                raise _InvalidInterval()
            fraction_nanos = int(digits.ljust(9, "0")) if digits else 0
        # A number runs until whitespace: "1seconds" or "5" alone have no unit.
        if i >= n or not s[i].isspace():
            raise _InvalidInterval()
        while i < n and s[i].isspace():
            i += 1
        unit_start = i
        while i < n and s[i].isalpha():
            i += 1
        unit = s[unit_start:i]
        if i < n and not s[i].isspace():
            raise _InvalidInterval()
        if unit.endswith("s") and unit != "s":
            unit = unit[:-1]
        if fraction_nanos is not None and unit != "second":
            raise _InvalidInterval()
        value = -whole if negative else whole
        if unit == "year":
            months = _checked(months + _checked(value * 12, _INT_MIN, _INT_MAX), _INT_MIN, _INT_MAX)
        elif unit == "month":
            months = _checked(months + _checked(value, _INT_MIN, _INT_MAX), _INT_MIN, _INT_MAX)
        elif unit == "week":
            days = _checked(days + _checked(value * 7, _INT_MIN, _INT_MAX), _INT_MIN, _INT_MAX)
        elif unit == "day":
            days = _checked(days + _checked(value, _INT_MIN, _INT_MAX), _INT_MIN, _INT_MAX)
        elif unit in ("hour", "minute", "millisecond", "microsecond"):
            per = {
                "hour": _MICROS_PER_HOUR,
                "minute": _MICROS_PER_MINUTE,
                "millisecond": _MICROS_PER_MILLIS,
                "microsecond": 1,
            }[unit]
            micros = _checked(micros + _checked(value * per, _LONG_MIN, _LONG_MAX), _LONG_MIN, _LONG_MAX)
        elif unit == "second":
            fraction_micros = (fraction_nanos or 0) // 1000
            seconds = value * _MICROS_PER_SECOND + (-fraction_micros if negative else fraction_micros)
            micros = _checked(micros + _checked(seconds, _LONG_MIN, _LONG_MAX), _LONG_MIN, _LONG_MAX)
        else:
            raise _InvalidInterval()
    return months, days, micros


def _parse_timeout_duration(duration: str) -> int:
    """A timeout duration string in milliseconds, as Scala's GroupStateImpl.setTimeoutDuration(String) reads it.

    Spark's IntervalUtils.stringToInterval then getDuration with 31-day months; an unparsable string raises
    INVALID_TIMEOUT_DURATION_STRING. The result may be zero or negative: the caller checks that.
    """
    try:
        months, days, micros = _string_to_interval(duration)
        total = _checked(
            micros + months * _DAYS_PER_MONTH * _MICROS_PER_DAY + days * _MICROS_PER_DAY, _LONG_MIN, _LONG_MAX
        )
    except _InvalidInterval:
        raise PySparkValueError(
            errorClass="INVALID_TIMEOUT_DURATION_STRING",
            messageParameters={"duration": duration},
        ) from None
    # TimeUnit.MICROSECONDS.toMillis truncates toward zero.
    return total // _MICROS_PER_MILLIS if total >= 0 else -(-total // _MICROS_PER_MILLIS)


def _to_python(value):
    # NumPy scalars and pandas' timestamps and timedeltas become Python values, as PySpark's update converts them.
    if type(value).__module__.startswith("numpy") and hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "to_pytimedelta"):
        return value.to_pytimedelta()
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    return value


def _timestamp_ms(value: datetime.datetime) -> float:
    # TimestampType().toInternal(dt) / 1000: an aware datetime by its zone, a naive one in local time.
    seconds = calendar.timegm(value.utctimetuple()) if value.tzinfo else time.mktime(value.timetuple())
    return (int(seconds) * 1_000_000 + value.microsecond) / 1000


class GroupState:
    """The state of one group in `applyInPandasWithState`: its value, its timeout and the batch's times."""

    NO_TIMESTAMP: int = -1

    def __init__(
        self,
        optionalValue: Row,
        batchProcessingTimeMs: int,
        eventTimeWatermarkMs: int,
        timeoutConf: str,
        hasTimedOut: bool,
        watermarkPresent: bool,
        defined: bool,
        updated: bool,
        removed: bool,
        timeoutTimestamp: int,
        keyAsUnsafe: bytes,
        valueSchema: StructType,
    ) -> None:
        assert timeoutConf in (
            GroupStateTimeout.NoTimeout,
            GroupStateTimeout.ProcessingTimeTimeout,
            GroupStateTimeout.EventTimeTimeout,
        )
        self._keyAsUnsafe = keyAsUnsafe
        self._value = optionalValue
        self._batch_processing_time_ms = batchProcessingTimeMs
        self._event_time_watermark_ms = eventTimeWatermarkMs
        self._timeout_conf = timeoutConf
        self._has_timed_out = hasTimedOut
        self._watermark_present = watermarkPresent
        self._defined = defined
        self._updated = updated
        self._removed = removed
        self._timeout_timestamp = timeoutTimestamp
        self._old_timeout_timestamp = timeoutTimestamp
        self._value_schema = valueSchema

    @property
    def exists(self) -> bool:
        """Whether the state exists."""
        return self._defined

    @property
    def get(self) -> Tuple:
        """The state's value, or PySpark's STATE_NOT_EXISTS when there is none."""
        if self.exists:
            return tuple(self._value)
        raise PySparkValueError(errorClass="STATE_NOT_EXISTS", messageParameters={})

    @property
    def getOption(self) -> Optional[Tuple]:
        """The state's value, or None."""
        return tuple(self._value) if self.exists else None

    @property
    def hasTimedOut(self) -> bool:
        """Whether the function was called because the key timed out."""
        return self._has_timed_out

    @property
    def oldTimeoutTimestamp(self) -> int:
        """The timeout timestamp the state had when the function was called (PySpark only)."""
        return self._old_timeout_timestamp

    def update(self, newValue: Tuple) -> None:
        """Replaces the state's value; it cannot be None."""
        if newValue is None:
            raise PySparkTypeError(errorClass="CANNOT_BE_NONE", messageParameters={"arg_name": "newValue"})
        converted = [_to_python(v) for v in newValue] if "numpy" in sys.modules else list(newValue)
        self._value = Row(*converted)
        self._defined = True
        self._updated = True
        self._removed = False

    def remove(self) -> None:
        """Removes the state."""
        self._defined = False
        self._updated = False
        self._removed = True

    def setTimeoutDuration(self, durationMs: Union[int, str]) -> None:
        """Times the key out `durationMs` after this batch's processing time (an int, or an interval string)."""
        if isinstance(durationMs, str):
            durationMs = _parse_timeout_duration(durationMs)
        if self._timeout_conf != GroupStateTimeout.ProcessingTimeTimeout:
            raise PySparkRuntimeError(
                errorClass="CANNOT_WITHOUT",
                messageParameters={
                    "condition1": "set timeout duration",
                    "condition2": "enabling processing time timeout in applyInPandasWithState",
                },
            )
        if durationMs <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "durationMs", "arg_value": type(durationMs).__name__},
            )
        self._timeout_timestamp = durationMs + self._batch_processing_time_ms

    def setTimeoutTimestamp(self, timestampMs: Union[int, datetime.datetime]) -> None:
        """Times the key out at `timestampMs` (epoch ms or a datetime), not before the current watermark."""
        if self._timeout_conf != GroupStateTimeout.EventTimeTimeout:
            # PySpark words this one as the processing-time case.
            raise PySparkRuntimeError(
                errorClass="CANNOT_WITHOUT",
                messageParameters={
                    "condition1": "set timeout duration",
                    "condition2": "enabling processing time timeout in applyInPandasWithState",
                },
            )
        if isinstance(timestampMs, datetime.datetime):
            timestampMs = _timestamp_ms(timestampMs)
        if timestampMs <= 0:
            raise PySparkValueError(
                errorClass="VALUE_NOT_POSITIVE",
                messageParameters={"arg_name": "timestampMs", "arg_value": type(timestampMs).__name__},
            )
        if self._event_time_watermark_ms != GroupState.NO_TIMESTAMP and timestampMs < self._event_time_watermark_ms:
            raise PySparkValueError(
                errorClass="INVALID_TIMEOUT_TIMESTAMP",
                messageParameters={"timestamp": str(timestampMs), "watermark": str(self._event_time_watermark_ms)},
            )
        self._timeout_timestamp = timestampMs

    def getCurrentWatermarkMs(self) -> int:
        """The batch's event-time watermark in epoch ms; needs a watermark before applyInPandasWithState."""
        if not self._watermark_present:
            raise PySparkRuntimeError(
                errorClass="CANNOT_WITHOUT",
                messageParameters={
                    "condition1": "get event time watermark timestamp",
                    "condition2": "setting watermark before applyInPandasWithState",
                },
            )
        return self._event_time_watermark_ms

    def getCurrentProcessingTimeMs(self) -> int:
        """The batch's processing time in epoch ms (the same through the whole trigger)."""
        return self._batch_processing_time_ms

    def __str__(self) -> str:
        return "GroupState(%s)" % (self.get,) if self.exists else "GroupState(<undefined>)"

    def json(self) -> str:
        """The state's fields as JSON, as PySpark's worker sends them back (the value goes separately)."""
        return json.dumps(
            {
                "optionalValue": None,
                "batchProcessingTimeMs": self._batch_processing_time_ms,
                "eventTimeWatermarkMs": self._event_time_watermark_ms,
                "timeoutConf": self._timeout_conf,
                "hasTimedOut": self._has_timed_out,
                "watermarkPresent": self._watermark_present,
                "defined": self._defined,
                "updated": self._updated,
                "removed": self._removed,
                "timeoutTimestamp": self._timeout_timestamp,
            }
        )
