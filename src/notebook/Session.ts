import type {
  DripOptions,
  KernelError,
  KernelEvent,
  ReplyValue,
  RequestOf,
  Requests,
  RunResult,
  TablePage,
} from "../kernel/protocol";
import { PAGE_SIZE } from "../kernel/protocol";
import { KernelClient, KernelRequestError } from "./KernelClient";
import type { RunKey } from "./keyboard";
import { fromIpynb } from "./model/ipynb";
import { stringify } from "./model/json";
import type { Cell, Notebook } from "./model/notebook";
import { notebookForSaving, saveNotebook } from "./model/persistence";
import { shareUrl } from "./model/share";
import { toSparkIpynb } from "./model/sparkIpynb";
import { type AppState, initialState, type Origin } from "./state/AppState";
import { type Action, action, bindActions, type NotebookActions, reducer } from "./state/actions";
import { actionOf, coalesce } from "./state/kernelEvents";
import { Store } from "./state/Store";

/** How long Stop may take before the UI offers to restart a kernel that no longer answers. */
const STOP_TIMEOUT_MS = 8000;
const SAVE_DELAY_MS = 800;
/** While queries run, their panels are saved this often (a save serializes the notebook on the UI thread). */
const RUNNING_SAVE_MS = 5000;

/**
 * The notebook's I/O: the kernel connection (requests, and its events as actions) and saving. The state lives
 * in the store and changes only by the named actions of state/actions.ts; components read it and dispatch
 * through `actions`, and call the session for what needs the kernel or storage.
 */
export class Session {
  readonly store: Store<AppState, Action>;
  /** Every action, dispatched; an action that changes the notebook (an edit) is saved soon after. */
  readonly actions: NotebookActions;
  private kernel!: KernelClient;
  private kernelReady!: Promise<void>;
  /** Cells run since the kernel (re)started: a restarted query re-runs what its cell needs. */
  private ranInKernel = new Set<string>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by each Run all and by Interrupt: a run-all loop stops when it is no longer the latest. */
  private runBatch = 0;

  constructor(notebook: Notebook, origin: Origin) {
    this.store = new Store(initialState(notebook, origin), reducer);
    this.actions = bindActions((a) => this.dispatch(a));
    this.startKernel();
    // A tab being closed or reloaded saves what a pending (debounced) save would have.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && this.saveTimer) void this.saveNow();
    });
  }

  private get state(): AppState {
    return this.store.get();
  }

  private dispatch(a: Action): void {
    const before = this.state.notebook;
    this.store.dispatch(a);
    if (this.state.notebook !== before) this.scheduleSave();
  }

  private notify(text: string, kind: "info" | "error"): void {
    this.store.dispatch(action.notify({ text, kind }));
  }

  // ── Kernel ───────────────────────────────────────────────────────────────────────────────────────────

  private startKernel(): void {
    this.kernel = KernelClient.start();
    this.ranInKernel = new Set();
    this.kernel.onEvents((events) => this.onKernelEvents(events));
    this.kernelReady = this.kernel.request("init", {}).then(
      (info) => this.store.dispatch(action.kernelReady({ info })),
      (error: Error) => {
        this.store.dispatch(action.kernelFailed({ error: error.message }));
        throw error;
      },
    );
    this.kernelReady.catch(() => {});
  }

  /** Ends the worker (also when it hangs in DuckDB) and starts a new one; queries resume from checkpoints. */
  restartKernel(): void {
    this.kernel.terminate();
    this.store.dispatch(action.kernelRestarting());
    this.startKernel();
  }

  async interrupt(): Promise<void> {
    this.runBatch += 1;
    await this.kernel.request("interrupt", {}).catch(() => {});
    this.store.dispatch(action.interrupted());
  }

  /** A frame's worth of kernel events becomes one state change, so the UI renders once for all of them. */
  private onKernelEvents(events: readonly KernelEvent[]): void {
    const batch = coalesce(events);
    this.store.dispatch(...batch.map(actionOf));
    for (const event of batch) {
      if (event.type === "query.terminated") this.scheduleSave();
      if (event.type === "query.progress") this.saveWhileRunning();
    }
  }

  // ── Running cells ────────────────────────────────────────────────────────────────────────────────────

  async runCell(id: string): Promise<RunResult["status"]> {
    const cell = this.cell(id);
    if (!cell) return "ok";
    if (cell.type === "markdown") {
      this.store.dispatch(action.renderMarkdown({ id }));
      return "ok";
    }
    this.store.dispatch(action.prepareForRun({ id }));
    try {
      await this.kernelReady;
      this.ranInKernel.add(id);
      const result = await this.kernel.request("run", {
        cellId: id,
        code: cell.source,
        language: cell.type === "sql" ? "sql" : cell.type === "python" ? "python" : "typescript",
      });
      return result.status;
    } catch (error) {
      this.store.dispatch(
        action.addOutput({ cellId: id, item: { kind: "error", error: asKernelError(error) } }),
      );
      return "error";
    } finally {
      this.store.dispatch(action.runFinished({ id }));
      void this.saveNow();
    }
  }

  /** Runs a cell from a run key, and moves the selection as that key does. */
  runAndAdvance(id: string, how: RunKey): void {
    void this.runCell(id);
    this.actions.advanceAfterRun({ id, how });
  }

  /** Runs every cell in order; as in Jupyter, an error (or Interrupt) leaves the cells after it unrun. */
  runAll(): Promise<void> {
    return this.runCells(this.state.notebook.cells);
  }

  runAbove(id: string, inclusive = true): Promise<void> {
    const cells = this.state.notebook.cells;
    const index = cells.findIndex((c) => c.id === id);
    return this.runCells(cells.slice(0, inclusive ? index + 1 : index));
  }

  private async runCells(cells: Cell[]): Promise<void> {
    const batch = ++this.runBatch;
    const ids = cells.filter((c) => c.type !== "markdown").map((c) => c.id);
    this.store.dispatch(action.queueCells({ ids }));
    try {
      for (const cell of cells) {
        if (batch !== this.runBatch) return;
        if ((await this.runCell(cell.id)) !== "ok") return;
      }
    } finally {
      this.store.dispatch(action.dequeueCells({ ids }));
    }
  }

  // ── Streaming queries ────────────────────────────────────────────────────────────────────────────────

  /** Stops a query between triggers; a kernel that does not answer (a hung DuckDB call) is offered a restart. */
  async stopQuery(queryId: string): Promise<void> {
    let answered = false;
    const timer = setTimeout(() => {
      if (!answered)
        this.notify(
          "The kernel does not answer (a DuckDB call may hang). Restart the kernel to stop the query; it resumes from its checkpoint.",
          "error",
        );
    }, STOP_TIMEOUT_MS);
    try {
      await this.kernel.request("query.stop", { queryId });
    } catch (error) {
      // A kernel restarted while waiting has stopped the query anyway.
      if (this.state.kernel.phase === "ready")
        this.notify(`Could not stop the query: ${(error as Error).message}`, "error");
    } finally {
      answered = true;
      clearTimeout(timer);
    }
  }

  /**
   * Starts a stopped query again by re-running the cell that started it: with the same checkpoint it continues
   * from its last committed batch. After a kernel restart the cells above run first, to define what it needs.
   */
  async restartQuery(queryId: string): Promise<void> {
    const cellId = this.state.queries[queryId]?.info.cellId;
    if (!cellId || !this.cell(cellId)) {
      this.notify("The cell that started this query is gone: run it again by hand", "error");
      return;
    }
    if (this.ranInKernel.has(cellId)) await this.runCell(cellId);
    else await this.runAbove(cellId);
  }

  pageQuery(queryId: string, which: "input" | "result", offset: number): Promise<TablePage | undefined> {
    return this.kernel.request("query.page", { queryId, which, offset, limit: PAGE_SIZE });
  }

  pageTable(tableId: string, offset: number): Promise<TablePage> {
    return this.kernel.request("table.page", { tableId, offset, limit: PAGE_SIZE });
  }

  // ── Notebooks: open, save, share ─────────────────────────────────────────────────────────────────────

  /** Replaces the notebook (outputs cleared: nothing from a file or URL runs until the user runs it). */
  open(notebook: Notebook, origin: Origin): void {
    this.store.dispatch(action.openNotebook({ notebook, origin }));
    void this.saveNow();
  }

  async openFile(file: File): Promise<void> {
    try {
      this.open(fromIpynb(JSON.parse(await file.text()), file.name.replace(/\.ipynb$/i, "")), "file");
      this.notify(`Opened ${file.name}: nothing has run yet`, "info");
    } catch (error) {
      this.notify(`Could not open ${file.name}: ${(error as Error).message}`, "error");
    }
  }

  ipynbText(): string {
    return stringify(notebookForSaving(this.state.notebook, this.state.queries), 1);
  }

  /** The notebook as a PySpark .ipynb for a Spark cluster (the kernel translates TypeScript cells). */
  async sparkIpynbText(): Promise<string> {
    await this.kernelReady;
    const { name, cells } = this.state.notebook;
    const exported = await this.kernel.request("export.spark", {
      name,
      cells: cells.map((c) => ({ id: c.id, type: c.type, source: c.source })),
    });
    return JSON.stringify(toSparkIpynb(name, exported), null, 1);
  }

  shareLink(): string {
    return shareUrl(this.state.notebook, window.location.href);
  }

  scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** A running query's panel is saved now and then, not per trigger; a pending save is not pushed back. */
  private saveWhileRunning(): void {
    this.saveTimer ??= setTimeout(() => whenIdle(() => void this.saveNow()), RUNNING_SAVE_MS);
  }

  async saveNow(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    try {
      await saveNotebook(this.state.notebook, this.state.queries);
    } catch (error) {
      const quota = (error as Error)?.name === "QuotaExceededError";
      this.notify(
        quota
          ? "Browser storage is full: the notebook could not be saved. Delete old files."
          : `Could not save: ${(error as Error).message}`,
        "error",
      );
    }
  }

  // ── Files and data ───────────────────────────────────────────────────────────────────────────────────

  async listFiles(path: string) {
    await this.kernelReady;
    return this.kernel.request("fs.list", { path });
  }

  async readFile(path: string): Promise<Uint8Array> {
    await this.kernelReady;
    return this.kernel.request("fs.read", { path });
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await this.kernelReady;
    await this.kernel.request("fs.write", { path, data }, [data.buffer as ArrayBuffer]);
  }

  async deleteFile(path: string): Promise<void> {
    await this.kernelReady;
    await this.kernel.request("fs.delete", { path });
  }

  async generateEvents(options: Omit<DripOptions, "everySeconds">): Promise<string[]> {
    await this.kernelReady;
    return this.kernel.request("data.generate", options);
  }

  async startDrip(options: DripOptions): Promise<void> {
    await this.kernelReady;
    this.store.dispatch(action.dripChanged({ drip: await this.kernel.request("drip.start", options) }));
  }

  async stopDrip(): Promise<void> {
    this.store.dispatch(action.dripChanged({ drip: await this.kernel.request("drip.stop", {}) }));
  }

  /** The Topics tab's and the socket box's requests (they ask again while they are shown). */
  async streams<K extends Extract<keyof Requests, `kafka.${string}` | `socket.${string}`>>(
    type: K,
    body: Omit<RequestOf<K>, "type" | "id">,
  ): Promise<ReplyValue<K>> {
    await this.kernelReady;
    return this.kernel.request<K>(type, body);
  }

  private cell(id: string): Cell | undefined {
    return this.state.notebook.cells.find((c) => c.id === id);
  }
}

/** Runs `f` when the UI thread has nothing else to do (soon, at the latest). */
function whenIdle(f: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(f, { timeout: 1000 });
  else setTimeout(f, 0);
}

function asKernelError(error: unknown): KernelError {
  if (error instanceof KernelRequestError) return error.detail;
  return { name: (error as Error)?.name ?? "Error", message: (error as Error)?.message ?? String(error) };
}
