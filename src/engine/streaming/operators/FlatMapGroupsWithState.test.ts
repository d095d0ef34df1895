/**
 * Arbitrary stateful processing: a TypeScript function per group with typed state and timeouts, as Spark's
 * mapGroupsWithState / flatMapGroupsWithState (and PySpark's applyInPandasWithState).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnsupportedOperationException } from "../../errors/exceptions";
import { MemoryStream } from "../../sources/MemoryStream";
import { col } from "../../sql/api/functions";
import type { Row } from "../../sql/api/rows";
import { collectBatches, sortedRows } from "../../testing/batches";
import { newTestSession, type TestSession } from "../../testing/fixtures";
import { ManualClock } from "../runtime/ManualClock";
import type { GroupState } from "./GroupState";

const at = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s));

describe("arbitrary stateful processing", () => {
  let t: TestSession;
  let events: MemoryStream;
  beforeEach(async () => {
    t = await newTestSession();
    events = new MemoryStream(t.spark, "user STRING, ts TIMESTAMP, amount INT");
  });
  afterEach(() => t.cleanup());

  const ev = (user: string, s: number, amount = 1) => ({ user, ts: at(s), amount });

  it("mapGroupsWithState: a running total per user in typed state, one row per group and batch, across a restart", async () => {
    const out = collectBatches();
    const start = () =>
      events
        .toDF()
        .groupBy("user")
        .mapGroupsWithState(
          ([user], rows, state: GroupState<{ total: number; seen: number }>) => {
            const previous = state.getOption() ?? { total: 0, seen: 0 };
            const next = {
              total: previous.total + rows.reduce((n, r) => n + (r.amount as number), 0),
              seen: previous.seen + rows.length,
            };
            state.update(next);
            return { user, total: next.total, seen: next.seen };
          },
          {
            outputStructType: "user STRING, total BIGINT, seen INT",
            stateStructType: "total BIGINT, seen INT",
          },
        )
        .writeStream.outputMode("update")
        .foreachBatch(out.fn)
        .option("checkpointLocation", "/checkpoints/totals")
        .start();
    let query = await start();
    events.addData([ev("a", 1, 5), ev("b", 2, 7), ev("a", 3, 1)]);
    await query.processAllAvailable();
    await query.stop();
    query = await start();
    events.addData([ev("a", 4, 10)]);
    await query.processAllAvailable();
    await query.stop();
    expect(sortedRows(out.batches.get(0)!)).toEqual(
      sortedRows([
        { user: "a", total: 6, seen: 2 },
        { user: "b", total: 7, seen: 1 },
      ]),
    );
    expect(out.batches.get(1)).toEqual([{ user: "a", total: 16, seen: 3 }]);
    const progress = query.recentProgress.filter((p) => p.stateOperators.length > 0).at(-1)!;
    expect(progress.stateOperators[0]).toMatchObject({
      operatorName: "flatMapGroupsWithState",
      numRowsTotal: 2,
    });
  });

  it("flatMapGroupsWithState with an event-time timeout: a session closes when the watermark passes it", async () => {
    const out = collectBatches();
    const calls: string[] = [];
    const query = await events
      .toDF()
      .withWatermark("ts", "10 seconds")
      .groupBy("user")
      .flatMapGroupsWithState(
        ([user], rows, state: GroupState<{ start: number; end: number; n: number }>) => {
          calls.push(`${user}${state.hasTimedOut ? " timed out" : ` ${rows.length} rows`}`);
          if (state.hasTimedOut) {
            const s = state.get();
            state.remove();
            return [{ user, start: new Date(s.start), end: new Date(s.end), events: s.n }];
          }
          const times = rows.map((r) => (r.ts as Date).getTime());
          const s = state.getOption() ?? { start: Math.min(...times), end: 0, n: 0 };
          const next = {
            start: Math.min(s.start, ...times),
            end: Math.max(s.end, ...times),
            n: s.n + rows.length,
          };
          state.update(next);
          state.setTimeoutTimestamp(next.end, "5 seconds"); // a gap of 5 seconds closes the session
          return [];
        },
        {
          outputStructType: "user STRING, start TIMESTAMP, end TIMESTAMP, events INT",
          outputMode: "append",
          timeoutConf: "EventTimeTimeout",
        },
      )
      .writeStream.outputMode("append")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/sessions")
      .start();
    events.addData([ev("a", 0), ev("b", 1), ev("a", 3)]);
    await query.processAllAvailable(); // watermark → -7 s: nothing times out
    expect(out.all()).toEqual([]);
    events.addData([ev("a", 12), ev("c", 40)]);
    await query.processAllAvailable(); // watermark → 30 s: a (17) and b (6) time out
    await query.stop();
    const session = (r: Row) =>
      `${r.user} ${(r.start as Date).getUTCSeconds()}-${(r.end as Date).getUTCSeconds()} ${r.events}`;
    expect(out.all().map(session).sort()).toEqual(["a 0-12 3", "b 1-1 1"]);
    expect(calls).toEqual(["a 2 rows", "b 1 rows", "a 1 rows", "c 1 rows", "a timed out", "b timed out"]);
  });

  it("flatMapGroupsWithState with a processing-time timeout: a group without data is called once its time has passed", async () => {
    const clock = new ManualClock(at(0).getTime());
    t.spark.clock = clock;
    const out = collectBatches();
    const query = await events
      .toDF()
      .groupBy("user")
      .flatMapGroupsWithState(
        ([user], rows, state: GroupState<number>) => {
          if (state.hasTimedOut) {
            const n = state.get();
            state.remove();
            return [{ user, events: n, timedOut: true }];
          }
          state.update((state.getOption() ?? 0) + rows.length);
          state.setTimeoutDuration("300 milliseconds");
          return [{ user, events: state.get(), timedOut: false }];
        },
        {
          outputStructType: "user STRING, events INT, timedOut BOOLEAN",
          outputMode: "update",
          timeoutConf: "ProcessingTimeTimeout",
        },
      )
      .writeStream.outputMode("update")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/processing")
      .start();
    events.addData([ev("a", 0), ev("a", 1), ev("b", 2)]);
    await query.processAllAvailable();
    expect(out.all().some((r) => r.timedOut)).toBe(false);
    expect(sortedRows(out.all().filter((r) => !r.timedOut))).toEqual(
      sortedRows([
        { user: "a", events: 2, timedOut: false },
        { user: "b", events: 1, timedOut: false },
      ]),
    );
    clock.advance(800);
    await query.processAllAvailable();
    await query.stop();
    expect(sortedRows(out.all().filter((r) => r.timedOut))).toEqual(
      sortedRows([
        { user: "a", events: 2, timedOut: true },
        { user: "b", events: 1, timedOut: true },
      ]),
    );
    const last = query.recentProgress.filter((p) => p.stateOperators.length > 0).at(-1)!;
    expect(last.stateOperators[0].numRowsTotal).toBe(0);
  });

  it("applyInPandasWithState takes PySpark's arguments", async () => {
    const out = collectBatches();
    const query = await events
      .toDF()
      .groupBy("user")
      .applyInPandasWithState(
        ([user], rows, state: GroupState<{ n: number }>) => {
          const n = (state.getOption()?.n ?? 0) + rows.length;
          state.update({ n });
          return [{ user, n }];
        },
        "user STRING, n BIGINT",
        "n BIGINT",
        "append",
        "NoTimeout",
      )
      .writeStream.outputMode("append")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/pandas")
      .start();
    events.addData([ev("a", 0), ev("a", 1)]);
    await query.processAllAvailable();
    events.addData([ev("a", 2)]);
    await query.processAllAvailable();
    await query.stop();
    expect(out.all()).toEqual([
      { user: "a", n: 2 },
      { user: "a", n: 3 },
    ]);
  });

  it("applyInPandasWithState on a batch DataFrame: Spark's _LEGACY_ERROR_TEMP_3176 when the query runs", async () => {
    // Spark's SparkStrategies refuses FlatMapGroupsInPandasWithState in a batch query (SPARK-40443).
    const df = t.spark
      .createDataFrame([["a"]], "user STRING")
      .groupBy("user")
      .applyInPandasWithState(() => [], "user STRING", "n BIGINT", "update", "NoTimeout");
    const error = await df.collect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedOperationException);
    expect((error as UnsupportedOperationException).getCondition()).toBe("_LEGACY_ERROR_TEMP_3176");
    expect((error as Error).message).toBe(
      "applyInPandasWithState is unsupported in batch query. Use applyInPandas instead.",
    );
  });

  it("a batch flatMapGroupsWithState as a stream-static join's static side runs in each micro-batch (and its columns resolve above the join)", async () => {
    // Spark plans the static side as MapGroupsExec within every micro-batch: the function per group, no state.
    const counts = t.spark
      .createDataFrame([["a"], ["a"], ["b"]], "user STRING")
      .groupBy("user")
      .flatMapGroupsWithState(([user], rows) => [{ user, n: rows.length }], {
        outputStructType: "user STRING, n INT",
        outputMode: "update",
        timeoutConf: "NoTimeout",
      });
    const out = collectBatches();
    const query = await events
      .toDF()
      .join(counts, "user")
      .select(col("user"), counts.col("n"))
      .writeStream.outputMode("append")
      .foreachBatch(out.fn)
      .option("checkpointLocation", "/checkpoints/static-side")
      .start();
    events.addData([ev("a", 0), ev("b", 1)]);
    await query.processAllAvailable();
    events.addData([ev("a", 2)]);
    await query.processAllAvailable();
    await query.stop();
    const userAndCount = (rows: Record<string, unknown>[]) => rows.map(({ user, n }) => ({ user, n }));
    expect(sortedRows(userAndCount(out.batches.get(0)!))).toEqual(
      sortedRows([
        { user: "a", n: 2 },
        { user: "b", n: 1 },
      ]),
    );
    expect(userAndCount(out.batches.get(1)!)).toEqual([{ user: "a", n: 2 }]);
  });

  it("a timeout the conf does not allow fails the batch with Spark's error", async () => {
    const query = await events
      .toDF()
      .groupBy("user")
      .flatMapGroupsWithState(
        (_key, _rows, state) => {
          state.setTimeoutDuration("1 second");
          return [];
        },
        { outputStructType: "user STRING", outputMode: "append", timeoutConf: "NoTimeout" },
      )
      .writeStream.outputMode("append")
      .format("noop")
      .option("checkpointLocation", "/checkpoints/bad-timeout")
      .start();
    events.addData([ev("a", 0)]);
    await query.awaitTermination().catch(() => {});
    expect(query.exception()?.message).toContain(
      "Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState",
    );
  });

  describe("Spark's refusals, before any batch runs", () => {
    const refused = async (build: () => ReturnType<MemoryStream["toDF"]>, mode: string, message: string) => {
      await expect(
        build()
          .writeStream.outputMode(mode)
          .format("noop")
          .option("checkpointLocation", "/checkpoints/refused")
          .start(),
      ).rejects.toThrow(message);
      expect(await t.spark.fs.stat("/checkpoints/refused")).toBeUndefined();
    };
    const fn = () => ({ user: "x" });

    it("mapGroupsWithState outside update mode", () =>
      refused(
        () => events.toDF().groupBy("user").mapGroupsWithState(fn, { outputStructType: "user STRING" }),
        "append",
        "mapGroupsWithState is not supported with Append output mode on a streaming DataFrame/Dataset",
      ));

    it("flatMapGroupsWithState whose mode differs from the query's", () =>
      refused(
        () =>
          events
            .toDF()
            .groupBy("user")
            .flatMapGroupsWithState(() => [], { outputStructType: "user STRING", outputMode: "update" }),
        "append",
        "flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset",
      ));

    it("an event-time timeout without a watermark", () =>
      refused(
        () =>
          events
            .toDF()
            .groupBy("user")
            .flatMapGroupsWithState(() => [], {
              outputStructType: "user STRING",
              outputMode: "append",
              timeoutConf: "EventTimeTimeout",
            }),
        "append",
        "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.",
      ));
  });
});
