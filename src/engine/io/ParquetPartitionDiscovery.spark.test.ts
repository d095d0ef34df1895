/**
 * Partition value type inference, ported from Spark's ParquetPartitionDiscoverySuite
 * (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/parquet/): the type each `key=value`
 * directory's value is inferred as (PartitioningUtils.inferPartitionColumnValue), the type a column's values
 * share, `spark.sql.sources.partitionColumnTypeInference.enabled=false`, and the values read back, in batch and
 * streaming reads. Spark's expected types and rows; the session time zone is UTC (Spark's `Timestamp.valueOf`
 * reads the JVM's zone).
 *
 * Not ported: "parse invalid partitioned directories", "parse partition", "parse partition with base paths",
 * "conflictingPartitionColumnsError", "SPARK-7749" (PartitioningUtils internals, Hadoop paths, the analysed
 * HadoopFsRelation), "Parallel partition discovery" and "_SUCCESS should not break..." thresholds (Spark jobs),
 * "SPARK-15895" (Parquet summary files Sluice never writes), the TIME type cases (Spark 4.1's TimeType),
 * "Various partition value types" (byte/short/float/decimal(10,5) partition columns read back through
 * casts: covered by SPARK-40212 here), the cases on basePath, globs and nulls (DataFrameReader's suites).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Decimal } from "../sql/decimals";
import {
  DateType,
  DecimalType,
  DoubleType,
  IntegerType,
  LongType,
  NullType,
  StringType,
  TimestampNTZType,
  TimestampType,
} from "../sql/types";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { inferPartitionColumnValue } from "./PartitioningUtils";

const DEFAULT = "__HIVE_DEFAULT_PARTITION__";

describe("ParquetPartitionDiscoverySuite: inferPartitionColumnValue", () => {
  it("column type inference", () => {
    const check = (raw: string | null, expected: unknown, ts = TimestampType) =>
      expect(inferPartitionColumnValue(raw, true, ts)).toEqual(expected);
    check("10", IntegerType);
    check("1000000000000000", LongType);
    check("1".repeat(20), new DecimalType(20, 0));
    check("1.5", DoubleType);
    check("hello", StringType);
    check("1990-02-24", DateType);
    check("1990-02-24 12:00:30", TimestampNTZType, TimestampNTZType);
    check("1990-02-24 12:00:30", TimestampType, TimestampType);
    // The default partition name is null before the value is read: partitionValuesOf gives null.
    check(null, NullType);
  });
});

describe("ParquetPartitionDiscoverySuite: reads", () => {
  let t: TestSession;
  let n = 0;
  const dir = () => `/ppd${n++}`;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const schemaOf = (path: string) =>
    t.spark.read.parquet(path).schema.fields.map((f) => [f.name, f.dataType.simpleString()]);
  const sorted = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
    (await df.collect()).map((r) => Object.values({ ...r })).sort((a, b) => Number(a[0]) - Number(b[0]));

  /** One Parquet file of `rows` (column `i`) in each `key=value` directory, written as Spark's makePartitionDir. */
  const makePartitions = async (base: string, dirs: string[]) => {
    for (const [k, d] of dirs.entries())
      await t.spark.createDataFrame([{ i: k }], "i INT").write.parquet(`${base}/${d}`);
  };

  it("parse partitions: a null, a date and a timestamp widen to a timestamp; int, decimal and null to decimal", async () => {
    for (const [timestampType, expected] of [
      ["TIMESTAMP_NTZ", "timestamp_ntz"],
      ["TIMESTAMP_LTZ", "timestamp"],
    ]) {
      t.spark.conf.set("spark.sql.timestampType", timestampType);
      const base = dir();
      await makePartitions(base, [
        `a=${DEFAULT}/b=0`,
        `a=2014-01-01/b=${9223372036854775807n}111`,
        `a=2014-01-01 00%3A01%3A00.0/b=${DEFAULT}`,
      ]);
      expect(schemaOf(base)).toEqual([
        ["i", "int"],
        ["a", expected],
        ["b", "decimal(22,0)"],
      ]);
      const rows = await sorted(t.spark.read.parquet(base).selectExpr("i", "CAST(a AS STRING)", "b"));
      expect(rows).toEqual([
        [0, null, new Decimal(0n, 0)],
        [1, "2014-01-01 00:00:00", new Decimal(9223372036854775807111n, 0)],
        [2, "2014-01-01 00:01:00", null],
      ]);
    }
    t.spark.conf.unset("spark.sql.timestampType");
  });

  it("parse partitions with type inference disabled", async () => {
    t.spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    try {
      const base = dir();
      await makePartitions(base, ["a=10/b=20", "a=10.5/b=hello"]);
      expect(schemaOf(base)).toEqual([
        ["i", "int"],
        ["a", "string"],
        ["b", "string"],
      ]);
      expect(await sorted(t.spark.read.parquet(base))).toEqual([
        [0, "10", "20"],
        [1, "10.5", "hello"],
      ]);
      const nulls = dir();
      await makePartitions(nulls, ["a=10/b=20", `a=${DEFAULT}/b=hello`]);
      expect(await sorted(t.spark.read.parquet(nulls))).toEqual([
        [0, "10", "20"],
        [1, null, "hello"],
      ]);
    } finally {
      t.spark.conf.unset("spark.sql.sources.partitionColumnTypeInference.enabled");
    }
  });

  it("parse partitions: an int and a double widen to double", async () => {
    const base = dir();
    await makePartitions(base, ["a=10/b=20", "a=10.5/b=hello"]);
    expect(schemaOf(base)).toEqual([
      ["i", "int"],
      ["a", "double"],
      ["b", "string"],
    ]);
    expect(await sorted(t.spark.read.parquet(base))).toEqual([
      [0, 10, "20"],
      [1, 10.5, "hello"],
    ]);
  });

  it("Various inferred partition value types", async () => {
    for (const timestampType of ["TIMESTAMP_NTZ", "TIMESTAMP_LTZ"]) {
      t.spark.conf.set("spark.sql.timestampType", timestampType);
      const ntz = timestampType === "TIMESTAMP_NTZ" ? "_ntz" : "";
      const df = t.spark.sql(
        `SELECT 9223372036854775807L AS p_0, 4.5D AS p_1, CAST('${"1".repeat(20)}' AS DECIMAL(20,0)) AS p_2,
           DATE'2015-05-23' AS p_3, TIMESTAMP${ntz.toUpperCase()}'1990-02-24 12:00:30' AS p_4,
           'This is a string, /[]?=:' AS p_5, 'This is not a partition column' AS i`,
      );
      const path = dir();
      await df.write.format("parquet").partitionBy("p_0", "p_1", "p_2", "p_3", "p_4", "p_5").save(path);
      const back = t.spark.read.load(path).select("p_0", "p_1", "p_2", "p_3", "p_4", "p_5", "i");
      expect(back.schema.fields.map((f) => f.dataType.simpleString())).toEqual([
        "bigint",
        "double",
        "decimal(20,0)",
        "date",
        `timestamp${ntz}`,
        "string",
        "string",
      ]);
      expect(
        await back
          .selectExpr("p_0", "p_1", "p_2", "CAST(p_3 AS STRING)", "CAST(p_4 AS STRING)", "p_5", "i")
          .collect()
          .then((r) => r.map((x) => Object.values({ ...x }))),
      ).toEqual([
        [
          9223372036854775807n,
          4.5,
          new Decimal(11111111111111111111n, 0),
          "2015-05-23",
          "1990-02-24 12:00:30",
          "This is a string, /[]?=:",
          "This is not a partition column",
        ],
      ]);
    }
    t.spark.conf.unset("spark.sql.timestampType");
  });

  it("SPARK-22109: Resolve type conflicts between strings and timestamps in partition column", async () => {
    const df = t.spark.createDataFrame(
      [
        { i: 1, str: "2015-01-01 00:00:00" },
        { i: 2, str: "2014-01-01 00:00:00" },
        { i: 3, str: "blah" },
      ],
      "i INT, str STRING",
    );
    const path = dir();
    await df.write.format("parquet").partitionBy("str").save(path);
    expect(await sorted(t.spark.read.load(path))).toEqual([
      [1, "2015-01-01 00:00:00"],
      [2, "2014-01-01 00:00:00"],
      [3, "blah"],
    ]);
  });

  it("Resolve type conflicts - decimals, dates and timestamps in partition column", async () => {
    const dates = t.spark.createDataFrame(
      [
        { i: 1, ts: "2014-01-01" },
        { i: 2, ts: "2016-01-01" },
        { i: 3, ts: "2015-01-01 00:01:00" },
      ],
      "i INT, ts STRING",
    );
    const p1 = dir();
    await dates.write.format("parquet").partitionBy("ts").save(p1);
    const read1 = t.spark.read.load(p1);
    expect(read1.schema.field("ts")?.dataType).toBe(TimestampType);
    expect(await sorted(read1)).toEqual([
      [1, new Date("2014-01-01T00:00:00Z")],
      [2, new Date("2016-01-01T00:00:00Z")],
      [3, new Date("2015-01-01T00:01:00Z")],
    ]);

    const decimals = t.spark.createDataFrame(
      [
        { i: 1, decimal: "1" },
        { i: 2, decimal: "3" },
        { i: 3, decimal: "2".repeat(30) },
      ],
      "i INT, decimal STRING",
    );
    const p2 = dir();
    await decimals.write.format("parquet").partitionBy("decimal").save(p2);
    const read2 = t.spark.read.load(p2);
    expect(read2.schema.field("decimal")?.dataType).toEqual(new DecimalType(30, 0));
    expect(await sorted(read2)).toEqual([
      [1, new Decimal(1n, 0)],
      [2, new Decimal(3n, 0)],
      [3, new Decimal(BigInt("2".repeat(30)), 0)],
    ]);
  });

  it("SPARK-23436, SPARK-36861: invalid Dates should be inferred as String in partition inference", async () => {
    const data = t.spark.createDataFrame(
      [
        {
          id: "1",
          date_month: "2018-41",
          date_hour: "2018-01-01-04",
          date_t_hour: "2021-01-01T00",
          data: "test",
        },
      ],
      "id STRING, date_month STRING, date_hour STRING, date_t_hour STRING, data STRING",
    );
    const path = dir();
    await data.write.partitionBy("date_month", "date_hour", "date_t_hour").parquet(path);
    const input = t.spark.read.parquet(path).select("id", "date_month", "date_hour", "date_t_hour", "data");
    expect(input.schema.fields.map((f) => f.dataType)).toEqual(data.schema.fields.map((f) => f.dataType));
    expect((await input.collect()).map((r) => Object.values({ ...r }))).toEqual([
      ["1", "2018-41", "2018-01-01-04", "2021-01-01T00", "test"],
    ]);
  });

  it("SPARK-34314: preserve partition values of the string type", async () => {
    const df = t.spark.createDataFrame(
      [
        { id: 0, part: "AA" },
        { id: 1, part: "-0" },
      ],
      "id INT, part STRING",
    );
    const path = dir();
    await df.write.partitionBy("part").format("parquet").save(path);
    const readback = t.spark.read.parquet(path);
    expect(readback.schema.field("part")?.dataType).toBe(StringType);
    expect(await sorted(readback)).toEqual([
      [0, "AA"],
      [1, "-0"],
    ]);
  });

  it("SPARK-40212: SparkSQL castPartValue does not properly handle byte, short, float", async () => {
    const path = dir();
    await t.spark
      .sql("SELECT 1 AS a, CAST(2 AS TINYINT) AS b, CAST(3 AS SMALLINT) AS c, CAST(4.0 AS FLOAT) AS d")
      .write.mode("overwrite")
      .partitionBy("b", "c", "d")
      .parquet(path);
    const res = t.spark.read.schema("a INT, b BYTE, c SHORT, d FLOAT").parquet(path);
    expect((await res.collect()).map((r) => Object.values({ ...r }))).toEqual([[1, 2, 3, 4]]);
  });

  it("a stream's partition columns are inferred as a batch read's (spark.sql.streaming.schemaInference)", async () => {
    t.spark.conf.set("spark.sql.streaming.schemaInference", "true");
    try {
      const base = dir();
      await makePartitions(base, ["d=2015-05-23/n=12345678901234567890123"]);
      const stream = t.spark.readStream.format("parquet").load(base);
      expect(stream.schema.fields.map((f) => [f.name, f.dataType.simpleString()])).toEqual([
        ["i", "int"],
        ["d", "date"],
        ["n", "decimal(23,0)"],
      ]);
      const q = await stream
        .selectExpr("i", "CAST(d AS STRING) AS d", "n")
        .writeStream.format("memory")
        .queryName("ppd_stream")
        .start();
      await q.processAllAvailable();
      await q.stop();
      expect((await t.spark.table("ppd_stream").collect()).map((r) => Object.values({ ...r }))).toEqual([
        [0, "2015-05-23", new Decimal(12345678901234567890123n, 0)],
      ]);
    } finally {
      t.spark.conf.unset("spark.sql.streaming.schemaInference");
    }
  });
});
