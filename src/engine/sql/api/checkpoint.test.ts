/**
 * Dataset.checkpoint / localCheckpoint: DatasetSuite's "Dataset.checkpoint() - basic" and "- should preserve
 * partitioning information" for each of eager / reliable, the rows of a checkpoint read once computed (a
 * nondeterministic column keeps its values), and Spark's refusals: no checkpoint directory, a streaming Dataset.
 *
 * Not ported: the job counting (a SparkListener on the SparkContext), LogicalRDD and the physical plan's
 * partitioning and ordering (Sluice has no RDDs, executors or physical plans).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisException, SparkException } from "../../errors";
import { MemoryStream } from "../../sources/MemoryStream";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { thrownBy } from "../../testing/thrown";
import { col, count, rand } from "./functions";

describe("Dataset.checkpoint", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  for (const eager of [true, false]) {
    for (const reliable of [true, false]) {
      const suffix = `(eager = ${eager}, reliable = ${reliable})`;
      const checkpoint = (ds: ReturnType<TestSession["spark"]["range"]>) => {
        if (reliable) t.spark.sparkContext.setCheckpointDir("/checkpoints");
        return reliable ? ds.checkpoint(eager) : ds.localCheckpoint(eager);
      };

      it(`Dataset.checkpoint() - basic ${suffix}`, async () => {
        const ds = t.spark
          .range(10)
          .repartition(1, col("id").mod(2))
          .filter(col("id").gt(5))
          .orderBy(col("id").desc());
        const cp = checkpoint(ds);
        // For a lazy checkpoint() call, the first check also materializes the checkpoint.
        expect((await cp.collect()).map((r) => Number(r.id))).toEqual([9, 8, 7, 6]);
        // Reads back from checkpointed data and check again.
        expect((await cp.collect()).map((r) => Number(r.id))).toEqual([9, 8, 7, 6]);
      });

      it(`Dataset.checkpoint() - should preserve partitioning information ${suffix}`, async () => {
        const ds = t.spark.range(10).repartition(col("id").mod(2));
        const cp = checkpoint(ds);
        const agg = cp.groupBy(col("id").mod(2)).agg(count(col("id")));
        const expected = ds.groupBy(col("id").mod(2)).agg(count(col("id")));
        const sorted = async (df: typeof agg) =>
          (await df.collect()).map((r) => Object.values(r).map(Number)).sort((a, b) => a[0] - b[0]);
        expect(agg.columns).toEqual(expected.columns);
        expect(await sorted(agg)).toEqual(await sorted(expected));
      });
    }
  }

  it("a checkpoint's rows are computed once: a random column keeps its values, eager or not", async () => {
    const ds = t.spark.range(5).withColumn("r", rand());
    for (const cp of [ds.localCheckpoint(), ds.localCheckpoint(false)]) {
      const first = (await cp.collect()).map((r) => r.r);
      expect((await cp.collect()).map((r) => r.r)).toEqual(first);
      expect((await cp.select("r").collect()).map((r) => r.r)).toEqual(first);
    }
  });

  it("keeps the schema: names a join repeats, types and nullability", async () => {
    const left = t.spark.createDataFrame([[1, "a"]], "id INT NOT NULL, v STRING");
    const right = t.spark.createDataFrame([[1, "b"]], "id INT NOT NULL, w STRING");
    const joined = left.join(right, left.col("id").equalTo(right.col("id")));
    const cp = await joined.localCheckpoint().resolve();
    expect(cp.schema.toString()).toBe(joined.schema.toString());
    expect(cp.schema.fields.map((f) => f.nullable)).toEqual(joined.schema.fields.map((f) => f.nullable));
    expect((await cp.collect()).length).toBe(1);
    expect(await cp.select("v", "w").collect()).toEqual([{ v: "a", w: "b" }]);
  });

  it("newSession shares the SparkContext and its checkpoint directory, as Spark's sessions share theirs", () => {
    const fresh = t.spark.newSession();
    expect(fresh.sparkContext).toBe(t.spark.sparkContext);
    expect(fresh.sparkContext.getCheckpointDir()).toMatch(/^\/checkpoints\/[0-9a-f-]{36}$/);
  });

  it("a streaming Dataset is refused as any batch action", () => {
    const stream = new MemoryStream(t.spark, "a INT");
    const df = stream.toDF();
    for (const f of [() => df.checkpoint(), () => df.localCheckpoint(), () => df.localCheckpoint(false)]) {
      const e = thrownBy<AnalysisException>(f);
      expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_3102");
      expect(e.message).toContain("Queries with streaming sources must be executed with writeStream.start()");
    }
  });
});

describe("Dataset.checkpoint without setCheckpointDir", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("checkpoint is refused; localCheckpoint needs no directory", async () => {
    expect(t.spark.sparkContext.getCheckpointDir()).toBeUndefined();
    const e = thrownBy<SparkException>(() => t.spark.range(3).checkpoint());
    expect(e.name).toBe("SparkException");
    expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_3016");
    expect(e.message).toBe("Checkpoint directory has not been set in the SparkContext");
    expect(thrownBy<SparkException>(() => t.spark.range(3).checkpoint(false)).getCondition()).toBe(
      "_LEGACY_ERROR_TEMP_3016",
    );
    expect(await t.spark.range(3).localCheckpoint().count()).toBe(3);
  });
});
