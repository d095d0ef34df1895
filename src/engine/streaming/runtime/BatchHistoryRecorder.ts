/**
 * Records each committed batch into `history/N` (BatchHistoryLog): the rows its stateful operators judged late
 * while it ran, then its input, output and progress once it committed. Only what the checkpoint cannot tell again
 * is written, each list capped at `sluice.sql.streaming.history.maxRowsPerBatch` rows; the log is purged so that
 * every batch it keeps has its state at N-1 and N still readable (see BatchHistory).
 */
import { type BatchHistoryEntry, BatchHistoryLog, type RecordedRows } from "../../checkpoint/BatchHistoryLog";
import type { SparkSession } from "../../session/SparkSession";
import { type Row, toRows } from "../../sql/api/rows";
import type { LateRowsRecorder } from "../operators/StatefulOperator";
import type { BatchPage } from "./LatestBatchRows";
import type { StreamingQueryProgress } from "./progress";

export const HISTORY_ENABLED_CONF = "sluice.sql.streaming.history.enabled";
export const HISTORY_MAX_ROWS_CONF = "sluice.sql.streaming.history.maxRowsPerBatch";

/** Rows gathered during a batch, up to the cap, with the full count. */
class RowsGatherer {
  rows: Row[] = [];
  numRows = 0;

  constructor(
    private readonly session: SparkSession,
    private readonly maxRows: number,
  ) {}

  /** Adds the rows `sql` selects, each with the watermark that judged it. */
  add(sql: string, watermarkMs: number): void {
    const db = this.session.db;
    const tagged = `SELECT *, CAST(${Math.floor(watermarkMs)} AS BIGINT) AS __watermark FROM (${sql}) AS __judged`;
    const room = this.maxRows - this.rows.length;
    const rows = room > 0 ? toRows(db.query(`${tagged} LIMIT ${room}`)) : [];
    this.rows.push(...rows);
    this.numRows += rows.length < room ? rows.length : db.queryNumber(`SELECT count(*) FROM (${tagged})`);
  }

  take(): RecordedRows {
    const recorded = { rows: this.rows, numRows: this.numRows };
    this.rows = [];
    this.numRows = 0;
    return recorded;
  }
}

export class BatchHistoryRecorder {
  readonly log: BatchHistoryLog;
  private readonly maxRows: number;
  private readonly late: RowsGatherer;
  private readonly lateAccepted: RowsGatherer;
  /** What stateful operators call while the batch runs. */
  readonly lateRows: LateRowsRecorder;

  constructor(
    private readonly session: SparkSession,
    checkpoint: string,
  ) {
    this.log = new BatchHistoryLog(session.fs, checkpoint);
    this.maxRows = Math.max(0, session.conf.getNumber(HISTORY_MAX_ROWS_CONF));
    this.late = new RowsGatherer(session, this.maxRows);
    this.lateAccepted = new RowsGatherer(session, this.maxRows);
    this.lateRows = {
      dropped: (sql, watermarkMs) => this.late.add(sql, watermarkMs),
      accepted: (sql, watermarkMs) => this.lateAccepted.add(sql, watermarkMs),
    };
  }

  /** Whether the session records history (on unless `sluice.sql.streaming.history.enabled` is false). */
  static enabled(session: SparkSession): boolean {
    return session.conf.getBoolean(HISTORY_ENABLED_CONF);
  }

  /** Forgets what a batch that failed had gathered (it runs again, and judges its rows again). */
  discard(): void {
    this.late.take();
    this.lateAccepted.take();
  }

  /**
   * Writes `history/N` once batch N has committed; `page` reads a page of the batch's input or output. Then purges
   * what retention no longer keeps. A batch re-run after a crash keeps the record written first.
   */
  async record(
    batchId: number,
    query: Pick<BatchHistoryEntry, "hasWatermark" | "outputMode" | "delayMs" | "sources">,
    progress: StreamingQueryProgress,
    page: (which: "input" | "output", limit: number) => BatchPage | undefined,
  ): Promise<void> {
    const recorded = (which: "input" | "output"): RecordedRows => {
      const p = this.maxRows > 0 ? page(which, this.maxRows) : undefined;
      return { rows: p?.rows ?? [], numRows: p?.totalRows ?? 0 };
    };
    const entry: BatchHistoryEntry = {
      ...query,
      input: recorded("input"),
      late: this.late.take(),
      lateAccepted: this.lateAccepted.take(),
      output: recorded("output"),
      progress,
    };
    await this.log.add(batchId, entry);
    // A batch's record needs its state at N-1 and N: the state store keeps minBatchesToRetain versions, so the
    // history keeps one batch fewer (at least the last one).
    const retain = this.session.conf.getNumber("spark.sql.streaming.minBatchesToRetain");
    const keep = Math.max(1, retain - 1);
    if (batchId + 1 > keep) await this.log.purge(batchId + 1 - keep);
  }
}
