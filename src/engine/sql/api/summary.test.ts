import { describe, expect, it } from "vitest";
import { IllegalArgumentException } from "../../errors";
import { sharedSession } from "../../testing/files";

describe("DataFrame.describe and summary", () => {
  const ctx = sharedSession();
  // DataFrameSuite's person data for describe / summary.
  const person = () =>
    ctx.t.spark.createDataFrame(
      [
        { name: "Bob", age: 16, height: 176 },
        { name: "Alice", age: 32, height: 164 },
        { name: "David", age: 60, height: 192 },
        { name: "Amy", age: 24, height: 180 },
      ],
      "name STRING, age INT, height INT",
    );
  const rows = (all: string[][]) =>
    all.map(([summary, name, age, height]) => ({ summary, name, age, height }));
  const count = ["count", "4", "4", "4"];
  const mean = ["mean", null, "33.0", "178.0"];
  const stddev = ["stddev", null, "19.148542155126762", "11.547005383792513"];
  const min = ["min", "Alice", "16", "164"];
  const max = ["max", "David", "60", "192"];

  it("describe: string columns, summary first, Spark's formatting (DataFrameSuite describe)", async () => {
    const df = person().describe();
    expect(df.columns).toEqual(["summary", "name", "age", "height"]);
    expect(df.dtypes.map(([, t]) => t)).toEqual(["string", "string", "string", "string"]);
    expect(await df.collect()).toEqual(rows([count, mean, stddev, min, max] as string[][]));
    const some = await person().describe("age", "height").collect();
    expect(some.map((r) => [r.summary, r.age, r.height])).toEqual(
      [count, mean, stddev, min, max].map(([s, , a, h]) => [s, a, h]),
    );
  });

  it("summary: Spark's eight statistics by default, or the ones asked for", async () => {
    const all = await person().summary().collect();
    expect(all.map((r) => r.summary)).toEqual(["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]);
    // DataFrameSuite "summary": the percentiles are percentile_approx's, values of the data.
    expect(all).toEqual(
      rows([
        count,
        mean,
        stddev,
        min,
        ["25%", null, "16", "164"],
        ["50%", null, "24", "176"],
        ["75%", null, "32", "180"],
        max,
      ] as string[][]),
    );
    const some = await person().summary("max", "count_distinct", "min").collect();
    expect(some).toEqual(rows([max, ["count_distinct", "4", "4", "4"], min] as string[][]));
  });

  it("refuses a statistic it does not know, with Spark's IllegalArgumentException", () => {
    expect(() => person().summary("median")).toThrow(IllegalArgumentException);
    expect(() => person().summary("median")).toThrow("median is not a recognised statistic");
    expect(() => person().summary("x%")).toThrow("Unable to parse x% as a percentile");
  });
});
