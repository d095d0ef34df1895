/**
 * Refusals Spark 4 raises with `_LEGACY_ERROR_TEMP_*` conditions, through the public API with Spark's inputs:
 * the condition, its parameters, the exception class and the text of Spark's error-conditions.json.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../sources/MemoryStream";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { thrownBy } from "../testing/thrown";
import { AnalysisException, SparkUnsupportedOperationException } from "./exceptions";

type Refusal = Error & { getCondition(): string; getMessageParameters(): object };

const thrown = (f: () => unknown) => thrownBy<Refusal>(f);

/** The refusal of `start()`, thrown or as its promise's rejection. */
async function refused(start: () => Promise<unknown>): Promise<Refusal> {
  try {
    await start();
  } catch (error) {
    return error as Refusal;
  }
  throw new Error("expected a refusal");
}

describe("Spark's legacy conditions", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("_LEGACY_ERROR_TEMP_1323: sum of a string column, as RelationalGroupedDataset", () => {
    const df = t.spark.createDataFrame([{ Category: "a", Amount: "10" }], "Category STRING, Amount STRING");
    const e = thrown(() => df.groupBy("Category").sum("Amount"));
    expect(e).toBeInstanceOf(AnalysisException);
    expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_1323");
    expect(e.getMessageParameters()).toEqual({ colName: "Amount" });
    expect(e.message).toBe(
      '"Amount" is not a numeric column. Aggregation function can only be applied on a numeric column.',
    );
  });

  it("_LEGACY_ERROR_TEMP_2242: rate-micro-batch with a user schema (RatePerMicroBatchProviderSuite)", () => {
    const load = (format: string) => () =>
      t.spark.readStream.format(format).option("rowsPerBatch", "10").schema("id BIGINT").load();
    const e = thrown(load("rate-micro-batch"));
    expect(e).toBeInstanceOf(SparkUnsupportedOperationException);
    expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_2242");
    expect(e.getMessageParameters()).toEqual({ provider: "RatePerMicroBatchProvider" });
    expect(e.message).toBe("RatePerMicroBatchProvider source does not support user-specified schema.");
    expect(thrown(load("rate")).getMessageParameters()).toEqual({ provider: "RateStreamProvider" });
    // The schema is refused before the socket's options are read, as Spark refuses it.
    expect(thrown(load("socket")).getMessageParameters()).toEqual({ provider: "TextSocketSourceProvider" });
  });

  it("_LEGACY_ERROR_TEMP_2049: a stream written to a source-only format; an unknown one is not found", async () => {
    const df = new MemoryStream(t.spark, "value INT").toDF();
    const start = (format: string) => () =>
      df.writeStream.format(format).option("checkpointLocation", `/ckpt/${format}`).start();
    const e = await refused(start("rate"));
    expect(e).toBeInstanceOf(SparkUnsupportedOperationException);
    expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_2049");
    expect(e.getMessageParameters()).toEqual({ className: "rate", operator: "writing" });
    expect(e.message).toBe("Data source rate does not support streamed writing.");
    expect((await refused(start("jdbc"))).message).toBe(
      "Data source jdbc does not support streamed writing.",
    );
    expect((await refused(start("no.such.format"))).getCondition()).toBe("DATA_SOURCE_NOT_FOUND");
  });

  it("_LEGACY_ERROR_TEMP_1195: foreachBatch with a continuous trigger (ForeachBatchSinkSuite)", async () => {
    const df = new MemoryStream(t.spark, "value INT").toDF();
    const refusal = await refused(() =>
      df.writeStream
        .foreachBatch(() => {})
        .trigger({ continuous: "1 second" })
        .option("checkpointLocation", "/ckpt/fb")
        .start(),
    );
    expect(refusal).toBeInstanceOf(AnalysisException);
    expect(refusal.getCondition()).toBe("_LEGACY_ERROR_TEMP_1195");
    expect(refusal.getMessageParameters()).toEqual({ source: "foreachBatch" });
    expect(refusal.message).toBe("'foreachBatch' is not supported with continuous trigger.");
  });
});
