/**
 * Spark's generic file source options ignoreCorruptFiles and ignoreMissingFiles, ported from ParquetQuerySuite
 * ("Enabling/disabling ignoreCorruptFiles") and FileBasedDataSourceSuite ("Enabling/disabling ignoreMissingFiles
 * using <format>") with Spark's inputs and answers, and for a streaming file source.
 *
 * Not ported: the `spark.sql.files.ignoreCorruptFiles` / `ignoreMissingFiles` confs (the options only), and ORC.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FailedReadFileError } from "../errors";
import { newTestSession, type TestSession } from "../testing/fixtures";

describe("generic file options", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("Enabling/disabling ignoreCorruptFiles", async () => {
    await t.spark.range(1).toDF("a").write.parquet("/corrupt/first");
    await t.spark.range(1, 2).toDF("a").write.parquet("/corrupt/second");
    await t.spark.range(2, 3).toDF("a").write.json("/corrupt/third");
    const read = (ignore: boolean) =>
      t.spark.read
        .option("ignoreCorruptFiles", ignore)
        .parquet("/corrupt/first", "/corrupt/second", "/corrupt/third");
    expect((await read(true).orderBy("a").collect()).map((r) => Number(r.a))).toEqual([0, 1]);
    const error = await read(false)
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedReadFileError);
    expect((error as FailedReadFileError).getCondition()).toMatch(/^FAILED_READ_FILE/);
  });

  it("ignoreCorruptFiles skips a corrupt gzip file (CSV), but not a malformed record in FAILFAST mode", async () => {
    await t.spark.fs.writeFile("/corrupt-gz/a.csv", new TextEncoder().encode("1\n2\n"));
    await t.spark.fs.writeFile("/corrupt-gz/b.csv.gz", new TextEncoder().encode("not gzip"));
    const df = t.spark.read.schema("x INT").option("ignoreCorruptFiles", true).csv("/corrupt-gz");
    expect(await df.orderBy("x").collect()).toEqual([{ x: 1 }, { x: 2 }]);
    const strict = await t.spark.read
      .schema("x INT")
      .csv("/corrupt-gz")
      .collect()
      .catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(FailedReadFileError);
    await t.spark.fs.writeFile("/corrupt-ff/a.csv", new TextEncoder().encode("1\nx\n"));
    const failfast = await t.spark.read
      .schema("x INT")
      .options({ ignoreCorruptFiles: true, mode: "FAILFAST" })
      .csv("/corrupt-ff")
      .collect()
      .catch((e: unknown) => e);
    expect(failfast).toBeInstanceOf(FailedReadFileError);
  });

  for (const format of ["parquet", "csv", "json", "text"] as const) {
    it(`Enabling/disabling ignoreMissingFiles using ${format}`, async () => {
      const base = `/missing/${format}`;
      const df1 = (v: string) => t.spark.createDataFrame([{ a: v }], "a STRING");
      await df1("0").write.format(format).save(`${base}/second`);
      await df1("1").write.format(format).save(`${base}/fourth`);
      await df1("2").write.format(format).save(`${base}/first`);
      const files = (await t.spark.fs.list(`${base}/first`)).filter((f) => !f.isDirectory).map((f) => f.path);
      const df = t.spark.read
        .option("ignoreMissingFiles", true)
        .format(format)
        .load([`${base}/first`, `${base}/second`, `${base}/fourth`]);
      // The data files are deleted after the DataFrame is defined.
      for (const f of files) await t.spark.fs.delete(f);
      const rows = await df.collect();
      expect(rows.map((r) => r[df.columns[0]]).sort()).toEqual(["0", "1"]);
    });
  }
});
