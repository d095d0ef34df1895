import { describe, expect, it } from "vitest";
import { AnalysisException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { sharedSession } from "../../testing/files";
import { rejectionOf } from "../../testing/thrown";
import { col } from "./functions";

describe("DataFrame.offset", () => {
  const ctx = sharedSession();
  // Spark's testData: key 1..100, value its string.
  const testData = () =>
    ctx.t.spark.createDataFrame(
      Array.from({ length: 100 }, (_, i) => ({ key: i + 1, value: String(i + 1) })),
      "key INT, value STRING",
    );

  it("skips the first rows (DataFrameSuite offset)", async () => {
    const rows = await testData().offset(90).collect();
    expect(rows).toEqual(Array.from({ length: 10 }, (_, i) => ({ key: 91 + i, value: String(91 + i) })));
    expect(await testData().offset(100).collect()).toEqual([]);
    expect(await testData().offset(0).count()).toBe(100);
  });

  it("pages with limit, in either order", async () => {
    const keys = async (rows: Promise<Record<string, unknown>[]>) => (await rows).map((r) => r.key);
    expect(await keys(testData().orderBy("key").offset(10).limit(3).collect())).toEqual([11, 12, 13]);
    expect(await keys(testData().orderBy("key").limit(13).offset(10).collect())).toEqual([11, 12, 13]);
    expect(await keys(testData().filter(col("key").gt(95)).offset(2).collect())).toEqual([98, 99, 100]);
  });

  it("is refused on a stream, as Spark's UnsupportedOperationChecker", async () => {
    const df = new MemoryStream(ctx.t.spark, "value INT").toDF().offset(1);
    const error = await rejectionOf<Error>(
      df.writeStream.format("memory").queryName("offset_stream").start(),
    );
    expect(error).toBeInstanceOf(AnalysisException);
    expect(error.message).toContain("Offset is not supported on streaming DataFrames/Datasets");
  });
});
