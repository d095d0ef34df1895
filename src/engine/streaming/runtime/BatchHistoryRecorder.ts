/**
 * Records each committed batch into `history/N` (BatchHistoryLog): the rows its stateful operators judged late
 * while it ran, then its input, output and progress once it committed. Only what the checkpoint cannot tell again
 * is written, each list capped at `sluice.sql.streaming.history.maxRowsPerBatch` rows; the log is purged so that
 * every batch it keeps has its state at N-1 and N still readable (see BatchHistory).
 */
import {
  BatchHistoryLog,
  type BatchHistoryRecord,
  type RecordedRows,
  type RecordedTable,
} from "../../checkpoint/BatchHistoryLog";
import type { SparkSession } from "../../session/SparkSession";
import { type Row, toRows, toRowsWithSchema, withRowSchema } from "../../sql/api/rows";
import { fromArrowSchema, StructType } from "../../sql/types";
import type { LateRowsRecorder } from "../operators/StatefulOperator";
import type { StreamingQueryProgress } from "./progress";

export const HISTORY_ENABLED_CONF = "sluice.sql.streaming.history.enabled";
export const HISTORY_MAX_ROWS_CONF = "sluice.sql.streaming.history.maxRowsPerBatch";

/** The column the judged rows carry only while they are read: which list a row belongs to. */
const LATE = "__sluice_late";

/** The rows stateful operators judged by the watermark during a batch: each list up to the cap, and its count. */
class LateRowsGatherer implements LateRowsRecorder {
  private late: Row[] = [];
  private accepted: Row[] = [];
  private counts = { late: 0, accepted: 0 };

  constructor(
    private readonly session: SparkSession,
    private readonly maxRows: number,
  ) {}

  /**
   * Reads both lists in one statement, each row tagged with the watermark that judged it: the input's SQL (a
   * window's expansion, say) then runs once, not once per list (bench P8). Only where the rows outnumber what
   * both lists keep is each list read on its own, with its count.
   */
  judged(columns: string, from: string, late: string, behind: string | undefined, watermarkMs: number): void {
    const db = this.session.db;
    const tagged = `${columns}, CAST(${Math.floor(watermarkMs)} AS BIGINT) AS __watermark`;
    // As the two lists' own WHERE clauses: a row whose lateness is NULL is in neither.
    const lists = { late, accepted: behind ? `NOT (${late}) AND (${behind})` : undefined };
    const where = lists.accepted ? `(${late}) OR (${lists.accepted})` : late;
    const room = { late: this.maxRows - this.late.length, accepted: this.maxRows - this.accepted.length };
    const limit = room.late + room.accepted + 1;
    const table = db.query(
      `SELECT ${tagged}, coalesce(${late}, FALSE) AS ${LATE} FROM ${from} WHERE ${where} LIMIT ${limit}`,
    );
    if (table.numRows < limit) {
      // Each row keeps its columns' types (the history writes them beside the rows: a DATE is no TIMESTAMP).
      const all = fromArrowSchema(table.schema);
      const schema = new StructType(all.fields.filter((f) => f.name !== LATE));
      for (const { [LATE]: isLate, ...row } of toRows(table)) {
        const kind = isLate ? "late" : "accepted";
        this.counts[kind] += 1;
        if (this[kind].length < this.maxRows) this[kind].push(withRowSchema(row, schema));
      }
      return;
    }
    for (const kind of ["late", "accepted"] as const) {
      const predicate = lists[kind];
      if (!predicate) continue;
      if (room[kind] > 0)
        this[kind].push(
          ...toRowsWithSchema(
            db.query(`SELECT ${tagged} FROM ${from} WHERE ${predicate} LIMIT ${room[kind]}`),
          ),
        );
      this.counts[kind] += db.queryNumber(`SELECT count(*) FROM ${from} WHERE ${predicate}`);
    }
  }

  take(): { late: RecordedRows; lateAccepted: RecordedRows } {
    const taken = {
      late: { rows: this.late, numRows: this.counts.late },
      lateAccepted: { rows: this.accepted, numRows: this.counts.accepted },
    };
    this.late = [];
    this.accepted = [];
    this.counts = { late: 0, accepted: 0 };
    return taken;
  }
}

export class BatchHistoryRecorder {
  readonly log: BatchHistoryLog;
  private readonly maxRows: number;
  private readonly judged: LateRowsGatherer;
  /** What stateful operators call while the batch runs. */
  readonly lateRows: LateRowsRecorder;

  constructor(
    private readonly session: SparkSession,
    checkpoint: string,
  ) {
    this.log = new BatchHistoryLog(session.fs, checkpoint);
    this.maxRows = Math.max(0, session.conf.getNumber(HISTORY_MAX_ROWS_CONF));
    this.judged = new LateRowsGatherer(session, this.maxRows);
    this.lateRows = this.judged;
  }

  /** Whether the session records history (on unless `sluice.sql.streaming.history.enabled` is false). */
  static enabled(session: SparkSession): boolean {
    return session.conf.getBoolean(HISTORY_ENABLED_CONF);
  }

  /** Forgets what a batch that failed had gathered (it runs again, and judges its rows again). */
  discard(): void {
    this.judged.take();
  }

  /**
   * Writes `history/N` once batch N has committed; `table` reads the first rows of the batch's input or output
   * as Arrow IPC, written as they are. Then purges what retention no longer keeps. A batch re-run after a crash
   * keeps the record written first.
   */
  async record(
    batchId: number,
    query: Pick<BatchHistoryRecord, "hasWatermark" | "outputMode" | "delayMs" | "sources" | "heldBackMs">,
    progress: StreamingQueryProgress,
    table: (which: "input" | "output", limit: number) => RecordedTable | undefined,
  ): Promise<void> {
    const recorded = (which: "input" | "output"): RecordedTable =>
      table(which, this.maxRows) ?? { ipc: undefined, numRows: 0 };
    const record: BatchHistoryRecord = {
      ...query,
      input: recorded("input"),
      ...this.judged.take(),
      output: recorded("output"),
      progress,
    };
    await this.log.add(batchId, record);
    // A batch's record needs its state at N-1 and N: the state store keeps minBatchesToRetain versions, so the
    // history keeps one batch fewer (at least the last one).
    const retain = this.session.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
    const keep = Math.max(1, retain - 1);
    if (batchId + 1 > keep) await this.log.purge(batchId + 1 - keep);
  }
}
