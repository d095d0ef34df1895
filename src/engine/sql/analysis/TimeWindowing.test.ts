import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkError } from "../../errors";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { thrownBy } from "../../testing/thrown";
import { col, count, session_window, window } from "../api/functions";

const at = (iso: string) => new Date(`${iso}Z`);
const span = (w: unknown) => {
  const { start, end } = w as { start: Date; end: Date };
  return `${start.toISOString().slice(11, 16)}-${end.toISOString().slice(11, 16)}`;
};

describe("window(): Spark's event-time windows", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const events = () =>
    t.spark.createDataFrame(
      [
        { ts: at("2024-01-01T12:07:00"), word: "cat" },
        { ts: at("2024-01-01T12:02:00"), word: "dog" },
        { ts: at("2024-01-01T12:10:00"), word: "cat" },
        { ts: null, word: "owl" },
      ],
      "ts TIMESTAMP, word STRING",
    );

  it("tumbling: one window per row, the row's time in [start, end); null times belong to no window", async () => {
    const rows = await events().select("word", window("ts", "10 minutes")).collect();
    expect(rows.map((r) => `${r.word} ${span(r.window)}`).sort()).toEqual([
      "cat 12:00-12:10",
      "cat 12:10-12:20",
      "dog 12:00-12:10",
    ]);
  });

  it("sliding: every window containing the row; grouped, named `window`", async () => {
    const df = events()
      .groupBy(window(col("ts"), "10 minutes", "5 minutes"), col("word"))
      .count();
    expect(df.columns).toEqual(["window", "word", "count"]);
    const rows = await df.collect();
    // 12:07 → [12:00,12:10) [12:05,12:15); 12:02 → [11:55,12:05) [12:00,12:10); 12:10 → [12:05,12:15) [12:10,12:20)
    expect(rows.map((r) => `${span(r.window)} ${r.word} ${r.count}`).sort()).toEqual([
      "11:55-12:05 dog 1",
      "12:00-12:10 cat 1",
      "12:00-12:10 dog 1",
      "12:05-12:15 cat 2",
      "12:10-12:20 cat 1",
    ]);
  });

  it("a start offset shifts the windows; window.start and window.end are nested fields", async () => {
    const rows = await events()
      .groupBy(window("ts", "10 minutes", "10 minutes", "3 minutes"))
      .agg(count("*").alias("n"))
      .select(col("window.start").alias("s"), col("window.end").alias("e"), "n")
      .collect();
    expect(
      rows
        .map(
          (r) =>
            `${(r.s as Date).toISOString().slice(11, 16)} ${(r.e as Date).toISOString().slice(11, 16)} ${r.n}`,
        )
        .sort(),
    ).toEqual(["11:53 12:03 1", "12:03 12:13 2"]);
  });

  it("times before 1970 fall in the right window", async () => {
    const rows = await t.spark
      .createDataFrame([{ ts: at("1969-12-31T23:58:30") }], "ts TIMESTAMP")
      .select(window("ts", "1 minute"))
      .collect();
    expect(span(rows[0].window)).toBe("23:58-23:59");
  });

  it("session_window: a key's events within the gap of each other form one session, up to the last event plus the gap", async () => {
    const df = t.spark.createDataFrame(
      [
        { user: "a", ts: at("2024-01-01T12:00:00") },
        { user: "a", ts: at("2024-01-01T12:03:00") },
        { user: "a", ts: at("2024-01-01T12:09:00") },
        { user: "a", ts: at("2024-01-01T12:14:00") }, // exactly at the session's end: Spark merges it
        { user: "b", ts: at("2024-01-01T12:05:00") },
        { user: "b", ts: null },
      ],
      "user STRING, ts TIMESTAMP",
    );
    const sessions = df.groupBy(col("user"), session_window("ts", "5 minutes")).agg(count("*").alias("n"));
    expect(sessions.columns).toEqual(["user", "session_window", "n"]);
    const rows = await sessions.collect();
    expect(rows.map((r) => `${r.user} ${span(r.session_window)} ${r.n}`).sort()).toEqual([
      "a 12:00-12:08 2",
      "a 12:09-12:19 2",
      "b 12:05-12:10 1",
    ]);
  });

  it("session_window with a zero or negative gap puts no row in a session (SPARK-36465)", async () => {
    // DataFrameSessionWindowingSuite: "SPARK-36465: filter out events with negative/zero gap duration".
    const df = t.spark.createDataFrame(
      [{ time: at("2016-03-27T19:39:30"), value: 1, id: "a" }],
      "time TIMESTAMP, value INT, id STRING",
    );
    for (const gap of ["0 seconds", "-10 seconds"]) {
      const sessions = df.groupBy(session_window("time", gap)).agg(count("*").alias("counts"));
      expect(await sessions.collect(), gap).toEqual([]);
    }
    expect(await df.groupBy(session_window("time", "10 seconds")).count().collect()).toHaveLength(1);
  });

  /** What building `window(ts, ...)` fails with: its condition and parameters. */
  const refusal = (duration: string, slide: string, start: string) => {
    try {
      events().select(window("ts", duration, slide, start));
    } catch (e) {
      const error = e as SparkError;
      return { name: error.name, condition: error.getCondition(), parameters: error.getMessageParameters() };
    }
    throw new Error("the window was accepted");
  };

  // AnalysisErrorSuite's time window cases: Spark's durations in microseconds, as Longs.
  it("refuses a duration or slide that is not positive: DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", () => {
    expect(refusal("-1 second", "1 second", "0 second")).toEqual({
      name: "AnalysisException",
      condition: "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
      parameters: {
        sqlExpr: '"window(ts, -1000000, 1000000, 0)"',
        exprName: "`window_duration`",
        valueRange: "(0, 9223372036854775807]",
        currentValue: "-1000000L",
      },
    });
    expect(refusal("0 second", "1 second", "0 second").parameters).toMatchObject({
      exprName: "`window_duration`",
      currentValue: "0L",
    });
    expect(refusal("1 second", "-1 second", "0 second").parameters).toMatchObject({
      sqlExpr: '"window(ts, 1000000, -1000000, 0)"',
      exprName: "`slide_duration`",
      currentValue: "-1000000L",
    });
    expect(() => events().select(window("ts", "0 second", "1 second", "0 second"))).toThrow(
      '[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "window(ts, 0, 1000000, 0)" due to data type mismatch: The `window_duration` must be between (0, 9223372036854775807] (current value = 0L). SQLSTATE: 42K09',
    );
  });

  it("refuses a slide over the window and a start not within the slide: PARAMETER_CONSTRAINT_VIOLATION", () => {
    expect(refusal("1 second", "2 seconds", "0 second")).toEqual({
      name: "AnalysisException",
      condition: "DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION",
      parameters: {
        sqlExpr: '"window(ts, 1000000, 2000000, 0)"',
        leftExprName: "`slide_duration`",
        leftExprValue: "2000000L",
        constraint: "<=",
        rightExprName: "`window_duration`",
        rightExprValue: "1000000L",
      },
    });
    for (const start of ["1 minute", "1 second", "-1 minute", "-1 second"]) {
      const parameters = refusal("1 second", "1 second", start).parameters;
      expect(parameters).toMatchObject({
        leftExprName: "`abs(start_time)`",
        constraint: "<",
        rightExprName: "`slide_duration`",
        rightExprValue: "1000000L",
      });
      expect(parameters.leftExprValue).toBe(start.endsWith("minute") ? "60000000L" : "1000000L");
    }
    expect(() => events().select(window("ts", "5 minutes", "10 minutes"))).toThrow(
      "The `slide_duration`(600000000L) must be <= the `window_duration`(300000000L).",
    );
  });

  it("takes an integer literal as microseconds, and refuses a duration that is not a literal", async () => {
    // TimeWindow.parseExpression: IntegerLiteral and Long literals are durations in microseconds.
    events().createOrReplaceTempView("timed_events");
    const windows = await t.spark
      .sql("SELECT window(ts, 300000000) AS w FROM timed_events WHERE ts IS NOT NULL")
      .collect();
    expect(windows.map((r) => span(r.w)).sort()).toEqual(["12:00-12:05", "12:05-12:10", "12:10-12:15"]);
    let refusal: SparkError | undefined;
    try {
      t.spark.sql("SELECT window(ts, word) FROM timed_events");
    } catch (e) {
      refusal = e as SparkError;
    }
    expect(refusal?.getCondition()).toBe("_LEGACY_ERROR_TEMP_1207");
    expect(refusal?.message).toBe(
      "The duration and time inputs to window must be an integer, long or string literal.",
    );
  });

  it("refuses a duration, slide or start that is not an interval: CANNOT_PARSE_INTERVAL", () => {
    // TimeWindow reads a string duration with IntervalUtils.fromIntervalString, which raises
    // QueryCompilationErrors.cannotParseIntervalError: the input as a SQL string value, SQL state 22006.
    const error = thrownBy<SparkError>(() => events().select(window("ts", "not an interval")));
    expect(error.name).toBe("AnalysisException");
    expect(error.getCondition()).toBe("CANNOT_PARSE_INTERVAL");
    expect(error.getMessageParameters()).toEqual({ intervalString: "'not an interval'" });
    expect(error.getSqlState()).toBe("22006");
    expect(error.message).toBe(
      "[CANNOT_PARSE_INTERVAL] Unable to parse 'not an interval'. Please ensure that the value provided is in a valid format for defining an interval. You can reference the documentation for the correct format. If the issue persists, please double check that the input value is not null or empty and try again. SQLSTATE: 22006",
    );
    const slide = thrownBy<SparkError>(() => events().select(window("ts", "10 minutes", "soon")));
    expect(slide.getMessageParameters()).toEqual({ intervalString: "'soon'" });
    const start = thrownBy<SparkError>(() =>
      events().select(window("ts", "10 minutes", "5 minutes", "it's late")),
    );
    expect(start.getMessageParameters()).toEqual({ intervalString: "'it\\'s late'" });
    events().createOrReplaceTempView("timed_events");
    const inSql = thrownBy<SparkError>(() =>
      t.spark.sql("SELECT window(ts, 'ten minutes') FROM timed_events"),
    );
    expect([inSql.getCondition(), inSql.getMessageParameters()]).toEqual([
      "CANNOT_PARSE_INTERVAL",
      { intervalString: "'ten minutes'" },
    ]);
    const gap = thrownBy<SparkError>(() => events().groupBy(session_window("ts", "a while")).count());
    expect(gap.getCondition()).toBe("CANNOT_PARSE_INTERVAL");
  });

  it("session_window with a gap computed per row: each row's session reaches its time plus its own gap (SPARK-36465)", async () => {
    events().createOrReplaceTempView("timed_events");
    const rows = await t.spark
      .sql(
        "SELECT word, session_window, count(*) AS n FROM timed_events GROUP BY word, session_window(ts, CASE WHEN word = 'cat' THEN '5 minutes' ELSE concat('1', ' minute') END)",
      )
      .collect();
    expect(rows.map((r) => `${r.word} ${span(r.session_window)} ${r.n}`).sort()).toEqual([
      "cat 12:07-12:15 2",
      "dog 12:02-12:03 1",
    ]);
  });

  it("refuses a window of months as Spark's TimeWindow does: IllegalArgumentException", () => {
    expect(refusal("1 month", "1 month", "0 second")).toEqual({
      name: "IllegalArgumentException",
      condition: "_LEGACY_ERROR_TEMP_3231",
      parameters: { interval: "1 month" },
    });
    expect(() => events().select(window("ts", "1 month"))).toThrow(
      "Intervals greater than a month is not supported (1 month).",
    );
  });
});
