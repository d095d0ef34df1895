/**
 * `spark.sql`: statements over temporary views and memory-sink tables, planned like the DataFrame API so that a
 * SELECT over a streaming view is a streaming query; what the planner does not cover runs as DuckDB SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnalysisException, MemoryStream, type Row } from "../index";
import { newTestSession, type TestSession } from "../testing/fixtures";

const ORDERS = [
  { id: 1, customer: "ann", amount: 30, day: "mon" },
  { id: 2, customer: "bo", amount: 5, day: "mon" },
  { id: 3, customer: "ann", amount: 12, day: "tue" },
  { id: 4, customer: "cy", amount: null, day: "tue" },
  { id: 5, customer: "bo", amount: 8, day: "wed" },
];
const CUSTOMERS = [
  { name: "ann", city: "Oslo" },
  { name: "bo", city: "Bergen" },
  { name: "di", city: "Bodø" },
];

/** Sum of amounts per customer, nulls skipped, in plain JavaScript. */
function totals(): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const o of ORDERS) {
    const prev = out.get(o.customer) ?? null;
    out.set(o.customer, o.amount === null ? prev : (prev ?? 0) + o.amount);
  }
  return out;
}

describe("spark.sql", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
    t.spark
      .createDataFrame(ORDERS, "id INT, customer STRING, amount INT, day STRING")
      .createOrReplaceTempView("orders");
    t.spark.createDataFrame(CUSTOMERS, "name STRING, city STRING").createOrReplaceTempView("customers");
  });
  afterAll(() => t.cleanup());

  const sql = (text: string) => t.spark.sql(text);

  it("SELECT ... WHERE ... GROUP BY with Spark's column names and types", async () => {
    const df = sql("SELECT customer, count(*), sum(amount) FROM orders WHERE id > 0 GROUP BY customer");
    expect(df.columns).toEqual(["customer", "count(1)", "sum(amount)"]);
    expect(df.dtypes.map(([, type]) => type)).toEqual(["string", "bigint", "bigint"]);
    const rows = await df.collect();
    const expected = totals();
    expect(rows).toHaveLength(expected.size);
    for (const r of rows) {
      expect(r["sum(amount)"]).toBe(expected.get(r.customer as string));
      expect(r["count(1)"]).toBe(ORDERS.filter((o) => o.customer === r.customer).length);
    }
  });

  it("HAVING and ORDER BY on aggregates, GROUP BY ordinals and select aliases", async () => {
    const rows = await sql(
      "SELECT customer AS who, sum(amount) AS total FROM orders GROUP BY who HAVING count(*) > 1 ORDER BY max(amount) DESC",
    ).collect();
    const expected = [...totals().entries()]
      .filter(([c]) => ORDERS.filter((o) => o.customer === c).length > 1)
      .sort(
        ([a], [b]) =>
          Math.max(...ORDERS.filter((o) => o.customer === b).map((o) => o.amount ?? -1)) -
          Math.max(...ORDERS.filter((o) => o.customer === a).map((o) => o.amount ?? -1)),
      )
      .map(([who, total]) => ({ who, total }));
    expect(rows).toEqual(expected);
    const byOrdinal = await sql(
      "SELECT day, count(*) AS n FROM orders GROUP BY 1 ORDER BY 2 DESC, 1",
    ).collect();
    expect(byOrdinal).toEqual([
      { day: "mon", n: 2 },
      { day: "tue", n: 2 },
      { day: "wed", n: 1 },
    ]);
  });

  it("ordinals count the columns a star expands to, as Spark's", async () => {
    // Spark's SQLQueryTestSuite (order-by-ordinal.sql, group-by-ordinal.sql): positions after `*` expands.
    const byId = ORDERS.map((o) => ({ ...o })).sort((a, b) => b.id - a.id);
    expect(await sql("SELECT * FROM orders ORDER BY 1 DESC").collect()).toEqual(byId);
    expect(
      (await sql("SELECT o.*, 1 AS one FROM orders o ORDER BY 4, 1").collect()).map((r) => r.id),
    ).toEqual([1, 2, 3, 4, 5]);
    expect((await sql("SELECT *, id * 2 AS d FROM orders ORDER BY 5 DESC LIMIT 1").first())?.d).toBe(10);
    expect(
      await sql(
        "SELECT * FROM (SELECT customer, day FROM orders) GROUP BY 1, 2 ORDER BY 2, 1 LIMIT 3",
      ).collect(),
    ).toEqual([
      { customer: "ann", day: "mon" },
      { customer: "bo", day: "mon" },
      { customer: "ann", day: "tue" },
    ]);
    const outOfRange = await Promise.resolve()
      .then(() => sql("SELECT * FROM orders ORDER BY 5"))
      .catch((e) => e);
    expect(outOfRange).toBeInstanceOf(AnalysisException);
    expect(outOfRange.getCondition()).toBe("ORDER_BY_POS_OUT_OF_RANGE");
    expect(outOfRange.getMessageParameters()).toEqual({ index: "5", size: "4" });
  });

  it("ORDER BY a column not selected, DISTINCT, LIMIT; double-quoted strings and backticked names", async () => {
    expect(
      (await sql("SELECT customer FROM orders ORDER BY id DESC LIMIT 2").collect()).map((r) => r.customer),
    ).toEqual(["bo", "cy"]);
    expect(await sql("SELECT DISTINCT customer FROM orders ORDER BY customer").collect()).toEqual([
      { customer: "ann" },
      { customer: "bo" },
      { customer: "cy" },
    ]);
    expect(await sql('SELECT `id` FROM orders WHERE `customer` = "cy"').collect()).toEqual([{ id: 4 }]);
  });

  it("joins, with aliases and USING; subqueries and CTEs", async () => {
    const joined = await sql(
      "SELECT o.id, c.city FROM orders o JOIN customers AS c ON o.customer = c.name ORDER BY o.id",
    ).collect();
    const expected = ORDERS.flatMap((o) =>
      CUSTOMERS.filter((c) => c.name === o.customer).map((c) => ({ id: o.id, city: c.city })),
    );
    expect(joined).toEqual(expected);
    const left = await sql(
      "SELECT c.name, count(o.id) AS orders FROM customers c LEFT JOIN orders o ON o.customer = c.name GROUP BY c.name ORDER BY c.name",
    ).collect();
    expect(left).toEqual(
      CUSTOMERS.map((c) => ({ name: c.name, orders: ORDERS.filter((o) => o.customer === c.name).length })),
    );
    const cte = await sql(
      "WITH big AS (SELECT * FROM orders WHERE amount >= 10) SELECT count(*) AS n FROM (SELECT customer FROM big) AS b",
    ).first();
    expect(cte).toEqual({ n: ORDERS.filter((o) => (o.amount ?? 0) >= 10).length });
    const using = sql(
      "SELECT * FROM orders JOIN (SELECT name AS customer, city FROM customers) USING (customer)",
    );
    expect(using.columns).toEqual(["customer", "id", "amount", "day", "city"]);
  });

  it("UNION (distinct), UNION ALL, INTERSECT and EXCEPT", async () => {
    const names = (rows: Row[]) => rows.map((r) => r.n).sort();
    const a = "SELECT customer AS n FROM orders";
    const b = "SELECT name AS n FROM customers";
    const inOrders = new Set(ORDERS.map((o) => o.customer));
    const inCustomers = new Set(CUSTOMERS.map((c) => c.name));
    expect(names(await sql(`${a} UNION ${b}`).collect())).toEqual(
      [...new Set([...inOrders, ...inCustomers])].sort(),
    );
    expect(await sql(`${a} UNION ALL ${b}`).count()).toBe(ORDERS.length + CUSTOMERS.length);
    expect(names(await sql(`${a} INTERSECT ${b}`).collect())).toEqual(
      [...inOrders].filter((n) => inCustomers.has(n)).sort(),
    );
    expect(names(await sql(`${a} EXCEPT ${b}`).collect())).toEqual(
      [...inOrders].filter((n) => !inCustomers.has(n)).sort(),
    );
  });

  it("SELECT without FROM, range(), Spark's functions by Spark's names", async () => {
    expect(
      await sql(
        "SELECT 1 + 1 AS two, upper('x') AS u, date_format(TIMESTAMP '2024-01-02 03:04:05', 'yyyy-MM-dd') AS d",
      ).first(),
    ).toEqual({
      two: 2,
      u: "X",
      d: "2024-01-02",
    });
    expect(await sql("SELECT sum(id) AS s FROM range(5)").first()).toEqual({ s: 10 });
    expect(
      await sql("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(id, name) WHERE t.id > 1").collect(),
    ).toEqual([{ id: 2, name: "b" }]);
    expect(sql("VALUES (1, 'x')").columns).toEqual(["col1", "col2"]);
    expect((await t.spark.range(2, 8, 3).collect()).map((r) => r.id)).toEqual([2, 5]);
  });

  it("window functions are planned; subquery expressions run as DuckDB SQL (batch)", async () => {
    const ranked = await sql(
      "SELECT id, row_number() OVER (PARTITION BY customer ORDER BY amount DESC) AS rn, sum(amount) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair FROM orders ORDER BY id",
    ).collect();
    const byCustomer = (o: (typeof ORDERS)[number]) =>
      ORDERS.filter((x) => x.customer === o.customer)
        .sort((a, b) => (b.amount ?? Number.NEGATIVE_INFINITY) - (a.amount ?? Number.NEGATIVE_INFINITY))
        .indexOf(o) + 1;
    expect(ranked).toEqual(
      ORDERS.map((o, i) => {
        const window = ORDERS.slice(Math.max(0, i - 1), i + 1)
          .map((x) => x.amount)
          .filter((a) => a !== null);
        return {
          id: o.id,
          rn: byCustomer(o),
          pair: window.length === 0 ? null : window.reduce((a, b) => a + b, 0),
        };
      }),
    );
    const sub = await sql(
      "SELECT id FROM orders WHERE customer IN (SELECT name FROM customers WHERE city = 'Bergen') ORDER BY id",
    ).collect();
    expect(sub.map((r) => r.id)).toEqual(ORDERS.filter((o) => o.customer === "bo").map((o) => o.id));
  });

  it("CREATE TEMP VIEW, SHOW TABLES, DROP VIEW, SET; spark.table and the catalog", async () => {
    sql("CREATE OR REPLACE TEMP VIEW big_orders AS SELECT * FROM orders WHERE amount > 10");
    expect(await t.spark.table("big_orders").count()).toBe(ORDERS.filter((o) => (o.amount ?? 0) > 10).length);
    expect((await sql("SHOW TABLES").collect()).map((r) => r.tableName)).toContain("big_orders");
    expect(t.spark.catalog.tableExists("big_orders")).toBe(true);
    sql("DROP VIEW big_orders");
    expect(t.spark.catalog.tableExists("big_orders")).toBe(false);
    expect(() => sql("DROP VIEW big_orders")).toThrow(/TABLE_OR_VIEW_NOT_FOUND/);
    sql("DROP VIEW IF EXISTS big_orders");
    expect(await sql("SET spark.sql.shuffle.partitions = 7").first()).toEqual({
      key: "spark.sql.shuffle.partitions",
      value: "7",
    });
    expect(t.spark.conf.get("spark.sql.shuffle.partitions")).toBe("7");
  });

  it("a SELECT over a streaming view is a streaming DataFrame that runs incrementally", async () => {
    const input = new MemoryStream(t.spark, "word STRING, n INT");
    input.toDF().createOrReplaceTempView("words");
    const counts = sql("SELECT word, count(*) AS c, sum(n) AS total FROM words WHERE n > 0 GROUP BY word");
    expect(counts.isStreaming).toBe(true);
    await expect(counts.collect()).rejects.toThrow(
      "Queries with streaming sources must be executed with writeStream.start()",
    );
    expect(() => sql("SELECT word, row_number() OVER (ORDER BY n) FROM words")).toThrow(
      /NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING/,
    );
    expect(() => sql("SELECT word FROM words WHERE n IN (SELECT n FROM words)")).toThrow(AnalysisException);

    const query = await counts.writeStream
      .outputMode("complete")
      .format("memory")
      .queryName("word_counts")
      .start();
    const batches = [
      [
        { word: "a", n: 1 },
        { word: "b", n: 2 },
        { word: "a", n: 0 },
      ],
      [
        { word: "a", n: 3 },
        { word: "c", n: 4 },
      ],
    ];
    const seen: { word: string; n: number }[] = [];
    for (const batch of batches) {
      input.addData(batch);
      seen.push(...batch);
      await query.processAllAvailable();
      // The memory sink's table is a table for spark.sql too.
      const rows = await sql("SELECT * FROM word_counts ORDER BY word").collect();
      const expected = [...new Set(seen.filter((r) => r.n > 0).map((r) => r.word))].sort().map((word) => {
        const kept = seen.filter((r) => r.word === word && r.n > 0);
        return { word, c: kept.length, total: kept.reduce((s, r) => s + r.n, 0) };
      });
      expect(rows).toEqual(expected);
    }
    await query.stop();
  });
});
