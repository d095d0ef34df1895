/**
 * Parquet's `_metadata.row_index`, ported from Spark's FileMetadataStructRowIndexSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/): a file of `expected_row_idx` 0..9 (and
 * a partitioned table of ten such files) read back, every row's `row_index` equal to its expected index.
 *
 * The vectorized / parquet-mr / off-heap variants are one case here (Sluice has one Parquet reader). The
 * "unsupported file format" cases use JSON where Spark uses ORC (Sluice reads no ORC; JSON has no row_index
 * either).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SparkError } from "../errors/exceptions";
import { col, lit } from "../index";
import type { DataFrame } from "../sql/api/DataFrame";
import type { StructType } from "../sql/types";
import { newTestSession, type TestSession } from "../testing/fixtures";

const EXPECTED = "expected_row_idx";
const ALL_METADATA_COLS = ["file_path", "file_size", "file_modification_time", "row_index"];

describe("FileMetadataStructRowIndexSuite", () => {
  let t: TestSession;
  let n = 0;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  /** Spark's withReadDataFrame: the rows written in one file (or one per partition), read with their schema. */
  const readDataFrame = async (format: string, partitioned = false): Promise<DataFrame> => {
    const path = `/rowidx/${n++}`;
    const writeDf = partitioned
      ? t.spark
          .range(0, 100)
          .select(
            col("id").mod(10).alias(EXPECTED),
            lit("a text").alias("text"),
            col("id").divide(10).cast("int").cast("string").alias("pb"),
          )
      : t.spark.range(0, 10).toDF(EXPECTED);
    if (partitioned) await writeDf.write.format(format).partitionBy("pb").save(path);
    else await writeDf.write.format(format).save(path);
    return t.spark.read.format(format).schema(writeDf.schema).load(path);
  };

  /** Spark's collectMetadataCols: the metadata field names anywhere in the schema. */
  const metadataCols = (struct: StructType): string[] =>
    struct.fields.flatMap((f) =>
      "fields" in f.dataType
        ? metadataCols(f.dataType as StructType)
        : ALL_METADATA_COLS.includes(f.name)
          ? [f.name]
          : [],
    );

  for (const partitioned of [false, true]) {
    it(`parquet${partitioned ? " (partitioned)" : ""} - read _metadata.row_index`, async () => {
      const df = await readDataFrame("parquet", partitioned);
      const res = df.select("*", "_metadata.row_index").where(`${EXPECTED} != row_index`);
      expect(await res.count()).toBe(0);
      // Not vacuous: every row is read with its index.
      expect(await df.select("*", "_metadata.row_index").count()).toBe(partitioned ? 100 : 10);
    });
  }

  it("supported file format - read _metadata struct", async () => {
    const df = await readDataFrame("parquet");
    const withMetadataStruct = df.select("*", "_metadata");
    expect(metadataCols(withMetadataStruct.schema)).toContain("row_index");
  });

  it("unsupported file format - read _metadata struct", async () => {
    const df = await readDataFrame("json");
    const withMetadataStruct = df.select("*", "_metadata");
    expect(await withMetadataStruct.collect()).toHaveLength(10);
    const cols = metadataCols(withMetadataStruct.schema);
    expect(cols).not.toContain("row_index");
    expect(ALL_METADATA_COLS.filter((c) => cols.includes(c))).toHaveLength(ALL_METADATA_COLS.length - 1);
  });

  it("unsupported file format - read _metadata.row_index", async () => {
    const df = await readDataFrame("json");
    let error: SparkError | undefined;
    try {
      await df.select("*", "_metadata.row_index").collect();
    } catch (e) {
      error = e as SparkError;
    }
    // Spark 4 names the missing struct field with FIELD_NOT_FOUND (the old "No such struct field row_index").
    expect(error?.getCondition()).toBe("FIELD_NOT_FOUND");
    expect(error?.messageParameters.fieldName).toBe("`row_index`");
  });

  it("SPARK-41896: Filter on row_index and a stored column at the same time (FileMetadataStructSuite)", async () => {
    const path = `/rowidx/${n++}`;
    await t.spark.range(500, 600).toDF("stored_id").write.format("parquet").save(path);
    const collected = await t.spark.read
      .load(path)
      .select("stored_id", "_metadata.row_index")
      .where(col("stored_id").lt(lit(520)))
      .where(col("_metadata.row_index").geq(lit(10)))
      .collect();
    expect(collected).toHaveLength(10);
    expect(collected.every((r) => Number(r.stored_id) < 520 && Number(r.row_index) >= 10)).toBe(true);
  });

  it("parquet - use mixed case for column name", async () => {
    const df = await readDataFrame("parquet");
    const mixedCaseRowIndex = "RoW_InDeX";
    expect(
      await df
        .select("*", `_metadata.${mixedCaseRowIndex}`)
        .where(`${EXPECTED} != ${mixedCaseRowIndex}`)
        .count(),
    ).toBe(0);
  });
});
