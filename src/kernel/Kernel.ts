import { EVENTS_SCHEMA_DDL, eventFileCount, writeEvents } from "../datasets/events";
import { type FileSystem, SparkSession } from "../engine/index";
import {
  checkpointLockName,
  currentPlatform,
  type DuckDB,
  TEMPORARY_CHECKPOINT_DIR,
  TEMPORARY_CHECKPOINT_PREFIX,
} from "../engine/internal";
import { CellRunner } from "./CellRunner";
import { checkpointProgress } from "./checkpointProgress";
import { ModeComparisons } from "./compareModes";
import { describeError } from "./describeError";
import { FileDrip } from "./FileDrip";
import { KafkaTopics } from "./KafkaTopics";
import { removeUnheldFolders } from "./leftovers";
import { fileEntry, notebookHost } from "./notebookHost";
import type {
  FromKernel,
  KernelEvent,
  KernelInfo,
  ReplyValue,
  Request,
  RequestOf,
  RequestType,
} from "./protocol";
import { QueryTracker } from "./QueryTracker";
import { SocketInput } from "./SocketInput";
import { TableStore } from "./TableStore";

type Handlers = { [K in RequestType]: (request: RequestOf<K>) => Promise<ReplyValue<K>> };

/**
 * The kernel: owns the engine, DuckDB-WASM and the files, runs cells, and answers the UI's requests. It knows
 * nothing of the DOM; worker.ts connects it to postMessage (and a test may connect it to anything).
 */
export class Kernel {
  private fs!: FileSystem;
  private runner!: CellRunner;
  private tracker!: QueryTracker;
  private drip!: FileDrip;
  private topics!: KafkaTopics;
  private socket!: SocketInput;
  private modes!: ModeComparisons;
  private spark!: SparkSession;
  private readonly tables = new TableStore();
  private ready: Promise<KernelInfo> | undefined;

  constructor(
    private readonly post: (message: FromKernel, transfer?: Transferable[]) => void,
    /** Where files live: OPFS's root in the browser; a directory in Node tests. */
    private readonly options: { fsRoot?: string } = {},
  ) {}

  private emit = (event: KernelEvent) => this.post(event);

  async handle(request: Request): Promise<void> {
    try {
      if (request.type !== "init") await this.init();
      const handler = this.handlers[request.type] as (r: Request) => Promise<unknown>;
      const value = await handler(request);
      const transfer = value instanceof Uint8Array ? [value.buffer as ArrayBuffer] : undefined;
      this.post({ type: "reply", id: request.id, ok: true, value }, transfer);
    } catch (error) {
      this.post({ type: "reply", id: request.id, ok: false, error: describeError(error) });
    }
  }

  private readonly handlers: Handlers = {
    init: () => this.init(),
    run: (r) => this.runner.run(r.cellId, r.code, r.language, r.protect),
    "cell.needs": (r) => this.runner.needs(r.cellId, r.cells),
    "checkpoint.read": (r) => checkpointProgress(this.fs, r.path),
    interrupt: async () => {
      await this.runner.interrupt();
      return null;
    },
    "query.stop": async (r) => {
      await this.tracker.get(r.queryId)?.stop();
      return null;
    },
    "table.page": async (r) => this.tables.page(r.tableId, r.offset, r.limit),
    "query.page": async (r) => this.tracker.page(r.queryId, r.which, r.offset, r.limit),
    "query.history": (r) => this.tracker.history(r.queryId, r.checkpointLocation),
    "query.batch": (r) => this.tracker.batch(r.queryId, r.checkpointLocation, r.batchId),
    "fs.list": async (r) => (await this.fs.list(r.path)).map(fileEntry),
    "fs.read": (r) => this.fs.readFile(r.path),
    "fs.write": async (r) => {
      await this.fs.writeFile(r.path, r.data);
      this.emit({ type: "fs.changed", path: r.path });
      return null;
    },
    "fs.delete": async (r) => {
      await this.fs.delete(r.path);
      this.emit({ type: "fs.changed", path: r.path });
      return null;
    },
    "data.generate": async (r) => {
      const firstIndex = await eventFileCount(this.fs, r.dir);
      const paths = await writeEvents(this.fs, r.dir, { ...r, firstIndex }, await this.duckdb());
      this.emit({ type: "fs.changed", path: r.dir });
      return paths;
    },
    "drip.start": (r) => this.drip.start(r),
    "drip.stop": async () => this.drip.stop(),
    "kafka.topics": (r) => this.topics.view(r.servers),
    "kafka.records": (r) => this.topics.records(r.servers, r.topic, r.partition, r.offset, r.limit),
    "kafka.events.start": (r) => this.topics.startEvents(r),
    "kafka.events.stop": (r) => this.topics.stopEvents(r.servers, r.topic),
    "socket.send": async (r) => this.socket.send(r.host, r.port, r.text),
    "socket.view": async (r) => this.socket.view(r.host, r.port),
    "modes.offer": (r) => this.modes.offer(r.queryId),
    "modes.compare": (r) => this.modes.compare(r.queryId),
    "modes.step": async (r) => this.modes.step(r.comparisonId, r.step),
    "modes.page": async (r) => this.modes.pageOf(r.comparisonId, r.step, r.mode, r.which, r.offset, r.limit),
    "modes.close": async (r) => {
      await this.modes.close(r.comparisonId);
      return null;
    },
    "export.spark": async (r) => {
      const { sparkCells } = await import("../export/sparkCells");
      const ran = (cell: { id: string; source: string }) => {
        const last = this.runner.cellValues.get(cell.id);
        return last?.source === cell.source ? last.values : undefined;
      };
      return sparkCells(r.name, r.cells, ran, new Map([["datasets.eventsSchema", EVENTS_SCHEMA_DDL]]));
    },
  };

  private init(): Promise<KernelInfo> {
    this.ready ??= this.start();
    return this.ready;
  }

  private async start(): Promise<KernelInfo> {
    performance.mark("sluice:kernel-start");
    const platform = await currentPlatform();
    this.fs = await platform.createFileSystem(this.options.fsRoot);
    this.drip = new FileDrip(
      this.fs,
      () => this.duckdb(),
      (state, path) => {
        this.emit({ type: "drip", state });
        if (path) this.emit({ type: "fs.changed", path });
      },
    );
    this.emit({
      type: "loading",
      stage: "Loading DuckDB-WASM and starting the Spark session",
      fraction: 0.4,
    });
    const builder = SparkSession.builder().appName("Sluice notebook");
    if (this.options.fsRoot) builder.config("sluice.fs.root", this.options.fsRoot);
    const spark = await builder.getOrCreate();
    this.spark = spark;
    this.topics = new KafkaTopics(spark);
    this.socket = new SocketInput(spark);
    this.tracker = new QueryTracker(spark, this.emit, () => this.runner.currentCell);
    this.modes = new ModeComparisons(spark, (id) => this.tracker.get(id));
    await this.modes.removeLeftovers();
    // Temporary checkpoints of queries a closed or reloaded tab was running (or kept after they failed).
    await removeUnheldFolders(
      spark,
      TEMPORARY_CHECKPOINT_DIR,
      TEMPORARY_CHECKPOINT_PREFIX,
      checkpointLockName,
    );
    this.runner = new CellRunner({
      spark,
      host: notebookHost({
        fs: this.fs,
        db: () => this.duckdb(),
        drip: this.drip,
        changed: (path) => this.emit({ type: "fs.changed", path }),
        protectedPaths: () => this.runner.protectedPaths,
      }),
      tracker: this.tracker,
      tables: this.tables,
      emit: this.emit,
    });
    spark.setOutput((text, origin) => {
      const cellId = (origin?.queryId && this.tracker.cellOf(origin.queryId)) || this.runner.currentCell;
      if (cellId)
        this.emit({
          type: "output",
          cellId,
          item: { kind: "stream", name: "stdout", text: withNewline(text) },
        });
    });
    performance.mark("sluice:kernel-ready");
    this.emit({ type: "loading", stage: "Ready", fraction: 1 });
    return {
      duckdbVersion: spark.db.version,
      storage: this.fs.kind === "opfs" ? "opfs" : "memory",
    };
  }

  /**
   * The one DuckDB of the kernel, the session's: the data generator and the drip run their SELECTs on their own
   * connections to it (a second instance would fetch and compile DuckDB's 33 MB module again).
   */
  private async duckdb(): Promise<DuckDB> {
    return this.spark.db;
  }
}

function withNewline(text: string): string {
  return text.endsWith("\n") ? text : `${text}\n`;
}
