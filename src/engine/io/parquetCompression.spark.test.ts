/**
 * The Parquet writer's codec — option `compression`, then `parquet.compression`, then the session's
 * spark.sql.parquet.compression.codec — ported from Spark's ParquetCompressionCodecPrecedenceSuite and
 * ParquetIOSuite ("compression codec"), with Spark's inputs and answers: the codec is read back from the written
 * files' footers, as the suites read it.
 *
 * Not ported: the LZO codec (it needs the native hadoop-lzo library; Sluice refuses it as CODEC_NOT_AVAILABLE, as
 * there is no LZO in the browser) and the direct `new ParquetOptions(...)` checks (a Scala class), which are
 * ported as writes whose footers are read.
 */
import * as pq from "parquet-wasm/esm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { initParquet } from "./parquet";

describe("Parquet compression codecs", () => {
  let t: TestSession;
  let n = 0;
  beforeAll(async () => {
    t = await newTestSession();
    await initParquet();
  });
  afterAll(async () => {
    await t.spark.conf.unset("spark.sql.parquet.compression.codec");
    await t.cleanup();
  });

  const parts = async (dir: string) =>
    (await t.spark.fs.list(dir)).filter((f) => f.name.startsWith("part-")).map((f) => f.path);

  /** The distinct codecs of every column chunk of the directory's part files (Spark's getTableCompressionCodec). */
  const codecsOf = async (dir: string): Promise<string[]> => {
    const codecs = new Set<string>();
    for (const path of await parts(dir)) {
      const bytes = new Uint8Array(await t.spark.fs.readFile(path));
      const file = await pq.ParquetFile.fromFile(new Blob([bytes]));
      for (const group of file.metadata().rowGroups())
        for (const column of group.columns()) codecs.add(pq.Compression[column.compression()]);
    }
    return [...codecs];
  };

  const write = async (options: Record<string, string>) => {
    const dir = `/parquet-codec/${n++}`;
    await t.spark.sql("SELECT 1 AS col1, 2 AS p").write.options(options).parquet(dir);
    return dir;
  };

  it("Test `spark.sql.parquet.compression.codec` config", async () => {
    for (const c of ["NONE", "UNCOMPRESSED", "SNAPPY", "GZIP"]) {
      t.spark.conf.set("spark.sql.parquet.compression.codec", c);
      const expected = c === "NONE" ? "UNCOMPRESSED" : c;
      expect(await codecsOf(await write({}))).toEqual([expected]);
    }
    t.spark.conf.unset("spark.sql.parquet.compression.codec");
  });

  it("[SPARK-21786] Test Acquiring 'compressionCodecClassName' for parquet in right order.", async () => {
    t.spark.conf.set("spark.sql.parquet.compression.codec", "snappy");
    expect(
      await codecsOf(await write({ compression: "uncompressed", "parquet.compression": "gzip" })),
    ).toEqual(["UNCOMPRESSED"]);
    expect(await codecsOf(await write({ "parquet.compression": "gzip" }))).toEqual(["GZIP"]);
    expect(await codecsOf(await write({}))).toEqual(["SNAPPY"]);
    t.spark.conf.unset("spark.sql.parquet.compression.codec");
  });

  it("Create parquet table with compression", async () => {
    for (const partitioned of [true, false])
      for (const codec of ["UNCOMPRESSED", "SNAPPY", "GZIP"]) {
        const table = `compressed_${codec.toLowerCase()}_${partitioned}`;
        const dir = `/parquet-codec/tables/${table}`;
        await t.spark
          .sql(
            `CREATE TABLE ${table} USING Parquet OPTIONS ('path'='${dir}', 'parquet.compression'='${codec}') ${partitioned ? "PARTITIONED BY (p)" : ""} AS SELECT 1 AS col1, 2 AS p`,
          )
          .collect();
        expect(await codecsOf(partitioned ? `${dir}/p=2` : dir)).toEqual([codec]);
        await t.spark.sql(`DROP TABLE ${table}`).collect();
      }
  });

  it("Create table with unknown compression", async () => {
    for (const partitioned of [true, false]) {
      let error: (Error & { getCondition(): string; messageParameters: Record<string, string> }) | undefined;
      try {
        await t.spark
          .sql(
            `CREATE TABLE unknown_codec USING Parquet OPTIONS ('path'='/parquet-codec/unknown', 'parquet.compression'='aa') ${partitioned ? "PARTITIONED BY (p)" : ""} AS SELECT 1 AS col1, 2 AS p`,
          )
          .collect();
      } catch (e) {
        error = e as typeof error;
      }
      expect(error?.getCondition()).toBe("CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION");
      expect(error?.messageParameters.codecName).toBe("aa");
      expect(error?.message).toContain("aa");
    }
  });

  it("compression codec (ParquetIOSuite): every codec Spark lists writes files that read back", async () => {
    const expected: Record<string, string> = {
      none: "UNCOMPRESSED",
      uncompressed: "UNCOMPRESSED",
      snappy: "SNAPPY",
      gzip: "GZIP",
      brotli: "BROTLI",
      lz4: "LZ4",
      lz4_raw: "LZ4_RAW",
      zstd: "ZSTD",
    };
    const extensions: Record<string, string> = {
      UNCOMPRESSED: ".c000.parquet",
      SNAPPY: ".c000.snappy.parquet",
      GZIP: ".c000.gz.parquet",
      BROTLI: ".c000.br.parquet",
      LZ4: ".c000.lz4hadoop.parquet",
      LZ4_RAW: ".c000.lz4raw.parquet",
      ZSTD: ".c000.zstd.parquet",
    };
    for (const [name, codec] of Object.entries(expected)) {
      const dir = await write({ compression: name });
      expect(await codecsOf(dir)).toEqual([codec]);
      expect((await parts(dir)).every((p) => p.endsWith(extensions[codec]))).toBe(true);
      expect((await t.spark.read.parquet(dir).collect()).map((r) => ({ ...r }))).toEqual([{ col1: 1, p: 2 }]);
    }
  });

  it("the file sink writes with the session's codec", async () => {
    t.spark.conf.set("spark.sql.parquet.compression.codec", "zstd");
    const src = "/parquet-codec/stream-in";
    await t.spark.sql("SELECT 1 AS col1, 2 AS p").write.json(src);
    const query = await t.spark.readStream
      .schema("col1 INT, p INT")
      .json(src)
      .writeStream.format("parquet")
      .option("checkpointLocation", "/parquet-codec/stream-cp")
      .start("/parquet-codec/stream-out");
    await query.processAllAvailable();
    await query.stop();
    expect(await codecsOf("/parquet-codec/stream-out")).toEqual(["ZSTD"]);
    t.spark.conf.unset("spark.sql.parquet.compression.codec");
  });
});
