/**
 * The CSV and JSON writers' `dateFormat` and `timestampFormat`, ported from Spark's CSVSuite ("Write dates
 * correctly with dateFormat option", "Write timestamps correctly with timestampFormat option") and JsonSuite
 * (the same two cases), with Spark's inputs (test-data/dates.csv, written here byte for byte) and answers.
 *
 * Adapted: CSVSuite's timestamp case infers the column's type with `inferSchema` and `timestampFormat`; it is
 * declared here (TIMESTAMP), the write being what the case checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";

const dates = "date\n26/08/2015 18:00\n27/10/2014 18:30\n28/01/2016 20:00\n";

describe("writer dateFormat and timestampFormat", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
    await t.spark.fs.writeFile("/dates/dates.csv", new TextEncoder().encode(dates));
  });
  afterAll(() => t.cleanup());

  const values = async (dir: string, format: "csv" | "json") => {
    const df =
      format === "csv"
        ? t.spark.read.format("csv").schema("date STRING").option("header", "true").load(dir)
        : t.spark.read.schema("date STRING").json(dir);
    return (await df.collect()).map((r) => r.date).sort();
  };

  for (const format of ["csv", "json"] as const) {
    it(`Write dates correctly with dateFormat option (${format})`, async () => {
      const datesWithFormat = t.spark.read
        .format("csv")
        .schema("date DATE")
        .option("header", "true")
        .option("dateFormat", "dd/MM/yyyy HH:mm")
        .load("/dates/dates.csv");
      const out = `/dates/out-${format}-date`;
      await datesWithFormat.write
        .format(format)
        .option("header", "true")
        .option("dateFormat", "yyyy/MM/dd")
        .save(out);
      expect(await values(out, format)).toEqual(["2014/10/27", "2015/08/26", "2016/01/28"]);
    });

    it(`Write timestamps correctly with timestampFormat option (${format})`, async () => {
      const timestampsWithFormat = t.spark.read
        .format("csv")
        .schema("date TIMESTAMP")
        .option("header", "true")
        .option("timestampFormat", "dd/MM/yyyy HH:mm")
        .load("/dates/dates.csv");
      const out = `/dates/out-${format}-ts`;
      await timestampsWithFormat.write
        .format(format)
        .option("header", "true")
        .option("timestampFormat", "yyyy/MM/dd HH:mm")
        .save(out);
      expect(await values(out, format)).toEqual(["2014/10/27 18:30", "2015/08/26 18:00", "2016/01/28 20:00"]);
    });
  }

  it("Write timestamps correctly in ISO8601 format by default (csv and json)", async () => {
    const df = t.spark.sql("SELECT TIMESTAMP'2015-08-26 18:00:00' AS date");
    await df.write.csv("/dates/iso-csv");
    await df.write.json("/dates/iso-json");
    expect((await t.spark.read.text("/dates/iso-csv").collect()).map((r) => r.value)).toEqual([
      "2015-08-26T18:00:00.000Z",
    ]);
    expect((await t.spark.read.text("/dates/iso-json").collect()).map((r) => r.value)).toEqual([
      '{"date":"2015-08-26T18:00:00.000Z"}',
    ]);
  });
});
