/**
 * Cases of Spark's StreamingQueryListenerSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there, with Spark's inputs and expected answers. Spark's `inputData.toDS().as[Long].map(10 / _)` is
 * `selectExpr("10 div value")`: adding 0 fails the query with an ArithmeticException (DIVIDE_BY_ZERO). As in
 * Spark 4, a trigger that finds no data is recorded in recentProgress every noDataProgressEventInterval and
 * announced with onQueryIdle, not onQueryProgress.
 *
 * Not ported: "ReplayListenerBus should ignore broken event jsons generated in 2.0.0" (and 2.0.1, 2.0.2): Spark's
 * event-log replay of SparkListener events written by Spark 2.0; there is no event log here.
 * Not ported: StreamingQueryListenersConfSuite's "test if the configured query listener is loaded": the
 * spark.sql.streaming.streamingQueryListeners conf names JVM classes to instantiate; there are no classes to load
 * by name here (listeners are added with spark.streams.addListener).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryStream } from "../../../sources/MemoryStream";
import { avg, col, count, max, min, percentile_approx, sum, when } from "../../../sql/api/functions";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { testProgress1, testProgress2 } from "../../../testing/progressSamples";
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  type StreamAction,
  testStream,
} from "../../../testing/testStream";
import { ManualClock } from "../../runtime/ManualClock";
import { progressToJSON, type StreamingQueryProgress } from "../../runtime/progress";
import {
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  type StreamingQueryListener,
} from "../../runtime/StreamingQueryListener";

/** Spark's EventCollector: the events of the queries it hears, checking onQueryStarted comes first. */
class EventCollector implements StreamingQueryListener {
  startEvent: QueryStartedEvent | null = null;
  terminationEvent: QueryTerminatedEvent | null = null;
  readonly idleEvents: QueryIdleEvent[] = [];
  private readonly progress: StreamingQueryProgress[] = [];
  /** What went wrong in a callback (Spark's asyncTestWaiter). */
  readonly asyncErrors: string[] = [];

  /** The progress events of triggers that read rows. */
  get progressEvents(): StreamingQueryProgress[] {
    return this.progress.filter((p) => p.numInputRows > 0);
  }

  get allProgressEvents(): StreamingQueryProgress[] {
    return [...this.progress];
  }

  reset(): void {
    this.startEvent = null;
    this.terminationEvent = null;
    this.progress.length = 0;
    this.idleEvents.length = 0;
    this.asyncErrors.length = 0;
  }

  checkAsyncErrors(): void {
    expect(this.asyncErrors).toEqual([]);
  }

  onQueryStarted(event: QueryStartedEvent): void {
    this.startEvent = event;
  }

  onQueryProgress(event: QueryProgressEvent): void {
    if (this.startEvent === null) this.asyncErrors.push("onQueryProgress called before onQueryStarted");
    this.progress.push(event.progress);
  }

  onQueryIdle(event: QueryIdleEvent): void {
    if (this.startEvent === null) this.asyncErrors.push("onQueryIdle called before onQueryStarted");
    this.idleEvents.push(event);
  }

  onQueryTerminated(event: QueryTerminatedEvent): void {
    if (this.startEvent === null) this.asyncErrors.push("onQueryTerminated called before onQueryStarted");
    this.terminationEvent = event;
  }
}

const json = (progress: StreamingQueryProgress) => JSON.stringify(progressToJSON(progress));

describe("StreamingQueryListenerSuite", () => {
  let t: TestSession;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock(0);
    t = await newTestSession(clock);
  });
  afterEach(async () => {
    await t.spark.streams.stopAll();
    expect(t.spark.streams.active).toEqual([]);
    expect(t.spark.streams.listListeners()).toEqual([]);
    await t.cleanup();
  });
  const ints = () => new MemoryStream(t.spark, "value INT");

  /** Spark's withListenerAdded. */
  const withListenerAdded = async (listener: StreamingQueryListener, body: () => Promise<void>) => {
    t.spark.streams.addListener(listener);
    try {
      await body();
    } finally {
      t.spark.streams.removeListener(listener);
    }
  };

  it("single listener, check trigger events are generated correctly", async () => {
    const inputData = ints();
    const df = inputData.toDF().selectExpr("10 div value");
    const listener = new EventCollector();
    /** Spark's AssertStreamExecThreadToWaitForClock: the trigger is done and the next waits on the clock. */
    const AssertStreamExecThreadToWaitForClock = AssertOnQuery(async (q) => {
      if (q.exception() === null) await clock.waitingAt(clock.getTimeMillis());
      if (q.exception()) throw q.exception();
    });
    await withListenerAdded(listener, async () => {
      // No events until started
      expect(listener.startEvent).toBeNull();
      expect(listener.progressEvents).toEqual([]);
      expect(listener.terminationEvent).toBeNull();
      await testStream(
        t,
        df,
        "append",
        // Start event generated when query started
        StartStream({ processingTime: 100 }),
        AssertOnQuery((query) => {
          expect(listener.startEvent).not.toBeNull();
          expect(listener.startEvent?.id).toBe(query.id);
          expect(listener.startEvent?.runId).toBe(query.runId);
          expect(listener.startEvent?.name).toBe(query.name);
          expect(listener.progressEvents).toEqual([]);
          expect(listener.terminationEvent).toBeNull();
        }),
        // Progress event generated when data processed
        AddData(inputData, 1, 2),
        AdvanceManualClock(100),
        AssertStreamExecThreadToWaitForClock,
        CheckAnswer([10], [5]),
        AssertOnQuery((query) => {
          expect(listener.progressEvents.length).toBeGreaterThan(0);
          // SPARK-18868: the last progress that read rows, not lastProgress (which may have read none)
          const lastNonZeroProgress = query.recentProgress.filter((p) => p.numInputRows > 0).at(-1);
          expect(lastNonZeroProgress).toBeDefined();
          expect(json(listener.progressEvents.at(-1)!)).toBe(json(lastNonZeroProgress!));
          expect(listener.terminationEvent).toBeNull();
        }),
        // Termination event generated when stopped cleanly
        StopStream,
        AssertOnQuery((query) => {
          expect(listener.terminationEvent).not.toBeNull();
          expect(listener.terminationEvent?.id).toBe(query.id);
          expect(listener.terminationEvent?.runId).toBe(query.runId);
          expect(listener.terminationEvent?.exception).toBeNull();
          listener.checkAsyncErrors();
          listener.reset();
        }),
        // Termination event generated with exception message when stopped with error
        StartStream({ processingTime: 100 }),
        AssertStreamExecThreadToWaitForClock,
        AddData(inputData, 0),
        AdvanceManualClock(100), // process bad data
        ExpectFailure(),
        AssertOnQuery((query) => {
          expect(listener.terminationEvent).not.toBeNull();
          expect(listener.terminationEvent?.id).toBe(query.id);
          const exception = listener.terminationEvent?.exception ?? "";
          expect(exception).not.toBe("");
          // The exception reported through the listener is the actual exception and its stack trace
          expect(exception).not.toContain("StreamingQueryException");
          expect(exception).toContain("ArithmeticException");
          expect(exception).toContain("DIVIDE_BY_ZERO");
          expect(listener.terminationEvent?.errorClassOnException).toBe("DIVIDE_BY_ZERO");
          listener.checkAsyncErrors();
        }),
      );
    });
  });

  it("SPARK-19594: all of listeners should receive QueryTerminatedEvent", async () => {
    const df = ints().toDF();
    const listeners = Array.from({ length: 5 }, () => new EventCollector());
    for (const l of listeners) t.spark.streams.addListener(l);
    try {
      await testStream(
        t,
        df,
        "append",
        StartStream(),
        StopStream,
        AssertOnQuery((query) => {
          for (const l of listeners) {
            expect(l.terminationEvent).not.toBeNull();
            expect(l.terminationEvent?.id).toBe(query.id);
            expect(l.terminationEvent?.runId).toBe(query.runId);
            expect(l.terminationEvent?.exception).toBeNull();
            l.checkAsyncErrors();
          }
        }),
      );
    } finally {
      for (const l of listeners) t.spark.streams.removeListener(l);
    }
  });

  it("continuous processing listeners should receive QueryTerminatedEvent", async () => {
    const df = t.spark.readStream.format("rate").load();
    const listeners = Array.from({ length: 5 }, () => new EventCollector());
    for (const l of listeners) t.spark.streams.addListener(l);
    try {
      const query = await df.writeStream
        .format("memory")
        .queryName("continuous_listeners")
        .trigger({ continuous: 1000 })
        .start();
      await query.stop();
      for (const l of listeners) {
        expect(l.terminationEvent).not.toBeNull();
        expect(l.terminationEvent?.id).toBe(query.id);
        expect(l.terminationEvent?.runId).toBe(query.runId);
        expect(l.terminationEvent?.exception).toBeNull();
        l.checkAsyncErrors();
      }
    } finally {
      for (const l of listeners) t.spark.streams.removeListener(l);
    }
  });

  it("adding and removing listener", async () => {
    const isListenerActive = async (listener: EventCollector) => {
      listener.reset();
      await testStream(t, ints().toDF(), "append", StartStream(), StopStream);
      return listener.startEvent !== null;
    };
    const listener1 = new EventCollector();
    const listener2 = new EventCollector();
    try {
      t.spark.streams.addListener(listener1);
      expect(await isListenerActive(listener1)).toBe(true);
      expect(await isListenerActive(listener2)).toBe(false);
      t.spark.streams.addListener(listener2);
      expect(await isListenerActive(listener1)).toBe(true);
      expect(await isListenerActive(listener2)).toBe(true);
      t.spark.streams.removeListener(listener1);
      expect(await isListenerActive(listener1)).toBe(false);
      expect(await isListenerActive(listener2)).toBe(true);
    } finally {
      for (const l of t.spark.streams.listListeners()) t.spark.streams.removeListener(l);
    }
  });

  it("event ordering", async () => {
    const listener = new EventCollector();
    await withListenerAdded(listener, async () => {
      for (let i = 1; i <= 50; i++) {
        listener.reset();
        expect(listener.startEvent).toBeNull();
        await testStream(
          t,
          ints().toDF(),
          "append",
          StartStream(),
          // onQueryStarted is called before the query is returned
          AssertOnQuery(() => listener.startEvent !== null),
          StopStream,
          AssertOnQuery(() => listener.checkAsyncErrors()),
        );
      }
    });
  });

  it("a query started in a session without tags has Spark's empty jobTags", async () => {
    // StreamExecution posts QueryStartedEvent with the session's tags (SparkSession.getTags): none here, so
    // the event's jobTags is an empty set, and its JSON ends with "jobTags":[].
    const listener = new EventCollector();
    await withListenerAdded(listener, async () => {
      const query = await ints().toDF().writeStream.format("memory").queryName("untagged").start();
      await query.stop();
    });
    expect(listener.startEvent?.jobTags).toEqual([]);
    expect(listener.startEvent?.json).toMatch(/,"jobTags":\[\]\}$/);
  });

  it("QueryStartedEvent serialization", () => {
    const testSerialization = (event: QueryStartedEvent) => {
      const newEvent = QueryStartedEvent.fromJson(event.json);
      expect(newEvent.id).toBe(event.id);
      expect(newEvent.runId).toBe(event.runId);
      expect(newEvent.name).toBe(event.name);
      expect(newEvent.timestamp).toBe(event.timestamp);
      expect(newEvent.jobTags).toEqual(event.jobTags);
    };
    testSerialization(
      new QueryStartedEvent(crypto.randomUUID(), crypto.randomUUID(), "name", "2016-12-05T20:54:20.827Z"),
    );
    testSerialization(
      new QueryStartedEvent(crypto.randomUUID(), crypto.randomUUID(), null, "2016-12-05T20:54:20.827Z"),
    );
    const tagged = new QueryStartedEvent("id", "runId", null, "2016-12-05T20:54:20.827Z", ["tag1", "tag2"]);
    testSerialization(tagged);
    // Spark's field names and order; a query without a name has "name": null
    expect(tagged.json).toBe(
      '{"id":"id","runId":"runId","name":null,"timestamp":"2016-12-05T20:54:20.827Z","jobTags":["tag1","tag2"]}',
    );
  });

  it("QueryProgressEvent serialization", () => {
    const testSerialization = (event: QueryProgressEvent) => {
      const newEvent = QueryProgressEvent.fromJson(event.json);
      expect(json(newEvent.progress)).toBe(json(event.progress)); // json as a proxy for equality
      expect(newEvent.progress.durationMs).toEqual(event.progress.durationMs);
      expect(newEvent.progress.eventTime).toEqual(event.progress.eventTime);
    };
    testSerialization(new QueryProgressEvent(testProgress1));
    testSerialization(new QueryProgressEvent(testProgress2));
  });

  it("QueryIdleEvent serialization", () => {
    const event = new QueryIdleEvent(crypto.randomUUID(), crypto.randomUUID(), "2023-08-03T20:54:20.827Z");
    const newEvent = QueryIdleEvent.fromJson(event.json);
    expect(newEvent.id).toBe(event.id);
    expect(newEvent.runId).toBe(event.runId);
    expect(newEvent.timestamp).toBe(event.timestamp);
  });

  it("QueryTerminatedEvent serialization", () => {
    const testSerialization = (event: QueryTerminatedEvent) => {
      const newEvent = QueryTerminatedEvent.fromJson(event.json);
      expect(newEvent.id).toBe(event.id);
      expect(newEvent.runId).toBe(event.runId);
      expect(newEvent.exception).toBe(event.exception);
      expect(newEvent.errorClassOnException).toBe(event.errorClassOnException);
    };
    const exception = new Error("exception");
    testSerialization(new QueryTerminatedEvent(crypto.randomUUID(), crypto.randomUUID(), exception.message));
    testSerialization(
      new QueryTerminatedEvent(crypto.randomUUID(), crypto.randomUUID(), exception.message, "ERROR_CLASS"),
    );
    testSerialization(new QueryTerminatedEvent(crypto.randomUUID(), crypto.randomUUID(), null));
  });

  it("only one progress event per interval when no data", async () => {
    // A query that gets no data: 100 triggers of 10 ms record at most one progress per 100 ms.
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "100ms");
    let numProgressEvent = 0;
    let numIdleEvent = 0;
    const listener: StreamingQueryListener = {
      onQueryProgress: () => {
        numProgressEvent += 1;
      },
      onQueryIdle: () => {
        numIdleEvent += 1;
      },
    };
    await withListenerAdded(listener, async () => {
      const actions: StreamAction[] = [StartStream({ processingTime: 10 })];
      for (let i = 0; i < 100; i++) actions.push(AdvanceManualClock(10));
      // `recentProgress` should not receive too many no data events
      actions.push(
        AssertOnQuery((q) => {
          expect(q.recentProgress.length).toBeGreaterThan(1);
          expect(q.recentProgress.length).toBeLessThanOrEqual(11);
        }),
      );
      await testStream(t, ints().toDF(), "append", ...actions);
    });
    // No batch ran: no progress event; the idle triggers recorded after the first are announced as idle.
    expect(numProgressEvent).toBe(0);
    expect(numIdleEvent).toBeGreaterThan(1);
    expect(numIdleEvent).toBeLessThanOrEqual(11);
  });

  it("listener propagates observable metrics", async () => {
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "100");
    const inputData = ints();
    const df = inputData
      .toDF()
      .observe(
        "my_event",
        min(col("value")).as("min_val"),
        max(col("value")).as("max_val"),
        sum(col("value")).as("sum_val"),
        count(when(col("value").mod(2).equalTo(0), 1)).as("num_even"),
        percentile_approx(col("value"), 0.5, 100).as("percentile_approx_val"),
      )
      .observe("other_event", avg(col("value")).cast("int").as("avg_val"));
    const listener = new EventCollector();
    const checkMetrics = (f: (metrics: Record<string, Record<string, unknown>>) => void) =>
      AssertOnQuery(() => {
        expect(listener.allProgressEvents.length).toBeGreaterThan(0);
        f(listener.allProgressEvents.at(-1)!.observedMetrics);
      });
    const values = (row: Record<string, unknown> | undefined) =>
      Object.values(row ?? {}).map((v) => (typeof v === "bigint" ? Number(v) : v));
    await withListenerAdded(listener, async () => {
      await testStream(
        t,
        df,
        "append",
        StartStream({ processingTime: 100 }),
        // Batch 1
        AddData(inputData, 1, 2),
        AdvanceManualClock(100),
        checkMetrics((metrics) => {
          expect(values(metrics.my_event)).toEqual([1, 2, 3, 1, 1]);
          expect(values(metrics.other_event)).toEqual([1]);
        }),
        // Batch 2
        AddData(inputData, 10, 30, -10, 5),
        AdvanceManualClock(100),
        checkMetrics((metrics) => {
          expect(values(metrics.my_event)).toEqual([-10, 30, 35, 3, 5]);
          expect(values(metrics.other_event)).toEqual([8]);
        }),
        // Batch 3 - no data: its trigger's progress observed nothing, and no progress event was posted for it
        AdvanceManualClock(100),
        AssertOnQuery((q) => {
          expect(q.lastProgress?.numInputRows).toBe(0);
          expect(q.lastProgress?.observedMetrics).toEqual({});
          expect(listener.allProgressEvents).toHaveLength(2);
        }),
        StopStream,
      );
    });
  });

  it("SPARK-31593: remove unnecessary streaming query progress update", async () => {
    t.spark.conf.set("spark.sql.streaming.noDataProgressEventInterval", "100");
    let numProgressEvent = 0;
    let numIdleEvent = 0;
    const listener: StreamingQueryListener = {
      onQueryProgress: () => {
        numProgressEvent += 1;
      },
      onQueryIdle: () => {
        numIdleEvent += 1;
      },
    };
    const checkEvents = (progress: number, idle: number) =>
      AssertOnQuery(() => expect([numProgressEvent, numIdleEvent]).toEqual([progress, idle]));
    await withListenerAdded(listener, async () => {
      const input = ints();
      await testStream(
        t,
        input.toDF().select("value"),
        "append",
        StartStream({ processingTime: 10 }),
        // The first trigger (at 0) found no data: recorded, announced to no one
        AssertOnQuery(async (q) => {
          await clock.waitingAt(0);
          expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([0]);
        }),
        checkEvents(0, 0),
        AddData(input, 10),
        AdvanceManualClock(10),
        checkEvents(1, 0),
        // No data for 90 ms, less than the interval since the batch: nothing
        AdvanceManualClock(90),
        checkEvents(1, 0),
        // 100 ms since the batch ran: one idle event
        AdvanceManualClock(10),
        checkEvents(1, 1),
        AssertOnQuery((q) => expect(q.recentProgress.map((p) => p.numInputRows)).toEqual([0, 1, 0])),
      );
    });
  });

  it("a listener that throws stops neither the query nor the other listeners", async () => {
    const throwing: StreamingQueryListener = {
      onQueryStarted: () => {
        throw new Error("onQueryStarted");
      },
      onQueryProgress: () => {
        throw new Error("onQueryProgress");
      },
      onQueryTerminated: () => {
        throw new Error("onQueryTerminated");
      },
    };
    const collector = new EventCollector();
    const inputData = ints();
    t.spark.streams.addListener(throwing);
    try {
      await withListenerAdded(collector, () =>
        testStream(
          t,
          inputData.toDF(),
          "append",
          AddData(inputData, 1, 2),
          CheckAnswer([1], [2]),
          AssertOnQuery((q) => q.isActive),
          StopStream,
        ),
      );
    } finally {
      t.spark.streams.removeListener(throwing);
    }
    expect(collector.startEvent).not.toBeNull();
    expect(collector.progressEvents.map((p) => p.numInputRows)).toEqual([2]);
    expect(collector.terminationEvent?.exception).toBeNull();
  });

  it("QueryStartedEvent carries the query's name and start time", async () => {
    clock.setTime(Date.parse("2016-12-05T20:54:20.827Z"));
    const listener = new EventCollector();
    await withListenerAdded(listener, async () => {
      const query = await ints().toDF().writeStream.format("memory").queryName("named_query").start();
      await query.stop();
    });
    expect(listener.startEvent?.name).toBe("named_query");
    expect(listener.startEvent?.timestamp).toBe("2016-12-05T20:54:20.827Z");
    expect(listener.startEvent?.jobTags).toEqual([]);
    expect(JSON.parse(listener.startEvent!.json)).toEqual({
      id: listener.startEvent?.id,
      runId: listener.startEvent?.runId,
      name: "named_query",
      timestamp: "2016-12-05T20:54:20.827Z",
      jobTags: [],
    });
  });

  it("listener only posts events from queries started in the related sessions", async () => {
    const session1 = t.spark.newSession();
    const session2 = t.spark.newSession();
    const collector1 = new EventCollector();
    const collector2 = new EventCollector();
    const runQuery = async (session: typeof session1) => {
      collector1.reset();
      collector2.reset();
      const mem = new MemoryStream(session, "value INT");
      const query = await mem.toDF().writeStream.format("memory").queryName("related_sessions").start();
      mem.addData([[1], [2], [3]]);
      await query.processAllAvailable();
      expect(await session.sql("SELECT * FROM related_sessions").count()).toBe(3);
      await query.stop();
    };
    const assertEventsCollected = (collector: EventCollector) => {
      expect(collector.startEvent).not.toBeNull();
      expect(collector.progressEvents.length).toBeGreaterThan(0);
      expect(collector.terminationEvent).not.toBeNull();
    };
    const assertEventsNotCollected = (collector: EventCollector) => {
      expect(collector.startEvent).toBeNull();
      expect(collector.progressEvents).toEqual([]);
      expect(collector.terminationEvent).toBeNull();
    };
    expect(session1).not.toBe(session2);
    expect(session1.streams).not.toBe(session2.streams);
    session1.streams.addListener(collector1);
    session2.streams.addListener(collector2);
    try {
      expect(session1.streams.listListeners()).toEqual([collector1]);
      expect(session2.streams.listListeners()).toEqual([collector2]);
      // query on session1 should send events only to collector1
      await runQuery(session1);
      assertEventsCollected(collector1);
      assertEventsNotCollected(collector2);
      // query on session2 should send events only to collector2
      await runQuery(session2);
      assertEventsCollected(collector2);
      assertEventsNotCollected(collector1);
    } finally {
      session1.streams.removeListener(collector1);
      session2.streams.removeListener(collector2);
    }
  });
});
