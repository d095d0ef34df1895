/**
 * The case of Spark's DataStreamReaderSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), named as
 * there, with Spark's input and expected answer. Spark's case predates `readStream` (it reads with
 * `sqlContext.streamFrom.format("text").open(dir)` and writes with `streamTo`); its counterparts today are
 * `readStream.format("text").load(dir)` and `writeStream.format("text").start(dir)`. Spark waits five seconds
 * for the query to pick the file up; here `processAllAvailable` waits for exactly that.
 *
 * Also the file source cases of Spark's DataStreamReaderWriterSuite (same folder, `test/`), each named as there.
 * Not ported from it: the cases on its fake `org.apache.spark.sql.streaming.test` provider (options and schemas
 * it records; Sluice loads no provider class) and the writer's cases (sinks, checkpoint locations: see
 * StreamingQueryManager.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnalysisException } from "../../../errors";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { col } from "../../../sql/api/functions";
import { ArrayType, IntegerType, StringType, StructField, StructType } from "../../../sql/types";
import { newTestSession, type TestSession } from "../../../testing/fixtures";

describe("DataStreamReaderSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  it("read from text files", async () => {
    const src = "/streaming.src";
    const dest = "/streaming.dest";
    await t.spark.fs.mkdirs(src);
    await t.spark.fs.mkdirs(dest);
    const df = t.spark.readStream.format("text").load(src);
    const filtered = df.filter(col("value").contains("keep"));
    const runningQuery = await filtered.writeStream
      .format("text")
      .option("checkpointLocation", "/checkpoint")
      .start(dest);
    await t.spark.fs.writeFile(`${src}/1`, "drop1\nkeep2\nkeep3");
    await runningQuery.processAllAvailable();
    const output = await t.spark.read.text(dest).collect();
    expect(output.map((r) => r.value).sort()).toEqual(["keep2", "keep3"]);
    await runningQuery.stop();
  });

  describe("DataStreamReaderWriterSuite", () => {
    it("SPARK-18510: use user specified types for partition columns in file sources", async () => {
      const src = "/src";
      // Spark's createArray UDF: the strings "1" to "length".
      await t.spark
        .range(4)
        .selectExpr(
          "transform(sequence(1, CAST(id + 1 AS INT)), i -> CAST(i AS STRING)) AS ex",
          "id",
          "id % 4 AS part",
        )
        .coalesce(1)
        .write.partitionBy("part", "id")
        .mode("overwrite")
        .parquet(src);
      // The partition column `id` given as a string, first: partition columns go to the end.
      const schema = new StructType([
        new StructField("id", StringType),
        new StructField("ex", new ArrayType(StringType)),
      ]);
      const sdf = t.spark.readStream.schema(schema).format("parquet").load(src);
      await sdf.resolve();
      expect(sdf.schema.fields.map((f) => [f.name, f.dataType.simpleString()])).toEqual([
        ["ex", new ArrayType(StringType).simpleString()],
        ["part", IntegerType.simpleString()], // inferred
        ["id", StringType.simpleString()], // the user's type
      ]);
      const sq = await sdf.writeStream.queryName("corruption_test").format("memory").start();
      await sq.processAllAvailable();
      const rows = await t.spark.table("corruption_test").collect();
      expect(rows.map((r) => [r.ex, r.part, r.id]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
        [["1"], 0, "0"],
        [["1", "2"], 1, "1"],
        [["1", "2", "3"], 2, "2"],
        [["1", "2", "3", "4"], 3, "3"],
      ]);
      await sq.stop();
    });

    it("SPARK-32516: 'path' cannot coexist with load()'s path parameter", async () => {
      const verifyLoadFails = async (f: () => DataFrame) => {
        let error: unknown;
        try {
          await f().resolve();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(AnalysisException);
        expect((error as Error).message).toContain(
          "Either remove the path option, or call load() without the parameter",
        );
      };
      await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").parquet("tmp2"));
      await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").parquet(""));
      await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").format("parquet").load("tmp2"));
      await verifyLoadFails(() => t.spark.readStream.option("path", "tmp1").format("parquet").load(""));
    });
  });
});
