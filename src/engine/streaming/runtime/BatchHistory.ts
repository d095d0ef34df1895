/**
 * A query's batch history, read from its checkpoint: `query.batch(n)` and `spark.streams.history(checkpoint)`.
 * What the checkpoint already says is read from it — the watermarks from offsets/N and commits/N, the state
 * through the state store reader at versions N-1 and N, the files by name — and what it cannot say again (input,
 * late and output rows, progress) from `history/N` (BatchHistoryLog), which the running query records.
 */
import { BatchHistoryLog } from "../../checkpoint/BatchHistoryLog";
import { CommitLog } from "../../checkpoint/CommitLog";
import { OffsetSeqLog } from "../../checkpoint/OffsetSeqLog";
import { batchNotInHistory } from "../../errors/QueryExecutionErrors";
import { joinPath } from "../../io/FileSystem";
import type { SparkSession } from "../../session/SparkSession";
import { type Row, rowSchemaOf, toRowsWithSchema, withRowSchema } from "../../sql/api/rows";
import { readOperatorMetadata } from "../../state/OperatorStateMetadata";
import { withStateAt } from "../../state/StateDataSource";
import type { StreamingQueryProgress } from "./progress";
import { type WaitingFor, waitingFor } from "./WaitingFor";

/** One stateful operator's state around a batch: rows as the state reader shows them (`key`, `value`). */
export interface BatchStateChange {
  operatorId: number;
  operatorName: string;
  /** State as of batch N-1 (empty for batch 0). */
  before: Row[];
  /** State as of batch N. */
  after: Row[];
  /** Keys in `after` only. */
  added: Row[];
  /** Keys in both whose value changed (as they are after). */
  updated: Row[];
  /** Keys in `before` only. */
  removed: Row[];
}

/** What one committed batch read, judged, kept and emitted. */
export interface BatchRecord {
  batchId: number;
  /** As in the batch's progress (`sources[i].startOffset`); an array in source order where there are several. */
  startOffset: unknown;
  endOffset: unknown;
  /** The batch's input rows, every source's. */
  input: Row[];
  /** Rows a stateful operator dropped as late, each with the `__watermark` (epoch ms) that dropped it. */
  late: Row[];
  /**
   * Rows that arrived behind the max event time seen before the batch (out of order) but were not dropped, each
   * with the `__watermark` (epoch ms) that let them through.
   */
  lateAccepted: Row[];
  /** Epoch ms: the watermark the batch ran with and the one after it; null where the query has none. */
  watermark: { before: number | null; after: number | null };
  state: BatchStateChange[];
  /** The rows the batch gave the sink. */
  output: Row[];
  progress: StreamingQueryProgress;
  /** The checkpoint files the batch wrote (still there), as paths. */
  files: string[];
  /** What the output waited for once the batch was done (see WaitingFor). */
  waitingFor: WaitingFor;
  /** How many rows each list had; the lists keep at most sluice.sql.streaming.history.maxRowsPerBatch. */
  numRows: { input: number; late: number; lateAccepted: number; output: number };
}

/** The batch history of a checkpoint (a running query's, or one no query runs). */
export class BatchHistory {
  private readonly log: BatchHistoryLog;

  constructor(
    private readonly session: SparkSession,
    readonly checkpointLocation: string,
  ) {
    this.log = new BatchHistoryLog(session.fs, checkpointLocation);
  }

  /** The ids of the batches whose record is kept, ascending. */
  async batchIds(): Promise<number[]> {
    const committed = new Set(await new CommitLog(this.session.fs, this.checkpointLocation).batchIds());
    return (await this.log.batchIds()).filter((id) => committed.has(id));
  }

  /** Batch `batchId`'s record; throws where the history does not hold it. */
  async batch(batchId: number): Promise<BatchRecord> {
    const entry = Number.isInteger(batchId) ? await this.log.get(batchId) : undefined;
    const committed = entry && (await new CommitLog(this.session.fs, this.checkpointLocation).get(batchId));
    if (!entry || !committed)
      throw batchNotInHistory(batchId, this.checkpointLocation, await this.batchIds());
    const offsets = await new OffsetSeqLog(this.session.fs, this.checkpointLocation).get(batchId);
    const { progress } = entry;
    const state = await this.stateAround(batchId);
    const watermark = {
      before: entry.hasWatermark ? (offsets?.metadata.batchWatermarkMs ?? null) : null,
      after: entry.hasWatermark ? committed.nextBatchWatermarkMs : null,
    };
    const offset = (field: "startOffset" | "endOffset") =>
      progress.sources.length === 1 ? progress.sources[0][field] : progress.sources.map((s) => s[field]);
    return {
      batchId,
      startOffset: offset("startOffset"),
      endOffset: offset("endOffset"),
      input: entry.input.rows,
      late: entry.late.rows,
      lateAccepted: entry.lateAccepted.rows,
      watermark,
      state,
      output: entry.output.rows,
      progress,
      files: await this.filesOf(batchId),
      waitingFor: waitingFor({
        outputMode: entry.outputMode,
        watermarkMs: watermark.after,
        delayMs: entry.delayMs,
        heldBackMs: entry.heldBackMs,
        state,
        sources: entry.sources,
        hasNewData: null,
        timeZone: this.session.conf.get("spark.sql.session.timeZone"),
      }),
      numRows: {
        input: entry.input.numRows,
        late: entry.late.numRows,
        lateAccepted: entry.lateAccepted.numRows,
        output: entry.output.numRows,
      },
    };
  }

  /** Every stateful operator's state at N-1 and N, through the state reader. */
  private async stateAround(batchId: number): Promise<BatchStateChange[]> {
    const before = batchId > 0 ? await this.stateAt(batchId - 1) : undefined;
    const after = await this.stateAt(batchId);
    return after.map(({ operatorId, operatorName, rows }) => {
      const was = before?.find((b) => b.operatorId === operatorId)?.rows ?? [];
      return { operatorId, operatorName, before: was, after: rows, ...diffByKey(was, rows) };
    });
  }

  /**
   * Every stateful operator's state as of a committed batch, through the state reader (`key`, `value`); a join's
   * rows carry their `joinSide`.
   */
  async stateAt(batchId: number): Promise<{ operatorId: number; operatorName: string; rows: Row[] }[]> {
    const { fs } = this.session;
    const operatorIds = (await fs.list(joinPath(this.checkpointLocation, "state")).catch(() => []))
      .map((f) => f.name)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b);
    const operators: { operatorId: number; operatorName: string; rows: Row[] }[] = [];
    for (const operatorId of operatorIds) {
      const metadata = await readOperatorMetadata(fs, this.checkpointLocation, operatorId);
      if (!metadata) continue;
      const rows: Row[] = [];
      for (const info of metadata.stateStoreInfo) {
        const side = info.storeName === "default" ? {} : { joinSide: info.storeName };
        const stored = await withStateAt(
          this.session,
          this.checkpointLocation,
          operatorId,
          info,
          batchId,
          (sql) => toRowsWithSchema(this.session.db.query(`SELECT key, value FROM (${sql}) ORDER BY key`)),
        );
        // Each row keeps its key's and value's types (Python tells a DATE from a TIMESTAMP by them).
        rows.push(
          ...stored.map((r) => {
            const schema = rowSchemaOf(r);
            const row = { ...side, ...r };
            return schema ? withRowSchema(row, schema) : row;
          }),
        );
      }
      operators.push({ operatorId, operatorName: metadata.operatorInfo.operatorName, rows });
    }
    return operators;
  }

  /** The checkpoint's files named for the batch: offsets/N, commits/N, history/N, sources/i/N, state deltas... */
  private async filesOf(batchId: number): Promise<string[]> {
    const own = new RegExp(`^${batchId}(\\.(delta|snapshot|compact))?$`);
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await this.session.fs.list(dir).catch(() => [])) {
        const path = joinPath(dir, entry.name);
        if (entry.isDirectory) await walk(path);
        else if (own.test(entry.name)) found.push(path);
      }
    };
    await walk(this.checkpointLocation);
    return found.sort();
  }
}

/**
 * State rows added, updated and removed between two versions, matched by key (and join side). A key holding one
 * row on each side whose value changed is updated; where a key holds several rows (a join's buffered rows), rows
 * are matched whole, so each one is added or removed.
 */
function diffByKey(before: Row[], after: Row[]): Pick<BatchStateChange, "added" | "updated" | "removed"> {
  const byKey = (rows: Row[]) => {
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const k = stableJson({ joinSide: r.joinSide, key: r.key });
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    return groups;
  };
  const was = byKey(before);
  const is = byKey(after);
  const added: Row[] = [];
  const updated: Row[] = [];
  const removed: Row[] = [];
  for (const [k, now] of is) {
    const old = was.get(k) ?? [];
    if (old.length === 1 && now.length === 1) {
      if (stableJson(old[0].value) !== stableJson(now[0].value)) updated.push(now[0]);
      continue;
    }
    const remaining = old.map(stableJson);
    for (const r of now) {
      const i = remaining.indexOf(stableJson(r));
      if (i >= 0) remaining.splice(i, 1);
      else added.push(r);
    }
  }
  for (const [k, old] of was) {
    const now = is.get(k) ?? [];
    if (old.length === 1 && now.length === 1) continue;
    const remaining = now.map(stableJson);
    for (const r of old) {
      const i = remaining.indexOf(stableJson(r));
      if (i >= 0) remaining.splice(i, 1);
      else removed.push(r);
    }
  }
  return { added, updated, removed };
}

/** JSON for comparing values: bigints and timestamps as their exact numbers. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    if (raw instanceof Date) return `t${raw.getTime()}`;
    if (typeof v === "bigint") return `n${v}`;
    return v;
  });
}
