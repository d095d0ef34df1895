/** The continuous trigger: map-like queries, an epoch per interval checkpointed as offsets/N and commits/N. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { col, current_timestamp } from "../../sql/api/functions";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { ManualClock } from "../runtime/ManualClock";

describe("continuous trigger", () => {
  let t: TestSession;
  let events: MemoryStream;
  beforeEach(async () => {
    t = await newTestSession();
    events = new MemoryStream(t.spark, "id INT, word STRING");
  });
  afterEach(() => t.cleanup());

  const mapLike = () =>
    events.toDF().filter(col("id").gt(1)).select(col("id").multiply(10).alias("x"), "word");

  it("runs a map-like query epoch by epoch, each epoch in the checkpoint, and resumes after a restart", async () => {
    // The clock moves on to each epoch's end as soon as the query waits for it.
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    t.spark.clock = clock;
    const printed: string[] = [];
    t.spark.setOutput((text) => printed.push(text));
    const start = () =>
      mapLike()
        .writeStream.format("console")
        .trigger({ continuous: "200 milliseconds" })
        .option("checkpointLocation", "/checkpoints/continuous")
        .start();
    let query = await start();
    events.addData([
      { id: 1, word: "a" },
      { id: 2, word: "b" },
    ]);
    await clock.fastForward(query.processAllAvailable());
    events.addData([{ id: 3, word: "c" }]);
    await clock.fastForward(query.processAllAvailable());
    await query.stop();
    const epochs = (await t.spark.fs.list("/checkpoints/continuous/commits")).map((f) => f.name).sort();
    expect(epochs).toEqual(["0", "1"]);
    query = await start();
    events.addData([{ id: 4, word: "d" }]);
    await clock.fastForward(query.processAllAvailable());
    await query.stop();
    // A memory sink in append mode cannot restart from its checkpoint (as in Spark): the console sink shows the rows.
    const shown = printed.join("\n");
    for (const [x, word] of [
      [20, "b"],
      [30, "c"],
      [40, "d"],
    ])
      expect(shown).toMatch(new RegExp(`\\|\\s*${x}\\s*\\|\\s*${word}\\s*\\|`));
    expect(shown).not.toMatch(/\|\s*10\s*\|\s*a\s*\|/);
  });

  describe("Spark's refusals, before anything runs", () => {
    const refused = async (start: () => Promise<unknown>, message: string) => {
      await expect(start()).rejects.toThrow(message);
      expect(await t.spark.fs.stat("/checkpoints/refused")).toBeUndefined();
    };
    const continuous = { continuous: "1 second" };

    it("an aggregation", () =>
      refused(
        () =>
          events
            .toDF()
            .groupBy("word")
            .count()
            .writeStream.outputMode("update")
            .format("memory")
            .queryName("agg")
            .trigger(continuous)
            .option("checkpointLocation", "/checkpoints/refused")
            .start(),
        "Continuous processing does not support Aggregate operations.",
      ));

    it("current time", () =>
      refused(
        () =>
          events
            .toDF()
            .withColumn("now", current_timestamp())
            .writeStream.format("console")
            .trigger(continuous)
            .option("checkpointLocation", "/checkpoints/refused")
            .start(),
        "Continuous processing does not support current time operations.",
      ));

    it("a file source", async () => {
      await t.spark.fs.mkdirs("/data/in");
      await refused(
        () =>
          t.spark.readStream
            .schema("id INT")
            .json("/data/in")
            .writeStream.format("console")
            .trigger(continuous)
            .option("checkpointLocation", "/checkpoints/refused")
            .start(),
        "Data source json does not support continuous processing.",
      );
    });

    it("foreachBatch", () =>
      refused(
        () =>
          mapLike()
            .writeStream.foreachBatch(() => {})
            .trigger(continuous)
            .option("checkpointLocation", "/checkpoints/refused")
            .start(),
        "'foreachBatch' is not supported with continuous trigger.",
      ));
  });
});
