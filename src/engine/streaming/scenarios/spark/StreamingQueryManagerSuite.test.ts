/**
 * Cases of Spark's StreamingQueryManagerSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs and expected answers. Spark's `MemoryStream[Int].toDS.map(6 / _)` is
 * `selectExpr("6 div value")`: adding 0 fails the query (DIVIDE_BY_ZERO); Spark's `spark.cloneSession()` (a session
 * with queries of its own) is `newSession()`. Where Spark's test stops a query from another thread after a delay,
 * the stop here happens at once; "blocked" means still pending once every query has processed what it had.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { DataFrame } from "../../../sql/api/DataFrame";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { rejectionOf } from "../../../testing/thrown";
import { ManualClock } from "../../runtime/ManualClock";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

/** Whether `promise` has settled (resolved or rejected) by now. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  const first = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    Promise.resolve(pending),
  ]);
  return first !== pending;
}

describe("StreamingQueryManagerSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
    expect(t.spark.streams.active).toEqual([]);
  });
  afterEach(async () => {
    expect(t.spark.streams.active).toEqual([]);
    await t.cleanup();
  });

  const makeDataset = (): [MemoryStream, DataFrame] => {
    const inputData = new MemoryStream(t.spark, "value INT");
    return [inputData, inputData.toDF().selectExpr("6 div value")];
  };

  /** Spark's withQueriesOn: a memory-sink query per dataset, each on its own checkpoint, stopped after `body`. */
  const withQueriesOn = async (
    datasets: DataFrame[],
    body: (queries: StreamingQuery[]) => Promise<void>,
  ): Promise<void> => {
    const queries: StreamingQuery[] = [];
    for (const [i, df] of datasets.entries()) {
      queries.push(
        await df.writeStream
          .format("memory")
          .queryName(`query${i}`)
          .option("checkpointLocation", `/checkpoints/manager/query${i}`)
          .outputMode("append")
          .start(),
      );
    }
    try {
      await body(queries);
    } finally {
      for (const q of queries) await q.stop();
    }
  };

  /** Every active query has processed what its source had: what was going to happen has happened. */
  const quiesce = async () => {
    for (const q of t.spark.streams.active) await q.processAllAvailable().catch(() => {});
  };

  /** Spark's stopRandomQueryAsync: stops an active query, or makes it fail by adding 0 to its source. */
  const stopQuery = async (
    query: StreamingQuery,
    inputs: Map<StreamingQuery, MemoryStream>,
    withError: boolean,
  ) => {
    if (withError) {
      inputs.get(query)!.addData([[0]]);
      await query.awaitTermination().catch(() => {});
    } else {
      await query.stop();
    }
  };

  const withInputs = (datasets: [MemoryStream, DataFrame][], queries: StreamingQuery[]) =>
    new Map(queries.map((q, i) => [q, datasets[i][0]]));

  it("streaming EXCEPT compatibility is restored before unsupported-operation checks", async () => {
    // Scala's `except` is `subtract` here, as in PySpark. Spark runs the query twice on one checkpoint, under a session conf that allows or refuses EXCEPT on a
    // streaming DataFrame; either way a stream EXCEPT a static DataFrame starts, and where allowed it processes
    // its data. (The conf's key is not in the Spark sources stored here, so both runs use the session's default.)
    const input = new MemoryStream(t.spark, "value INT");
    const result = input.toDF().subtract(t.spark.createDataFrame([[100]], "value INT"));
    const startQuery = () =>
      result.writeStream
        .outputMode("update")
        .foreachBatch(async (batch) => {
          await batch.collect();
        })
        .option("checkpointLocation", "/checkpoints/manager/except")
        .start();
    const query = await startQuery();
    try {
      input.addData([[1]]);
      await query.processAllAvailable();
      expect(query.exception()).toBeNull();
    } finally {
      await query.stop();
    }
    const restarted = await startQuery();
    expect(restarted.isActive).toBe(true);
    await restarted.stop();
  });

  it("listing", async () => {
    const [, ds1] = makeDataset();
    const [m2, ds2] = makeDataset();
    const [, ds3] = makeDataset();
    await withQueriesOn([ds1, ds2, ds3], async (queries) => {
      expect(queries).toHaveLength(3);
      expect(new Set(t.spark.streams.active)).toEqual(new Set(queries));
      const [q1, q2, q3] = queries;
      expect(t.spark.streams.get(q1.id)).toBe(q1);
      expect(t.spark.streams.get(q2.id)).toBe(q2);
      expect(t.spark.streams.get(q3.id)).toBe(q3);
      expect(t.spark.streams.get(crypto.randomUUID())).toBeNull(); // non-existent id
      await q1.stop();

      expect(new Set(t.spark.streams.active)).toEqual(new Set([q2, q3]));
      expect(t.spark.streams.get(q1.id)).toBeNull();
      expect(t.spark.streams.get(q2.id)).toBe(q2);

      m2.addData([[0]]); // q2 should terminate with error
      await q2.awaitTermination().catch(() => {});
      expect(q2.isActive).toBe(false);
      expect(q2.exception()).not.toBeNull();
      expect(t.spark.streams.get(q2.id)).toBeNull();
      expect(new Set(t.spark.streams.active)).toEqual(new Set([q3]));
    });
  });

  it("awaitAnyTermination without timeout and resetTerminated", async () => {
    const datasets = Array.from({ length: 5 }, makeDataset);
    await withQueriesOn(
      datasets.map(([, ds]) => ds),
      async (queries) => {
        const inputs = withInputs(datasets, queries);
        expect(new Set(t.spark.streams.active)).toEqual(new Set(queries));

        // awaitAnyTermination should be blocking
        let waiting = t.spark.streams.awaitAnyTermination();
        await quiesce();
        expect(await hasSettled(waiting)).toBe(false);

        // Stop a query and see if it is reported through awaitAnyTermination
        await stopQuery(queries[0], inputs, false);
        await waiting;
        expect(queries[0].isActive).toBe(false);

        // All subsequent calls to awaitAnyTermination should be non-blocking
        await t.spark.streams.awaitAnyTermination();

        // Resetting termination should make awaitAnyTermination() blocking again
        t.spark.streams.resetTerminated();
        waiting = t.spark.streams.awaitAnyTermination();
        await quiesce();
        expect(await hasSettled(waiting)).toBe(false);

        // Terminate a query with exception and see awaitAnyTermination throws the exception
        await stopQuery(queries[1], inputs, true);
        expect((await rejectionOf<Error>(waiting)).name).toBe("StreamingQueryException");
        expect(queries[1].isActive).toBe(false);

        // All subsequent calls to awaitAnyTermination should throw the exception
        const again = await rejectionOf<Error>(t.spark.streams.awaitAnyTermination());
        expect(again).toBe(queries[1].exception());

        // Resetting termination should make awaitAnyTermination() blocking again
        t.spark.streams.resetTerminated();
        waiting = t.spark.streams.awaitAnyTermination();
        await quiesce();
        expect(await hasSettled(waiting)).toBe(false);

        // Terminate multiple queries, one with failure and see whether awaitAnyTermination throws the exception
        await stopQuery(queries[2], inputs, false);
        await waiting;
        expect(queries[2].isActive).toBe(false);
        await stopQuery(queries[3], inputs, true);
        expect(queries[3].isActive).toBe(false);
        // After q4 terminates with exception, awaitAnyTerm should start throwing exception
        expect((await rejectionOf<Error>(t.spark.streams.awaitAnyTermination())).name).toBe(
          "StreamingQueryException",
        );
      },
    );
    t.spark.streams.resetTerminated();
  });

  it("awaitAnyTermination with timeout and resetTerminated", async () => {
    const clock = t.spark.clock as ManualClock;
    const datasets = Array.from({ length: 6 }, makeDataset);
    await withQueriesOn(
      datasets.map(([, ds]) => ds),
      async (queries) => {
        const inputs = withInputs(datasets, queries);
        expect(new Set(t.spark.streams.active)).toEqual(new Set(queries));

        // Blocking until its timeout passes, then false
        let waiting = t.spark.streams.awaitAnyTermination(4000);
        await quiesce();
        expect(await hasSettled(waiting)).toBe(false);
        clock.advance(2000);
        expect(await hasSettled(waiting)).toBe(false);
        clock.advance(2000);
        expect(await waiting).toBe(false);

        waiting = t.spark.streams.awaitAnyTermination(50);
        clock.advance(50);
        expect(await waiting).toBe(false);

        // Stop a query within timeout and awaitAnyTerm should be unblocked
        waiting = t.spark.streams.awaitAnyTermination(2000);
        await stopQuery(queries[0], inputs, false);
        expect(await waiting).toBe(true);
        expect(queries[0].isActive).toBe(false);

        // All subsequent calls to awaitAnyTermination should be non-blocking even if timeout is high
        expect(await t.spark.streams.awaitAnyTermination(4000)).toBe(true);

        // Resetting termination should make awaitAnyTermination() blocking again
        t.spark.streams.resetTerminated();
        waiting = t.spark.streams.awaitAnyTermination(4000);
        await quiesce();
        expect(await hasSettled(waiting)).toBe(false);
        clock.advance(4000);
        expect(await waiting).toBe(false);

        // Terminate a query with exception within timeout, awaitAnyTermination should throw the exception
        waiting = t.spark.streams.awaitAnyTermination(4000);
        await stopQuery(queries[1], inputs, true);
        expect((await rejectionOf<Error>(waiting)).name).toBe("StreamingQueryException");
        expect(queries[1].isActive).toBe(false);

        // All subsequent calls to awaitAnyTermination should throw the exception
        expect((await rejectionOf<Error>(t.spark.streams.awaitAnyTermination(2000))).name).toBe(
          "StreamingQueryException",
        );

        // Terminate a query outside the timeout, awaitAnyTerm should return false
        t.spark.streams.resetTerminated();
        waiting = t.spark.streams.awaitAnyTermination(100);
        clock.advance(100);
        expect(await waiting).toBe(false);
        // After that query is stopped, awaitAnyTerm should throw exception
        await stopQuery(queries[2], inputs, true);
        expect((await rejectionOf<Error>(t.spark.streams.awaitAnyTermination(100))).name).toBe(
          "StreamingQueryException",
        );

        // Terminate multiple queries, one with failure and see whether awaitAnyTermination throws the exception
        t.spark.streams.resetTerminated();
        waiting = t.spark.streams.awaitAnyTermination(2000);
        await stopQuery(queries[3], inputs, false);
        expect(await waiting).toBe(true);
        await stopQuery(queries[4], inputs, true);
        expect((await rejectionOf<Error>(t.spark.streams.awaitAnyTermination(2000))).name).toBe(
          "StreamingQueryException",
        );
      },
    );
    t.spark.streams.resetTerminated();
  });

  it("SPARK-18811: Source resolution should not block main thread", async () => {
    // Spark's BlockingSource: creating the source waits for a latch. start() returns at once; the query's own
    // run is what waits, reporting "Initializing sources" meanwhile.
    let release!: () => void;
    const latch = new Promise<void>((resolve) => {
      release = resolve;
    });
    let settingUp!: () => void;
    const inSetUp = new Promise<void>((resolve) => {
      settingUp = resolve;
    });
    class BlockingSource extends MemoryStream {
      async setUp() {
        settingUp();
        await latch;
      }
    }
    const sq = await new BlockingSource(t.spark, "value INT")
      .toDF()
      .writeStream.format("noop")
      .option("checkpointLocation", "/checkpoints/manager/blocking")
      .start();
    await inSetUp;
    expect(sq.status.message).toContain("Initializing sources");
    release();
    await sq.stop();
  });

  it("can't start a streaming query with the same name in the same session", async () => {
    const [, ds1] = makeDataset();
    const [, ds2] = makeDataset();
    const queryName = "abc";
    const query1 = await ds1.writeStream.format("noop").queryName(queryName).start();
    try {
      const e = await rejectionOf<Error>(ds2.writeStream.format("noop").queryName(queryName).start());
      expect(e.name).toBe("IllegalArgumentException");
      expect(e.message).toContain("query with that name is already active");
    } finally {
      await query1.stop();
    }
  });

  it("can't start multiple instances of the same streaming query in the same session", async () => {
    t.spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false");
    const [ms1, ds1] = makeDataset();
    const [, ds2] = makeDataset();
    const chkLocation = "/dir/_checkpoint";
    const dataLocation = "/dir/data";
    await ds1.writeStream.format("parquet").option("checkpointLocation", chkLocation).start(dataLocation);
    ms1.addData([[1], [2], [3]]);
    try {
      const e = await rejectionOf<Error>(
        ds2.writeStream.format("parquet").option("checkpointLocation", chkLocation).start(dataLocation),
      );
      expect(e.name).toBe("IllegalStateException");
      expect(e.message).toContain("same id");
    } finally {
      await t.spark.streams.stopAll();
    }
  });

  it("new instance of the same streaming query stops old query in the same session", async () => {
    t.spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "true");
    const [ms1, ds1] = makeDataset();
    const [ms2, ds2] = makeDataset();
    const chkLocation = "/dir/_checkpoint";
    const dataLocation = "/dir/data";
    const query1 = await ds1.writeStream
      .format("parquet")
      .option("checkpointLocation", chkLocation)
      .start(dataLocation);
    ms1.addData([[1], [2], [3]]);
    const query2 = await ds2.writeStream
      .format("parquet")
      .option("checkpointLocation", chkLocation)
      .start(dataLocation);
    try {
      ms2.addData([[1], [2], [3]]);
      await query2.processAllAvailable();
      // The correct streaming query is tracked as the active run of its id
      expect(t.spark.streams.get(query2.id)).toBe(query2);
      // First query should have stopped before starting the second query
      expect(query1.isActive).toBe(false);
    } finally {
      await t.spark.streams.stopAll();
    }
  });

  it("can start a streaming query with the same name in a different session", async () => {
    const session2 = t.spark.newSession();
    const ds1 = new MemoryStream(t.spark, "value INT").toDF();
    const ds2 = new MemoryStream(session2, "value INT").toDF();
    const queryName = "abc";
    const query1 = await ds1.writeStream.format("noop").queryName(queryName).start();
    const query2 = await ds2.writeStream.format("noop").queryName(queryName).start();
    expect(t.spark.streams.active).toEqual([query1]);
    expect(session2.streams.active).toEqual([query2]);
    await query1.stop();
    await query2.stop();
  });

  it("can't start multiple instances of the same streaming query in the different sessions", async () => {
    t.spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false");
    const session2 = t.spark.newSession();
    session2.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "false");
    const ms1 = new MemoryStream(t.spark, "value INT");
    const ds2 = new MemoryStream(session2, "value INT").toDF();
    const chkLocation = "/dir/_checkpoint";
    const dataLocation = "/dir/data";
    await ms1
      .toDF()
      .writeStream.format("parquet")
      .option("checkpointLocation", chkLocation)
      .start(dataLocation);
    ms1.addData([[1], [2], [3]]);
    try {
      const e = await rejectionOf<Error>(
        ds2.writeStream.format("parquet").option("checkpointLocation", chkLocation).start(dataLocation),
      );
      expect(e.name).toBe("IllegalStateException");
      expect(e.message).toContain("same id");
    } finally {
      await t.spark.streams.stopAll();
      await session2.streams.stopAll();
    }
  });

  it("new instance of the same streaming query stops old query in a different session", async () => {
    t.spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", "true");
    const session2 = t.spark.newSession();
    const ms1 = new MemoryStream(t.spark, "value INT");
    const ds2 = new MemoryStream(session2, "value INT").toDF();
    const chkLocation = "/dir/_checkpoint";
    const dataLocation = "/dir/data";
    const query1 = await ms1
      .toDF()
      .writeStream.format("parquet")
      .option("checkpointLocation", chkLocation)
      .start(dataLocation);
    ms1.addData([[1], [2], [3]]);
    const query2 = await ds2.writeStream
      .format("parquet")
      .option("checkpointLocation", chkLocation)
      .start(dataLocation);
    try {
      ms1.addData([[1], [2], [3]]);
      await query2.processAllAvailable();
      // The correct streaming execution is tracked as the active run of its id
      expect(session2.streams.get(query2.id)).toBe(query2);
      expect(t.spark.streams.get(query2.id)).toBeNull();
      // First query should have stopped before starting the second query
      expect(query1.isActive).toBe(false);
    } finally {
      await t.spark.streams.stopAll();
      await session2.streams.stopAll();
    }
  });
});
