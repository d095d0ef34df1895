/**
 * The case of Spark's DataStreamReaderSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), named as
 * there, with Spark's input and expected answer. Spark's case predates `readStream` (it reads with
 * `sqlContext.streamFrom.format("text").open(dir)` and writes with `streamTo`); its counterparts today are
 * `readStream.format("text").load(dir)` and `writeStream.format("text").start(dir)`. Spark waits five seconds
 * for the query to pick the file up; here `processAllAvailable` waits for exactly that.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { col } from "../../../sql/api/functions";
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
});
