/**
 * Invalid streaming queries are refused with Spark's exception and a message naming the problem, when the
 * DataFrame is built or at the latest by start(), before any batch runs or any file is written. (A few more sit
 * with the failure tests: an unknown filter column, a non-boolean filter, a file source without schema, complete
 * mode without aggregation, a file sink without checkpoint.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, IllegalArgumentException, ParseException } from "../../errors";
import type { DataFrame } from "../../sql/api/DataFrame";
import { col, count, countDistinct, expr, sum } from "../../sql/api/functions";
import { SEED_SCHEMA, writeEventFiles } from "../../testing/eventFiles";
import { namesIn, sharedSession } from "../../testing/files";
import { rejectionOf } from "../../testing/thrown";

type Refusal = [
  what: string,
  attempt: () => unknown,
  type: abstract new (...args: never[]) => Error,
  message: string | RegExp,
];

describe("an invalid streaming query is refused before anything is written", () => {
  const ctx = sharedSession();
  const EVENTS = "/shared/events";
  beforeAll(async () => {
    await writeEventFiles(ctx.t.spark, EVENTS, 1, 50);
  });
  const events = () => ctx.t.spark.readStream.schema(SEED_SCHEMA).parquet(EVENTS);
  /** Events with an event-time column `t`. */
  const timed = () => events().selectExpr("*", "timestamp_micros(event_timestamp) AS t");
  const memory = (df: DataFrame, mode = "append") =>
    df.writeStream.outputMode(mode).format("memory").queryName("refused").start();
  const withCheckpoint = (df: DataFrame) => df.writeStream.option("checkpointLocation", `${ctx.dir}/ckpt`);

  const refusals: Refusal[] = [
    // Unknown columns and functions.
    [
      "select of an unknown column",
      () => events().select("device_type"),
      AnalysisException,
      /UNRESOLVED_COLUMN.*`device_type`.*`device`/,
    ],
    [
      "groupBy of an unknown column",
      () => events().groupBy("source").count(),
      AnalysisException,
      /UNRESOLVED_COLUMN.*`source`/,
    ],
    [
      "withWatermark on an unknown column",
      () => events().withWatermark("ts", "1 minute"),
      AnalysisException,
      /`ts`/,
    ],
    ["dropDuplicates of an unknown column", () => events().dropDuplicates("uid"), AnalysisException, /uid/],
    [
      "an unknown function",
      () => events().select(expr("no_such_fn(device)")),
      AnalysisException,
      /UNRESOLVED_ROUTINE.*`no_such_fn`/,
    ],
    ["an unknown nested field", () => events().select(col("device.model")), AnalysisException, /device/],
    [
      "partitionBy of an unknown column",
      () => withCheckpoint(events()).format("parquet").partitionBy("day").start(`${ctx.dir}/out`),
      AnalysisException,
      /Partition column day not found in existing columns \(/,
    ],
    // Wrong types.
    [
      "a watermark on a string column",
      () => events().withWatermark("device", "1 minute"),
      AnalysisException,
      '[EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE] The event time `device` has the invalid type "STRING", but expected "TIMESTAMP". SQLSTATE: 42K09',
    ],
    [
      "a non-aggregated column in agg",
      () => events().groupBy("device").agg(col("user_id")),
      AnalysisException,
      /MISSING_AGGREGATION.*user_id/,
    ],
    ["an aggregate in a filter", () => events().filter(count("*").gt(1)), AnalysisException, /count/i],
    [
      "a union of different widths",
      () => events().union(events().select("device")),
      AnalysisException,
      /NUM_COLUMNS_MISMATCH/,
    ],
    [
      "a syntax error in selectExpr",
      () => events().selectExpr("device +"),
      ParseException,
      /PARSE_SYNTAX_ERROR/,
    ],
    // Output modes and unsupported operations.
    [
      "an unknown output mode",
      () => events().writeStream.outputMode("upsert"),
      IllegalArgumentException,
      "[STREAMING_OUTPUT_MODE.INVALID] Invalid streaming output mode: upsert. Accepted output modes are 'Append', 'Complete', 'Update'. SQLSTATE: 42KDE",
    ],
    [
      "append with an aggregation and no watermark",
      () => memory(events().groupBy("device").count()),
      AnalysisException,
      "Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets.",
    ],
    [
      "update mode into a file sink",
      () =>
        withCheckpoint(events().groupBy("device").count())
          .outputMode("update")
          .format("parquet")
          .start(`${ctx.dir}/out`),
      AnalysisException,
      /STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE.*update/,
    ],
    [
      "sorting without aggregation",
      () => memory(events().orderBy("device")),
      AnalysisException,
      "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
    ],
    [
      "sort() without columns on a stream",
      () => memory(events().sort()),
      AnalysisException,
      "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
    ],
    [
      "a limit in update mode",
      () => memory(events().groupBy("device").count().limit(3), "update"),
      AnalysisException,
      "Limits are not supported on streaming DataFrames/Datasets in Update output mode",
    ],
    [
      "a distinct aggregation",
      () => memory(events().groupBy("device").agg(countDistinct("user_id")), "complete"),
      AnalysisException,
      /Distinct aggregations are not supported on streaming DataFrames\/Datasets/,
    ],
    [
      "multiple aggregations without watermark",
      () => memory(events().groupBy("device").count().groupBy("count").count(), "complete"),
      AnalysisException,
      /stateful operation which can emit rows older than the current watermark/,
    ],
    [
      "a stream-stream full outer join without watermark",
      () =>
        memory(
          timed().join(timed().select(col("user_id").alias("u")), col("user_id").eq(col("u")), "full_outer"),
        ),
      AnalysisException,
      /watermark/i,
    ],
    [
      "a stream joined with a stream in complete mode",
      () => memory(events().join(events(), "user_id").groupBy("user_id").count(), "complete"),
      AnalysisException,
      /Join between two streaming DataFrames\/Datasets is not supported in Complete output mode/,
    ],
    [
      "a batch action on a stream",
      () => events().collect(),
      AnalysisException,
      "Queries with streaming sources must be executed with writeStream.start()",
    ],
    [
      "writeStream on a batch DataFrame",
      () => memory(ctx.t.spark.createDataFrame([{ a: 1 }], "a INT")),
      AnalysisException,
      "[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming Dataset/DataFrame. SQLSTATE: 42601",
    ],
    [
      "an aggregation with a continuous trigger",
      () =>
        events()
          .groupBy("device")
          .count()
          .writeStream.outputMode("complete")
          .format("memory")
          .queryName("refused")
          .trigger({ continuous: "1 second" })
          .start(),
      AnalysisException,
      /[Cc]ontinuous/,
    ],
    // Sinks, triggers and options.
    [
      "an unknown sink format",
      () => withCheckpoint(events()).format("kafka2").start(),
      AnalysisException,
      /kafka2/,
    ],
    [
      "a memory sink without queryName",
      () => events().writeStream.format("memory").start(),
      AnalysisException,
      "queryName must be specified for memory sink",
    ],
    [
      "a file sink without a path",
      () => withCheckpoint(events()).format("parquet").start(),
      IllegalArgumentException,
      "'path' is not specified",
    ],
    [
      "a trigger interval that is not an interval",
      () => events().writeStream.trigger({ processingTime: "soon" }),
      IllegalArgumentException,
      /soon/,
    ],
    [
      "a negative trigger interval",
      () => events().writeStream.trigger({ processingTime: -5 }),
      IllegalArgumentException,
      "requirement failed: the interval of trigger should not be negative",
    ],
    [
      "two triggers at once",
      () => events().writeStream.trigger({ once: true, processingTime: "1 second" }),
      IllegalArgumentException,
      "Only a single trigger is allowed",
    ],
    [
      "a negative rowsPerSecond",
      () => memory(ctx.t.spark.readStream.format("rate").option("rowsPerSecond", -1).load()),
      IllegalArgumentException,
      /rowsPerSecond.*-1|-1.*rowsPerSecond/,
    ],
    [
      "a source path that does not exist",
      () => memory(ctx.t.spark.readStream.schema(SEED_SCHEMA).parquet("/no/such/dir")),
      AnalysisException,
      /PATH_NOT_FOUND.*\/no\/such\/dir/,
    ],
    [
      "a watermark delay that is not an interval",
      () => events().selectExpr("timestamp_micros(event_timestamp) AS t").withWatermark("t", "a while"),
      AnalysisException,
      // Spark's Dataset.withWatermark parses the delay with IntervalUtils.fromIntervalString.
      /^\[CANNOT_PARSE_INTERVAL\] Unable to parse 'a while'\./,
    ],
    [
      "sum of a struct",
      () =>
        memory(
          ctx.t.spark.readStream.schema("s STRUCT<a: INT>").parquet(EVENTS).groupBy().agg(sum("s")),
          "complete",
        ),
      AnalysisException,
      /DATATYPE_MISMATCH/,
    ],
  ];

  for (const [what, attempt, type, message] of refusals) {
    it(what, async () => {
      const error = await rejectionOf((async () => attempt())());
      expect(error, "no exception was raised").toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
      expect(await namesIn(ctx.t, ctx.dir)).toEqual([]);
      expect(ctx.t.spark.streams.active).toEqual([]);
    });
  }

  it("covers at least 30 refusals", () => expect(refusals.length).toBeGreaterThanOrEqual(30));
});
