/**
 * Test helper: Spark's `testStream(df, outputMode)(actions...)` (StreamTest.scala), so cases ported from Spark's
 * streaming suites read as they do there. The query writes through foreachBatch into a sink kept here that behaves
 * as Spark's MemorySink: complete mode keeps the last batch, append and update keep every batch. The stream starts
 * before the first action unless that action is a StartStream; StopStream and StartStream restart it on the same
 * checkpoint.
 */
import { expect } from "vitest";
import type { MemoryStream } from "../sources/MemoryStream";
import type { DataFrame } from "../sql/api/DataFrame";
import type { Row } from "../sql/api/rows";
import type { ManualClock } from "../streaming/runtime/ManualClock";
import type { StreamingQuery } from "../streaming/runtime/StreamingQuery";
import type { TriggerOptions } from "../streaming/runtime/Trigger";
import type { TestSession } from "./fixtures";

export type StreamAction =
  | { kind: "addData"; source: MemoryStream; rows: unknown[] }
  | { kind: "addTextFile"; content: string; dir: string; prefix: string }
  | { kind: "check"; which: "all" | "lastBatch" | "new"; rows: unknown[][]; sorted: boolean }
  | { kind: "start"; trigger: TriggerOptions; options: StartOptions }
  | { kind: "stop" }
  | { kind: "advanceClock"; ms: number }
  | { kind: "expectFailure"; check: (error: Error) => void }
  | {
      kind: "assert";
      check: (
        query: StreamingQuery,
        batches: ReadonlyMap<number, readonly Row[]>,
      ) => unknown | Promise<unknown>;
    }
  | { kind: "stateRows"; expected: StateRows }
  | { kind: "customMetric"; metric: string; expected: number; operatorIndex: number }
  | { kind: "operatorMetric"; expected: OperatorMetrics; operatorIndex: number };

/** What Spark's assertStateOperatorProgressMetric checks of an operator's latest progress. */
export interface OperatorMetrics {
  operatorName: string;
  numShufflePartitions: number;
  numStateStoreInstances: number;
}

/** Per stateful operator, in progress order: Spark's StateStoreMetricsTest.assertNumStateRows. */
export interface StateRows {
  total: number[];
  updated: number[];
  droppedByWatermark?: number[];
  removed?: number[];
}

/**
 * Adds rows to a MemoryStream as one batch. A row of a one-column stream may be given as its value
 * (`AddData(input, 3, 2)`), else as an array in schema order or an object. Consecutive AddData actions are read by
 * one trigger, as Spark's MultiAddData.
 */
export const AddData = (source: MemoryStream, ...rows: unknown[]): StreamAction => ({
  kind: "addData",
  source,
  rows,
});

/**
 * Writes `content` as a new file in `dir` (Spark's AddTextFileData: a file a file source picks up; the write is
 * atomic, as Spark's rename into the directory). Files are named `prefix` (Spark's tmpFilePrefix) and a number
 * in the order they are added.
 */
export const AddTextFileData = (content: string, dir: string, prefix = "text"): StreamAction => ({
  kind: "addTextFile",
  content,
  dir,
  prefix,
});

/** Everything in the sink, in any order (Spark's CheckAnswer), each row as an array of column values. */
export const CheckAnswer = (...rows: unknown[][]): StreamAction => ({
  kind: "check",
  which: "all",
  rows,
  sorted: false,
});

/** The rows of the last batch, in any order (Spark's CheckLastBatch). */
export const CheckLastBatch = (...rows: unknown[][]): StreamAction => ({
  kind: "check",
  which: "lastBatch",
  rows,
  sorted: false,
});

/** The rows of the last batch, in this order (Spark's `CheckLastBatch(isSorted = true, ...)`). */
export const CheckLastBatchSorted = (...rows: unknown[][]): StreamAction => ({
  kind: "check",
  which: "lastBatch",
  rows,
  sorted: true,
});

/**
 * The rows the batches written since the last check added to the sink, in any order (Spark's CheckNewAnswer); in
 * complete mode the latest batch, if it was written since the last check.
 */
export const CheckNewAnswer = (...rows: unknown[][]): StreamAction => ({
  kind: "check",
  which: "new",
  rows,
  sorted: false,
});

/** What Spark's StartStream takes besides the trigger. */
export interface StartOptions {
  /** The query's checkpoint from now on (default: one of the test's own). */
  checkpointLocation?: string;
  /** Session confs set before the query starts (Spark's additionalConfs). */
  additionalConfs?: Record<string, string>;
}

/**
 * Starts the query (again, on the same checkpoint unless `options` gives another), with a trigger (default: as soon
 * as there is data).
 */
export const StartStream = (
  trigger: TriggerOptions = {},
  options: StartOptions | string = {},
): StreamAction => ({
  kind: "start",
  trigger,
  // A bare string is the checkpoint, as Spark's StartStream(checkpointLocation = ...).
  options: typeof options === "string" ? { checkpointLocation: options } : options,
});

/** Stops the query. */
export const StopStream: StreamAction = { kind: "stop" };

/**
 * Waits until the query waits on the session's manual clock, moves the clock on, and waits until the trigger that
 * the new time lets run has finished (or failed the query).
 */
export const AdvanceManualClock = (ms: number): StreamAction => ({ kind: "advanceClock", ms });

/** The query ends with an error, which `check` may inspect. */
export const ExpectFailure = (check: (error: Error) => void = () => {}): StreamAction => ({
  kind: "expectFailure",
  check,
});

/**
 * Runs `check` on the current query; it fails the test by throwing or by returning false. `batches` holds the rows
 * each batch wrote, by batch id, as Spark's MemorySink keeps them (the test's sink is a foreachBatch, whose
 * progress reports no output rows, as Spark's V1 sinks do).
 */
export const AssertOnQuery = (
  check: (query: StreamingQuery, batches: ReadonlyMap<number, readonly Row[]>) => unknown | Promise<unknown>,
): StreamAction => ({
  kind: "assert",
  check,
});

/**
 * The state operators' rows (Spark's StateStoreMetricsTest.assertNumStateRows): `total` as the latest progress
 * reports it; `updated`, `droppedByWatermark` (0 unless given) and `removed` (where given) summed over the progresses
 * since the previous state check of the same query run. A number is the one operator's; an array has one entry per
 * operator, in the order of progress' stateOperators.
 */
export const assertNumStateRows = (expected: {
  total: number | number[];
  updated: number | number[];
  droppedByWatermark?: number | number[];
  removed?: number | number[];
}): StreamAction => {
  const list = (v: number | number[] | undefined) =>
    v === undefined ? undefined : typeof v === "number" ? [v] : v;
  const total = list(expected.total)!;
  return {
    kind: "stateRows",
    expected: {
      total,
      updated: list(expected.updated)!,
      droppedByWatermark: list(expected.droppedByWatermark) ?? total.map(() => 0),
      removed: list(expected.removed),
    },
  };
};

/** A state operator's custom metric summed over the progresses since the previous state check. */
export const assertStateOperatorCustomMetric = (
  metric: string,
  expected: number,
  operatorIndex = 0,
): StreamAction => ({
  kind: "customMetric",
  metric,
  expected,
  operatorIndex,
});

/** A state operator's name, shuffle partitions and state store instances in the latest progress. */
export const assertStateOperatorProgressMetric = (
  expected: OperatorMetrics,
  operatorIndex = 0,
): StreamAction => ({
  kind: "operatorMetric",
  expected,
  operatorIndex,
});

/** A value as expected answers write it: integers as numbers, timestamps as ISO strings. */
function normalize(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

const asTuple = (row: Row): unknown[] => Object.values(row).map(normalize);
const key = (row: unknown[]): string => JSON.stringify(normalize(row));

/** Runs `actions` against `df` written in `outputMode`, as Spark's testStream does. */
export async function testStream(
  t: TestSession,
  df: DataFrame,
  outputMode: "append" | "update" | "complete",
  ...actions: StreamAction[]
): Promise<void> {
  let checkpoint = `/checkpoints/testStream-${Math.random().toString(36).slice(2)}`;
  const batches = new Map<number, Row[]>();
  // Spark's lastFetchedMemorySinkLastBatchId: CheckNewAnswer reads the batches written after the last check.
  let lastCheckedBatch = -1;
  // Spark's lastCheckedRecentProgressIndex: the state checks look at the progress since the previous one.
  let progressChecked = 0;
  let checkedQuery: StreamingQuery | undefined;
  const progressSinceLastCheck = () => {
    const q = running();
    if (q !== checkedQuery) progressChecked = 0;
    checkedQuery = q;
    const progress = q.recentProgress;
    expect(progress.length, "progress since the last state check").toBeGreaterThan(0);
    const numStateOperators = progress[progress.length - 1].stateOperators.length;
    const since = progress
      .slice(progressChecked)
      .filter((p) => p.stateOperators.length === numStateOperators);
    progressChecked = progress.length;
    return since;
  };
  let query: StreamingQuery | undefined;
  let filesAdded = 0;
  let trigger: TriggerOptions = {};
  const clock = t.spark.clock as ManualClock;

  const sinkRows = (): Row[] => {
    const ids = [...batches.keys()].sort((a, b) => a - b);
    if (outputMode === "complete") return ids.length === 0 ? [] : batches.get(ids[ids.length - 1])!;
    return ids.flatMap((id) => batches.get(id)!);
  };
  // Spark's MemorySink.dataSinceBatch: in complete mode the sink holds only the latest batch.
  const newRows = (since: number): Row[] => {
    const ids = [...batches.keys()].sort((a, b) => a - b).filter((id) => id > since);
    if (outputMode === "complete") return ids.length === 0 ? [] : batches.get(ids[ids.length - 1])!;
    return ids.flatMap((id) => batches.get(id)!);
  };
  const start = async (with_: TriggerOptions, options: StartOptions = {}) => {
    trigger = with_;
    if (options.checkpointLocation) checkpoint = options.checkpointLocation;
    for (const [k, v] of Object.entries(options.additionalConfs ?? {})) t.spark.conf.set(k, v);
    query = await df.writeStream
      .outputMode(outputMode)
      .trigger(trigger)
      .option("checkpointLocation", checkpoint)
      .foreachBatch(async (batch, batchId) => {
        batches.set(batchId, await batch.collect());
      })
      .start();
  };
  const running = (): StreamingQuery => {
    if (!query) throw new Error("testStream: no query has been started");
    return query;
  };
  const catchUp = async () => {
    if ("processingTime" in trigger) return;
    await running().processAllAvailable();
  };

  // As Spark: started before the first action unless a StartStream comes before anything that needs it running.
  const firstNeedingQuery = actions.findIndex((a) => a.kind !== "addData" && a.kind !== "addTextFile");
  if (actions[firstNeedingQuery]?.kind !== "start") await start({});
  try {
    for (const [index, action] of actions.entries()) {
      switch (action.kind) {
        case "addData":
          // Consecutive AddData land in one trigger (Spark's MultiAddData): the query is let finish what it is
          // reading first, and the rows are then added together, before it next asks its sources for offsets.
          if (actions[index - 1]?.kind !== "addData" && query?.isActive) await catchUp();
          action.source.addData(
            action.rows.map((r) => (Array.isArray(r) || (r !== null && typeof r === "object") ? r : [r])) as (
              | Record<string, unknown>
              | unknown[]
            )[],
          );
          break;
        case "addTextFile":
          filesAdded += 1;
          await t.spark.fs.writeFile(
            `${action.dir}/${action.prefix}${String(filesAdded).padStart(5, "0")}`,
            action.content,
          );
          break;
        case "check": {
          if (query?.isActive) await catchUp();
          const all = sinkRows();
          const ids = [...batches.keys()].sort((a, b) => a - b);
          const rows =
            action.which === "all"
              ? all
              : action.which === "lastBatch"
                ? ids.length === 0
                  ? []
                  : batches.get(ids[ids.length - 1])!
                : newRows(lastCheckedBatch);
          lastCheckedBatch = ids.length === 0 ? -1 : ids[ids.length - 1];
          const actual = rows.map(asTuple);
          if (action.sorted) expect(actual.map(key)).toEqual(action.rows.map(key));
          else expect(actual.map(key).sort()).toEqual(action.rows.map(key).sort());
          break;
        }
        case "start":
          await start(action.trigger, action.options);
          break;
        case "stop":
          await running().stop();
          break;
        case "advanceClock": {
          const now = clock.getTimeMillis();
          await clock.waitingAt(now);
          clock.advance(action.ms);
          // The trigger the new time lets run has finished: the query waits again, or it failed.
          const ended = running()
            .awaitTermination()
            .catch(() => {});
          await Promise.race([clock.waitingAt(now + action.ms), ended]);
          break;
        }
        case "expectFailure": {
          const failure = await running()
            .awaitTermination()
            .then(
              () => undefined,
              (error: Error) => error,
            );
          expect(failure, "the query should have failed").toBeInstanceOf(Error);
          action.check(failure as Error);
          break;
        }
        case "stateRows": {
          const since = progressSinceLastCheck();
          const ops = since[since.length - 1].stateOperators;
          const sum = (field: "numRowsUpdated" | "numRowsDroppedByWatermark" | "numRowsRemoved") =>
            ops.map((_, i) => since.reduce((n, p) => n + p.stateOperators[i][field], 0));
          const { total, updated, droppedByWatermark, removed } = action.expected;
          expect({
            total: ops.map((o) => o.numRowsTotal),
            updated: sum("numRowsUpdated"),
            droppedByWatermark: sum("numRowsDroppedByWatermark"),
            ...(removed && { removed: sum("numRowsRemoved") }),
          }).toEqual({ total, updated, droppedByWatermark, ...(removed && { removed }) });
          break;
        }
        case "customMetric": {
          const since = progressSinceLastCheck();
          const values = since.map(
            (p) => p.stateOperators[action.operatorIndex].customMetrics[action.metric],
          );
          expect(
            values.reduce((n, v) => n + v, 0),
            action.metric,
          ).toBe(action.expected);
          break;
        }
        case "operatorMetric": {
          const since = progressSinceLastCheck();
          const op = since[since.length - 1].stateOperators[action.operatorIndex];
          expect({
            operatorName: op.operatorName,
            numShufflePartitions: op.numShufflePartitions,
            numStateStoreInstances: op.numStateStoreInstances,
          }).toEqual(action.expected);
          break;
        }
        case "assert": {
          const result = await action.check(running(), batches);
          expect(result, "AssertOnQuery").not.toBe(false);
          break;
        }
      }
    }
  } finally {
    if (query?.isActive) await query.stop();
  }
}
