/**
 * `writeStream.foreach(writer)`: the cases of Spark's ForeachWriterSuite (sql/core/.../sources/
 * ForeachWriterSuite.scala) with their inputs and expected events. Sluice runs one partition, so each batch is
 * one `open(0, batchId)`, the rows, one `close`.
 */
import { describe, expect, it } from "vitest";
import { SparkException, StreamingQueryException } from "../errors";
import { MemoryStream } from "../sources/MemoryStream";
import { col, count, window } from "../sql/api/functions";
import type { Row } from "../sql/api/rows";
import { sharedSession } from "../testing/files";
import type { ForeachWriter } from "./ForeachSink";

type Event =
  | { open: { partition: number; version: number } }
  | { process: unknown }
  | { close: Error | null };

/** Spark's TestForeachWriter: records its events, handed over at `close` (one list per partition and batch). */
class TestForeachWriter implements ForeachWriter {
  readonly allEvents: Event[][] = [];
  private events: Event[] = [];
  constructor(private readonly field = "value") {}
  open(partitionId: number, version: number): boolean {
    this.events = [{ open: { partition: partitionId, version } }];
    return true;
  }
  process(row: Row): void {
    this.events.push({ process: row[this.field] });
  }
  close(error: Error | null): void {
    this.events.push({ close: error });
    this.allEvents.push(this.events);
  }
}

const open = (version: number): Event => ({ open: { partition: 0, version } });
const closed: Event = { close: null };

describe("foreach sink (ForeachWriterSuite)", () => {
  const ctx = sharedSession();

  it("foreach() with `append` output mode", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const writer = new TestForeachWriter();
    const query = await input
      .toDF()
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .outputMode("append")
      .foreach(writer)
      .start();
    input.addData([1, 2, 3, 4].map((value) => ({ value })));
    await query.processAllAvailable();
    expect(writer.allEvents).toEqual([[open(0), ...[1, 2, 3, 4].map((v) => ({ process: v })), closed]]);
    input.addData([5, 6, 7, 8].map((value) => ({ value })));
    await query.processAllAvailable();
    expect(writer.allEvents[1]).toEqual([open(1), ...[5, 6, 7, 8].map((v) => ({ process: v })), closed]);
    expect(query.lastProgress?.sink.description).toBe("ForeachSink");
  });

  it("foreach() with `complete` output mode", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const writer = new TestForeachWriter("count");
    const query = await input
      .toDF()
      .groupBy()
      .count()
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .outputMode("complete")
      .foreach(writer)
      .start();
    input.addData([1, 2, 3, 4].map((value) => ({ value })));
    await query.processAllAvailable();
    expect(writer.allEvents).toEqual([[open(0), { process: 4 }, closed]]);
    input.addData([5, 6, 7, 8].map((value) => ({ value })));
    await query.processAllAvailable();
    expect(writer.allEvents[1]).toEqual([open(1), { process: 8 }, closed]);
  });

  it("foreach with error: close gets it, the query fails with FOREACH_USER_FUNCTION_ERROR", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const funcEx = new Error("ForeachSinkSuite error");
    const writer = new (class extends TestForeachWriter {
      override process(row: Row): void {
        super.process(row);
        throw funcEx;
      }
    })();
    const query = await input
      .toDF()
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .foreach(writer)
      .start();
    input.addData([1, 2, 3, 4].map((value) => ({ value })));
    const e = await query.processAllAvailable().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(e).toBeInstanceOf(StreamingQueryException);
    expect((e as Error).message).toContain("FOREACH_USER_FUNCTION_ERROR");
    expect(((e as Error).cause as Error).message).toBe(funcEx.message);
    expect(query.isActive).toBe(false);
    expect(writer.allEvents).toEqual([[open(0), { process: 1 }, { close: funcEx }]]);
  });

  it("foreach with error: Spark's own error thrown in process is not wrapped (second half of Spark's case)", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    input.addData([1, 2, 3, 4].map((value) => ({ value })));
    // Spark throws ExecutorDeadException, a SparkException; any error of Spark's own keeps its identity.
    const sparkEx = new SparkException("FOREACH_WRITER_ABORTED", {});
    const writer = new (class extends TestForeachWriter {
      override process(row: Row): void {
        super.process(row);
        throw sparkEx;
      }
    })();
    const query = await input
      .toDF()
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .foreach(writer)
      .start();
    const e = await query.processAllAvailable().then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(e).toBeInstanceOf(StreamingQueryException);
    expect(e?.message).not.toContain("FOREACH_USER_FUNCTION_ERROR");
    expect(e?.cause).toBe(sparkEx);
  });

  it("foreach with watermark: complete", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const writer = new TestForeachWriter("count");
    const query = await input
      .toDF()
      .withColumn("eventTime", col("value").cast("timestamp"))
      .withWatermark("eventTime", "10 seconds")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("count"))
      .writeStream.outputMode("complete")
      .option("checkpointLocation", `${dir}/ckpt`)
      .foreach(writer)
      .start();
    input.addData([10, 11, 12].map((value) => ({ value })));
    await query.processAllAvailable();
    expect(writer.allEvents).toEqual([[open(0), { process: 3 }, closed]]);
  });

  it("foreach with watermark: append (empty batches are opened and closed too)", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const writer = new TestForeachWriter("count");
    const query = await input
      .toDF()
      .withColumn("eventTime", col("value").cast("timestamp"))
      .withWatermark("eventTime", "10 seconds")
      .groupBy(window(col("eventTime"), "5 seconds").alias("window"))
      .agg(count("*").alias("count"))
      .select(col("count"))
      .writeStream.outputMode("append")
      .option("checkpointLocation", `${dir}/ckpt`)
      .foreach(writer)
      .start();
    input.addData([10, 11, 12].map((value) => ({ value })));
    await query.processAllAvailable();
    input.addData([{ value: 25 }]);
    await query.processAllAvailable();
    // There should be 3 batches and only does the last batch contain a value (Spark's comment; 4 batches).
    expect(writer.allEvents).toEqual([
      [open(0), closed],
      [open(1), closed],
      [open(2), closed],
      [open(3), { process: 3 }, closed],
    ]);
  });

  it("foreach sink should support metrics", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const query = await input
      .toDF()
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .foreach(new TestForeachWriter())
      .start();
    input.addData([10, 11, 12].map((value) => ({ value })));
    await query.processAllAvailable();
    expect(query.recentProgress.find((p) => p.numInputRows !== 0)?.numInputRows).toBe(3);
  });

  it("foreach with error not caused by ForeachWriter: close gets FOREACH_WRITER_ABORTED", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const writer = new TestForeachWriter();
    const query = await input
      .toDF()
      .select(col("value").divide(0).alias("value"))
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .foreach(writer)
      .start();
    input.addData([1, 2, 3, 4].map((value) => ({ value })));
    const e = (await query.processAllAvailable().then(
      () => undefined,
      (error: unknown) => error,
    )) as StreamingQueryException;
    expect((e.cause as { errorClass?: string }).errorClass).toBe("DIVIDE_BY_ZERO");
    expect(query.isActive).toBe(false);
    expect(writer.allEvents).toHaveLength(1);
    expect(writer.allEvents[0][0]).toEqual(open(0));
    const { close } = writer.allEvents[0][1] as { close: Error & { errorClass?: string } };
    expect(close.errorClass).toBe("FOREACH_WRITER_ABORTED");
    expect(close.message).toBe(
      "[FOREACH_WRITER_ABORTED] Foreach writer has been aborted due to a task failure.",
    );
  });

  it("a null writer is refused at the call (Spark's DataStreamWriter.foreach)", () => {
    const df = new MemoryStream(ctx.t.spark, "value INT").toDF();
    const refused = (() => {
      try {
        df.writeStream.foreach(null as unknown as ForeachWriter);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(refused?.name).toBe("IllegalArgumentException");
    expect(refused?.message).toBe("foreach writer cannot be null");
  });

  it("open() answering false skips the batch's rows; a plain function is a writer of rows", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const seen: number[] = [];
    const skipping: ForeachWriter = {
      open: (_, epochId) => epochId !== 0,
      process: (row) => {
        seen.push(row.value as number);
      },
    };
    const rows: Row[] = [];
    const queries = [
      await input.toDF().writeStream.option("checkpointLocation", `${dir}/a`).foreach(skipping).start(),
      await input
        .toDF()
        .writeStream.option("checkpointLocation", `${dir}/b`)
        .foreach((row) => {
          rows.push(row);
        })
        .start(),
    ];
    input.addData([{ value: 1 }]);
    for (const q of queries) await q.processAllAvailable();
    input.addData([{ value: 2 }]);
    for (const q of queries) await q.processAllAvailable();
    expect(seen).toEqual([2]);
    expect(rows).toEqual([{ value: 1 }, { value: 2 }]);
  });

  it("foreach runs under a continuous trigger, as Spark's foreach sink does", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "value INT");
    const writer = new TestForeachWriter();
    const query = await input
      .toDF()
      .writeStream.option("checkpointLocation", `${dir}/ckpt`)
      .trigger({ continuous: "1 second" })
      .foreach(writer)
      .start();
    expect(query.isActive).toBe(true);
  });
});
