/**
 * PySpark's python/pyspark/sql/tests/streaming/test_streaming_reader_name.py (DataStreamReaderNameTests), case
 * by case with its inputs and assertions, in a Python cell: `readStream.name()` (Spark 4.2's source evolution)
 * takes ASCII letters, digits and underscores, refuses other names with a ValueError and non-strings with a
 * TypeError. The suite's setUpClass sets the two source-evolution confs; so does this port's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../engine/index";
import type { PythonTestSession } from "../testing";
import { newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
let clock: ManualClock;
beforeAll(async () => {
  ({ clock, ...t } = await newPySparkTestSession());
  await t.py.run(`
import tempfile, time
from pyspark.errors import PySparkTypeError, PySparkValueError
spark.conf.set("spark.sql.streaming.queryEvolution.enableSourceEvolution", "true")
spark.conf.set("spark.sql.streaming.offsetLog.formatVersion", "2")`);
});
afterAll(() => t.cleanup());

/** Runs a cell with the clock moving to whatever the engine or the cell waits for. */
const run = async (code: string) => (await clock.fastForward(t.py.run(code))).value;

describe("test_streaming_reader_name.py", () => {
  it("test_name_with_valid_names", async () => {
    expect(
      await run(`
valid_names = ["mySource", "my_source", "MySource123", "_private", "source_123_test", "123source"]
streaming = []
for name in valid_names:
    with tempfile.TemporaryDirectory(prefix=f"test_{name}_") as tmpdir:
        spark.range(10).write.mode("overwrite").parquet(tmpdir)
        df = spark.readStream.format("parquet").schema("id LONG").name(name).load(tmpdir)
        tc.assertTrue(df.isStreaming, f"DataFrame should be streaming for name: {name}")
        streaming.append(df.isStreaming)
streaming`),
    ).toEqual([true, true, true, true, true, true]);
  });

  it("test_name_method_chaining", async () => {
    expect(
      await run(`
with tempfile.TemporaryDirectory(prefix="test_chaining_") as tmpdir:
    spark.range(10).write.mode("overwrite").parquet(tmpdir)
    df = (
        spark.readStream.format("parquet")
        .schema("id LONG")
        .name("my_source")
        .option("maxFilesPerTrigger", "1")
        .load(tmpdir)
    )
    tc.assertTrue(df.isStreaming, "DataFrame should be streaming")
df.isStreaming`),
    ).toBe(true);
  });

  it("test_name_before_format", async () => {
    expect(
      await run(`
with tempfile.TemporaryDirectory(prefix="test_before_format_") as tmpdir:
    spark.range(10).write.mode("overwrite").parquet(tmpdir)
    df = spark.readStream.name("my_source").format("parquet").schema("id LONG").load(tmpdir)
    tc.assertTrue(df.isStreaming, "DataFrame should be streaming")
df.isStreaming`),
    ).toBe(true);
  });

  it("test_invalid_names", async () => {
    expect(
      await run(`
invalid_names = ["", "  ", "my-source", "my source", "my.source", "my@source", "my$source", "my#source", "my!source"]
messages = []
for invalid_name in invalid_names:
    with tc.subTest(name=invalid_name):
        with tempfile.TemporaryDirectory(prefix="test_invalid_") as tmpdir:
            spark.range(10).write.mode("overwrite").parquet(tmpdir)
            with tc.assertRaises(PySparkValueError) as context:
                spark.readStream.format("parquet").schema("id LONG").name(invalid_name).load(tmpdir)
            tc.assertIn("source", str(context.exception).lower())
            messages.append(context.exception.getCondition())
messages`),
    ).toEqual(Array(9).fill("STREAMING_QUERY_EVOLUTION_ERROR.INVALID_SOURCE_NAME"));
  });

  it("test_invalid_name_wrong_type", async () => {
    expect(
      await run(`
invalid_types = [None, 123, 45.67, [], {}]
conditions = []
for invalid_value in invalid_types:
    with tc.subTest(value=invalid_value):
        with tc.assertRaises(PySparkTypeError) as context:
            spark.readStream.format("rate").name(invalid_value).load()
        conditions.append(context.exception.getCondition())
conditions`),
    ).toEqual(Array(5).fill("NOT_STR"));
  });

  it("test_name_with_different_formats", async () => {
    expect(
      await run(`
with tempfile.TemporaryDirectory(prefix="test_name_formats_") as tmpdir:
    spark.range(10).write.mode("overwrite").parquet(tmpdir + "/parquet_data")
    spark.range(10).selectExpr("id", "CAST(id AS STRING) as value").write.mode("overwrite").json(
        tmpdir + "/json_data"
    )
    parquet_df = (
        spark.readStream.format("parquet").name("parquet_source").schema("id LONG").load(tmpdir + "/parquet_data")
    )
    tc.assertTrue(parquet_df.isStreaming, "Parquet DataFrame should be streaming")
    json_df = (
        spark.readStream.format("json")
        .name("json_source")
        .schema("id LONG, value STRING")
        .load(tmpdir + "/json_data")
    )
    tc.assertTrue(json_df.isStreaming, "JSON DataFrame should be streaming")
[parquet_df.isStreaming, json_df.isStreaming]`),
    ).toEqual([true, true]);
  });

  it("test_name_persists_through_query", async () => {
    expect(
      await run(`
with tempfile.TemporaryDirectory(prefix="test_name_query_") as tmpdir:
    data_dir = tmpdir + "/data"
    checkpoint_dir = tmpdir + "/checkpoint"
    spark.range(10).write.mode("overwrite").parquet(data_dir)
    df = spark.readStream.format("parquet").schema("id LONG").name("parquet_source_test").load(data_dir)
    query = df.writeStream.format("noop").option("checkpointLocation", checkpoint_dir).start()
    try:
        time.sleep(1)
        tc.assertTrue(query.isActive, "Query should be active")
        active = query.isActive
    finally:
        query.stop()
active`),
    ).toBe(true);
  });
});
