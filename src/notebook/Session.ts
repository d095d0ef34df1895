import type {
  DripOptions,
  KernelError,
  KernelEvent,
  OutputItem,
  QuerySnapshot,
  RunResult,
  TablePage,
} from "../kernel/protocol";
import { PAGE_SIZE } from "../kernel/protocol";
import { KernelClient, KernelRequestError } from "./KernelClient";
import { applyKernelEvent, coalesce } from "./kernelEvents";
import { fromIpynb } from "./model/ipynb";
import { stringify } from "./model/json";
import {
  type Cell,
  type CellType,
  insertCell,
  moveCell,
  type Notebook,
  newCell,
  removeCell,
  splitCell,
  updateCell,
  withoutOutputs,
} from "./model/notebook";
import { notebookForSaving, saveNotebook } from "./model/persistence";
import { shareUrl } from "./model/share";
import { toSparkIpynb } from "./model/sparkIpynb";
import { type AppState, appendOutput, Store } from "./store";
import { type Queries, restoredSnapshot } from "./streaming/queries";

/** How long Stop may take before the UI offers to restart a kernel that no longer answers. */
const STOP_TIMEOUT_MS = 8000;
const SAVE_DELAY_MS = 800;
/** While queries run, their panels are saved this often (a save serializes the notebook on the UI thread). */
const RUNNING_SAVE_MS = 5000;

/**
 * The notebook's controller: owns the store and the kernel connection, turns user actions into kernel requests
 * and kernel events into state. Components call its methods and read the store; nothing else talks to the kernel.
 */
export class Session {
  readonly store: Store<AppState>;
  private kernel!: KernelClient;
  private kernelReady!: Promise<void>;
  /** Cells run since the kernel (re)started: a restarted query re-runs what its cell needs. */
  private ranInKernel = new Set<string>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private deletePending: string | null = null;
  /** Bumped by each Run all and by Interrupt: a run-all loop stops when it is no longer the latest. */
  private runBatch = 0;
  /** Queries this session's kernels started (the others were restored from a saved notebook). */
  private readonly sessionQueries = new Set<string>();

  constructor(notebook: Notebook, origin: AppState["origin"]) {
    this.store = new Store<AppState>({
      notebook,
      running: {},
      selected: notebook.cells[0]?.id ?? null,
      mode: "command",
      editingMarkdown: {},
      queries: restoredQueries(notebook),
      kernel: { phase: "starting", stage: "Starting the kernel", fraction: 0.05 },
      drip: { active: false, dir: "/data/events", everySeconds: 5, written: 0, total: 0 },
      filesVersion: 0,
      origin,
    });
    this.startKernel();
    // A tab being closed or reloaded saves what a pending (debounced) save would have.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && this.saveTimer) void this.saveNow();
    });
  }

  private get state(): AppState {
    return this.store.get();
  }

  // ── Kernel ───────────────────────────────────────────────────────────────────────────────────────────

  private startKernel(): void {
    this.kernel = KernelClient.start();
    this.ranInKernel = new Set();
    this.kernel.onEvents((events) => this.onKernelEvents(events));
    this.kernelReady = this.kernel.request("init", {}).then(
      (info) =>
        this.store.set((s) => ({
          kernel: { ...s.kernel, phase: "ready", stage: "Ready", fraction: 1, info },
        })),
      (error: Error) => {
        this.store.set({ kernel: { phase: "dead", stage: "Failed", fraction: 1, error: error.message } });
        throw error;
      },
    );
    this.kernelReady.catch(() => {});
  }

  /** Ends the worker (also when it hangs in DuckDB) and starts a new one; queries resume from checkpoints. */
  restartKernel(): void {
    this.kernel.terminate();
    this.store.set((s) => ({
      running: {},
      kernel: { phase: "restarting", stage: "Restarting the kernel", fraction: 0.05 },
      notice: undefined,
      queries: Object.fromEntries(
        Object.entries(s.queries).map(([id, q]) => [id, stopped(q, "Stopped (kernel restarted)")]),
      ),
    }));
    this.startKernel();
  }

  async interrupt(): Promise<void> {
    this.runBatch += 1;
    await this.kernel.request("interrupt", {}).catch(() => {});
    this.store.set({ running: {} });
  }

  /** A frame's worth of kernel events becomes one state change, so the UI renders once for all of them. */
  private onKernelEvents(events: readonly KernelEvent[]): void {
    const batch = coalesce(events);
    this.store.set((s) => batch.reduce(applyKernelEvent, s));
    for (const event of batch) {
      if (event.type === "query.started") this.sessionQueries.add(event.query.id);
      if (event.type === "query.terminated") this.scheduleSave();
      if (event.type === "query.progress") this.saveWhileRunning();
    }
  }

  // ── Running cells ────────────────────────────────────────────────────────────────────────────────────

  async runCell(id: string): Promise<RunResult["status"]> {
    const cell = this.cell(id);
    if (!cell) return "ok";
    if (cell.type === "markdown") {
      this.store.set((s) => ({ editingMarkdown: { ...s.editingMarkdown, [id]: false } }));
      return "ok";
    }
    this.mutateCell(id, () => ({ outputs: [] }));
    // Once the user runs something, the "nothing has run" note of a shared notebook has done its job.
    this.store.set((s) => ({
      running: { ...s.running, [id]: "queued" },
      origin: s.origin === "url" || s.origin === "file" ? "storage" : s.origin,
    }));
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
      this.mutateCell(id, (c) => ({
        outputs: appendOutput(c.outputs, { kind: "error", error: asKernelError(error) }),
      }));
      return "error";
    } finally {
      this.store.set((s) => {
        const { [id]: _, ...running } = s.running;
        return { running };
      });
      void this.saveNow();
    }
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
    const code = cells.filter((c) => c.type !== "markdown").map((c) => c.id);
    this.store.set((s) => ({
      running: { ...s.running, ...Object.fromEntries(code.map((id) => [id, "queued" as const])) },
    }));
    try {
      for (const cell of cells) {
        if (batch !== this.runBatch) return;
        if ((await this.runCell(cell.id)) !== "ok") return;
      }
    } finally {
      // Cells left unrun are no longer queued.
      this.store.set((s) => ({
        running: Object.fromEntries(
          Object.entries(s.running).filter(([id, state]) => state === "running" || !code.includes(id)),
        ),
      }));
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

  // ── Editing ──────────────────────────────────────────────────────────────────────────────────────────

  setSource(id: string, source: string): void {
    this.mutateCell(id, () => ({ source }));
    this.scheduleSave();
  }

  select(id: string | null, mode: AppState["mode"] = this.state.mode): void {
    this.deletePending = null;
    this.store.set({ selected: id, mode });
  }

  setMode(mode: AppState["mode"]): void {
    this.store.set({ mode });
  }

  selectRelative(delta: number): void {
    const cells = this.state.notebook.cells;
    const index = cells.findIndex((c) => c.id === this.state.selected);
    const next = cells[Math.max(0, Math.min(cells.length - 1, index + delta))];
    if (next) this.select(next.id, "command");
  }

  /** Inserts a new cell next to the selected one and selects it. */
  insert(where: "above" | "below", type: CellType = "code", source = "", edit = true): string {
    const cells = this.state.notebook.cells;
    const index = cells.findIndex((c) => c.id === this.state.selected);
    const cell = newCell(type, source);
    const at = index < 0 ? cells.length : where === "above" ? index : index + 1;
    this.setCells(insertCell(cells, at, cell));
    if (type === "markdown")
      this.store.set((s) => ({ editingMarkdown: { ...s.editingMarkdown, [cell.id]: true } }));
    this.select(cell.id, edit ? "edit" : "command");
    return cell.id;
  }

  remove(id: string): void {
    const cells = this.state.notebook.cells;
    const index = cells.findIndex((c) => c.id === id);
    let next = removeCell(cells, id);
    if (next.length === 0) next = [newCell("code")];
    this.setCells(next);
    this.select(next[Math.min(index, next.length - 1)].id, "command");
  }

  /** Jupyter's D, D: the second press within a second deletes. */
  deleteKey(): void {
    const id = this.state.selected;
    if (!id) return;
    if (this.deletePending === id) {
      this.deletePending = null;
      this.remove(id);
      return;
    }
    this.deletePending = id;
    setTimeout(() => {
      if (this.deletePending === id) this.deletePending = null;
    }, 1000);
  }

  move(id: string, delta: number): void {
    this.setCells(moveCell(this.state.notebook.cells, id, delta));
  }

  split(id: string, offset: number): void {
    this.setCells(splitCell(this.state.notebook.cells, id, offset));
  }

  changeType(id: string, type: CellType): void {
    this.mutateCell(id, () => ({ type, outputs: [], executionCount: null }));
    if (type === "markdown")
      this.store.set((s) => ({ editingMarkdown: { ...s.editingMarkdown, [id]: true } }));
    this.scheduleSave();
  }

  editMarkdown(id: string): void {
    this.store.set((s) => ({ editingMarkdown: { ...s.editingMarkdown, [id]: true } }));
    this.select(id, "edit");
  }

  rename(name: string): void {
    this.store.set((s) => ({ notebook: { ...s.notebook, name: name.trim() || "Untitled" } }));
    this.scheduleSave();
  }

  // ── Notebooks: open, save, share ─────────────────────────────────────────────────────────────────────

  /** Replaces the notebook (outputs cleared: nothing from a file or URL runs until the user runs it). */
  open(notebook: Notebook, origin: AppState["origin"]): void {
    const clean = withoutOutputs(notebook);
    this.store.set((s) => ({
      // The session's own queries stay listed; panels restored from the previous notebook go with it.
      queries: Object.fromEntries(Object.entries(s.queries).filter(([id]) => this.sessionQueries.has(id))),
      notebook: clean,
      origin,
      selected: clean.cells[0]?.id ?? null,
      mode: "command",
      editingMarkdown: {},
      running: {},
    }));
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
    this.store.set({ drip: await this.kernel.request("drip.start", options) });
  }

  async stopDrip(): Promise<void> {
    this.store.set({ drip: await this.kernel.request("drip.stop", {}) });
  }

  notify(text: string, kind: "info" | "error" = "info"): void {
    this.store.set({ notice: { text, kind } });
  }

  dismissNotice(): void {
    this.store.set({ notice: undefined });
  }

  // ── Helpers ──────────────────────────────────────────────────────────────────────────────────────────

  cell(id: string): Cell | undefined {
    return this.state.notebook.cells.find((c) => c.id === id);
  }

  private setCells(cells: Cell[]): void {
    this.store.set((s) => ({ notebook: { ...s.notebook, cells } }));
    this.scheduleSave();
  }

  private mutateCell(id: string, change: (cell: Cell) => Partial<Cell>): void {
    this.store.set((s) => {
      const cell = s.notebook.cells.find((c) => c.id === id);
      if (!cell) return {};
      return { notebook: { ...s.notebook, cells: updateCell(s.notebook.cells, id, change(cell)) } };
    });
  }
}

function restoredQueries(notebook: Notebook): Queries {
  const out: Record<string, QuerySnapshot> = {};
  for (const cell of notebook.cells) {
    for (const o of cell.outputs)
      if (o.kind === "query" && o.snapshot) out[o.queryId] = restoredSnapshot(o.snapshot);
  }
  return out;
}

function stopped(q: QuerySnapshot, message: string): QuerySnapshot {
  return q.phase === "running"
    ? { ...q, phase: "stopped", status: { ...q.status, isTriggerActive: false, message } }
    : q;
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

export type { OutputItem };
