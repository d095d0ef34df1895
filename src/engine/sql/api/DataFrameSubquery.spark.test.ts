/**
 * issue 11: Spark's DataFrameSubquerySuite (sql/core/src/test/scala/org/apache/spark/sql/DataFrameSubquerySuite.scala):
 * Spark 4's subquery expressions built from DataFrames — `df.scalar()`, `df.exists()` and `col.outer()` — each case
 * named as Spark's, with its inputs. Spark's cases compare with the same query in SQL; the answers here are that
 * SQL's results on Spark, written out (Sluice's SQL parser does not read subquery expressions yet).
 *
 * Adapted: `groupBy(...).agg(Map.empty)` is `agg(count(lit(1)))` then the grouping
 * columns (Sluice's agg needs an aggregate). Scala's `Seq((1, 2.0), ...).toDF("a", "b")` is `createDataFrame` with `a INT, b DOUBLE` (both nullable,
 * as Scala's boxed Integer and Double make them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import type { DataFrame } from "./DataFrame";
import { col, count, lit, max, min, sum } from "./functions";

let t: TestSession;
let l: DataFrame;
let r: DataFrame;
beforeAll(async () => {
  t = await newTestSession();
  l = t.spark.createDataFrame(
    [
      [1, 2.0],
      [1, 2.0],
      [2, 1.0],
      [2, 1.0],
      [3, 3.0],
      [null, null],
      [null, 5.0],
      [6, null],
    ],
    "a INT, b DOUBLE",
  );
  r = t.spark.createDataFrame(
    [
      [2, 3.0],
      [2, 3.0],
      [3, 2.0],
      [4, 1.0],
      [null, null],
      [null, 5.0],
      [6, null],
    ],
    "c INT, d DOUBLE",
  );
  l.createOrReplaceTempView("l");
  r.createOrReplaceTempView("r");
});
afterAll(() => t.cleanup());

/** The rows as arrays, in a stable order (checkAnswer compares without order). */
async function rows(df: DataFrame): Promise<unknown[][]> {
  const names = df.columns;
  const out = (await df.collect()).map((row) =>
    names.map((n) => (typeof row[n] === "bigint" ? Number(row[n]) : row[n])),
  );
  return out.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
}
const sortRows = (xs: unknown[][]) =>
  [...xs].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

function failure(run: () => unknown): { condition?: string; parameters?: Record<string, string> } {
  try {
    run();
  } catch (e) {
    const x = e as { getCondition?: () => string; getMessageParameters?: () => Record<string, string> };
    return { condition: x.getCondition?.(), parameters: x.getMessageParameters?.() };
  }
  throw new Error("no error");
}

const table = (name: string) => t.spark.table(name);

describe("DataFrameSubquerySuite", () => {
  it("unanalyzable expression", () => {
    expect(failure(() => t.spark.range(1).select(col("id").eq(col("id").outer())).schema)).toEqual({
      condition: "UNANALYZABLE_EXPRESSION",
      parameters: { expr: '"outer(id)"' },
    });
  });

  it("simple uncorrelated scalar subquery", async () => {
    const one = t.spark.range(1).select(t.spark.range(1).select(lit(1)).scalar().as("b"));
    expect(one.columns).toEqual(["b"]);
    expect(await rows(one)).toEqual([[1]]);
    const nested = t.spark.range(1).select(
      t.spark
        .range(1)
        .select(t.spark.range(1).select(lit(1)).scalar().plus(1))
        .scalar()
        .plus(lit(1)),
    );
    expect(await rows(nested)).toEqual([[3]]);
    expect(await rows(t.spark.range(1).select(t.spark.range(1).select(lit("s")).scalar().as("b")))).toEqual([
      ["s"],
    ]);
  });

  it("uncorrelated scalar subquery should return null if there is 0 rows", async () => {
    expect(
      await rows(t.spark.range(1).select(t.spark.range(1).select(lit("s")).limit(0).scalar().as("b"))),
    ).toEqual([[null]]);
  });

  it("uncorrelated scalar subquery on a DataFrame generated query", async () => {
    t.spark
      .createDataFrame(
        [
          [1, "one"],
          [2, "two"],
          [3, "three"],
        ],
        "key INT, value STRING",
      )
      .createOrReplaceTempView("subqueryData");
    const data = () => table("subqueryData");
    expect(
      await rows(
        t.spark
          .range(1)
          .select(data().select("key").where(col("key").gt(2)).orderBy("key").limit(1).scalar().plus(lit(1))),
      ),
    ).toEqual([[4]]);
    expect(await rows(t.spark.range(1).select(data().select(max("key")).scalar().negate()))).toEqual([[-3]]);
    expect(await rows(t.spark.range(1).select(data().select("value").limit(0).scalar()))).toEqual([[null]]);
    expect(
      await rows(
        t.spark.range(1).select(
          data()
            .where(col("key").eq(data().select(max("key")).scalar().minus(lit(1))))
            .select(min("value"))
            .scalar(),
        ),
      ),
    ).toEqual([["two"]]);
  });

  it("SPARK-15677: Queries against local relations with scalar subquery in Select list", async () => {
    t.spark
      .createDataFrame(
        [
          [1, 1],
          [2, 2],
        ],
        "c1 INT NOT NULL, c2 INT NOT NULL",
      )
      .createOrReplaceTempView("t1");
    t.spark
      .createDataFrame(
        [
          [1, 1],
          [2, 2],
        ],
        "c1 INT NOT NULL, c2 INT NOT NULL",
      )
      .createOrReplaceTempView("t2");
    expect(await rows(table("t1").select(t.spark.range(1).select(lit(1).as("col")).scalar()))).toEqual([
      [1],
      [1],
    ]);
    expect(await rows(table("t1").select(table("t2").select(max("c1")).scalar()))).toEqual([[2], [2]]);
    expect(
      await rows(table("t1").select(lit(1).plus(t.spark.range(1).select(lit(1).as("col")).scalar()))),
    ).toEqual([[2], [2]]);
    expect(
      await rows(table("t1").select(col("c1"), table("t2").select(max("c1")).scalar().plus(col("c2")))),
    ).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(
      await rows(
        table("t1").select(
          col("c1"),
          table("t2")
            .where(col("t1.c2").outer().eq(col("t2.c2")))
            .select(max("c1"))
            .scalar(),
        ),
      ),
    ).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it("EXISTS predicate subquery", async () => {
    expect(
      await rows(
        table("l").where(
          table("r")
            .where(col("a").outer().eq(col("c")))
            .exists(),
        ),
      ),
    ).toEqual(
      sortRows([
        [2, 1.0],
        [2, 1.0],
        [3, 3.0],
        [6, null],
      ]),
    );
    expect(
      await rows(
        table("l").where(
          table("r")
            .where(col("a").outer().eq(col("c")))
            .exists()
            .and(col("a").leq(lit(2))),
        ),
      ),
    ).toEqual([
      [2, 1.0],
      [2, 1.0],
    ]);
  });

  it("NOT EXISTS predicate subquery", async () => {
    expect(
      await rows(
        table("l").where(
          table("r")
            .where(col("a").outer().eq(col("c")))
            .exists()
            .not(),
        ),
      ),
    ).toEqual(
      sortRows([
        [1, 2.0],
        [1, 2.0],
        [null, null],
        [null, 5.0],
      ]),
    );
    expect(
      await rows(
        table("l").where(
          table("r")
            .where(
              col("a")
                .outer()
                .eq(col("c"))
                .and(col("b").outer().lt(col("d"))),
            )
            .exists()
            .not(),
        ),
      ),
    ).toEqual(
      sortRows([
        [1, 2.0],
        [1, 2.0],
        [3, 3.0],
        [null, null],
        [null, 5.0],
        [6, null],
      ]),
    );
  });

  it("EXISTS predicate subquery within OR", async () => {
    const exists = () =>
      table("r")
        .where(col("a").outer().eq(col("c")))
        .exists();
    expect(await rows(table("l").where(exists().or(exists())))).toEqual(
      sortRows([
        [2, 1.0],
        [2, 1.0],
        [3, 3.0],
        [6, null],
      ]),
    );
    expect(
      await rows(
        table("l").where(
          table("r")
            .where(
              col("a")
                .outer()
                .eq(col("c"))
                .and(col("b").outer().lt(col("d"))),
            )
            .exists()
            .not()
            .or(exists().not()),
        ),
      ),
    ).toEqual(
      sortRows([
        [1, 2.0],
        [1, 2.0],
        [3, 3.0],
        [null, null],
        [null, 5.0],
        [6, null],
      ]),
    );
  });

  it("correlated scalar subquery in where", async () => {
    expect(
      await rows(
        table("l").where(
          col("b").lt(
            table("r")
              .where(col("a").outer().eq(col("c")))
              .select(max("d"))
              .scalar(),
          ),
        ),
      ),
    ).toEqual([
      [2, 1.0],
      [2, 1.0],
    ]);
  });

  it("correlated scalar subquery in select", async () => {
    const df = table("l").select(
      col("a"),
      table("l")
        .where(col("a").eq(col("a").outer()))
        .select(sum("b"))
        .scalar()
        .as("sum_b"),
    );
    expect(df.columns).toEqual(["a", "sum_b"]);
    expect(await rows(df)).toEqual(
      sortRows([
        [1, 4.0],
        [1, 4.0],
        [2, 2.0],
        [2, 2.0],
        [3, 3.0],
        [null, null],
        [null, null],
        [6, null],
      ]),
    );
  });

  it("correlated scalar subquery in select (null safe)", async () => {
    const df = table("l").select(
      col("a"),
      table("l")
        .where(col("a").eqNullSafe(col("a").outer()))
        .select(sum("b"))
        .scalar()
        .as("sum_b"),
    );
    expect(await rows(df)).toEqual(
      sortRows([
        [1, 4.0],
        [1, 4.0],
        [2, 2.0],
        [2, 2.0],
        [3, 3.0],
        [null, 5.0],
        [null, 5.0],
        [6, null],
      ]),
    );
  });

  it("correlated scalar subquery in aggregate", async () => {
    const df = table("l")
      .groupBy(
        col("a"),
        table("r")
          .where(col("a").outer().eq(col("c")))
          .select(sum("d"))
          .scalar()
          .as("sum_d"),
      )
      .agg(count(lit(1)))
      .select("a", "sum_d");
    expect(df.columns).toEqual(["a", "sum_d"]);
    expect(await rows(df)).toEqual(
      sortRows([
        [1, null],
        [2, 6.0],
        [3, 2.0],
        [null, null],
        [6, null],
      ]),
    );
  });

  it("non-aggregated correlated scalar subquery", async () => {
    const df = table("l").select(
      col("a"),
      table("l")
        .where(col("a").eq(col("a").outer()))
        .select("b")
        .scalar()
        .as("sum_b"),
    );
    await expect(df.collect()).rejects.toMatchObject({
      name: "SparkRuntimeException",
      errorClass: "SCALAR_SUBQUERY_TOO_MANY_ROWS",
    });
  });

  it("non-equal correlated scalar subquery", async () => {
    const df = table("l").select(
      col("a"),
      table("l")
        .where(col("a").lt(col("a").outer()))
        .select(sum("b"))
        .scalar()
        .as("sum_b"),
    );
    expect(await rows(df)).toEqual(
      sortRows([
        [1, null],
        [1, null],
        [2, 4.0],
        [2, 4.0],
        [3, 6.0],
        [null, null],
        [null, null],
        [6, 9.0],
      ]),
    );
  });

  it("disjunctive correlated scalar subquery", async () => {
    const df = table("l")
      .where(
        table("r")
          .where(
            col("a")
              .outer()
              .eq(col("c"))
              .and(col("d").eq(2.0))
              .or(col("a").outer().eq(col("c")).and(col("d").eq(1.0))),
          )
          .select(count(lit(1)))
          .scalar()
          .gt(0),
      )
      .select("a");
    expect(await rows(df)).toEqual([[3]]);
  });

  it("correlated scalar subquery with outer reference errors", () => {
    expect(
      failure(() =>
        table("l").select(
          col("a"),
          table("r")
            .where(col("c").eq(col("a")))
            .select(sum("d"))
            .scalar(),
        ),
      ),
    ).toEqual({
      condition: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
      parameters: { objectName: "`a`", proposal: "`c`, `d`" },
    });
    expect(
      failure(() =>
        table("l").select(
          col("a"),
          table("r")
            .where(col("c").outer().eq(col("a").outer()))
            .select(sum("d"))
            .scalar(),
        ),
      ),
    ).toEqual({
      condition: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
      parameters: { objectName: "`c`", proposal: "`a`, `b`" },
    });
  });

  it("a scalar subquery of two columns is refused (CheckAnalysis)", () => {
    expect(failure(() => t.spark.range(1).select(col("id"), lit(1)).scalar())).toEqual({
      condition: "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
      parameters: { number: "2" },
    });
  });
});
