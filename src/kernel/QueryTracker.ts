import type { DataFrame, SparkSession, StreamingQuery, StreamingQueryProgress } from "../engine/index";
import { describeError } from "./describeError";
import type {
  BatchView,
  ChartSpec,
  HistoryView,
  KernelEvent,
  QueryInfo,
  QueryProgress,
  QueryStatus,
  QueryTrigger,
  ResultPage,
  Row,
  TablePage,
} from "./protocol";
import { PAGE_SIZE } from "./protocol";
import { columnsOf, pageOf } from "./TableStore";

/** How many changed rows of a trigger are fetched to mark them in the result table. */
const CHANGED_ROWS_LIMIT = 2000;
/** Up to this many rows, the result table is read whole each trigger to mark exactly what changed. */
const WHOLE_RESULT_LIMIT = 10_000;
const STATUS_POLL_MS = 250;
/** How long a query is idle (no trigger, no data) before its "waiting for" is worked out. */
const WAITING_AFTER_IDLE_MS = 500;
const IDLE_STATUS: QueryStatus = { message: "Initializing", isDataAvailable: false, isTriggerActive: false };

interface Tracked {
  query: StreamingQuery;
  info: QueryInfo;
  /** The status last sent (as JSON), so only changes are sent. */
  status: string;
  /** `SELECT * FROM <memory sink>` and its first rows, analysed once per run rather than every trigger. */
  sinkTable?: { all: DataFrame; head: DataFrame };
  /** The memory sink's rows after the previous trigger (keys), to mark only rows that really changed. */
  previousResult?: { batchId: number; keys: Set<string> };
  lastResult?: { batchId: number; keys: Set<string> };
  /** When the status last changed (epoch ms), to tell an idle query from one between two quick triggers. */
  changedAt?: number;
  /** The batch whose "waiting for" was sent (or is being worked out). */
  waitingBatchId?: number;
}

/**
 * Follows every streaming query of the session through the engine's listener and turns it into protocol
 * events: started (with the cell that started it); per trigger one message with its progress, the status and
 * the first pages of the input and result tables; status changes between triggers; and termination with its
 * error. The UI draws the live panel from these alone.
 */
export class QueryTracker {
  private readonly tracked = new Map<string, Tracked>();
  private poller: ReturnType<typeof setInterval> | undefined;
  /** Chart options display() asked for, for the next query it starts. */
  pendingChart: ChartSpec | undefined;

  constructor(
    private readonly spark: SparkSession,
    private readonly emit: (event: KernelEvent) => void,
    private readonly currentCell: () => string | null,
  ) {
    spark.streams.addListener({
      onQueryStarted: (event) => this.started(event.id, event.runId, event.name),
      onQueryProgress: (event) => void this.progressed(event.progress),
      onQueryTerminated: (event) => void this.terminated(event.id),
    });
  }

  /** Ids of the queries a cell started that are still running. */
  activeQueriesOf(cellId: string): StreamingQuery[] {
    return [...this.tracked.values()]
      .filter((t) => t.info.cellId === cellId && t.query.isActive)
      .map((t) => t.query);
  }

  get(queryId: string): StreamingQuery | undefined {
    return this.tracked.get(queryId)?.query ?? this.spark.streams.get(queryId) ?? undefined;
  }

  cellOf(queryId: string): string | null {
    return this.tracked.get(queryId)?.info.cellId ?? null;
  }

  async page(queryId: string, which: "input" | "result", offset: number, limit: number) {
    const tracked = this.tracked.get(queryId);
    if (!tracked) return undefined;
    return which === "input"
      ? this.inputPage(tracked.query, offset, limit)
      : this.resultPage(tracked, offset, limit);
  }

  /**
   * The batches the query's history keeps: the query's own (running or stopped in this kernel), else the
   * checkpoint's (a panel restored from the saved notebook after a reload).
   */
  async history(queryId: string, checkpointLocation?: string): Promise<HistoryView> {
    const history = await this.historyOf(queryId, checkpointLocation);
    return {
      batchIds: await history.batchIds(),
      timeZone: this.spark.conf.get("spark.sql.session.timeZone"),
    };
  }

  async batch(queryId: string, checkpointLocation: string | undefined, batchId: number): Promise<BatchView> {
    const record = await (await this.historyOf(queryId, checkpointLocation)).batch(batchId);
    return { ...record, progress: plain(record.progress) };
  }

  private async historyOf(
    queryId: string,
    checkpointLocation: string | undefined,
  ): Promise<Pick<StreamingQuery, "batch" | "batchIds">> {
    const query = this.get(queryId);
    if (query) return query;
    if (!checkpointLocation)
      throw new Error(`The query ${queryId} has no checkpoint to read its batches from.`);
    return this.spark.streams.history(checkpointLocation);
  }

  private started(id: string, runId: string, name: string | null): void {
    const query = this.spark.streams.get(id) ?? this.spark.streams.active.find((q) => q.id === id);
    if (!query) return;
    const info: QueryInfo = {
      id,
      runId,
      name,
      cellId: this.currentCell(),
      checkpointLocation: query.checkpointLocation,
      sink: query.sinkDescription,
      startedAt: Date.now(),
      chart: this.pendingChart,
    };
    this.pendingChart = undefined;
    this.tracked.set(id, { query, info, status: "" });
    this.emit({ type: "query.started", query: info });
    if (info.cellId) this.emit({ type: "output", cellId: info.cellId, item: { kind: "query", queryId: id } });
    this.pollStatus();
  }

  private async progressed(progress: StreamingQueryProgress): Promise<void> {
    const tracked = this.tracked.get(progress.id);
    const sent = plain(progress);
    let tables: Pick<QueryTrigger, "input" | "result"> = {};
    if (tracked) {
      try {
        tables = await this.tables(tracked);
      } catch (error) {
        console.warn("Could not read the query's tables:", error);
      }
    }
    // Read after the tables: by then the engine has finished the trigger's bookkeeping.
    const status = tracked ? this.statusOf(tracked) : IDLE_STATUS;
    this.emit({ type: "query.progress", queryId: progress.id, progress: sent, status, ...tables });
  }

  private async tables(tracked: Tracked): Promise<Pick<QueryTrigger, "input" | "result">> {
    const [input, result] = await Promise.all([
      this.inputPage(tracked.query, 0, PAGE_SIZE),
      this.resultPage(tracked, 0, PAGE_SIZE),
    ]);
    return { input, result };
  }

  private async terminated(id: string): Promise<void> {
    const tracked = this.tracked.get(id);
    this.sendStatus();
    if (tracked) await this.sendWaiting(tracked);
    const exception = tracked?.query.exception();
    this.emit({
      type: "query.terminated",
      queryId: id,
      error: exception ? describeError(exception) : undefined,
    });
  }

  /** Status changes between triggers (waiting for data, running a batch) are polled: Spark has no event. */
  private pollStatus(): void {
    this.poller ??= setInterval(() => this.sendStatus(), STATUS_POLL_MS);
  }

  private sendStatus(): void {
    let anyActive = false;
    const now = Date.now();
    for (const tracked of this.tracked.values()) {
      const before = tracked.status;
      const status = this.statusOf(tracked);
      if (tracked.status !== before) {
        this.emit({ type: "query.status", queryId: tracked.info.id, status });
        tracked.changedAt = now;
      }
      const idle = !status.isTriggerActive && !status.isDataAvailable;
      if (tracked.query.isActive && idle && now - (tracked.changedAt ?? now) >= WAITING_AFTER_IDLE_MS)
        void this.sendWaiting(tracked);
      anyActive ||= tracked.query.isActive;
    }
    if (!anyActive && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  /**
   * What the output waits for after the latest batch, once per batch. Working it out reads the state store, about
   * as costly as a small trigger, so it waits for the query to be idle a moment rather than slowing a busy one:
   * the sentence answers "why is nothing coming?", asked when nothing is.
   */
  private async sendWaiting(tracked: Tracked): Promise<void> {
    const batchId = tracked.query.lastProgress?.batchId;
    if (batchId === undefined || tracked.waitingBatchId === batchId) return;
    tracked.waitingBatchId = batchId;
    try {
      const waitingFor = await tracked.query.waitingFor();
      this.emit({ type: "query.waiting", queryId: tracked.info.id, batchId, waitingFor });
    } catch (error) {
      console.warn("Could not work out what the query's output waits for:", error);
    }
  }

  /** The query's status now, remembered as the last one sent. */
  private statusOf(tracked: Tracked): QueryStatus {
    const status = { ...tracked.query.status };
    tracked.status = JSON.stringify(status);
    return status;
  }

  private async inputPage(
    query: StreamingQuery,
    offset: number,
    limit: number,
  ): Promise<(TablePage & { batchId: number }) | undefined> {
    const input = await query.latestInput(offset, limit);
    if (!input) return undefined;
    return {
      columns: input.columns,
      rows: input.rows,
      offset,
      totalRows: input.totalRows,
      batchRows: input.batchRows,
      batchId: input.batchId,
    };
  }

  /**
   * The memory sink's whole table (what `spark.sql("SELECT * FROM name")` returns), with the rows the latest
   * trigger wrote marked; for other sinks, the rows the latest trigger wrote.
   */
  private async resultPage(
    tracked: Tracked,
    offset: number,
    limit: number,
  ): Promise<(ResultPage & { batchId: number }) | undefined> {
    const query = tracked.query;
    const output = await query.latestOutput(0, CHANGED_ROWS_LIMIT);
    const sink = query.lastProgress?.sink?.description ?? "";
    if (query.name && /memory/i.test(sink)) {
      tracked.sinkTable ??= this.sinkTable(query.name);
      const { all: df, head } = tracked.sinkTable;
      const columns = columnsOf(df);
      const batchId = output?.batchId ?? -1;
      const written = new Set((output?.rows ?? []).map(rowKey));
      // One read answers both: the whole table where it is small, or the sign that it is not.
      const rows = await head.collect();
      if (rows.length > WHOLE_RESULT_LIMIT) {
        // A big (append) sink: read only the page; marked are the rows the trigger wrote.
        const page = (await df.limit(offset + limit).collect()).slice(offset);
        return {
          columns,
          rows: page,
          offset,
          totalRows: await df.count(),
          changed: page.map((r) => written.has(rowKey(r))),
          batchId,
        };
      }
      // Complete mode writes every row each trigger: a row counts as changed when the trigger wrote it and it
      // was not in the table, as it is now, after the trigger before.
      if (tracked.lastResult?.batchId !== batchId) {
        tracked.previousResult = tracked.lastResult;
        tracked.lastResult = { batchId, keys: new Set(rows.map(rowKey)) };
      }
      const before = tracked.previousResult?.keys;
      const page = pageOf(columns, rows, offset, limit);
      const changed = page.rows.map((r) => {
        const key = rowKey(r);
        return written.has(key) && !before?.has(key);
      });
      return { ...page, changed, batchId };
    }
    if (!output) return undefined;
    const page = pageOf(output.columns, output.rows, offset, limit);
    return {
      ...page,
      totalRows: output.totalRows,
      batchRows: output.batchRows,
      changed: page.rows.map(() => true),
      batchId: output.batchId,
    };
  }

  private sinkTable(name: string): { all: DataFrame; head: DataFrame } {
    const all = this.spark.sql(`SELECT * FROM \`${name.replaceAll("`", "``")}\``);
    return { all, head: all.limit(WHOLE_RESULT_LIMIT + 1) };
  }
}

/** A row's identity for comparing a sink's rows with a trigger's output. */
export function rowKey(row: Row): string {
  return JSON.stringify(row, (_key, value) =>
    typeof value === "bigint" ? `${value}n` : value instanceof Date ? value.toISOString() : value,
  );
}

/** The progress as plain JSON data, as the protocol carries it (and the notebook saves it). */
function plain(progress: StreamingQueryProgress): QueryProgress {
  return JSON.parse(JSON.stringify(progress));
}
