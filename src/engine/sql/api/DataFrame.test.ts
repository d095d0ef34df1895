/**
 * Stateless DataFrame operators through the public API, each checked against an answer computed in plain
 * JavaScript from the same input rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, col, count, type DataFrame, expr, lit, max, type Row, sum } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

interface Sale {
  id: number;
  city: string | null;
  amount: number | null;
  geo: { city: string; zip: string } | null;
}

const SALES: Sale[] = [
  { id: 1, city: "Oslo", amount: 10.5, geo: { city: "Oslo", zip: "0150" } },
  { id: 2, city: "Bergen", amount: null, geo: { city: "Bergen", zip: "5003" } },
  { id: 3, city: "Oslo", amount: 4, geo: null },
  { id: 4, city: null, amount: 7.25, geo: { city: "Tromsø", zip: "9008" } },
  { id: 5, city: "Bergen", amount: 1, geo: { city: "Bergen", zip: "5004" } },
];
const SCHEMA = "id INT, city STRING, amount DOUBLE, geo STRUCT<city: STRING, zip: STRING>";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
});
afterAll(() => t.cleanup());

describe("DataFrame operators", () => {
  let sales: DataFrame;
  beforeAll(() => {
    sales = t.spark.createDataFrame(SALES, SCHEMA);
  });

  const ids = (rows: Row[]) => rows.map((r) => r.id);

  it("select: names, `*`, nested fields by dotted name, columns by Column", async () => {
    const df = sales.select("id", col("geo.city"), sales.col("amount"), "geo.zip");
    expect(df.columns).toEqual(["id", "city", "amount", "zip"]);
    expect(await df.orderBy("id").collect()).toEqual(
      SALES.map((s) => ({ id: s.id, city: s.geo?.city ?? null, amount: s.amount, zip: s.geo?.zip ?? null })),
    );
    expect(sales.select("*").columns).toEqual(["id", "city", "amount", "geo"]);
    expect(sales.select("geo.*").columns).toEqual(["city", "zip"]);
  });

  it("select and groupBy take a list or varargs alike", async () => {
    expect(sales.select(["id", "city"]).columns).toEqual(sales.select("id", "city").columns);
    const a = await sales.groupBy(["city"]).count().orderBy("city").collect();
    const b = await sales.groupBy("city").count().orderBy("city").collect();
    expect(a).toEqual(b);
  });

  it("selectExpr: SQL expressions with Spark's names and aliases", async () => {
    const df = sales.selectExpr("id * 2", "upper(city) AS town", "amount IS NULL");
    expect(df.columns).toEqual(["(id * 2)", "town", "(amount IS NULL)"]);
    const rows = await df.orderBy("town").collect();
    expect(rows.map((r) => r.town)).toEqual([null, "BERGEN", "BERGEN", "OSLO", "OSLO"]);
  });

  it("filter and where: a Column or a SQL string; double quotes are strings, backticks names", async () => {
    const expected = SALES.filter((s) => s.city === "Oslo").map((s) => s.id);
    expect(ids(await sales.filter(col("city").eq("Oslo")).orderBy("id").collect())).toEqual(expected);
    expect(ids(await sales.where("city = 'Oslo'").orderBy("id").collect())).toEqual(expected);
    expect(ids(await sales.filter('city = "Oslo"').orderBy("id").collect())).toEqual(expected);
    expect(ids(await sales.filter("`city` = 'Oslo' AND amount > 5").collect())).toEqual([1]);
    // Comparisons with null are not true: rows with a null amount are not kept, nor excluded by NOT.
    const bigOrSmall = await sales.filter(col("amount").gt(5).or(col("amount").leq(5))).count();
    expect(bigOrSmall).toBe(SALES.filter((s) => s.amount !== null).length);
  });

  it("withColumn adds or replaces; withColumns; withColumnRenamed; drop (unknown names ignored)", async () => {
    const df = sales
      .withColumn("double", col("amount").multiply(2))
      .withColumn("amount", lit(0))
      .withColumns({ one: lit(1), id2: col("id").plus(1) })
      .withColumnRenamed("city", "town")
      .withColumnRenamed("nope", "x")
      .drop("geo", "not_there");
    expect(df.columns).toEqual(["id", "town", "amount", "double", "one", "id2"]);
    const rows = await df.orderBy("id").collect();
    expect(rows.map((r) => r.double)).toEqual(SALES.map((s) => (s.amount === null ? null : s.amount * 2)));
    expect(rows.every((r) => r.amount === 0 && r.one === 1)).toBe(true);
    expect(sales.drop(["city", "geo"]).columns).toEqual(["id", "amount"]);
    expect(sales.drop(col("city")).columns).toEqual(["id", "amount", "geo"]);
    // Spark's ResolveDataFrameDropColumns: an expression that is not an input column drops nothing.
    expect(sales.drop(col("amount").plus(1), col("city").alias("town"), "id").columns).toEqual([
      "city",
      "amount",
      "geo",
    ]);
  });

  it("orderBy/sort: ascending puts nulls first, descending last, as Spark's defaults", async () => {
    const amounts = SALES.map((s) => s.amount);
    const asc = [null, ...amounts.filter((a) => a !== null).sort((a, b) => (a as number) - (b as number))];
    expect((await sales.orderBy("amount").collect()).map((r) => r.amount)).toEqual(asc);
    const desc = [...amounts.filter((a) => a !== null).sort((a, b) => (b as number) - (a as number)), null];
    expect((await sales.sort(col("amount").desc()).collect()).map((r) => r.amount)).toEqual(desc);
    expect((await sales.orderBy(col("amount").desc_nulls_first()).first())?.amount).toBeNull();
    expect((await sales.orderBy(col("amount").asc_nulls_last()).collect()).at(-1)?.amount).toBeNull();
    // Several keys, as a list.
    const byCityThenId = await sales.orderBy(["city", col("id").desc()]).collect();
    expect(ids(byCityThenId)).toEqual([4, 5, 2, 3, 1]);
  });

  it("orderBy a column the select dropped sorts below the select", async () => {
    const rows = await sales.select("city").orderBy(col("id").desc()).collect();
    expect(rows.map((r) => r.city)).toEqual([...SALES].reverse().map((s) => s.city));
  });

  it("limit, distinct, dropDuplicates (all columns or a subset)", async () => {
    expect(await sales.limit(2).count()).toBe(2);
    const cities = new Set(SALES.map((s) => s.city));
    expect(await sales.select("city").distinct().count()).toBe(cities.size);
    expect(await sales.dropDuplicates("city").count()).toBe(cities.size);
    expect(await sales.dropDuplicates(["city"]).count()).toBe(cities.size);
    expect(await sales.dropDuplicates().count()).toBe(SALES.length);
  });

  it("union by position; unionByName by name, missing columns an error unless allowed", async () => {
    const a = t.spark.createDataFrame([{ x: 1, y: "a" }], "x INT, y STRING");
    const b = t.spark.createDataFrame([{ y: "b", x: 2 }], "y STRING, x INT");
    expect(await a.unionByName(b).orderBy("x").collect()).toEqual([
      { x: 1, y: "a" },
      { x: 2, y: "b" },
    ]);
    expect(() => a.union(b)).toThrow(/INCOMPATIBLE_COLUMN_TYPE/);
    const c = t.spark.createDataFrame([{ x: 3 }], "x INT");
    expect(() => a.union(c)).toThrow(/NUM_COLUMNS_MISMATCH/);
    expect(() => a.unionByName(c)).toThrow(AnalysisException);
    expect(await a.unionByName(c, true).orderBy("x").collect()).toEqual([
      { x: 1, y: "a" },
      { x: 3, y: null },
    ]);
    expect(await sales.union(sales).count()).toBe(2 * SALES.length);
  });

  it("groupBy(...).count/sum/avg/min/max and agg, dict form included, with Spark's names and types", async () => {
    const byCity = new Map<string | null, Sale[]>();
    for (const s of SALES) byCity.set(s.city, [...(byCity.get(s.city) ?? []), s]);
    const df = sales.groupBy("city").agg(count("*"), sum("amount"), max("id"));
    expect(df.columns).toEqual(["city", "count(1)", "sum(amount)", "max(id)"]);
    expect(df.dtypes).toEqual([
      ["city", "string"],
      ["count(1)", "bigint"],
      ["sum(amount)", "double"],
      ["max(id)", "int"],
    ]);
    const rows = await df.collect();
    for (const r of rows) {
      const group = byCity.get(r.city as string | null)!;
      const amounts = group.map((s) => s.amount).filter((a): a is number => a !== null);
      expect(r["count(1)"]).toBe(group.length);
      expect(r["sum(amount)"]).toBe(amounts.length === 0 ? null : amounts.reduce((a, b) => a + b, 0));
      expect(r["max(id)"]).toBe(Math.max(...group.map((s) => s.id)));
    }
    expect(sales.groupBy("city").agg({ amount: "max", id: "count" }).columns).toEqual([
      "city",
      "max(amount)",
      "count(id)",
    ]);
    expect(sales.groupBy("city").sum("id").dtypes).toEqual([
      ["city", "string"],
      ["sum(id)", "bigint"],
    ]);
    expect(sales.groupBy().avg("id").dtypes).toEqual([["avg(id)", "double"]]);
    const [{ "min(amount)": lo }] = await sales.groupBy().min("amount").collect();
    expect(lo).toBe(1);
    expect((await sales.agg(max("amount")).collect())[0]).toEqual({ "max(amount)": 10.5 });
  });

  it("groupBy on an expression, and the count column's name", async () => {
    const df = sales.groupBy(expr("amount > 5").alias("big")).count();
    expect(df.columns).toEqual(["big", "count"]);
    const rows = await df.orderBy("big").collect();
    const counts = (v: boolean | null) =>
      SALES.filter((s) => (s.amount === null ? null : s.amount > 5) === v).length;
    expect(rows).toEqual([
      { big: null, count: counts(null) },
      { big: false, count: counts(false) },
      { big: true, count: counts(true) },
    ]);
  });
});

describe("joins", () => {
  let people: DataFrame;
  let depts: DataFrame;
  const PEOPLE = [
    { id: 1, name: "ann", dept: 10 },
    { id: 2, name: "bo", dept: 20 },
    { id: 3, name: "cy", dept: 30 },
  ];
  const DEPTS = [
    { id: 10, name: "eng" },
    { id: 20, name: "ops" },
    { id: 40, name: "hr" },
  ];
  beforeAll(() => {
    people = t.spark.createDataFrame(PEOPLE, "id INT, name STRING, dept INT");
    depts = t.spark.createDataFrame(DEPTS, "id INT, name STRING");
  });

  const matches = PEOPLE.flatMap((p) => DEPTS.filter((d) => d.id === p.dept).map((d) => [p, d] as const));

  it("every join type string Spark accepts, with the row counts the join type implies", async () => {
    const on = people.col("dept").eq(depts.col("id"));
    const unmatchedPeople = PEOPLE.filter((p) => !DEPTS.some((d) => d.id === p.dept)).length;
    const unmatchedDepts = DEPTS.filter((d) => !PEOPLE.some((p) => p.dept === d.id)).length;
    const expected: Record<string, number> = {
      inner: matches.length,
      left: matches.length + unmatchedPeople,
      leftouter: matches.length + unmatchedPeople,
      left_outer: matches.length + unmatchedPeople,
      right: matches.length + unmatchedDepts,
      rightouter: matches.length + unmatchedDepts,
      right_outer: matches.length + unmatchedDepts,
      outer: matches.length + unmatchedPeople + unmatchedDepts,
      full: matches.length + unmatchedPeople + unmatchedDepts,
      fullouter: matches.length + unmatchedPeople + unmatchedDepts,
      full_outer: matches.length + unmatchedPeople + unmatchedDepts,
      semi: new Set(matches.map(([p]) => p.id)).size,
      leftsemi: new Set(matches.map(([p]) => p.id)).size,
      left_semi: new Set(matches.map(([p]) => p.id)).size,
      anti: unmatchedPeople,
      leftanti: unmatchedPeople,
      left_anti: unmatchedPeople,
    };
    for (const [how, n] of Object.entries(expected)) {
      expect(await people.join(depts, on, how).count(), how).toBe(n);
    }
    expect(await people.crossJoin(depts).count()).toBe(PEOPLE.length * DEPTS.length);
    expect(people.join(depts, on, "left_semi").columns).toEqual(["id", "name", "dept"]);
    expect(() => people.join(depts, on, "sideways")).toThrow(/UNSUPPORTED_JOIN_TYPE/);
  });

  it("on a name or a list of names: one merged key column first", async () => {
    const renamed = depts.withColumnRenamed("id", "dept");
    const joined = people.join(renamed, "dept", "left");
    expect(joined.columns).toEqual(["dept", "id", "name", "name"]);
    expect(await people.join(renamed, ["dept"]).count()).toBe(matches.length);
    expect(() => people.join(depts, "dept")).toThrow(/UNRESOLVED_USING_COLUMN_FOR_JOIN/);
  });

  it("df.col disambiguates columns that share a name; alone they are ambiguous", async () => {
    const joined = people.join(depts, people.col("dept").eq(depts.col("id")));
    expect(() => joined.select("name")).toThrow(/AMBIGUOUS_REFERENCE/);
    const rows = await joined
      .select(people.col("name"), depts.col("name").alias("dept_name"))
      .orderBy(people.col("id"))
      .collect();
    expect(rows).toEqual(matches.map(([p, d]) => ({ name: p.name, dept_name: d.name })));
  });

  it("after a join, columns sharing a name stay apart through drop, withColumn and withColumnRenamed", async () => {
    const joined = people.join(depts, people.col("dept").eq(depts.col("id")));
    expect(joined.columns).toEqual(["id", "name", "dept", "id", "name"]);
    const withoutDeptName = joined
      .drop(depts.col("name"))
      .withColumn("one", lit(1))
      .withColumnRenamed("dept", "d");
    expect(withoutDeptName.columns).toEqual(["id", "name", "d", "id", "one"]);
    const rows = await withoutDeptName.drop(depts.col("id")).orderBy("id").collect();
    expect(rows).toEqual(matches.map(([p]) => ({ id: p.id, name: p.name, d: p.dept, one: 1 })));
  });

  it("df.alias names a side: col('a.x')", async () => {
    const rows = await people
      .alias("p")
      .join(depts.alias("d"), col("p.dept").eq(col("d.id")))
      .select(col("p.name").alias("person"), col("d.name").alias("dept"))
      .orderBy("person")
      .collect();
    expect(rows).toEqual(matches.map(([p, d]) => ({ person: p.name, dept: d.name })));
    // A self-join through aliases.
    expect(
      await people
        .alias("l")
        .join(people.alias("r"), col("l.id").eq(col("r.id")))
        .count(),
    ).toBe(PEOPLE.length);
  });

  it("a DataFrame joined with itself: each side its own columns, as Spark's DeduplicateRelations", async () => {
    // USING a column of both sides.
    expect(await people.join(people, "id").count()).toBe(PEOPLE.length);
    // df.col on both sides of an equality means the left's and the right's (Spark's self-join rule).
    const same = people.join(people, people.col("id").eq(people.col("id")));
    expect(same.columns).toEqual(["id", "name", "dept", "id", "name", "dept"]);
    expect(await same.count()).toBe(PEOPLE.length);
    // df.col picks the left side; a DataFrame built on df keeps its own columns on the right.
    const renamed = people.select(col("id").alias("rid"), col("dept").alias("rdept"));
    const rows = await people
      .join(
        renamed,
        people
          .col("dept")
          .eq(renamed.col("rdept"))
          .and(people.col("id").lt(renamed.col("rid"))),
      )
      .select(people.col("id"), renamed.col("rid"))
      .orderBy("id", "rid")
      .collect();
    const pairs = PEOPLE.flatMap((a) =>
      PEOPLE.filter((b) => a.dept === b.dept && a.id < b.id).map((b) => ({ id: a.id, rid: b.id })),
    ).sort((x, y) => x.id - y.id || x.rid - y.rid);
    expect(rows).toEqual(pairs);
  });
});
