/**
 * The one message protocol between the notebook (UI thread) and the kernel (Web Worker). Nothing else crosses:
 * both sides import this file and no other from each other. Messages go through postMessage, so values are
 * structured-cloned: rows keep Date, bigint and nested objects as they are. Where a message carries an engine
 * type as it is, the type is imported (type-only: the notebook's bundle gets no engine code).
 */

import type {
  BatchRecord,
  BatchStateChange,
  WaitingFor as EngineWaitingFor,
  FileStatus,
  Row,
  StreamingQueryStatus,
} from "../engine/index";
import type { SourceCell as NotebookCellSource, SparkCell } from "../export/sparkCells";

export type Language = "typescript" | "sql" | "python";

export interface ColumnInfo {
  name: string;
  /** Spark's type name: "string", "bigint", "struct<city:string,state:string>", ... */
  type: string;
}

/** One row as the engine returns it: integers as numbers (bigint past 2^53), timestamps as Date. */
export type { Row };

/** A page of a table that lives in the kernel; the UI asks for more pages by offset. */
export interface TablePage {
  columns: ColumnInfo[];
  rows: Row[];
  offset: number;
  totalRows: number;
  /** A stopped query's batch had this many rows, of which it kept the first `totalRows`. */
  batchRows?: number;
}

/** A page of a query's result table, with the rows the latest trigger added or changed marked. */
export interface ResultPage extends TablePage {
  changed: boolean[];
}

export interface KernelError {
  /** The exception's class: AnalysisException, StreamingQueryException, SyntaxError, TypeError, ... */
  name: string;
  message: string;
  /** 1-based line and column in the cell where the error happened, where known. */
  line?: number;
  column?: number;
  /** The failing micro-batch of a StreamingQueryException. */
  batchId?: number;
  stack?: string;
}

/** How a display()ed table may be drawn as a chart instead of a grid. */
export interface ChartSpec {
  type: "bar" | "line" | "area";
  x: string;
  y: string[];
}

/** A cell's output, in the order it was produced. */
export type OutputItem =
  | { kind: "stream"; name: "stdout" | "stderr"; text: string }
  | { kind: "value"; text: string }
  | { kind: "table"; tableId: string; page: TablePage; chart?: ChartSpec }
  | { kind: "query"; queryId: string; snapshot?: QuerySnapshot }
  | { kind: "error"; error: KernelError };

// ── Streaming queries ────────────────────────────────────────────────────────────────────────────────────

export interface QueryInfo {
  id: string;
  runId: string;
  name: string | null;
  /** The cell whose run started the query (for its live panel). */
  cellId: string | null;
  /** Where the query keeps its checkpoint (Restart continues from it; a reloaded panel reads its commits). */
  checkpointLocation?: string;
  /** The sink, as progress describes it ("MemorySink": a table named after the query, gone with its kernel). */
  sink?: string;
  startedAt: number;
  chart?: ChartSpec;
}

/** StreamingQueryStatus, as Spark reports it. */
export type QueryStatus = StreamingQueryStatus;

export interface StateOperatorProgress {
  operatorName?: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  numRowsRemoved?: number;
  memoryUsedBytes?: number;
  numRowsDroppedByWatermark?: number;
}

/**
 * StreamingQueryProgress with Spark's JSON keys (the ones the live panel reads; the rest travel along). Its own
 * shape rather than the engine's: the progress travels as JSON (NaN becomes null), is saved with the notebook's
 * query snapshots, and the notebook needs only these fields.
 */
export interface QueryProgress {
  id: string;
  runId: string;
  name: string | null;
  timestamp: string;
  batchId: number;
  numInputRows: number;
  inputRowsPerSecond?: number;
  processedRowsPerSecond?: number;
  durationMs: Record<string, number>;
  eventTime?: Record<string, string>;
  stateOperators?: StateOperatorProgress[];
  sources?: { description: string; numInputRows: number }[];
  sink?: { description: string; numOutputRows?: number };
}

/** What the output is waiting for (`query.waitingFor()`): the facts, and the engine's sentence (session time zone). */
export type WaitingFor = EngineWaitingFor;

/** What the kernel sends of one trigger; the tables are left out where they could not be read. */
export interface QueryTrigger {
  progress: QueryProgress;
  status: QueryStatus;
  input?: TablePage & { batchId: number };
  result?: ResultPage & { batchId: number };
}

/**
 * One committed batch as `query.batch(n)` reads it (input, late and output rows, the watermark before and after,
 * each stateful operator's state before and after with what changed, the checkpoint files), progress as JSON.
 */
export type BatchView = Omit<BatchRecord, "progress"> & { progress: QueryProgress };

/** One stateful operator's state around a batch: before, after, and the rows added, updated and removed. */
export type { BatchStateChange };

/** The batches a query's history keeps, and the session time zone its times are shown in. */
export interface HistoryView {
  batchIds: number[];
  /** `spark.sql.session.timeZone`. */
  timeZone: string;
}

export type QueryPhase = "running" | "stopped" | "failed";

/** What the live panel shows of a query; kept in the notebook so a reload still shows the last results. */
export interface QuerySnapshot {
  info: QueryInfo;
  phase: QueryPhase;
  status: QueryStatus;
  progress: QueryProgress[];
  input?: TablePage & { batchId: number };
  result?: ResultPage & { batchId: number };
  waitingFor?: WaitingFor;
  error?: KernelError;
}

// ── Files ────────────────────────────────────────────────────────────────────────────────────────────────

/** A file or directory as the engine's file system lists it. */
export type FileEntry = FileStatus;

export interface DripState {
  active: boolean;
  dir: string;
  everySeconds: number;
  /** Files dropped so far, and how many will be in all. */
  written: number;
  total: number;
}

export interface DripOptions {
  dir: string;
  everySeconds: number;
  files: number;
  rowsPerFile: number;
  seed: number;
  /** The generator's event-time options (src/datasets/events.ts); its defaults where absent. */
  secondsPerFile?: number;
  disorderSeconds?: number;
  lateFraction?: number;
  lateBySeconds?: number;
}

// ── Kafka topics and the socket box ──────────────────────────────────────────────────────────────────────

export interface TopicView {
  name: string;
  /** Per partition, the first offset still kept and the offset the next record will get. */
  partitions: { partition: number; earliestOffset: number; latestOffset: number }[];
  /** Records appended per second since the previous look; null on the first. */
  messagesPerSecond: number | null;
  retentionMs: number;
  retentionBytes: number;
}

/** A running query's Kafka source on one topic: per partition its committed offset and how far behind it is. */
export interface QueryLag {
  queryId: string;
  name: string | null;
  topic: string;
  /** `committed`: the end offset of the query's last batch (null before its first). */
  partitions: { partition: number; committed: number | null; latest: number; lag: number | null }[];
}

/** The Topics tab's event producer: the teaching events as JSON into a topic at a rate, some late. */
export interface EventsOptions {
  servers: string;
  topic: string;
  rowsPerSecond: number;
  /** The share of events, 0 to 1, whose event time is up to `maxLatenessMs` before their send time. */
  lateFraction: number;
  maxLatenessMs: number;
  /** Every event's time is up to this many milliseconds before its send time (neighbours swap places). */
  maxDisorderMs: number;
}

export interface EventsState extends EventsOptions {
  /** Events sent so far. */
  produced: number;
}

/** The Topics tab: one cluster's topics (named by its `kafka.bootstrap.servers`) and the queries reading them. */
export interface TopicsView {
  servers: string;
  /** The clusters that have topics, by their folder names. */
  clusters: string[];
  topics: TopicView[];
  queries: QueryLag[];
  /** The event producers the tab started, on any cluster. */
  producers: EventsState[];
}

/** A record as the record browser shows it: key, value and header values as UTF-8 text (hex where not text). */
export interface TopicRecord {
  offset: number;
  timestamp: number;
  /** Kafka's timestamp type: 0 CreateTime, 1 LogAppendTime. */
  timestampType: number;
  key: string | null;
  value: string | null;
  headers: { key: string; value: string | null }[];
}

export interface TopicRecords {
  records: TopicRecord[];
  earliestOffset: number;
  latestOffset: number;
}

/** The socket box: a `nc -lk` on host:port, the sources connected to it, and the lines sent so far. */
export interface SocketView {
  host: string;
  port: number;
  /** Socket sources connected now. */
  connections: number;
  /** Running queries reading this address (known once they have run a trigger). */
  queries: { id: string; name: string | null }[];
  lines: { value: string; timestamp: number }[];
}

/** A cell that must run before another, and the names it defines that the other uses. */
export interface NeededCell {
  id: string;
  defines: string[];
}

/** What a cell needs before it can run in this kernel: cells above to run, and names nothing above defines. */
export interface CellNeeds {
  run: NeededCell[];
  missing: string[];
}

/** A checkpoint's progress as its logs have it: the last batch committed and the last one planned (offsets). */
export interface CheckpointProgress {
  committedBatchId?: number;
  plannedBatchId?: number;
}

// ── Output modes side by side ────────────────────────────────────────────────────────────────────────────

export type OutputModeName = "append" | "update" | "complete";

/** Whether "Compare output modes" is offered for a query, and why not where it is not. */
export interface ModesOffer {
  offered: boolean;
  reason?: string;
}

/** One mode's run in a comparison: its memory sink, or Spark's error where Spark refuses the mode. */
export interface ModeRun {
  mode: OutputModeName;
  /** The memory sink's table (a table of the session while the comparison is open). */
  table: string;
  /** As start() raised it (`condition`: Spark's error condition), or as the run failed. */
  error?: KernelError & { condition?: string };
}

/** One step of a comparison: a batch of the original's input, and what each mode ran for it. */
export interface ModesStep {
  /** The original query's batches it stands for, first and last. */
  originalBatchIds: [number, number];
  /** Per mode (in `runs` order), its batch ids for the step: the one with the data, then no-data batches. */
  batchIds: number[][];
}

/** The same query run in append, update and complete mode on the same input, batch by batch. */
export interface ModesComparison {
  id: string;
  queryId: string;
  /** The original query's own output mode. */
  queryMode: OutputModeName;
  runs: ModeRun[];
  steps: ModesStep[];
}

/** What one mode did in one step. */
export interface ModeStepView {
  mode: OutputModeName;
  /** The rows it emitted to its sink (every batch of the step), changed marks unused. */
  emitted: TablePage;
  /** Its memory sink's table after the step, with the rows the step wrote into it marked. */
  table: ResultPage;
  /** Input rows its batches dropped as late (complete mode keeps every group, so it drops none). */
  lateRows: number;
}

export interface ModesStepView {
  step: number;
  /** The input rows read, and the watermark before and after (epoch ms; null: the query has none). */
  inputRows: number;
  watermark: { before: number | null; after: number | null };
  modes: ModeStepView[];
}

export interface KernelInfo {
  duckdbVersion: string;
  storage: "opfs" | "memory";
}

export interface RunResult {
  status: "ok" | "error" | "interrupted";
  executionCount: number;
}

/** Export to Spark's input (a cell as the notebook holds it) and output (a cell of the PySpark notebook). */
export type { NotebookCellSource, SparkCell };

// ── Requests (UI → kernel) and their replies ─────────────────────────────────────────────────────────────

export interface Requests {
  init: { req: Record<never, never>; res: KernelInfo };
  /** `protect`: paths the cell may not delete with dbutils.fs.rm (a checkpoint Restart continues from). */
  run: { req: { cellId: string; code: string; language: Language; protect?: string[] }; res: RunResult };
  /** Which cells above `cellId` define the names it uses and the kernel does not have. */
  "cell.needs": { req: { cellId: string; cells: NotebookCellSource[] }; res: CellNeeds };
  /** The last committed and planned batch of the checkpoint at `path`. */
  "checkpoint.read": { req: { path: string }; res: CheckpointProgress };
  /** Abandons the running cell and queued ones; stops queries they started. */
  interrupt: { req: Record<never, never>; res: null };
  "query.stop": { req: { queryId: string }; res: null };
  "table.page": { req: { tableId: string; offset: number; limit: number }; res: TablePage };
  "query.page": {
    req: { queryId: string; which: "input" | "result"; offset: number; limit: number };
    res: TablePage | ResultPage | undefined;
  };
  /**
   * The batches whose history is kept: the query's in this kernel, else (a panel restored from the notebook)
   * the checkpoint's, as `spark.streams.history(checkpointLocation)` reads it.
   */
  "query.history": { req: { queryId: string; checkpointLocation?: string }; res: HistoryView };
  /** One batch of that history, as `query.batch(n)` reads it. */
  "query.batch": { req: { queryId: string; checkpointLocation?: string; batchId: number }; res: BatchView };
  "fs.list": { req: { path: string }; res: FileEntry[] };
  "fs.read": { req: { path: string }; res: Uint8Array };
  "fs.write": { req: { path: string; data: Uint8Array }; res: null };
  "fs.delete": { req: { path: string }; res: null };
  "data.generate": { req: Omit<DripOptions, "everySeconds">; res: string[] };
  "drip.start": { req: DripOptions; res: DripState };
  "drip.stop": { req: Record<never, never>; res: DripState };
  "kafka.topics": { req: { servers: string }; res: TopicsView };
  /** A partition's records from `offset` (default: its last `limit` records). */
  "kafka.records": {
    req: { servers: string; topic: string; partition: number; offset?: number; limit: number };
    res: TopicRecords;
  };
  /** Starts (or restarts with new settings) the tab's event producer for a topic. */
  "kafka.events.start": { req: EventsOptions; res: EventsState[] };
  "kafka.events.stop": { req: { servers: string; topic: string }; res: EventsState[] };
  /** Lines typed or pasted into the socket box, sent as nc sends them. */
  "socket.send": { req: { host: string; port: number; text: string }; res: SocketView };
  "socket.view": { req: { host: string; port: number }; res: SocketView };
  "modes.offer": { req: { queryId: string }; res: ModesOffer };
  /** Runs the query again in each output mode on the input it read so far; resolves once the runs are done. */
  "modes.compare": { req: { queryId: string }; res: ModesComparison };
  "modes.step": { req: { comparisonId: string; step: number }; res: ModesStepView };
  "modes.page": {
    req: {
      comparisonId: string;
      step: number;
      mode: OutputModeName;
      which: "emitted" | "table";
      offset: number;
      limit: number;
    };
    res: ResultPage;
  };
  /** Removes the runs' memory tables and temporary checkpoints. */
  "modes.close": { req: { comparisonId: string }; res: null };
  /** The notebook as PySpark for a Spark cluster: TypeScript cells translated (DataFrames from their plans). */
  "export.spark": { req: { name: string; cells: NotebookCellSource[] }; res: SparkCell[] };
}

export type RequestType = keyof Requests;
export type RequestOf<K extends RequestType> = { type: K; id: number } & Requests[K]["req"];
export type Request = { [K in RequestType]: RequestOf<K> }[RequestType];
export type ReplyValue<K extends RequestType> = Requests[K]["res"];

export type Reply =
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; error: KernelError };

// ── Events (kernel → UI) ─────────────────────────────────────────────────────────────────────────────────

export type KernelEvent =
  | { type: "loading"; stage: string; fraction: number }
  /** Python (Pyodide) loads the first time a Python cell runs; fraction 1 when it is ready. */
  | { type: "python.loading"; stage: string; fraction: number }
  | { type: "output"; cellId: string; item: OutputItem }
  | { type: "cell.started"; cellId: string; executionCount: number }
  | { type: "query.started"; query: QueryInfo }
  /** One message per trigger: its progress, the status after it, and the first pages of the live tables. */
  | ({ type: "query.progress"; queryId: string } & QueryTrigger)
  /** Status changes between triggers (waiting for data, writing offsets...). */
  | { type: "query.status"; queryId: string; status: QueryStatus }
  /** What the output waits for after batch `batchId`, once the query has been idle a moment after it. */
  | { type: "query.waiting"; queryId: string; batchId: number; waitingFor: WaitingFor }
  | { type: "query.terminated"; queryId: string; error?: KernelError }
  | { type: "drip"; state: DripState }
  | { type: "fs.changed"; path: string };

export type FromKernel = KernelEvent | Reply;

/** Page size used for every table unless the UI asks otherwise. */
export const PAGE_SIZE = 50;
