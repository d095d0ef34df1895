/**
 * Cases of Spark's ConsoleWriteSupportSuite (sql/core/src/test/scala/org/apache/spark/sql/execution/streaming/
 * sources), each named as there: the console sink's printed text, character for character, as Spark's test
 * captures it from Console.out (here the session's output).
 */
import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { sharedSession } from "../../../testing/files";

describe("ConsoleWriteSupportSuite", () => {
  const ctx = sharedSession();
  /** What `body` prints through the session's output, joined: Spark's Console.withOut(captured). */
  const captured = async (body: () => Promise<void>): Promise<string> => {
    const printed: string[] = [];
    ctx.t.spark.setOutput((text) => printed.push(text));
    try {
      await body();
    } finally {
      ctx.t.spark.setOutput((text) => process.stdout.write(text));
    }
    return printed.join("");
  };

  it("microbatch - default", async () => {
    const input = new MemoryStream(ctx.t.spark, "value INT");
    const text = await captured(async () => {
      const query = await input.toDF().writeStream.format("console").start();
      try {
        input.addData([[1], [2], [3]]);
        await query.processAllAvailable();
        input.addData([[4], [5], [6]]);
        await query.processAllAvailable();
        input.addData([]);
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
    });
    expect(text).toBe(
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+-----+",
        "|value|",
        "+-----+",
        "|    1|",
        "|    2|",
        "|    3|",
        "+-----+",
        "",
        "-------------------------------------------",
        "Batch: 1",
        "-------------------------------------------",
        "+-----+",
        "|value|",
        "+-----+",
        "|    4|",
        "|    5|",
        "|    6|",
        "+-----+",
        "",
        "-------------------------------------------",
        "Batch: 2",
        "-------------------------------------------",
        "+-----+",
        "|value|",
        "+-----+",
        "+-----+",
        "",
        "",
      ].join("\n"),
    );
  });

  it("microbatch - with numRows", async () => {
    const input = new MemoryStream(ctx.t.spark, "value INT");
    const text = await captured(async () => {
      // Option names are case-insensitive, as Spark's CaseInsensitiveStringMap.
      const query = await input.toDF().writeStream.format("console").option("NUMROWS", 2).start();
      try {
        input.addData([[1], [2], [3]]);
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
    });
    expect(text).toBe(
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+-----+",
        "|value|",
        "+-----+",
        "|    1|",
        "|    2|",
        "+-----+",
        "only showing top 2 rows",
        "",
        "",
      ].join("\n"),
    );
  });

  it("microbatch - truncation", async () => {
    const input = new MemoryStream(ctx.t.spark, "value STRING");
    const text = await captured(async () => {
      const query = await input.toDF().writeStream.format("console").option("TRUNCATE", true).start();
      try {
        input.addData([["123456789012345678901234567890"]]);
        await query.processAllAvailable();
      } finally {
        await query.stop();
      }
    });
    expect(text).toBe(
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+--------------------+",
        "|               value|",
        "+--------------------+",
        "|12345678901234567...|",
        "+--------------------+",
        "",
        "",
      ].join("\n"),
    );
  });

  it("continuous - default", async () => {
    await captured(async () => {
      const input = ctx.t.spark.readStream
        .format("rate")
        .option("numPartitions", "1")
        .option("rowsPerSecond", "5")
        .load()
        .select("value");
      const query = await input.writeStream.format("console").trigger({ continuous: 200 }).start();
      expect(query.isActive).toBe(true);
      await query.stop();
      expect(query.isActive).toBe(false);
    });
  });
});
