/**
 * df.writeTo(table): cases of Spark's DataFrameWriterV2Suite over the session catalog's tables (Spark's suite
 * runs them over its in-memory "testcat"; the answers are the same), with its source tables: source is
 * (1,a), (2,b), (3,c) and source2 is (4,d), (5,e), (6,f).
 *
 * Not ported: the cases about v2 catalog internals (Identifier, Transform objects, table properties of the
 * in-memory catalog's owner, a SparkListener's QueryExecution), partition transforms (years, bucket, ...), and
 * a streaming DataFrame's writeTo beyond its refusal.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException } from "../errors";
import { MemoryStream } from "../sources/MemoryStream";
import type { DataFrame } from "../sql/api/DataFrame";
import { col, lit, when } from "../sql/api/functions";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { rejectionOf, thrownBy } from "../testing/thrown";

describe("DataFrameWriterV2Suite", () => {
  let t: TestSession;
  let source: DataFrame;
  let source2: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    source = t.spark.createDataFrame(
      [
        [1, "a"],
        [2, "b"],
        [3, "c"],
      ],
      "id BIGINT, data STRING",
    );
    source2 = t.spark.createDataFrame(
      [
        [4, "d"],
        [5, "e"],
        [6, "f"],
      ],
      "id BIGINT, data STRING",
    );
  });
  afterEach(async () => {
    await t.spark.sql("DROP TABLE IF EXISTS table_name").collect();
  });
  afterAll(() => t.cleanup());

  // A partitioned warehouse table lists its partition columns last, as Spark's session catalog does.
  const rows = async (name = "table_name") =>
    (await t.spark.table(name).select("id", "data").collect())
      .map((r) => Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v)))
      .sort((a, b) => Number(a[0]) - Number(b[0]));
  const createTable = (ddl = "id BIGINT, data STRING", extra = "") =>
    t.spark.sql(`CREATE TABLE table_name (${ddl}) USING parquet ${extra}`).collect();

  it("Append: basic append", async () => {
    await createTable();
    expect(await rows()).toEqual([]);
    await source.writeTo("table_name").append();
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    await source2.writeTo("table_name").append();
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ]);
  });

  it("Append: by name not position", async () => {
    await createTable();
    await source.select(col("data"), col("id")).writeTo("table_name").append();
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
  });

  it("Append: fail if table does not exist", async () => {
    const e = await rejectionOf<AnalysisException>(source.writeTo("table_name").append());
    expect(e.getCondition()).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(e.getMessageParameters()).toEqual({ relationName: "`table_name`" });
  });

  it("Overwrite: overwrite by expression: true", async () => {
    await createTable();
    await source.writeTo("table_name").append();
    await source2.writeTo("table_name").overwrite(lit(true));
    expect(await rows()).toEqual([
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ]);
  });

  it("Overwrite: overwrite by expression: id = 3", async () => {
    await createTable();
    await source.writeTo("table_name").append();
    await source2.writeTo("table_name").overwrite(col("id").equalTo(3));
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "b"],
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ]);
  });

  it("Overwrite: fail if table does not exist", async () => {
    const e = await rejectionOf<AnalysisException>(source.writeTo("table_name").overwrite(lit(true)));
    expect(e.getCondition()).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("OverwritePartitions: overwrite conflicting partitions", async () => {
    await createTable("id BIGINT, data STRING", "PARTITIONED BY (id)");
    await source.writeTo("table_name").append();
    await source2.withColumn("id", col("id").minus(2)).writeTo("table_name").overwritePartitions();
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "d"],
      [3, "e"],
      [4, "f"],
    ]);
  });

  it("OverwritePartitions: overwrite all rows if not partitioned", async () => {
    await createTable();
    await source.writeTo("table_name").append();
    await source2.writeTo("table_name").overwritePartitions();
    expect(await rows()).toEqual([
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ]);
  });

  it("OverwritePartitions: fail if table does not exist", async () => {
    const e = await rejectionOf<AnalysisException>(source.writeTo("table_name").overwritePartitions());
    expect(e.getCondition()).toBe("TABLE_OR_VIEW_NOT_FOUND");
  });

  it("Create: basic behavior", async () => {
    await source.writeTo("table_name").create();
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    const table = t.spark.sessionCatalog.lookupTable(["table_name"])!;
    expect(table.schema.simpleString()).toBe("struct<id:bigint,data:string>");
    expect(table.partitionColumnNames).toEqual([]);
  });

  it("Create: with using", async () => {
    await source.writeTo("table_name").using("json").create();
    expect(t.spark.sessionCatalog.lookupTable(["table_name"])!.provider).toBe("json");
    expect((await rows()).length).toBe(3);
  });

  it("Create: identity partitioned table", async () => {
    await source.writeTo("table_name").partitionedBy(col("id")).create();
    expect(await rows()).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(t.spark.sessionCatalog.lookupTable(["table_name"])!.partitionColumnNames).toEqual(["id"]);
  });

  it("Create: fail if table already exists", async () => {
    await createTable();
    const e = await rejectionOf<AnalysisException>(source.writeTo("table_name").create());
    expect(e.getCondition()).toBe("TABLE_OR_VIEW_ALREADY_EXISTS");
    // the table was not replaced
    expect(await rows()).toEqual([]);
  });

  it("Replace: basic behavior", async () => {
    await source.writeTo("table_name").using("parquet").create();
    await source2
      .withColumn("even_or_odd", when(col("id").mod(2).equalTo(0), "even").otherwise("odd"))
      .writeTo("table_name")
      .using("parquet")
      .partitionedBy(col("id"))
      .replace();
    const replaced = t.spark.sessionCatalog.lookupTable(["table_name"])!;
    expect(replaced.partitionColumnNames).toEqual(["id"]);
    const answer = (await t.spark.table("table_name").select("id", "data", "even_or_odd").collect()).map(
      (r) => [Number(r.id), r.data, r.even_or_odd],
    );
    expect(answer.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [4, "d", "even"],
      [5, "e", "odd"],
      [6, "f", "even"],
    ]);
  });

  it("Replace: fail if table does not exist", async () => {
    const e = await rejectionOf<AnalysisException>(source.writeTo("table_name").using("parquet").replace());
    expect(e.getCondition()).toBe("TABLE_OR_VIEW_NOT_FOUND");
    expect(e.message).toContain("table_name");
  });

  it("CreateOrReplace: table does not exist", async () => {
    await source2.writeTo("table_name").using("parquet").createOrReplace();
    expect(await rows()).toEqual([
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ]);
  });

  it("CreateOrReplace: table exists", async () => {
    await source.writeTo("table_name").using("parquet").create();
    await source2.writeTo("table_name").using("parquet").createOrReplace();
    expect(await rows()).toEqual([
      [4, "d"],
      [5, "e"],
      [6, "f"],
    ]);
  });

  it("a streaming DataFrame is refused", () => {
    const stream = new MemoryStream(t.spark, "a INT");
    const e = thrownBy<AnalysisException>(() => stream.toDF().writeTo("table_name"));
    expect(e.getCondition()).toBe("CALL_ON_STREAMING_DATASET_UNSUPPORTED");
    expect(e.getMessageParameters()).toEqual({ methodName: "`writeTo`" });
  });
});
