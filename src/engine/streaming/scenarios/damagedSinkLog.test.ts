/**
 * A damaged file sink log (`<out>/_spark_metadata/N`) is reported naming the file, by readers and by the query
 * writing the sink, never read around or rewritten. (The checkpoint's own logs are covered in checkpoint.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { StreamingQueryException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { readText, sharedSession } from "../../testing/files";

describe("a damaged _spark_metadata log", () => {
  const ctx = sharedSession();

  it("fails the reader and the resumed query with an error naming the file, and is left as it was", async () => {
    const { t, dir } = ctx;
    const input = new MemoryStream(t.spark, "v INT");
    const start = () =>
      input
        .toDF()
        .writeStream.format("parquet")
        .option("checkpointLocation", `${dir}/ckpt`)
        .start(`${dir}/out`);
    const first = await start();
    for (const v of [1, 2]) {
      input.addData([{ v }]);
      await first.processAllAvailable();
    }
    await first.stop();
    const log = `${dir}/out/_spark_metadata/1`;
    await t.spark.fs.writeFile(log, "v1\n{garbage");
    // Reading infers the schema from the log's files as the DataFrame is built.
    await expect((async () => t.spark.read.parquet(`${dir}/out`).collect())()).rejects.toThrow(
      `Checkpoint file ${log} is corrupt: entry 0 is not valid JSON`,
    );
    // Batch 1 runs again after a crash before commits/1: the sink must read its log, and refuses.
    await t.spark.fs.delete(`${dir}/ckpt/commits/1`);
    const second = await start();
    const failure = await second.awaitTermination().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamingQueryException);
    expect((failure as Error).message).toContain(`Checkpoint file ${log} is corrupt`);
    expect(await readText(t, log)).toBe("v1\n{garbage");
  });
});
