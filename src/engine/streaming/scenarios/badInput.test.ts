/**
 * Bad input files in a stream, as Spark documents them: CSV records of the wrong shape or with fields that do not
 * parse under each `mode` (PERMISSIVE keeps them with their text in `columnNameOfCorruptRecord`, DROPMALFORMED
 * drops them, FAILFAST fails the batch naming the file), and Parquet files whose schema drifted (a missing column
 * reads as null; a column whose type changed fails the batch naming the file and column). A failed batch leaves
 * the checkpoint resumable: once the file is fixed, the restarted query re-runs the batch and loses nothing.
 * (A corrupt Parquet file is covered in failures.test.ts.)
 */
import { beforeEach, describe, expect, it } from "vitest";
import { StreamingQueryException } from "../../errors";
import { encodeParquet } from "../../io/parquet";
import type { Row } from "../../sql/api/rows";
import { sortedRows } from "../../testing/batches";
import { logIds, sharedSession, writeFileAt } from "../../testing/files";

const T0 = Date.UTC(2024, 0, 1);
const GOOD_0 = "a,1\nb,2\n";
const BAD_1 = "c,3\nd,notanumber\ne,4,extra\nf\n";
const GOOD_2 = "g,7\n";

describe("bad input files in a stream", () => {
  const ctx = sharedSession();

  /** Three CSV files, one per trigger; the middle one has malformed records. */
  const writeCsv = async (middle = BAD_1) => {
    for (const [i, text] of [GOOD_0, middle, GOOD_2].entries())
      await writeFileAt(ctx.t, `${ctx.dir}/in/f${i}.csv`, text, T0 + i * 1000);
  };
  const startCsv = (schema: string, options: Record<string, string>) =>
    ctx.t.spark.readStream
      .schema(schema)
      .options({ maxFilesPerTrigger: "1", ...options })
      .csv(`${ctx.dir}/in`)
      .writeStream.foreachBatch(async (df, batchId) => {
        collected.set(batchId, await df.collect());
      })
      .option("checkpointLocation", `${ctx.dir}/ckpt`)
      .start();
  /**
   * The rows foreachBatch got, by batch id (a memory sink in append mode cannot restart from its checkpoint, as
   * in Spark); a batch run again replaces what it gave before.
   */
  const collected = new Map<number, Row[]>();
  beforeEach(() => collected.clear());
  const table = async () => sortedRows([...collected.values()].flat());
  const rows = (list: Row[]) => sortedRows(list);

  it("PERMISSIVE keeps malformed records, partly parsed, with their text in the corrupt-record column", async () => {
    await writeCsv();
    const query = await startCsv("k STRING, v INT, _corrupt_record STRING", {});
    await query.processAllAvailable();
    await query.stop();
    expect(await table()).toEqual(
      rows([
        { k: "a", v: 1, _corrupt_record: null },
        { k: "b", v: 2, _corrupt_record: null },
        { k: "c", v: 3, _corrupt_record: null },
        { k: "d", v: null, _corrupt_record: "d,notanumber" },
        { k: "e", v: 4, _corrupt_record: "e,4,extra" },
        { k: "f", v: null, _corrupt_record: "f" },
        { k: "g", v: 7, _corrupt_record: null },
      ]),
    );
  });

  it("columnNameOfCorruptRecord names the column that keeps the text", async () => {
    await writeCsv();
    const query = await startCsv("k STRING, v INT, bad STRING", { columnNameOfCorruptRecord: "bad" });
    await query.processAllAvailable();
    await query.stop();
    expect([...collected.values()].flat().filter((r) => r.bad !== null && r.bad !== undefined).length).toBe(
      3,
    );
  });

  it("DROPMALFORMED drops the malformed records and keeps the rest", async () => {
    await writeCsv();
    const query = await startCsv("k STRING, v INT", { mode: "DROPMALFORMED" });
    await query.processAllAvailable();
    await query.stop();
    expect(await table()).toEqual(rows(["a", "b", "c", "g"].map((k, i) => ({ k, v: [1, 2, 3, 7][i] }))));
  });

  it("FAILFAST fails the batch naming the file and record; fixed, the restarted query resumes from its checkpoint", async () => {
    const { t, dir } = ctx;
    await writeCsv();
    const first = await startCsv("k STRING, v INT", { mode: "FAILFAST" });
    const failure = await first.awaitTermination().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect((failure as StreamingQueryException).batchId).toBe(1);
    expect((failure as Error).message).toContain("MALFORMED_RECORD_IN_PARSING");
    expect((failure as Error).message).toContain(`${dir}/in/f1.csv`);
    expect(await logIds(t, `${dir}/ckpt/commits`)).toEqual([0]);

    await writeFileAt(t, `${dir}/in/f1.csv`, "c,3\nd,4\n", T0 + 1000);
    const second = await startCsv("k STRING, v INT", { mode: "FAILFAST" });
    await second.processAllAvailable();
    await second.stop();
    expect(second.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.batchId)).toEqual([1, 2]);
    expect(await table()).toEqual(
      rows(["a", "b", "c", "d", "g"].map((k, i) => ({ k, v: [1, 2, 3, 4, 7][i] }))),
    );
  });

  it("Parquet schema drift: a column a file lacks reads as null; a changed type fails naming the file and column; removed, the query resumes", async () => {
    const { t, dir } = ctx;
    const parquet = (sql: string) => encodeParquet(t.spark.db.query(sql));
    await writeFileAt(t, `${dir}/pq/p0.parquet`, parquet("SELECT 'a' AS k, 1::BIGINT AS v"), T0);
    await writeFileAt(
      t,
      `${dir}/pq/p1.parquet`,
      parquet("SELECT 'b' AS k, 2::BIGINT AS v, 'x' AS w"),
      T0 + 1000,
    );
    await writeFileAt(t, `${dir}/pq/p2.parquet`, parquet("SELECT 'c' AS k, 'three' AS v"), T0 + 2000);
    await writeFileAt(t, `${dir}/pq/p3.parquet`, parquet("SELECT 'd' AS k, 4::INT AS v"), T0 + 3000);
    const drift = new Map<number, Row[]>();
    const start = () =>
      t.spark.readStream
        .schema("k STRING, v BIGINT, w STRING")
        .option("maxFilesPerTrigger", 1)
        .parquet(`${dir}/pq`)
        .writeStream.foreachBatch(async (df, batchId) => {
          drift.set(batchId, await df.collect());
        })
        .option("checkpointLocation", `${dir}/ckpt`)
        .start();
    const first = await start();
    const failure = (await first.awaitTermination().catch((e: unknown) => e)) as StreamingQueryException;
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect(failure.batchId).toBe(2);
    expect(failure.message).toMatch(/PARQUET_COLUMN_DATA_TYPE_MISMATCH|`v`/);
    expect(failure.message).toContain(`${dir}/pq/p2.parquet`);

    await t.spark.fs.delete(`${dir}/pq/p2.parquet`);
    const second = await start();
    await second.processAllAvailable();
    await second.stop();
    // INT widens to BIGINT, as Spark's Parquet reader allows.
    expect(sortedRows([...drift.values()].flat())).toEqual(
      rows([
        { k: "a", v: 1, w: null },
        { k: "b", v: 2, w: "x" },
        { k: "d", v: 4, w: null },
      ]),
    );
  });
});
