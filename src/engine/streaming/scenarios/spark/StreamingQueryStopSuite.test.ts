/**
 * Cases of Spark's StreamingQueryStopSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there: stopping the session, or its SparkContext, stops its running queries, which end inactive and with no
 * exception. Each case has a session of its own, as the suite's beforeEach makes one.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

describe("StreamingQueryStopSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  const startQuery = (ds: DataFrame, name: string): Promise<StreamingQuery> =>
    ds.writeStream.queryName(name).format("memory").start();

  it("Stopping spark session should stop underlying query", async () => {
    const input = new MemoryStream(t.spark, "value INT");
    const q = await startQuery(input.toDF(), "q1");
    expect(q.isActive).toBe(true);
    expect(q.exception()).toBeNull();
    input.addData([[1], [2], [3]]);
    await q.processAllAvailable();
    await t.spark.stop();
    expect(q.isActive).toBe(false);
    expect(q.exception()).toBeNull();
  });

  it("Stopping spark session should stop all the streaming queries", async () => {
    const input1 = new MemoryStream(t.spark, "value INT");
    const input2 = new MemoryStream(t.spark, "value INT");
    const q1 = await startQuery(input1.toDF(), "q1");
    const q2 = await startQuery(input2.toDF(), "q2");
    expect(q1.isActive).toBe(true);
    expect(q1.exception()).toBeNull();
    expect(q2.isActive).toBe(true);
    expect(q2.exception()).toBeNull();
    input1.addData([[1], [2], [3]]);
    input2.addData([[1], [3], [5]]);
    await q1.processAllAvailable();
    await q2.processAllAvailable();
    await t.spark.stop();
    expect(q1.isActive).toBe(false);
    expect(q2.isActive).toBe(false);
    expect(q1.exception()).toBeNull();
    expect(q2.exception()).toBeNull();
  });

  it("Stopping spark context should stop all the streaming queries", async () => {
    const input1 = new MemoryStream(t.spark, "value INT");
    const input2 = new MemoryStream(t.spark, "value INT");
    const q1 = await startQuery(input1.toDF(), "q1");
    const q2 = await startQuery(input2.toDF(), "q2");
    input1.addData([[1], [2], [3]]);
    input2.addData([[1], [3], [5]]);
    await q1.processAllAvailable();
    await q2.processAllAvailable();
    await t.spark.sparkContext.stop();
    expect(t.spark.sparkContext.isStopped).toBe(true);
    expect(q1.isActive).toBe(false);
    expect(q2.isActive).toBe(false);
    expect(q1.exception()).toBeNull();
    expect(q2.exception()).toBeNull();
  });
});
