/**
 * Cases of Spark's TriggerAvailableNowSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named
 * as there (Spark names them after the test source's class), with Spark's inputs and expected answers.
 *
 * Spark's three test sources are, here:
 * - `TestSource`: a source without Trigger.AvailableNow support (no `prepareForTriggerAvailableNow`) whose rows are
 *   the longs after the start offset up to the end offset;
 * - `TestSourceWithAdmissionControl`: the same, whose latestOffset takes (and ignores) a read limit, as Spark's
 *   SupportsAdmissionControl source does;
 * - `TestMicroBatchStream`: a MemoryStream of longs, which supports Trigger.AvailableNow as Spark's does.
 * Spark's assertQueryUsingRightBatchExecutor inspects the trigger executor (SingleBatchExecutor or
 * MultiBatchExecutor); what a user sees of it is the number of batches with data, checked here as in Spark.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SparkSession } from "../../../session/SparkSession";
import { MemoryStream } from "../../../sources/MemoryStream";
import type { ReadLimit, Source, SourceBatch } from "../../../sources/Source";
import { DataFrame } from "../../../sql/api/DataFrame";
import { newPlanId } from "../../../sql/plan";
import { writeFileAt } from "../../../testing/files";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import type { StreamingQuery } from "../../runtime/StreamingQuery";

interface TestDataFrameProvider {
  toDF(): DataFrame;
  incrementAvailableOffset(numNewRows: number): void;
  readonly sourceName: string;
  readonly supportsTriggerAvailableNow: boolean;
}

/** Spark's TestSource: offset N holds the longs 1..N; no Trigger.AvailableNow support of its own. */
class TestSource implements Source, TestDataFrameProvider {
  currentOffset = 0;
  readonly supportsTriggerAvailableNow: boolean = false;
  readonly schema;
  constructor(
    private readonly spark: SparkSession,
    readonly sourceName = "TestSource",
  ) {
    this.schema = spark.parseSchema("value BIGINT");
  }
  get description(): string {
    return this.sourceName;
  }
  toDF(): DataFrame {
    return new DataFrame(this.spark, {
      kind: "relation",
      id: newPlanId(),
      isStreaming: true,
      relation: { type: "stream", source: { format: "memory", options: {}, memoryStream: this } },
      schema: this.schema,
    });
  }
  incrementAvailableOffset(numNewRows: number): void {
    this.currentOffset += numNewRows;
  }
  async latestOffset(start: string | undefined, _limit?: ReadLimit): Promise<string | undefined> {
    return this.currentOffset <= 0 ? start : String(this.currentOffset);
  }
  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    const from = start === undefined ? 1 : Number(start) + 1;
    const to = Number(end) + 1;
    return {
      sql: `SELECT CAST(range AS BIGINT) AS "value" FROM range(${from}, ${to})`,
      numRows: to - from,
      tables: [],
    };
  }
  async commit(): Promise<void> {}
  async stop(): Promise<void> {}
}

/** Spark's TestSourceWithAdmissionControl: its latestOffset is only asked once data was made available. */
class TestSourceWithAdmissionControl extends TestSource {
  constructor(spark: SparkSession) {
    super(spark, "TestSourceWithAdmissionControl");
  }
  override async latestOffset(start: string | undefined, limit?: ReadLimit): Promise<string | undefined> {
    expect(this.currentOffset > 0, "the latestOffset should be called after incrementAvailableOffset").toBe(
      true,
    );
    return super.latestOffset(start, limit);
  }
}

/** Spark's TestMicroBatchStream: a MemoryStream, which supports Trigger.AvailableNow. */
class TestMicroBatchStream implements TestDataFrameProvider {
  currentOffset = 0;
  readonly supportsTriggerAvailableNow = true;
  readonly sourceName = "MemoryStream";
  private readonly memoryStream: MemoryStream;
  constructor(spark: SparkSession) {
    this.memoryStream = new MemoryStream(spark, "value BIGINT");
  }
  toDF(): DataFrame {
    return this.memoryStream.toDF();
  }
  incrementAvailableOffset(numNewRows: number): void {
    for (let i = 0; i < numNewRows; i++) {
      this.currentOffset += 1;
      this.memoryStream.addData([[this.currentOffset]]);
    }
  }
}

const SOURCES: [string, (spark: SparkSession) => TestDataFrameProvider][] = [
  ["org.apache.spark.sql.streaming.TriggerAvailableNowSuite$TestSource", (spark) => new TestSource(spark)],
  [
    "org.apache.spark.sql.streaming.TriggerAvailableNowSuite$TestSourceWithAdmissionControl",
    (spark) => new TestSourceWithAdmissionControl(spark),
  ],
  [
    "org.apache.spark.sql.streaming.TriggerAvailableNowSuite$TestMicroBatchStream",
    (spark) => new TestMicroBatchStream(spark),
  ],
];

describe("TriggerAvailableNowSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession();
  });
  afterEach(() => t.cleanup());

  /** Spark's testWithConfigMatrix: the case with the AvailableNow wrapper on, then off. */
  const testWithConfigMatrix = (testName: string, testFun: (useWrapper: boolean) => Promise<void>) => {
    for (const useWrapper of [true, false]) {
      it(`${testName} (using wrapper: ${useWrapper})`, async () => {
        t.spark.conf.set("spark.sql.streaming.triggerAvailableNow.wrapper.enabled", String(useWrapper));
        await testFun(useWrapper);
      });
    }
  };

  /** The query ran to its end by itself, each progress naming the test source. */
  const checkRun = async (q: StreamingQuery, sourceName: string, expectedNumBatches: number) => {
    expect(await q.awaitTermination(120_000)).toBe(true);
    expect(q.exception()).toBeNull();
    expect(q.recentProgress.filter((p) => p.numInputRows !== 0).length).toBe(expectedNumBatches);
    for (const p of q.recentProgress) {
      expect(p.sources.some((s) => s.description.startsWith(sourceName))).toBe(true);
    }
  };

  for (const [className, makeSource] of SOURCES) {
    testWithConfigMatrix(
      `TriggerAvailableNow for multiple sources with class ${className}`,
      async (useWrapper) => {
        const testSource = makeSource(t.spark);
        const src = "/src";
        const checkpoint = "/target/chk";
        const targetDir = "/target/data";
        let lastFileModTime: number | undefined;
        /** A text file with a single data item, each one second newer than the one before. */
        const createFile = async (data: number) => {
          const mtime =
            lastFileModTime === undefined ? Math.floor(Date.now() / 1000) * 1000 : lastFileModTime + 1000;
          await writeFileAt(t, `${src}/${data}.txt`, String(data), mtime);
          lastFileModTime = mtime;
        };
        await t.spark.fs.mkdirs(src);
        // A query reading the text files one at a time.
        const df1 = t.spark.readStream.option("maxFilesPerTrigger", 1).text(src);
        const df2 = testSource.toDF().selectExpr("cast(value as string)");
        const startQuery = () =>
          df1
            .union(df2)
            .writeStream.format("parquet")
            .trigger({ availableNow: true })
            .option("checkpointLocation", checkpoint)
            .start(targetDir);
        const values = async () =>
          (await t.spark.read.parquet(targetDir).collect()).map((r) => Number(r.value)).sort((a, b) => a - b);

        testSource.incrementAvailableOffset(3);
        await createFile(7);
        await createFile(8);
        await createFile(9);

        // Without the wrapper, a source without support for it makes the query fall back to a single batch.
        const expectedNumBatches = !useWrapper && !testSource.supportsTriggerAvailableNow ? 1 : 3;

        const q = await startQuery();
        try {
          await checkRun(q, testSource.sourceName, expectedNumBatches);
          expect(await values()).toEqual([1, 2, 3, 7, 8, 9]);
        } finally {
          await q.stop();
        }

        testSource.incrementAvailableOffset(3);
        await createFile(10);
        await createFile(11);
        await createFile(12);

        // run a second query
        const q2 = await startQuery();
        try {
          await checkRun(q2, testSource.sourceName, expectedNumBatches);
          expect(await values()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        } finally {
          await q2.stop();
        }
      },
    );
  }

  for (const [className, makeSource] of SOURCES) {
    testWithConfigMatrix(`TriggerAvailableNow for single source with class ${className}`, async () => {
      const testSource = makeSource(t.spark);
      const tableName = "trigger_available_now_test_table";
      const df = testSource.toDF();
      const startQuery = () =>
        df.writeStream.format("memory").queryName(tableName).trigger({ availableNow: true }).start();
      const table = async () =>
        (await t.spark.table(tableName).collect()).map((r) => Number(r.value)).sort((a, b) => a - b);

      testSource.incrementAvailableOffset(3);
      const q = await startQuery();
      try {
        await checkRun(q, testSource.sourceName, 1);
        expect(await table()).toEqual([1, 2, 3]);
      } finally {
        await q.stop();
      }

      testSource.incrementAvailableOffset(3);
      // run a second query
      const q2 = await startQuery();
      try {
        await checkRun(q2, testSource.sourceName, 1);
        expect(await table()).toEqual([1, 2, 3, 4, 5, 6]);
      } finally {
        await q2.stop();
      }
    });
  }
});
