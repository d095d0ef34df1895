import { describe, expect, it } from "vitest";
import { sharedSession } from "../../testing/files";
import { col, concat_ws, hash, struct, to_json } from "../api/functions";

describe("a star among a function's arguments", () => {
  const ctx = sharedSession();
  const df = () => ctx.t.spark.sql("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name)");

  it("stands for every column, named after them in a struct", async () => {
    expect(
      await df()
        .select(to_json(struct("*")).alias("j"))
        .collect(),
    ).toEqual([{ j: '{"id":1,"name":"a"}' }, { j: '{"id":2,"name":"b"}' }]);
    expect(
      await df()
        .select(concat_ws("-", col("*")).alias("c"))
        .collect(),
    ).toEqual([{ c: "1-a" }, { c: "2-b" }]);
  });

  it("expands in SQL, and a qualified star takes its side of a join", async () => {
    const viaSql = await ctx.t.spark.sql("SELECT hash(*) AS h FROM VALUES (1, 'a') AS t(id, name)").collect();
    const viaApi = await df()
      .filter("id = 1")
      .select(hash(col("id"), col("name")).alias("h"))
      .collect();
    expect(viaSql).toEqual(viaApi);
    const joined = await ctx.t.spark
      .sql(
        "SELECT to_json(struct(r.*)) AS j FROM VALUES (1, 'a') AS l(id, name) JOIN VALUES (1, 'x') AS r(id, tag) ON l.id = r.id",
      )
      .collect();
    expect(joined).toEqual([{ j: '{"id":1,"tag":"x"}' }]);
  });
});
