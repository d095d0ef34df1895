import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEventFiles } from "../engine/testing/eventFiles";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await writeEventFiles(t.spark, "/data/events", 1, 50);
  await t.py.run(`
events = (spark.readStream
    .schema("user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING")
    .parquet("/data/events"))`);
});
afterAll(() => t.cleanup());

describe("engine errors are PySpark's exceptions", () => {
  it("try/except AnalysisException catches an unknown column, with Spark's error class and message", async () => {
    const result = await t.py.run(`
from pyspark.errors import AnalysisException
try:
    events.select("traffic_sourc")
    outcome = "no error"
except AnalysisException as e:
    outcome = (e.getErrorClass(), e.getSqlState(), str(e))
outcome`);
    const [errorClass, sqlState, message] = result.value as string[];
    expect([errorClass, sqlState]).toEqual(["UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703"]);
    expect(message).toMatch(
      /^\[UNRESOLVED_COLUMN\.WITH_SUGGESTION\] A column, variable, or function parameter with name `traffic_sourc` cannot be resolved\. Did you mean one of the following\? \[`traffic_source`, .*\]\. SQLSTATE: 42703$/,
    );
  });

  it("is also importable from pyspark.sql.utils, and catches what start() refuses", async () => {
    const result = await t.py.run(`
from pyspark.sql.utils import AnalysisException as Legacy
import pyspark.errors
counts = events.groupBy("device").count()
try:
    counts.writeStream.outputMode("append").format("memory").queryName("refused").start()
    outcome = "started"
except Legacy as e:
    outcome = str(e)
(Legacy is pyspark.errors.AnalysisException, outcome, [q.name for q in spark.streams.active])`);
    const [same, outcome, active] = result.value as [boolean, string, string[]];
    expect(same).toBe(true);
    expect(outcome).toContain(
      "Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets.",
    );
    expect(active).toEqual([]);
    expect(result.stderr).toBe("");
  });

  it("a cast that fails in ANSI mode is PySpark's NumberFormatException / ArithmeticException", async () => {
    const result = await t.py.run(`
from pyspark.errors import ArithmeticException, NumberFormatException
from pyspark.sql.functions import col
outcomes = []
try:
    spark.createDataFrame([("abc",)], "s STRING").select(col("s").cast("int")).collect()
except NumberFormatException as e:
    outcomes.append((e.getCondition(), e.getMessageParameters()["expression"], e.getSqlState()))
try:
    spark.sql("SELECT CAST(2147483648L AS INT)").collect()
except ArithmeticException as e:
    outcomes.append((e.getCondition(), e.getMessageParameters()["value"], e.getSqlState()))
outcomes`);
    expect(result.value).toEqual([
      ["CAST_INVALID_INPUT", "'abc'", "22018"],
      ["CAST_OVERFLOW", "2147483648L", "22003"],
    ]);
  });

  it("every Spark built-in is in pyspark.sql.functions: one Sluice lacks fails with UNRESOLVED_ROUTINE", async () => {
    const result = await t.py.run(`
from pyspark.errors import AnalysisException
from pyspark.sql import functions as F
df = spark.range(1)
row = df.select(F.version().alias("v"), F.current_database().alias("db"), F.hypot(F.lit(3), F.lit(4)).alias("h")).first()
try:
    df.select(F.java_method(F.lit("java.util.UUID"), F.lit("randomUUID"))).collect()
    outcome = "no error"
except AnalysisException as e:
    outcome = (e.getCondition(), e.getMessageParameters()["routineName"])
names = set(dir(F))
(row.v.split(" ")[0], row.db, row.h, outcome, "java_method" in names, "int" in names, "len" in names)`);
    expect(result.value).toEqual([
      "4.0.0",
      "default",
      5,
      ["UNRESOLVED_ROUTINE", "`java_method`"],
      true,
      false,
      false,
    ]);
  });

  it("a batch action on a streaming DataFrame is Spark's AnalysisException", async () => {
    const error = await t.py.run("n = 1\nevents.count()").catch((e) => e);
    expect(error.name).toBe("AnalysisException");
    expect(error.message).toBe("Queries with streaming sources must be executed with writeStream.start();");
    expect(error.errorClass).toBe("_LEGACY_ERROR_TEMP_3102");
    expect(error.line).toBe(2);
  });

  it("SQL that does not parse is a ParseException, an AnalysisException too", async () => {
    const result = await t.py.run(`
from pyspark.errors import ParseException, AnalysisException
try:
    spark.sql("SELEC 1")
except AnalysisException as e:
    caught = (type(e).__name__, isinstance(e, ParseException), e.getErrorClass())
caught`);
    expect(result.value).toEqual(["ParseException", true, "PARSE_SYNTAX_ERROR"]);
  });

  it("an uncaught engine error rejects the cell with the exception's class and the cell line", async () => {
    const error = await t.py.run('ok = 1\n\nevents.filter("nope = 1")').catch((e) => e);
    expect(error.name).toBe("AnalysisException");
    expect(error.errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
    expect(error.line).toBe(3);
    expect(error.traceback).toContain('events.filter("nope = 1")');
  });

  it("a failed query's StreamingQueryException has Spark's message, offsets and converted cause", async () => {
    const result = await t.py.run(`
from pyspark.errors import StreamingQueryException, PythonException
def fail(df, batch_id):
    raise ValueError("no batch today")
q = (events.writeStream.foreachBatch(fail).queryName("failing")
    .option("checkpointLocation", "/checkpoints/errors-failing").start())
try:
    q.awaitTermination()
except StreamingQueryException as e:
    raised = e
e = q.exception()
(e is not None, str(e), e.getCondition(), e.getSqlState(), e.getMessageParameters()["id"] == q.id,
 e.startOffset, e.endOffset, type(e.cause).__name__, e.desc == str(e), str(raised) == str(e))`);
    const [found, message, condition, sqlState, sameId, start, end, causeType, desc, same] =
      result.value as unknown[];
    expect(found).toBe(true);
    expect(message).toMatch(
      /^\[STREAM_FAILED\] Query \[id = [-0-9a-f]+, runId = [-0-9a-f]+\] terminated with exception: \[FOREACH_BATCH_USER_FUNCTION_ERROR\] An error occurred in the user provided function in foreach batch sink\. Reason: ValueError: no batch today SQLSTATE: 39000 SQLSTATE: XXKST$/,
    );
    expect([condition, sqlState, sameId]).toEqual(["STREAM_FAILED", "XXKST", true]);
    expect([start, end]).toEqual(["[-]", '[{"logOffset":0}]']);
    expect([causeType, desc, same]).toEqual(["PythonException", true, true]);
  });

  it("each engine exception is PySpark's class, answering getCondition / getMessageParameters / getSqlState", async () => {
    const result = await t.py.run(`
from pyspark.errors import (AnalysisException, ArithmeticException, DateTimeException, IllegalArgumentException,
    NumberFormatException, PySparkException, PySparkTypeError, SparkNoSuchElementException,
    UnsupportedOperationException)
def outcome(f, cls):
    try:
        f()
        return "no error"
    except cls as e:
        return (type(e).__name__, isinstance(e, PySparkException), e.getCondition(), e.getErrorClass(),
                e.getMessageParameters(), e.getSqlState())
df = spark.createDataFrame([(1, "x")], "a INT, s STRING")
[
    outcome(lambda: spark.sql("SELECT 1 / 0").collect(), ArithmeticException),
    outcome(lambda: spark.sql("SELECT CAST('x' AS INT)").collect(), NumberFormatException),
    outcome(lambda: spark.sql("SELECT CAST('x' AS DATE)").collect(), DateTimeException),
    outcome(lambda: events.writeStream.outputMode("sideways"), IllegalArgumentException),
    outcome(lambda: spark.conf.get("spark.sql.nope"), SparkNoSuchElementException),
    outcome(lambda: events.write, AnalysisException),
    outcome(lambda: spark.createDataFrame([{"a": 1, "f": object()}]), PySparkTypeError),
]`);
    expect(result.value).toEqual([
      [
        "ArithmeticException",
        true,
        "DIVIDE_BY_ZERO",
        "DIVIDE_BY_ZERO",
        { config: '"spark.sql.ansi.enabled"' },
        "22012",
      ],
      [
        "NumberFormatException",
        true,
        "CAST_INVALID_INPUT",
        "CAST_INVALID_INPUT",
        {
          expression: "'x'",
          sourceType: '"STRING"',
          targetType: '"INT"',
        },
        "22018",
      ],
      [
        "DateTimeException",
        true,
        "CAST_INVALID_INPUT",
        "CAST_INVALID_INPUT",
        {
          expression: "'x'",
          sourceType: '"STRING"',
          targetType: '"DATE"',
        },
        "22018",
      ],
      [
        "IllegalArgumentException",
        true,
        "STREAMING_OUTPUT_MODE.INVALID",
        "STREAMING_OUTPUT_MODE.INVALID",
        { outputMode: "sideways" },
        "42KDE",
      ],
      [
        "SparkNoSuchElementException",
        true,
        "SQL_CONF_NOT_FOUND",
        "SQL_CONF_NOT_FOUND",
        { sqlConf: '"spark.sql.nope"' },
        "42K0I",
      ],
      [
        "AnalysisException",
        true,
        "CALL_ON_STREAMING_DATASET_UNSUPPORTED",
        "CALL_ON_STREAMING_DATASET_UNSUPPORTED",
        { methodName: "`write`" },
        "42KDE",
      ],
      [
        "PySparkTypeError",
        true,
        "CANNOT_INFER_TYPE_FOR_FIELD",
        "CANNOT_INFER_TYPE_FOR_FIELD",
        { field_name: "f" },
        null,
      ],
    ]);
  });

  it("PySpark's own errors carry PySpark's condition, parameters and message", async () => {
    const result = await t.py.run(`
from pyspark.errors import PySparkException
from pyspark.sql import Row
def caught(f):
    try:
        f()
    except PySparkException as e:
        return (type(e).__name__, e.getCondition(), e.getMessageParameters(), str(e), e.getSqlState())
r = Row(a=1)
def set_a():
    r.a = 2
[caught(set_a), caught(lambda: r["b"]), caught(lambda: spark.createDataFrame([(1,)], 5))]`);
    expect(result.value).toEqual([
      ["PySparkRuntimeError", "READ_ONLY", { object: "Row" }, "[READ_ONLY] Row is read-only.", null],
      ["PySparkValueError", "KEY_NOT_EXISTS", { key: "b" }, "[KEY_NOT_EXISTS] Key `b` is not exists.", null],
      [
        "PySparkTypeError",
        "NOT_LIST_OR_NONE_OR_STRUCT",
        { arg_name: "schema", arg_type: "int" },
        "[NOT_LIST_OR_NONE_OR_STRUCT] Argument `schema` should be a list, None or StructType, got int.",
        null,
      ],
    ]);
  });

  it("PySpark's own argument checks: a Column is not a bool", async () => {
    const error = await t.py
      .run('from pyspark.sql.functions import col\nif col("a") > 1: pass')
      .catch((e) => e);
    expect([error.name, error.message]).toEqual([
      "PySparkValueError",
      "[CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool: please use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions.",
    ]);
  });
});
