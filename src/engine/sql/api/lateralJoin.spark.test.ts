/**
 * issue 11: the lateral join cases of Spark's DataFrameSubquerySuite (Spark 4, Spark Connect's copy of it):
 * `df.lateralJoin(right, on?, how?)`, whose right side reads the left row through `outer()`. Spark compares with
 * the same query in SQL; the answers here are that SQL's results on Spark, written out.
 *
 * Adapted: the views t1, t2 are made with `createDataFrame` (Spark's `CREATE VIEW t1(c1, c2) AS VALUES ...`), and
 * each `spark.table` is given `.alias(name)` for names such as `t1.c1` (Sluice's spark.table does not qualify a
 * table's columns by its name yet).
 * Not ported: "lateral join with table-valued functions" and "... and join conditions": Sluice has no `spark.tvf`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { DataFrame } from "./DataFrame";
import { col, lit, max } from "./functions";

let t: TestSession;
beforeAll(async () => {
  t = await newTestSession();
  t.spark
    .createDataFrame(
      [
        [0, 1],
        [1, 2],
      ],
      "c1 INT, c2 INT",
    )
    .createOrReplaceTempView("t1");
  t.spark
    .createDataFrame(
      [
        [0, 2],
        [0, 3],
      ],
      "c1 INT, c2 INT",
    )
    .createOrReplaceTempView("t2");
});
afterAll(() => t.cleanup());

const t1 = () => t.spark.table("t1").alias("t1");
const t2 = () => t.spark.table("t2").alias("t2");

/** The rows as arrays by position (a join's columns may share names), in a stable order. */
async function rows(df: DataFrame): Promise<unknown[][]> {
  const table = await df.toArrow();
  const out: unknown[][] = [];
  for (let r = 0; r < table.numRows; r += 1) {
    const row: unknown[] = [];
    for (let c = 0; c < table.numCols; c += 1) {
      const v = table.getChildAt(c)?.get(r);
      row.push(typeof v === "bigint" ? Number(v) : v);
    }
    out.push(row);
  }
  return out.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}

describe("DataFrameSubquerySuite (lateral joins)", () => {
  it("lateral join with single column select", async () => {
    expect(await rows(t1().lateralJoin(t.spark.range(1).select(col("c1").outer())))).toEqual([
      [0, 1, 0],
      [1, 2, 1],
    ]);
    expect(await rows(t1().lateralJoin(t2().select("c1")))).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [1, 2, 0],
      [1, 2, 0],
    ]);
    expect(await rows(t1().lateralJoin(t2().select(col("t1.c1").outer())))).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [1, 2, 1],
      [1, 2, 1],
    ]);
    expect(await rows(t1().lateralJoin(t2().select(col("t1.c1").outer().plus(col("t2.c1")))))).toEqual([
      [0, 1, 0],
      [0, 1, 0],
      [1, 2, 1],
      [1, 2, 1],
    ]);
  });

  it("lateral join with different join types", async () => {
    const c3 = () => t.spark.range(1).select(col("c1").outer().plus(col("c2").outer()).as("c3"));
    const inner = t1().lateralJoin(c3(), col("c2").eq(col("c3")));
    expect(inner.columns).toEqual(["c1", "c2", "c3"]);
    expect(await rows(inner)).toEqual([[0, 1, 1]]);
    expect(await rows(t1().lateralJoin(c3(), col("c2").eq(col("c3")), "left"))).toEqual([
      [0, 1, 1],
      [1, 2, null],
    ]);
    expect(await rows(t1().lateralJoin(c3(), "cross"))).toEqual([
      [0, 1, 1],
      [1, 2, 3],
    ]);
  });

  it("lateral join with correlated equality / non-equality predicates", async () => {
    expect(
      await rows(
        t1().lateralJoin(
          t2()
            .where(col("t1.c1").outer().eq(col("t2.c1")))
            .select("c2"),
        ),
      ),
    ).toEqual([
      [0, 1, 2],
      [0, 1, 3],
    ]);
    expect(
      await rows(
        t1().lateralJoin(
          t2()
            .where(col("t1.c1").outer().lt(col("t2.c1")))
            .select("c2"),
        ),
      ),
    ).toEqual([]);
  });

  it("lateral join with aggregation and correlated non-equality predicates", async () => {
    const df = t1().lateralJoin(
      t2()
        .where(col("t1.c2").outer().lt(col("t2.c2")))
        .select(max("c2").as("m")),
    );
    expect(df.columns).toEqual(["c1", "c2", "m"]);
    expect(await rows(df)).toEqual([
      [0, 1, 3],
      [1, 2, 3],
    ]);
  });

  it("lateral join can reference preceding FROM clause items", async () => {
    expect(
      await rows(
        t1()
          .join(t2())
          .lateralJoin(t.spark.range(1).select(col("t1.c2").outer().plus(col("t2.c2").outer()))),
      ),
    ).toEqual([
      [0, 1, 0, 2, 3],
      [0, 1, 0, 3, 4],
      [1, 2, 0, 2, 4],
      [1, 2, 0, 3, 5],
    ]);
  });

  it("multiple lateral joins", async () => {
    const df = t1()
      .lateralJoin(t.spark.range(1).select(col("c1").outer().plus(col("c2").outer()).as("a")))
      .lateralJoin(t.spark.range(1).select(col("c1").outer().minus(col("c2").outer()).as("b")))
      .lateralJoin(t.spark.range(1).select(col("a").outer().multiply(col("b").outer()).as("c")));
    expect(df.columns).toEqual(["c1", "c2", "a", "b", "c"]);
    expect(await rows(df)).toEqual([
      [0, 1, 1, -1, -1],
      [1, 2, 3, -1, -3],
    ]);
  });

  it("lateral join in between regular joins", async () => {
    const df = t1()
      .lateralJoin(
        t2()
          .where(col("t1.c1").outer().eq(col("t2.c1")))
          .select("c2"),
        "left",
      )
      .join(t1().alias("t3"), col("t2.c2").eq(col("t3.c2")), "left");
    expect(await rows(df)).toEqual([
      [0, 1, 2, 1, 2],
      [0, 1, 3, null, null],
      [1, 2, null, null, null],
    ]);
  });

  it("nested lateral joins", async () => {
    expect(
      await rows(t1().lateralJoin(t2().lateralJoin(t.spark.range(1).select(col("c1").outer())))),
    ).toEqual([
      [0, 1, 0, 2, 0],
      [0, 1, 0, 3, 0],
      [1, 2, 0, 2, 0],
      [1, 2, 0, 3, 0],
    ]);
    expect(
      await rows(
        t1().lateralJoin(
          t.spark
            .range(1)
            .select(col("c1").outer().plus(lit(1)).as("c1"))
            .lateralJoin(t.spark.range(1).select(col("c1").outer())),
        ),
      ),
    ).toEqual([
      [0, 1, 1, 1],
      [1, 2, 2, 2],
    ]);
  });

  it("a right or full lateral join is refused (INVALID_LATERAL_JOIN_TYPE)", () => {
    let condition: string | undefined;
    try {
      t1().lateralJoin(t2(), col("t1.c1").eq(col("t2.c1")), "right");
    } catch (e) {
      condition = (e as { getCondition(): string }).getCondition();
    }
    expect(condition).toBe("INVALID_LATERAL_JOIN_TYPE");
  });
});
