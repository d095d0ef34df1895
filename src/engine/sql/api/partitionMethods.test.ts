/** The DataFrame methods about partitions and old names, on Sluice's one partition. */
import { describe, expect, it } from "vitest";
import { AnalysisException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { sharedSession } from "../../testing/files";
import { rejectionOf } from "../../testing/thrown";
import { col } from "./functions";

describe("partition methods on one partition", () => {
  const ctx = sharedSession();
  const df = () =>
    ctx.t.spark.createDataFrame(
      [
        { k: 2, v: "b" },
        { k: 1, v: "a" },
        { k: 3, v: "c" },
      ],
      "k INT, v STRING",
    );

  it("sortWithinPartitions sorts the one partition, ascending or descending", async () => {
    expect((await df().sortWithinPartitions("k").collect()).map((r) => r.k)).toEqual([1, 2, 3]);
    expect((await df().sortWithinPartitions(col("k").desc()).collect()).map((r) => r.k)).toEqual([3, 2, 1]);
  });

  it("sortWithinPartitions on a stream is refused as any sort outside complete mode", async () => {
    const stream = new MemoryStream(ctx.t.spark, "k INT").toDF().sortWithinPartitions("k");
    const error = await rejectionOf<AnalysisException>(
      stream.writeStream.format("memory").queryName("sorted_within").start(),
    );
    expect(error).toBeInstanceOf(AnalysisException);
    expect(error.message).toContain(
      "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
    );
  });

  it("repartitionByRange keeps the rows; registerTempTable names a view", async () => {
    expect(await df().repartitionByRange(2, "k").count()).toBe(3);
    df().registerTempTable("old_name_view");
    expect(await ctx.t.spark.sql("SELECT v FROM old_name_view WHERE k = 3").collect()).toEqual([{ v: "c" }]);
  });
});
