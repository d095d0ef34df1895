import { beforeEach, describe, expect, it } from "vitest";
import type { DataFrame } from "../../sql/api/DataFrame";
import { col, count, window } from "../../sql/api/functions";
import { SEED_SCHEMA } from "../../testing/eventFiles";
import { sharedSession } from "../../testing/files";
import { requiredStreamColumns } from "./ColumnPruning";

describe("column pruning: the columns of a streaming source a query reads", () => {
  const ctx = sharedSession();
  beforeEach(() => ctx.t.spark.fs.mkdirs("/data/events"));
  const events = () => ctx.t.spark.readStream.schema(SEED_SCHEMA).parquet("/data/events");
  /** The source's needed columns, sorted; "all" where every column is needed. */
  const needed = (df: DataFrame): string[] | "all" => {
    const [columns] = [...requiredStreamColumns(df.plan).values()];
    return columns ? [...columns].sort() : "all";
  };

  it("the seed query reads the filter's and the grouping's columns only", () => {
    const df = events().filter(col("event_name").eq("finalize")).groupBy("traffic_source").count();
    expect(needed(df)).toEqual(["event_name", "traffic_source"]);
  });

  it("a projection, a watermark and an aggregate add what they refer to", () => {
    const df = events()
      .selectExpr("user_id", "CAST(event_timestamp / 1000000 AS TIMESTAMP) AS t")
      .withWatermark("t", "10 seconds")
      .groupBy(window("t", "1 minute"))
      .agg(count("user_id"));
    expect(needed(df)).toEqual(["event_timestamp", "user_id"]);
  });

  it("every column where the query passes rows on whole (filter alone, star, distinct, union)", () => {
    expect(needed(events().filter("device = 'iOS'"))).toBe("all");
    expect(needed(events().select("*"))).toBe("all");
    expect(needed(events().select("device").distinct())).toEqual(["device"]);
    // Distinct rows depend on every column, whatever is selected after.
    expect(needed(events().distinct().select("device"))).toBe("all");
    expect(needed(events().union(events()).select("device"))).toBe("all");
  });
});
