import { describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import type { Row } from "../sql/api/rows";
import { sortedRows } from "../testing/batches";
import { logIds, readText, sharedSession, treeOf, writeFileAt } from "../testing/files";

const T0 = Date.UTC(2024, 0, 1);

describe("the checkpoint", () => {
  const ctx = sharedSession();

  /** Two csv files, one per batch, counted per key into a memory table. */
  const countQuery = async (checkpoint: string) => {
    const { t, dir } = ctx;
    for (const [i, text] of ["a\nb\n", "a\n"].entries()) {
      if (!(await t.spark.fs.stat(`${dir}/in/f${i}.csv`)))
        await writeFileAt(t, `${dir}/in/f${i}.csv`, text, T0 + i * 1000);
    }
    return t.spark.readStream
      .schema("k STRING")
      .option("maxFilesPerTrigger", 1)
      .csv(`${dir}/in`)
      .groupBy("k")
      .count()
      .writeStream.outputMode("complete")
      .format("memory")
      .queryName("checkpointed_counts")
      .option("checkpointLocation", checkpoint)
      .start();
  };

  it("is laid out as Spark's: metadata, offsets, commits, sources, state (and Sluice's history); no temporary file is left", async () => {
    const { t, dir } = ctx;
    const query = await countQuery(`${dir}/ckpt`);
    await query.processAllAvailable();
    await query.stop();
    const tree = await treeOf(t, `${dir}/ckpt`);
    expect(tree.filter((p) => !p.startsWith("state/"))).toEqual([
      "commits/0",
      "commits/1",
      "history/0",
      "history/1",
      "metadata",
      "offsets/0",
      "offsets/1",
      "sources/0/0",
      "sources/0/1",
    ]);
    expect(tree.some((p) => p.startsWith("state/"))).toBe(true);
    expect(tree.some((p) => p.split("/").some((part) => part.startsWith(".")))).toBe(false);

    expect(JSON.parse(await readText(t, `${dir}/ckpt/metadata`))).toEqual({ id: query.id });
    const [version, batch, offset] = (await readText(t, `${dir}/ckpt/offsets/1`)).split("\n");
    expect(version).toBe("v1");
    expect(JSON.parse(batch)).toMatchObject({
      batchWatermarkMs: 0,
      batchTimestampMs: Date.parse(query.recentProgress[1].timestamp),
      conf: { "spark.sql.shuffle.partitions": "200" },
    });
    expect(JSON.parse(offset)).toEqual({ logOffset: 1 });
    expect(await readText(t, `${dir}/ckpt/commits/1`)).toBe('v1\n{"nextBatchWatermarkMs":0}');
    const [sourceVersion, entry] = (await readText(t, `${dir}/ckpt/sources/0/1`)).split("\n");
    expect(sourceVersion).toBe("v1");
    expect(JSON.parse(entry)).toEqual({ path: `file://${dir}/in/f1.csv`, timestamp: T0 + 1000, batchId: 1 });
  });

  it("writes offsets/N before batch N runs and commits/N after its sink", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const seen: string[] = [];
    const query = await input
      .toDF()
      .writeStream.foreachBatch(async (_, batchId) => {
        const offsets = await t.spark.fs.stat(`${dir}/ckpt/offsets/${batchId}`);
        const commit = await t.spark.fs.stat(`${dir}/ckpt/commits/${batchId}`);
        seen.push(`${batchId}: offsets ${offsets !== undefined}, commit ${commit !== undefined}`);
      })
      .option("checkpointLocation", `${dir}/ckpt`)
      .start();
    input.addData([{ v: 1 }]);
    await query.processAllAvailable();
    await query.stop();
    expect(seen).toEqual(["0: offsets true, commit false"]);
    expect(await logIds(t, `${dir}/ckpt/commits`)).toEqual([0]);
  });

  it("keeps the last spark.sql.streaming.minBatchesToRetain batches, and still restarts", async () => {
    const { t, dir } = ctx;
    t.spark.conf.set("spark.sql.streaming.minBatchesToRetain", 2);
    try {
      const input = new MemoryStream(t.spark, "v INT");
      // foreachBatch: a memory sink in append mode cannot restart from its checkpoint, as in Spark.
      const rows: Row[] = [];
      const start = () =>
        input
          .toDF()
          .writeStream.foreachBatch(async (batch) => {
            rows.push(...(await batch.collect()));
          })
          .option("checkpointLocation", `${dir}/ckpt`)
          .start();
      const query = await start();
      for (let v = 0; v < 5; v++) {
        input.addData([{ v }]);
        await query.processAllAvailable();
      }
      await query.stop();
      expect(await logIds(t, `${dir}/ckpt/offsets`)).toEqual([2, 3, 4]);
      expect(await logIds(t, `${dir}/ckpt/commits`)).toEqual([2, 3, 4]);
      const restarted = await start();
      input.addData([{ v: 5 }]);
      await restarted.processAllAvailable();
      expect(restarted.lastProgress?.batchId).toBe(5);
      expect(sortedRows(rows)).toEqual(sortedRows([0, 1, 2, 3, 4, 5].map((v) => ({ v }))));
    } finally {
      t.spark.conf.unset("spark.sql.streaming.minBatchesToRetain");
    }
  });

  describe("a damaged checkpoint is refused by start(), naming the file, and left as it was", () => {
    const damages: [string, (ckpt: string) => Promise<void>, RegExp][] = [
      [
        "an empty offsets file",
        (c) => ctx.t.spark.fs.writeFile(`${c}/offsets/1`, ""),
        // Spark's HDFSMetadataLog names the file around the log's own error.
        /Failed to read log file .*offsets\/1\. Incomplete log file$/,
      ],
      [
        "a truncated offsets file",
        async (c) => {
          const text = await readText(ctx.t, `${c}/offsets/1`);
          await ctx.t.spark.fs.writeFile(`${c}/offsets/1`, text.slice(0, text.length / 2));
        },
        /offsets\/1 is corrupt/,
      ],
      [
        "a garbage commit",
        (c) => ctx.t.spark.fs.writeFile(`${c}/commits/1`, "\u0000\u0001garbage"),
        /Failed to read log file .*commits\/1\. \[MALFORMED_LOG_FILE\] Log file was malformed/,
      ],
      [
        "a garbage metadata file",
        (c) => ctx.t.spark.fs.writeFile(`${c}/metadata`, '{"id":'),
        /metadata is corrupt/,
      ],
      [
        "a garbage file source log",
        (c) => ctx.t.spark.fs.writeFile(`${c}/sources/0/1`, "v1\n{not json"),
        /sources\/0\/1 is corrupt/,
      ],
      [
        "a missing offsets file under a commit",
        (c) => ctx.t.spark.fs.delete(`${c}/offsets/1`),
        /commits\/1 is corrupt: the offset log ends at .*offsets\/0, before this commit/,
      ],
      [
        "a missing previous offsets file for a batch to re-run",
        async (c) => {
          await ctx.t.spark.fs.delete(`${c}/commits/1`);
          await ctx.t.spark.fs.delete(`${c}/offsets/0`);
        },
        /offsets\/0 is corrupt: the file is missing, and batch 1 must run again from the offsets it held/,
      ],
    ];
    for (const [what, damage, message] of damages) {
      it(what, async () => {
        const { t, dir } = ctx;
        const ckpt = `${dir}/ckpt`;
        const query = await countQuery(ckpt);
        await query.processAllAvailable();
        await query.stop();
        await damage(ckpt);
        const before = await Promise.all(
          (await treeOf(t, ckpt)).map(async (p) => [p, await readText(t, `${ckpt}/${p}`)]),
        );
        await expect(countQuery(ckpt)).rejects.toThrow(message);
        const after = await Promise.all(
          (await treeOf(t, ckpt)).map(async (p) => [p, await readText(t, `${ckpt}/${p}`)]),
        );
        expect(after).toEqual(before);
        expect(t.spark.streams.active).toEqual([]);
      });
    }
  });
});
