/**
 * The hidden `_metadata` column of file sources, ported from Spark's FileMetadataStructSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/): two files, /data/f0 and /data/f1, each
 * written by a DataFrame writer in JSON and in Parquet, read back through `data/*`, and the per-file values
 * compared with the files' own status (Spark's getMetadataForFile: `file://` and the path, the name, the size,
 * block 0 spanning the file, the modification time).
 *
 * Parquet's `row_index` field is checked here as Spark's getMetadataRow has it, its values in
 * FileMetadataStructRowIndex.spark.test.ts.
 *
 * Not ported: "SPARK-42683: df metadataColumn - schema conflict" (a data column named `_metadata` hides the
 * file's from Sluice's metadataColumn: UNRESOLVED_COLUMN), the `__metadata` renaming of
 * SPARK-42683, the scan's selected partitions and pruned metadata fields (physical-plan details; their answers
 * are checked), SQL over `format.\`path\`` (in ResolveSQLOnFile.spark.test.ts),
 * and the self-join's numInputRows in "file metadata in streaming" (Spark's 2 comes from its physical plan: the
 * join's second side is a ReusedExchange with no numOutputRows metric; Sluice counts both sides, 4).
 * ColumnExpressionSuite's input_file_name case is here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  col,
  date_format,
  expr,
  input_file_name,
  lit,
  substring,
  substring_index,
  to_timestamp,
} from "../index";
import type { StructType } from "../sql/types";
import { newTestSession, type TestSession } from "../testing/fixtures";

const SCHEMA = "name STRING, age INT, info STRUCT<id: BIGINT, university: STRING>";
const CONFLICT_SCHEMA = "name STRING, age INT, _METADATA STRUCT<id: BIGINT, university: STRING>";

interface FileMeta {
  file_path: string;
  file_name: string;
  file_size: number;
  file_block_start: number;
  file_block_length: number;
  file_modification_time: Date;
}

describe("FileMetadataStructSuite", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  /** Spark's metadataColumnsTest: f0 holds jack, f1 holds lily; returns the read DataFrame and each file's metadata. */
  const setUp = async (format: string, schema: string, dir: string) => {
    const rows0 = [
      { name: "jack", age: 24, [schema === SCHEMA ? "info" : "_METADATA"]: { id: 12345, university: "uom" } },
    ];
    const rows1 = [
      { name: "lily", age: 31, [schema === SCHEMA ? "info" : "_METADATA"]: { id: 54321, university: "ucb" } },
    ];
    await t.spark.createDataFrame(rows0, schema).coalesce(1).write.format(format).save(`${dir}/data/f0`);
    await t.spark.createDataFrame(rows1, schema).coalesce(1).write.format(format).save(`${dir}/data/f1`);
    const meta = async (sub: string): Promise<FileMeta> => {
      const file = (await t.spark.fs.list(`${dir}/data/${sub}`)).find((f) => f.name.endsWith(`.${format}`))!;
      return {
        file_path: `file://${file.path}`,
        file_name: file.name,
        file_size: file.size,
        file_block_start: 0,
        file_block_length: file.size,
        file_modification_time: new Date(Math.trunc(file.modificationTime)),
      };
    };
    const df = t.spark.read.format(format).schema(schema).load(`${dir}/data/*`);
    return { df, f0: await meta("f0"), f1: await meta("f1") };
  };
  const rows = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
    (await df.collect()).map((r) => Object.values({ ...r }));
  const byFirst = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
  const FIELDS = [
    "_metadata.file_name",
    "_metadata.file_path",
    "_metadata.file_size",
    "_metadata.file_block_start",
    "_metadata.file_block_length",
    "_metadata.file_modification_time",
  ];
  const values = (f: FileMeta) => [
    f.file_name,
    f.file_path,
    f.file_size,
    f.file_block_start,
    f.file_block_length,
    f.file_modification_time,
  ];
  let n = 0;

  for (const format of ["json", "parquet"]) {
    it(`metadata struct (${format}): read partial/all metadata struct fields, random ordering, select all`, async () => {
      const { df, f0, f1 } = await setUp(format, SCHEMA, `/fms/${n++}`);
      expect((await rows(df.select("name", "age", "info", ...FIELDS))).sort(byFirst)).toEqual([
        ["jack", 24, { id: 12345, university: "uom" }, ...values(f0)],
        ["lily", 31, { id: 54321, university: "ucb" }, ...values(f1)],
      ]);
      expect(
        (await rows(df.select("_metadata.file_name", "name", "_metadata.file_size", "info.university"))).sort(
          (a, b) => String(a[1]).localeCompare(String(b[1])),
        ),
      ).toEqual([
        [f0.file_name, "jack", f0.file_size, "uom"],
        [f1.file_name, "lily", f1.file_size, "ucb"],
      ]);
      // select all will not select metadata struct fields
      expect(df.select("*").columns).toEqual(["name", "age", "info"]);
      expect(df.columns).toEqual(["name", "age", "info"]);
      // Named, it is a column like the others (Spark's `df.select("*", "_metadata")`).
      const withMetadata = df.select("*", "_metadata");
      expect(withMetadata.columns).toEqual(["name", "age", "info", "_metadata"]);
      expect((await rows(withMetadata.select("name", "_metadata.file_name"))).sort(byFirst)).toEqual([
        ["jack", f0.file_name],
        ["lily", f1.file_name],
      ]);
      expect((await rows(df.select("*"))).sort(byFirst)).toEqual([
        ["jack", 24, { id: 12345, university: "uom" }],
        ["lily", 31, { id: 54321, university: "ucb" }],
      ]);
    });

    it(`metadata struct (${format}): expressions, select only metadata, re-select, alias`, async () => {
      const { df, f0, f1 } = await setUp(format, SCHEMA, `/fms/${n++}`);
      const month = (d: Date) => d.toISOString().slice(0, 7);
      expect(
        (
          await rows(
            df.select(
              substring(col("_metadata.file_name"), 1, 3),
              date_format(col("_metadata.file_modification_time"), "yyyy-MM").as(
                "_file_modification_year_month",
              ),
              col("_metadata.file_size").divide(lit(1024)).as("_file_size_kb"),
              substring_index(col("_metadata.file_path"), ".", -1).as("_file_format"),
              col("name"),
            ),
          )
        ).sort((a, b) => String(a[4]).localeCompare(String(b[4]))),
      ).toEqual([
        [f0.file_name.slice(0, 3), month(f0.file_modification_time), f0.file_size / 1024, format, "jack"],
        [f1.file_name.slice(0, 3), month(f1.file_modification_time), f1.file_size / 1024, format, "lily"],
      ]);
      const onlyMetadata = (await rows(df.select(...FIELDS))).sort(byFirst);
      expect(onlyMetadata).toEqual([values(f0), values(f1)].sort(byFirst));
      const struct = (f: FileMeta) => ({
        file_path: f.file_path,
        file_name: f.file_name,
        file_size: f.file_size,
        file_block_start: 0,
        file_block_length: f.file_size,
        file_modification_time: f.file_modification_time,
        // Spark's getMetadataRow: Parquet's struct ends with row_index (each file holds one row).
        ...(format === "parquet" ? { row_index: 0 } : {}),
      });
      const whole = (await rows(df.select("_metadata"))).map((r) => r[0] as FileMeta);
      expect(whole.sort((a, b) => a.file_path.localeCompare(b.file_path))).toEqual(
        [struct(f0), struct(f1)].sort((a, b) => a.file_path.localeCompare(b.file_path)),
      );
      // select and re-select: `_metadata.file_path` is named file_path
      expect(
        (await rows(df.select("name", "age", "info", ...FIELDS).select("name", "file_path"))).sort(byFirst),
      ).toEqual([
        ["jack", f0.file_path],
        ["lily", f1.file_path],
      ]);
      const aliased = df.select(
        col("name").as("myName"),
        col("age").as("myAge"),
        col("_metadata.file_name").as("myFileName"),
        col("_metadata.file_size").as("myFileSize"),
      );
      expect(aliased.schema.fields.map((f) => [f.name, f.dataType.simpleString(), f.nullable])).toEqual([
        ["myName", "string", true],
        ["myAge", "int", true],
        ["myFileName", "string", false],
        ["myFileSize", "bigint", false],
      ]);
    });

    it(`metadata struct (${format}): filter, and filter on metadata and user data`, async () => {
      const { df, f0, f1 } = await setUp(format, SCHEMA, `/fms/${n++}`);
      const filtered = df
        .select("name", "age", "_metadata.file_name")
        .where(col("_metadata.file_name").equalTo(f0.file_name));
      expect(await rows(filtered)).toEqual([["jack", 24, f0.file_name]]);
      expect((await rows(df.where("_metadata.file_size > 0").select("_metadata.file_size"))).length).toBe(2);
      expect(
        (await rows(df.where("_metadata.file_size > 0").select("_metadata.file_path")))
          .map((r) => r[0])
          .sort(),
      ).toEqual([f0.file_path, f1.file_path].sort());
      const both = df
        .select("name", "age", "info", ...FIELDS)
        .where(col("_metadata.file_name").equalTo(f1.file_name).and(col("name").equalTo("lily")))
        .where(col("_metadata.file_path").equalTo(f1.file_path))
        .where("age == 31");
      expect(await rows(both)).toEqual([["lily", 31, { id: 54321, university: "ucb" }, ...values(f1)]]);
      // The filter's output is its input's: `_metadata` stays hidden above it.
      expect(df.where("_metadata.file_size > 0").columns).toEqual(["name", "age", "info"]);
    });

    it(`metadata struct (${format}): prune metadata schema in filters, write _metadata and read back, SPARK-41151`, async () => {
      const dir = `/fms/${n++}`;
      const { df, f0, f1 } = await setUp(format, SCHEMA, dir);
      expect(
        await rows(df.select("name", "age", "info.id").where(col("_metadata.file_path").contains("data/f0"))),
      ).toEqual([["jack", 24, 12345]]);
      // SPARK-38314: a written `_metadata` is a data column when read back, and wins over the hidden one.
      await df.select("*", "_metadata").write.format("parquet").save(`${dir}/new-data`);
      const newDF = t.spark.read.format("parquet").load(`${dir}/new-data`);
      expect(newDF.select("*").columns).toEqual(["name", "age", "info", "_metadata"]);
      const files = (await rows(newDF.select("name", "_metadata.file_path"))).sort(byFirst);
      expect(files).toEqual([
        ["jack", f0.file_path],
        ["lily", f1.file_path],
      ]);
      // SPARK-41151: `_metadata` and its fields are not nullable.
      const field = df.select("_metadata").schema.fields[0];
      expect(field.name).toBe("_metadata");
      expect(field.nullable).toBe(false);
      expect((field.dataType as StructType).fields.map((f) => [f.name, f.nullable])).toEqual([
        ["file_path", false],
        ["file_name", false],
        ["file_size", false],
        ["file_block_start", false],
        ["file_block_length", false],
        ["file_modification_time", false],
        ...(format === "parquet" ? [["row_index", false]] : []),
      ]);
    });

    it(`metadata struct (${format}): metadata will not overwrite user data`, async () => {
      const { df } = await setUp(format, CONFLICT_SCHEMA, `/fms/${n++}`);
      expect((await rows(df.select("name", "age", "_METADATA", "_metadata"))).sort(byFirst)).toEqual([
        ["jack", 24, { id: 12345, university: "uom" }, { id: 12345, university: "uom" }],
        ["lily", 31, { id: 54321, university: "ucb" }, { id: 54321, university: "ucb" }],
      ]);
      let error: unknown;
      try {
        await df.select("name", "_metadata.file_name").collect();
      } catch (e) {
        error = e;
      }
      expect((error as { getCondition(): string }).getCondition()).toBe("FIELD_NOT_FOUND");
    });

    it(`metadata struct (${format}): SPARK-42683: df metadataColumn - no conflict, renamed, not found`, async () => {
      const { df: baseDf, f0, f1 } = await setUp(format, SCHEMA, `/fms/${n++}`);
      // no schema conflict
      expect(
        (
          await rows(
            baseDf
              .select("name", "age")
              .withColumn("file_name", baseDf.metadataColumn("_metadata").getField("file_name")),
          )
        ).sort(byFirst),
      ).toEqual([
        ["jack", 24, f0.file_name],
        ["lily", 31, f1.file_name],
      ]);
      // manually renamed
      const byName = (r: unknown[][]) => r.map((x) => x[0]).sort();
      let df = baseDf.select(col("_metadata").alias("renamed_metadata"));
      expect(byName(await rows(df.select(df.metadataColumn("_metadata").getField("file_name"))))).toEqual(
        [f0.file_name, f1.file_name].sort(),
      );
      df = baseDf.withColumnRenamed("_metadata", "renamed_metadata");
      expect(byName(await rows(df.select(df.metadataColumn("_metadata").getField("file_name"))))).toEqual(
        [f0.file_name, f1.file_name].sort(),
      );
      // column not found: not a column at all, or a name that is no metadata column
      for (const name of ["foo", "name"]) {
        let error: { getCondition(): string; messageParameters: Record<string, string> } | undefined;
        try {
          baseDf.metadataColumn(name);
        } catch (e) {
          error = e as typeof error;
        }
        expect(error?.getCondition()).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
        expect(error?.messageParameters).toEqual({ objectName: `\`${name}\``, proposal: "`_metadata`" });
      }
    });
  }

  it("metadata struct (json): file metadata in streaming", async () => {
    const dir = `/fms/${n++}`;
    const { df } = await setUp("json", SCHEMA, dir);
    await df.coalesce(1).write.format("json").save(`${dir}/source/new-streaming-data`);
    const streamDf = t.spark.readStream
      .format("json")
      .schema(SCHEMA)
      .load(`${dir}/source/new-streaming-data`)
      .select("*", "_metadata");
    const query0 = await streamDf.writeStream
      .format("json")
      .option("checkpointLocation", `${dir}/target/checkpoint`)
      .trigger({ availableNow: true })
      .start(`${dir}/target/new-streaming-data`);
    expect(await query0.awaitTermination(120_000)).toBe(true);
    expect(query0.lastProgress?.numInputRows).toBe(2);
    const source = (await t.spark.fs.list(`${dir}/source/new-streaming-data`)).find((f) =>
      f.name.endsWith(".json"),
    )!;
    const newDF = t.spark.read.format("json").load(`${dir}/target/new-streaming-data`);
    expect(new Set(newDF.select("*").columns)).toEqual(new Set(["name", "age", "info", "_metadata"]));
    const read = newDF.select(
      col("name"),
      col("_metadata.file_path"),
      col("_metadata.file_name"),
      col("_metadata.file_size"),
      col("_metadata.file_block_start"),
      col("_metadata.file_block_length"),
      to_timestamp(col("_metadata.file_modification_time")),
    );
    const expected = (name: string) => [
      name,
      `file://${source.path}`,
      source.name,
      source.size,
      0,
      source.size,
      new Date(Math.trunc(source.modificationTime)),
    ];
    expect((await rows(read)).sort(byFirst)).toEqual([expected("jack"), expected("lily")]);
    // Self-union: four rows, with the column.
    const query1 = await streamDf
      .union(streamDf)
      .writeStream.format("json")
      .option("checkpointLocation", `${dir}/target/checkpoint_union`)
      .trigger({ availableNow: true })
      .start(`${dir}/target/new-streaming-data-union`);
    expect(await query1.awaitTermination(120_000)).toBe(true);
    const df1 = t.spark.read.format("json").load(`${dir}/target/new-streaming-data-union`);
    expect(await df1.count()).toBe(4);
    expect(new Set(df1.select("*").columns)).toEqual(new Set(["name", "age", "info", "_metadata"]));
    // Self-join on every column, `_metadata` among them: two rows.
    const query2 = await streamDf
      .join(streamDf, ["name", "age", "info", "_metadata"])
      .writeStream.format("json")
      .option("checkpointLocation", `${dir}/target/checkpoint_join`)
      .trigger({ availableNow: true })
      .start(`${dir}/target/new-streaming-data-join`);
    expect(await query2.awaitTermination(120_000)).toBe(true);
    const df2 = t.spark.read.format("json").load(`${dir}/target/new-streaming-data-join`);
    expect(await df2.count()).toBe(2);
    expect(new Set(df2.select("*").columns)).toEqual(new Set(["name", "age", "info", "_metadata"]));
  });

  // Spark's Dataset.col resolves through LogicalPlan.resolve, which falls back to the plan's metadata output.
  it("metadata struct (json): df.col names the hidden _metadata (LogicalPlan.resolve's metadata fallback)", async () => {
    const { df, f0, f1 } = await setUp("json", SCHEMA, `/fms/${n++}`);
    expect((await rows(df.select(df.col("name"), df.col("_metadata.file_name")))).sort(byFirst)).toEqual([
      ["jack", f0.file_name],
      ["lily", f1.file_name],
    ]);
    expect(df.select(df.col("_metadata.file_name")).columns).toEqual(["file_name"]);
    expect(await rows(df.where(df.col("_metadata.file_name").equalTo(f1.file_name)).select("name"))).toEqual([
      ["lily"],
    ]);
  });

  // Spark's Join.metadataOutput is its sides' (LogicalPlan.scala): df.col("_metadata") over a join picks the side
  // of the DataFrame it came from, and an unqualified `_metadata` is ambiguous.
  it("metadata struct (json): _metadata above a join, each side's own", async () => {
    const dir = `/fms/${n++}`;
    const { df, f0, f1 } = await setUp("json", SCHEMA, dir);
    await t.spark
      .createDataFrame([{ name: "jack", score: 7 }], "name STRING, score INT")
      .write.json(`${dir}/other`);
    const other = t.spark.read.schema("name STRING, score INT").json(`${dir}/other`);
    const otherFile = (await t.spark.fs.list(`${dir}/other`)).find((f) => f.name.endsWith(".json"))!;
    const joined = df.join(other, df.col("name").equalTo(other.col("name")));
    expect(
      await rows(
        joined.select(
          df.col("name"),
          df.col("_metadata.file_name").alias("left_file"),
          other.col("_metadata.file_name").alias("right_file"),
          other.col("score"),
        ),
      ),
    ).toEqual([["jack", f0.file_name, otherFile.name, 7]]);
    expect(joined.select("*").columns).toEqual(["name", "age", "info", "name", "score"]);
    const all = df
      .crossJoin(other)
      .select(df.col("_metadata.file_name").alias("l"), other.col("_metadata.file_name").alias("r"));
    expect((await rows(all)).sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual(
      [
        [f0.file_name, otherFile.name],
        [f1.file_name, otherFile.name],
      ].sort((a, b) => a[0].localeCompare(b[0])),
    );
    let error: { getCondition(): string } | undefined;
    try {
      await joined.select("_metadata.file_name").collect();
    } catch (e) {
      error = e as typeof error;
    }
    expect(error?.getCondition()).toBe("AMBIGUOUS_REFERENCE");
  });

  it("SPARK-39806: metadata for a partitioned table", async () => {
    const dir = `/fms/${n++}`;
    await t.spark
      .createDataFrame([{ a: 1, b: 1 }], "a INT, b INT")
      .write.format("parquet")
      .partitionBy("b")
      .save(dir);
    const file = (await t.spark.fs.list(`${dir}/b=1`)).find((f) => f.name.endsWith(".parquet"))!;
    expect(
      await rows(t.spark.read.parquet(dir).select("*", "_metadata.file_name", "_metadata.file_size")),
    ).toEqual([[1, 1, file.name, file.size]]);
  });

  // ColumnExpressionSuite (sql/core/src/test/scala/org/apache/spark/sql/): the file functions read the same values.
  it("input_file_name, input_file_block_start, input_file_block_length - FileScanRDD", async () => {
    const dir = `/fms/${n++}`;
    const data = t.spark.range(0, 11).toDF("id");
    await data.write.parquet(dir);
    const q = t.spark.read
      .parquet(dir)
      .select(input_file_name(), expr("input_file_block_start()"), expr("input_file_block_length()"));
    expect(q.columns).toEqual(["input_file_name()", "input_file_block_start()", "input_file_block_length()"]);
    const [first] = await rows(q);
    expect(first[0]).toContain(dir);
    expect(first[0]).toMatch(/^file:\/\/\//);
    expect(first[1]).toBe(0);
    expect(first[2]).toBeGreaterThan(0);
    // Without files: the empty string, -1 and -1.
    const direct = data
      .select(input_file_name(), expr("input_file_block_start()"), expr("input_file_block_length()"))
      .limit(1);
    expect(await rows(direct)).toEqual([["", -1, -1]]);
  });
});
