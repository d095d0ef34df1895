/**
 * PySpark's python/pyspark/sql/tests/streaming/test_state.py (ParseTimeoutDurationTests,
 * SetTimeoutDurationStringTests), case by case with its inputs and expected answers, in a Python cell:
 * `pyspark.sql.streaming.state`'s `_parse_timeout_duration` (Spark's IntervalUtils.stringToInterval, then
 * getDuration with 31-day months) and `GroupState.setTimeoutDuration` with an int or an interval string.
 * Each cell also runs PySpark's own `check_error` (pyspark.testing.utils.PySparkErrorTestUtils).
 * Beyond the suite: GroupState's other members as PySpark's state.py defines them (get, update, remove,
 * setTimeoutTimestamp, getCurrentWatermarkMs, json), with PySpark's error conditions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "../testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.py.run(`
import unittest
from pyspark.errors import PySparkRuntimeError, PySparkValueError
from pyspark.sql.streaming.state import GroupState, GroupStateTimeout, _parse_timeout_duration
from pyspark.sql.types import StructType, StructField, IntegerType, Row
from pyspark.testing.utils import PySparkErrorTestUtils

class _Case(unittest.TestCase, PySparkErrorTestUtils):
    def runTest(self):
        pass

tc = _Case()

def _make_state(timeout_conf=GroupStateTimeout.ProcessingTimeTimeout, batch_time_ms=1000):
    return GroupState(
        optionalValue=Row(value=5),
        batchProcessingTimeMs=batch_time_ms,
        eventTimeWatermarkMs=-1,
        timeoutConf=timeout_conf,
        hasTimedOut=False,
        watermarkPresent=False,
        defined=True,
        updated=False,
        removed=False,
        timeoutTimestamp=-1,
        keyAsUnsafe=b"",
        valueSchema=StructType([StructField("value", IntegerType())]),
    )

def raised(cls, fn, errorClass, messageParameters):
    """The error fn raises, checked as PySpark's test checks it; its condition and parameters for the test."""
    with tc.assertRaises(cls) as pe:
        fn()
    tc.check_error(exception=pe.exception, errorClass=errorClass, messageParameters=messageParameters)
    return [pe.exception.getCondition(), pe.exception.getMessageParameters()]`);
});
afterAll(() => t.cleanup());

const run = async (code: string) => (await t.py.run(code)).value;
const DAY_MS = 24 * 60 * 60 * 1000;
const MONTH_MS = 31 * DAY_MS;
const notPositive = ["VALUE_NOT_POSITIVE", { arg_name: "durationMs", arg_value: "int" }];

describe("test_state.py: ParseTimeoutDurationTests", () => {
  it("test_single_integer_units", async () => {
    expect(
      await run(`[_parse_timeout_duration(s) for s in ("1 second", "2 seconds", "1 minute", "3 minutes", "1 hour",
  "2 hours", "1 day", "1 week", "500 milliseconds", "1000 microseconds")]`),
    ).toEqual([1000, 2000, 60_000, 180_000, 3_600_000, 7_200_000, DAY_MS, 7 * DAY_MS, 500, 1]);
  });

  it("test_month_and_year_use_31_days_per_month", async () => {
    expect(
      await run(`[_parse_timeout_duration(s) for s in ("1 month", "1 months", "1 year", "1 years")]`),
    ).toEqual([MONTH_MS, MONTH_MS, 12 * MONTH_MS, 12 * MONTH_MS]);
  });

  it("test_negative_month_offset_by_days", async () => {
    expect(await run(`_parse_timeout_duration("-1 month 31 days 1 second")`)).toBe(1000);
  });

  it("test_fractional_seconds", async () => {
    expect(
      await run(`[_parse_timeout_duration(s) for s in ("1.5 seconds", "0.5 seconds", "1.5 second")]`),
    ).toEqual([1500, 500, 1500]);
  });

  it("test_fractional_non_seconds_raises", async () => {
    const bad = ["1.5 hours", "1.5 minutes", "1.5 days", "1.5 weeks", "1.5 milliseconds"];
    expect(
      await run(`[raised(PySparkValueError, lambda: _parse_timeout_duration(bad), "INVALID_TIMEOUT_DURATION_STRING",
  {"duration": bad}) for bad in ${JSON.stringify(bad)}]`),
    ).toEqual(bad.map((duration) => ["INVALID_TIMEOUT_DURATION_STRING", { duration }]));
  });

  it("test_interval_keyword_prefix", async () => {
    expect(
      await run(
        `[_parse_timeout_duration("interval 5 seconds"), _parse_timeout_duration("interval 1 hour")]`,
      ),
    ).toEqual([5000, 3_600_000]);
  });

  it("test_per_component_sign", async () => {
    expect(await run(`_parse_timeout_duration("-30 minutes 1 hour")`)).toBe(1_800_000);
  });

  it("test_compound_duration", async () => {
    expect(
      await run(
        `[_parse_timeout_duration("1 hour 30 minutes"), _parse_timeout_duration("1 day 2 hours 30 minutes")]`,
      ),
    ).toEqual([3_600_000 + 1_800_000, DAY_MS + 7_200_000 + 1_800_000]);
  });

  it("test_leading_dot_fractional_seconds", async () => {
    expect(await run(`_parse_timeout_duration(".5 seconds")`)).toBe(500);
  });

  it("test_explicit_positive_sign", async () => {
    expect(await run(`_parse_timeout_duration("+5 seconds")`)).toBe(5000);
  });

  it("test_space_between_sign_and_number", async () => {
    expect(await run(`_parse_timeout_duration("- 5 seconds")`)).toBe(-5000);
  });

  it("test_no_space_between_quantity_and_unit_raises", async () => {
    expect(
      await run(`raised(PySparkValueError, lambda: _parse_timeout_duration("1seconds"),
  "INVALID_TIMEOUT_DURATION_STRING", {"duration": "1seconds"})`),
    ).toEqual(["INVALID_TIMEOUT_DURATION_STRING", { duration: "1seconds" }]);
  });

  it("test_case_insensitive", async () => {
    expect(await run(`[_parse_timeout_duration("5 SECONDS"), _parse_timeout_duration("5 Hours")]`)).toEqual([
      5000,
      5 * 3_600_000,
    ]);
  });

  it("test_invalid_string_raises", async () => {
    const bad = ["not a duration", "", "abc", "5"];
    expect(
      await run(`[raised(PySparkValueError, lambda: _parse_timeout_duration(bad), "INVALID_TIMEOUT_DURATION_STRING",
  {"duration": bad}) for bad in ${JSON.stringify(bad)}]`),
    ).toEqual(bad.map((duration) => ["INVALID_TIMEOUT_DURATION_STRING", { duration }]));
  });
});

describe("test_state.py: SetTimeoutDurationStringTests", () => {
  /** The timeout timestamp after `setTimeoutDuration(duration)` on a state of batch time `batchMs`. */
  const timestampAfter = (duration: string, batchMs: number) =>
    run(`
state = _make_state(batch_time_ms=${batchMs})
state.setTimeoutDuration(${duration})
state._timeout_timestamp`);

  it("test_string_duration_sets_correct_timestamp", async () => {
    expect(await timestampAfter(`"2 second"`, 1000)).toBe(3000);
  });

  it("test_negative_month_offset_by_days", async () => {
    expect(await timestampAfter(`"-1 month 31 days 1 second"`, 1000)).toBe(2000);
  });

  it("test_fractional_seconds", async () => {
    expect(await timestampAfter(`"1.5 seconds"`, 0)).toBe(1500);
  });

  it("test_interval_prefix", async () => {
    expect(await timestampAfter(`"interval 10 seconds"`, 0)).toBe(10_000);
  });

  it("test_compound_duration", async () => {
    expect(await timestampAfter(`"1 hour 30 minutes"`, 0)).toBe(3_600_000 + 1_800_000);
  });

  it("test_int_duration_still_works", async () => {
    expect(await timestampAfter("5000", 1000)).toBe(6000);
  });

  /** PySpark's cases that expect VALUE_NOT_POSITIVE (its arg_value is the type's name, "int"). */
  const notPositiveCases: Record<string, string> = {
    test_zero_int_duration_raises: "0",
    test_negative_int_duration_raises: "-1000",
    test_negative_string_duration_raises: `"-2 second"`,
    test_negative_month_raises: `"-1 month"`,
    test_zero_net_duration_raises: `"1 month -31 day"`,
  };
  for (const [name, duration] of Object.entries(notPositiveCases))
    it(name, async () => {
      expect(
        await run(`raised(PySparkValueError, lambda: _make_state().setTimeoutDuration(${duration}),
  "VALUE_NOT_POSITIVE", {"arg_name": "durationMs", "arg_value": "int"})`),
      ).toEqual(notPositive);
    });

  it("test_wrong_timeout_conf_raises", async () => {
    const parameters = {
      condition1: "set timeout duration",
      condition2: "enabling processing time timeout in applyInPandasWithState",
    };
    expect(
      await run(`
state = _make_state(timeout_conf=GroupStateTimeout.EventTimeTimeout)
raised(PySparkRuntimeError, lambda: state.setTimeoutDuration("5 seconds"), "CANNOT_WITHOUT",
  ${JSON.stringify(parameters)})`),
    ).toEqual(["CANNOT_WITHOUT", parameters]);
  });

  it("test_invalid_duration_string_raises", async () => {
    expect(
      await run(`raised(PySparkValueError, lambda: _make_state().setTimeoutDuration("not a duration"),
  "INVALID_TIMEOUT_DURATION_STRING", {"duration": "not a duration"})`),
    ).toEqual(["INVALID_TIMEOUT_DURATION_STRING", { duration: "not a duration" }]);
  });
});

describe("GroupState's other members, as PySpark's state.py", () => {
  it("get / getOption / update / remove, and STATE_NOT_EXISTS once removed", async () => {
    expect(
      await run(`
state = _make_state()
seen = [state.exists, state.get, state.getOption, str(state)]
state.update((7,))
seen += [state.get, state._updated]
state.remove()
seen += [state.exists, state.getOption, str(state), state._removed]
seen.append(raised(PySparkValueError, lambda: state.get, "STATE_NOT_EXISTS", {}))
seen.append(raised(TypeError, lambda: state.update(None), "CANNOT_BE_NONE", {"arg_name": "newValue"}))
seen`),
    ).toEqual([
      true,
      [5],
      [5],
      "GroupState((5,))",
      [7],
      true,
      false,
      null,
      "GroupState(<undefined>)",
      true,
      ["STATE_NOT_EXISTS", {}],
      ["CANNOT_BE_NONE", { arg_name: "newValue" }],
    ]);
  });

  it("setTimeoutTimestamp: event-time timeouts only, positive, not before the watermark", async () => {
    const withoutEventTime = {
      condition1: "set timeout duration",
      condition2: "enabling processing time timeout in applyInPandasWithState",
    };
    expect(
      await run(`
import datetime
state = GroupState(Row(value=1), 1000, 5000, GroupStateTimeout.EventTimeTimeout, False, True, True, False, False,
    -1, b"", StructType([StructField("value", IntegerType())]))
seen = [raised(PySparkValueError, lambda: state.setTimeoutTimestamp(4000), "INVALID_TIMEOUT_TIMESTAMP",
    {"timestamp": "4000", "watermark": "5000"})]
seen.append(raised(PySparkValueError, lambda: state.setTimeoutTimestamp(0), "VALUE_NOT_POSITIVE",
    {"arg_name": "timestampMs", "arg_value": "int"}))
state.setTimeoutTimestamp(6000)
seen.append(state._timeout_timestamp)
state.setTimeoutTimestamp(datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
seen.append(state._timeout_timestamp)
seen += [state.getCurrentWatermarkMs(), state.getCurrentProcessingTimeMs(), state.oldTimeoutTimestamp]
seen.append(raised(PySparkRuntimeError, lambda: _make_state().setTimeoutTimestamp(6000), "CANNOT_WITHOUT",
    ${JSON.stringify(withoutEventTime)}))
seen.append(raised(PySparkRuntimeError, lambda: _make_state().getCurrentWatermarkMs(), "CANNOT_WITHOUT",
    {"condition1": "get event time watermark timestamp",
     "condition2": "setting watermark before applyInPandasWithState"}))
seen`),
    ).toEqual([
      ["INVALID_TIMEOUT_TIMESTAMP", { timestamp: "4000", watermark: "5000" }],
      ["VALUE_NOT_POSITIVE", { arg_name: "timestampMs", arg_value: "int" }],
      6000,
      Date.UTC(2024, 0, 1),
      5000,
      1000,
      -1,
      ["CANNOT_WITHOUT", withoutEventTime],
      [
        "CANNOT_WITHOUT",
        {
          condition1: "get event time watermark timestamp",
          condition2: "setting watermark before applyInPandasWithState",
        },
      ],
    ]);
  });

  it("json: the fields PySpark's worker sends back, and the message texts of PySpark's conditions", async () => {
    expect(
      await run(`
import json
state = _make_state()
state.setTimeoutDuration(500)
fields = json.loads(state.json())
messages = []
for fn in (lambda: _make_state(GroupStateTimeout.NoTimeout).setTimeoutDuration(1), lambda: _make_state().setTimeoutDuration(0)):
    try:
        fn()
    except Exception as e:
        messages.append(str(e))
[fields, messages]`),
    ).toEqual([
      {
        optionalValue: null,
        batchProcessingTimeMs: 1000,
        eventTimeWatermarkMs: -1,
        timeoutConf: "ProcessingTimeTimeout",
        hasTimedOut: false,
        watermarkPresent: false,
        defined: true,
        updated: false,
        removed: false,
        timeoutTimestamp: 1500,
      },
      [
        "[CANNOT_WITHOUT] Cannot set timeout duration without enabling processing time timeout in applyInPandasWithState.",
        "[VALUE_NOT_POSITIVE] Value for `durationMs` must be positive, got 'int'.",
      ],
    ]);
  });
});
