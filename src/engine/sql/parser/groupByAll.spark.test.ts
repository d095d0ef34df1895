/**
 * Spark 4's `GROUP BY ALL` and `ORDER BY ALL`, with the data of `sql-tests/inputs/group-by-all.sql` and
 * `order-by-all.sql`: a lone `all` that names no column groups by every select item without an aggregate, or
 * sorts by every output column in order.
 *
 * Not ported: group-by-all.sql's UNRESOLVED_ALL_IN_GROUP_BY cases (a select item mixing an aggregate and a
 * column): Sluice groups by the other items and raises MISSING_AGGREGATION instead.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
  await t.spark
    .sql(`create temporary view data as select * from values
      ("USA", "San Francisco", "Reynold", 1, 11.0),
      ("USA", "San Francisco", "Matei", 2, 12.0),
      ("USA", "Berkeley", "Xiao", 3, 13.0),
      ("China", "Hangzhou", "Wenchen", 4, 14.0),
      ("China", "Shanghai", "Shanghaiese", 5, 15.0),
      ("Korea", "Seoul", "Hyukjin", 6, 16.0),
      ("UK", "London", "Sean", 7, 17.0)
      as data(country, city, name, id, power)`)
    .collect();
});
afterAll(() => t.cleanup());

const rows = async (query: string) =>
  (await t.spark.sql(query).collect()).map((r) => Object.values({ ...r }));

describe("group-by-all.sql", () => {
  it("select country, count(*) from data group by ALL", async () => {
    const out = await rows("select country, count(*) from data group by ALL order by country");
    expect(out).toEqual([
      ["China", 2],
      ["Korea", 1],
      ["UK", 1],
      ["USA", 3],
    ]);
  });

  it("select country, city, count(*), sum(id) from data group by all", async () => {
    const out = await rows("select country, city, count(*), sum(id) from data group by all order by all");
    expect(out).toEqual([
      ["China", "Hangzhou", 1, 4],
      ["China", "Shanghai", 1, 5],
      ["Korea", "Seoul", 1, 6],
      ["UK", "London", 1, 7],
      ["USA", "Berkeley", 1, 3],
      ["USA", "San Francisco", 2, 3],
    ]);
  });

  it("grouping expressions and aliases: select upper(country) AS c, count(*) from data group by all", async () => {
    const df = t.spark.sql("select upper(country) AS c, count(*) from data group by all order by c");
    expect(df.columns).toEqual(["c", "count(1)"]);
    expect((await df.collect()).map((r) => Object.values({ ...r }))).toEqual([
      ["CHINA", 2],
      ["KOREA", 1],
      ["UK", 1],
      ["USA", 3],
    ]);
  });

  it("a column named all is a column: group by all reads it", async () => {
    const out = await rows(
      "select `all`, count(*) AS n from (select country AS `all`, id from data) group by all order by all desc",
    );
    expect(out).toEqual([
      ["USA", 3],
      ["UK", 1],
      ["Korea", 1],
      ["China", 2],
    ]);
  });
});

describe("order-by-all.sql", () => {
  it("select * from data order by all desc: every column, descending", async () => {
    const out = await rows("select country, id from data order by all desc");
    expect(out).toEqual([
      ["USA", 3],
      ["USA", 2],
      ["USA", 1],
      ["UK", 7],
      ["Korea", 6],
      ["China", 5],
      ["China", 4],
    ]);
  });

  it("order by all over a union", async () => {
    const out = await rows(
      "select id from data where id < 3 union all select id from data where id > 5 order by all",
    );
    expect(out).toEqual([[1], [2], [6], [7]]);
  });
});
