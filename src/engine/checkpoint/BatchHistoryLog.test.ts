/**
 * `history/N`'s layout: the rows written as DuckDB's Arrow IPC read back as the rows DuckDB gives for the same
 * query; a v1 file (every list as JSON) still read; a newer or damaged file refused, naming it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorruptCheckpointError } from "../errors/exceptions";
import { toRows } from "../sql/api/rows";
import type { StreamingQueryProgress } from "../streaming/runtime/progress";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { BatchHistoryLog, type BatchHistoryRecord } from "./BatchHistoryLog";

/** Every kind of value a batch's rows carry: timestamps, big integers, decimals, structs, lists, maps, NULLs. */
const INPUT_SQL = `SELECT * FROM (VALUES
  (TIMESTAMP '2024-01-01 00:00:01.5', 9007199254740993::BIGINT, 12.34::DECIMAL(10, 2), 'a\nb', [1, 2], MAP {'k': 1.5::DOUBLE}, '\\x01\\xFF'::BLOB),
  (NULL, -1::BIGINT, NULL, NULL, [], MAP {}, NULL)
) AS t(ts, big, amount, text, list, map, bytes)`;
const OUTPUT_SQL = `SELECT {'start': TIMESTAMP '2024-01-01', 'end': TIMESTAMP '2024-01-01 00:00:10'} AS "window", 2::BIGINT AS "count"`;

const facts: Pick<BatchHistoryRecord, "hasWatermark" | "outputMode" | "delayMs" | "sources"> = {
  hasWatermark: true,
  outputMode: "append",
  delayMs: 10_000,
  sources: [],
};
const progress = { batchId: 3, sources: [] } as unknown as StreamingQueryProgress;
const late = { rows: [{ ts: new Date(1_000), __watermark: 5_000 }], numRows: 1 };
const noRows = { rows: [], numRows: 0 };

describe("the batch history log", () => {
  let t: TestSession;
  let log: BatchHistoryLog;
  beforeEach(async () => {
    t = await newTestSession();
    log = new BatchHistoryLog(t.spark.fs, "/checkpoints/log");
  });
  afterEach(() => t.cleanup());

  it("writes the input and output as Arrow IPC and reads them back as DuckDB's rows", async () => {
    const db = t.spark.db;
    const record: BatchHistoryRecord = {
      ...facts,
      input: { ipc: db.queryStream(INPUT_SQL), numRows: 5 },
      late,
      lateAccepted: noRows,
      output: { ipc: db.queryStream(OUTPUT_SQL), numRows: 1 },
      progress,
    };
    expect(await log.add(3, record)).toBe(true);
    const entry = await log.get(3);
    expect(entry?.input).toEqual({ rows: toRows(db.query(INPUT_SQL)), numRows: 5 });
    expect(entry?.output).toEqual({ rows: toRows(db.query(OUTPUT_SQL)), numRows: 1 });
    expect(entry?.late).toEqual(late);
    expect(entry?.progress).toEqual(progress);
    expect(entry?.delayMs).toBe(10_000);
  });

  it("a batch without rows keeps its count and no table", async () => {
    await log.add(0, {
      ...facts,
      input: { ipc: undefined, numRows: 0 },
      late: noRows,
      lateAccepted: noRows,
      output: { ipc: undefined, numRows: 4 },
      progress,
    });
    const entry = await log.get(0);
    expect(entry?.input).toEqual(noRows);
    expect(entry?.output).toEqual({ rows: [], numRows: 4 });
  });

  it("reads a v1 file, every list as JSON with its values tagged", async () => {
    const v1 = {
      ...facts,
      input: {
        rows: [{ ts: { $date: 1_500 }, big: { $bigint: "9007199254740993" }, x: { $double: "NaN" } }],
        numRows: 1,
      },
      late: noRows,
      lateAccepted: noRows,
      output: { rows: [{ n: 1 }], numRows: 1 },
      progress,
    };
    await t.spark.fs.createFile(log.pathOf(1), `v1\n${JSON.stringify(v1)}`);
    const entry = await log.get(1);
    expect(entry?.input.rows).toEqual([{ ts: new Date(1_500), big: 9007199254740993n, x: Number.NaN }]);
    expect(entry?.output.rows).toEqual([{ n: 1 }]);
  });

  it("refuses a file from a newer Sluice, and a damaged one, naming it", async () => {
    await t.spark.fs.createFile(log.pathOf(1), "v3\n{}\n");
    await expect(log.get(1)).rejects.toThrow(
      /history\/1.*maximum supported log version is v2, but encountered v3/s,
    );
    const db = t.spark.db;
    await log.add(2, {
      ...facts,
      input: { ipc: db.queryStream(OUTPUT_SQL), numRows: 1 },
      late: noRows,
      lateAccepted: noRows,
      output: { ipc: undefined, numRows: 0 },
      progress,
    });
    const whole = await t.spark.fs.readFile(log.pathOf(2));
    await t.spark.fs.createFile(log.pathOf(3), whole.subarray(0, whole.byteLength - 8));
    const truncated = log.get(3);
    await expect(truncated).rejects.toBeInstanceOf(CorruptCheckpointError);
    await expect(truncated).rejects.toThrow(/history\/3.*not the length its header says/s);
  });
});
