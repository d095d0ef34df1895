import type {
  BatchView,
  CellNeeds,
  DripOptions,
  HistoryView,
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
import {
  dirname,
  fileName,
  type NotebookEntry,
  notebookName,
  SaveConflict,
  type StoredFile,
} from "./model/contents";
import { fromIpynb } from "./model/ipynb";
import { stringify } from "./model/json";
import { type Cell, emptyNotebook, type Notebook } from "./model/notebook";
import { browserContents, notebookForSaving, rememberNotebook } from "./model/persistence";
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
  /** The saves in flight, in order: a save starts once the one before it has finished. */
  private saving: Promise<void> = Promise.resolve();
  private readonly contents = browserContents();
  /** What this tab last read or wrote at the notebook's path: a save checks the stored file is still that. */
  private stored: { path: string; text: string } | undefined;
  /** Whether the user changed the notebook since it was stored as `stored` (what leaving it would lose). */
  private edited = false;
  /** Tells the other tabs of this browser about saves, so a tab on the same notebook learns at once. */
  private readonly channel =
    typeof BroadcastChannel === "function" ? new BroadcastChannel("sluice:notebooks") : undefined;
  /** Bumped by each Run all and by Interrupt: a run-all loop stops when it is no longer the latest. */
  private runBatch = 0;

  /** `stored`: the file the notebook was read from (its path and text), where it was. */
  constructor(notebook: Notebook, origin: Origin, stored?: { path: string; text: string }) {
    this.store = new Store(initialState(notebook, origin, stored?.path), reducer);
    this.stored = stored;
    if (this.channel) this.channel.onmessage = (e) => void this.onNotebookMessage(e.data);
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
    if (this.state.notebook !== before) {
      this.edited = true;
      this.store.dispatch(action.notebookEdited());
      this.scheduleSave();
    }
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
      (info) => {
        this.store.dispatch(action.kernelReady({ info }));
        void this.readCheckpoints();
      },
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

  /** `protect`: paths the cell may not delete (the checkpoint a Restart continues from). */
  async runCell(id: string, { protect }: { protect?: string[] } = {}): Promise<RunResult["status"]> {
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
        protect,
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
   * Restart: starts a stopped query again by running the cell that started it, which continues from the
   * checkpoint's last committed batch. Where this kernel has not run that cell (the page was reloaded, the
   * kernel restarted), the cells above that define the names it needs run first; a cell that defines nothing
   * it needs (a reset cell, a failing one) does not. Resolves to the plan where there are such cells or
   * missing names: the panel shows it and asks before running it.
   */
  async restartQuery(queryId: string): Promise<RestartPlan | undefined> {
    const info = this.state.queries[queryId]?.info;
    const cellId = info?.cellId;
    if (!info || !cellId || !this.cell(cellId)) {
      this.notify("The cell that started this query is gone: run it again by hand", "error");
      return undefined;
    }
    const plan: RestartPlan = { queryId, cellId, run: [], missing: [], checkpoint: info.checkpointLocation };
    if (!this.ranInKernel.has(cellId)) {
      try {
        await this.kernelReady;
        const cells = this.state.notebook.cells.map((c) => ({ id: c.id, type: c.type, source: c.source }));
        Object.assign(plan, await this.kernel.request("cell.needs", { cellId, cells }));
      } catch (error) {
        this.notify(`Could not tell what the query's cell needs: ${(error as Error).message}`, "error");
        return undefined;
      }
    }
    if (plan.run.length > 0 || plan.missing.length > 0) return plan;
    await this.runRestart(plan);
    return undefined;
  }

  /** Runs a Restart's cells in order, its checkpoint protected; a failing cell stops it and is reported. */
  async runRestart(plan: RestartPlan): Promise<void> {
    const ids = [...plan.run.map((c) => c.id), plan.cellId];
    const batch = ++this.runBatch;
    const protect = plan.checkpoint ? [plan.checkpoint] : [];
    this.store.dispatch(action.queueCells({ ids }));
    try {
      for (const id of ids) {
        if (batch !== this.runBatch) return;
        if ((await this.runCell(id, { protect })) === "ok") continue;
        const where = `cell ${this.state.notebook.cells.findIndex((c) => c.id === id) + 1}`;
        const why =
          id === plan.cellId
            ? `its ${where} failed`
            : `${where}, which it needs for ${plan.run.find((c) => c.id === id)?.defines.join(", ")}, failed`;
        this.store.dispatch(
          action.restartFailed({ queryId: plan.queryId, message: `Not restarted: ${why}` }),
        );
        this.notify(`Restart stopped: ${why}. Its error is under the cell.`, "error");
        return;
      }
    } finally {
      this.store.dispatch(action.dequeueCells({ ids }));
    }
  }

  /** How far each past run's checkpoint got (the panel saved with the notebook may be behind it). */
  private async readCheckpoints(): Promise<void> {
    await this.kernelReady;
    for (const [queryId, past] of Object.entries(this.state.pastRuns)) {
      const path = this.state.queries[queryId]?.info.checkpointLocation;
      if (!path || past.committedBatchId !== undefined) continue;
      try {
        const progress = await this.kernel.request("checkpoint.read", { path });
        this.store.dispatch(action.checkpointRead({ queryId, progress }));
      } catch (error) {
        console.warn(`Could not read the checkpoint ${path}:`, error);
      }
    }
  }

  pageQuery(queryId: string, which: "input" | "result", offset: number): Promise<TablePage | undefined> {
    return this.kernel.request("query.page", { queryId, which, offset, limit: PAGE_SIZE });
  }

  /** The batches a query's history keeps (a stopped or reloaded query's from its checkpoint). */
  queryHistory(queryId: string): Promise<HistoryView> {
    return this.kernel.request("query.history", { queryId, checkpointLocation: this.checkpointOf(queryId) });
  }

  queryBatch(queryId: string, batchId: number): Promise<BatchView> {
    return this.kernel.request("query.batch", {
      queryId,
      checkpointLocation: this.checkpointOf(queryId),
      batchId,
    });
  }

  private checkpointOf(queryId: string): string | undefined {
    return this.state.queries[queryId]?.info.checkpointLocation;
  }

  pageTable(tableId: string, offset: number): Promise<TablePage> {
    return this.kernel.request("table.page", { tableId, offset, limit: PAGE_SIZE });
  }

  // ── Notebooks: open, save, share ─────────────────────────────────────────────────────────────────────

  /** Opens a notebook that is not stored yet (New, an example, a link, a file) under a name no file has. */
  async open(notebook: Notebook, origin: Origin, { insert = "" } = {}): Promise<string | undefined> {
    if (!(await this.leaveCurrent())) return undefined;
    const path = await this.contents.freePath(notebook.name, { insert });
    this.stored = undefined;
    this.store.dispatch(
      action.openNotebook({ notebook: { ...notebook, name: notebookName(path) }, origin, path }),
    );
    void this.readCheckpoints();
    await this.saveNow();
    this.store.dispatch(action.filesChanged());
    return path;
  }

  /** New: an empty notebook, Untitled (or Untitled1, ...: a stored notebook is never replaced). */
  newNotebook(): Promise<string | undefined> {
    return this.open(emptyNotebook(), "new");
  }

  /** A bundled lesson, as a new file: where the lesson is stored already (maybe edited), it opens as a copy. */
  async openExample(lesson: Notebook): Promise<void> {
    const path = await this.open(lesson, "example", { insert: "-Copy" });
    if (path && notebookName(path) !== lesson.name)
      this.notify(
        `Opened the example as “${notebookName(path)}”: your saved “${lesson.name}” is kept (Open… lists it)`,
        "info",
      );
  }

  /** Opens a stored notebook with its outputs (marked as from its last session), as Jupyter does. */
  async openStored(path: string): Promise<void> {
    if (path === this.state.file.path) return;
    if (!(await this.leaveCurrent())) return;
    try {
      const stored = await this.contents.read(path);
      if (!stored) throw new Error("it is no longer stored");
      this.showStored(path, stored);
      this.notify(`Opened ${notebookName(path)}: its outputs are from when it was saved`, "info");
    } catch (error) {
      this.notify(`Could not open ${path}: ${(error as Error).message}`, "error");
    }
  }

  /** A .ipynb from the computer: stored as a new file (a copy where its name is taken), outputs kept. */
  async openFile(file: File): Promise<void> {
    try {
      const notebook = fromIpynb(JSON.parse(await file.text()), file.name.replace(/\.ipynb$/i, ""));
      await this.open(notebook, "file", { insert: "-Copy" });
    } catch (error) {
      this.notify(`Could not open ${file.name}: ${(error as Error).message}`, "error");
    }
  }

  listNotebooks(): Promise<NotebookEntry[]> {
    return this.contents.list();
  }

  /** Renames the notebook by moving its file; a name another notebook has is refused. Resolves to success. */
  async renameNotebook(name: string): Promise<boolean> {
    const from = this.state.file.path;
    const to = from && joinPath(dirname(from), fileName(name.trim() || "Untitled"));
    if (!from || !to || to === from || this.stored?.path !== from) {
      this.dispatch(action.renameNotebook({ name }));
      return true;
    }
    try {
      if (!(await this.saveNow())) throw new Error("its edits are not saved yet");
      const at = await this.contents.rename(from, to);
      this.stored = { path: to, text: this.stored.text };
      this.channel?.postMessage({ type: "renamed", from, to } satisfies NotebookMessage);
      rememberNotebook(to);
      this.store.dispatch(action.fileSaved({ path: to, at }));
      this.dispatch(action.renameNotebook({ name: notebookName(to) }));
      this.store.dispatch(action.filesChanged());
      return true;
    } catch (error) {
      this.notify(`Could not rename to “${notebookName(to)}”: ${(error as Error).message}`, "error");
      return false;
    }
  }

  ipynbText(): string {
    return stringify(notebookForSaving(this.state.notebook, this.state.queries), 1);
  }

  /**
   * The notebook as a PySpark .ipynb for a Spark cluster (the kernel translates TypeScript cells as written),
   * and which cells it could not translate in full, and why: the user sees them before saving.
   */
  async exportForSpark(): Promise<SparkExport> {
    await this.kernelReady;
    const { name, cells } = this.state.notebook;
    const exported = await this.kernel.request("export.spark", {
      name,
      cells: cells.map((c) => ({ id: c.id, type: c.type, source: c.source })),
    });
    const untranslated = exported.flatMap((c) => {
      const index = cells.findIndex((cell) => cell.id === c.id);
      return c.untranslated && index >= 0 ? [{ cell: index + 1, reasons: c.untranslated }] : [];
    });
    return { text: JSON.stringify(toSparkIpynb(name, exported), null, 1), untranslated };
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

  /**
   * Saves the notebook where the stored file is still what this tab last read or wrote; where another tab or
   * window saved it since, nothing is written and the user is asked (reload, keep both, overwrite). Saves run
   * one after another. Resolves to whether the notebook is stored as it is now.
   */
  saveNow(how: "check" | "overwrite" = "check"): Promise<boolean> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const save = this.saving.then(() => this.save(how));
    this.saving = save.then(
      () => {},
      () => {},
    );
    return save;
  }

  private async save(how: "check" | "overwrite"): Promise<boolean> {
    if (this.state.file.status === "conflict" && how !== "overwrite") return false;
    const notebook = this.state.notebook;
    let path = this.state.file.path ?? (await this.contents.freePath(notebook.name));
    const text = this.ipynbText();
    const known = this.stored?.path === path ? this.stored : undefined;
    if (known?.text === text && how === "check") {
      this.store.dispatch(action.fileSaved({ path, at: this.state.file.savedAt ?? Date.now() }));
      return true;
    }
    this.store.dispatch(action.fileSaving());
    try {
      let at: number;
      if (how === "overwrite") at = await this.contents.save(path, text, { overwrite: true });
      else if (known) at = await this.contents.save(path, text, { text: known.text });
      else {
        // A new file takes a free name, also where another tab took this one a moment ago.
        for (;;) {
          try {
            at = await this.contents.save(path, text, { absent: true });
            break;
          } catch (error) {
            if (!(error instanceof SaveConflict)) throw error;
            path = await this.contents.freePath(notebook.name);
          }
        }
      }
      this.stored = { path, text };
      if (this.state.notebook === notebook) this.edited = false;
      rememberNotebook(path);
      this.channel?.postMessage({ type: "saved", path } satisfies NotebookMessage);
      this.store.dispatch(action.fileSaved({ path, at, dirty: this.state.notebook !== notebook }));
      return true;
    } catch (error) {
      if (error instanceof SaveConflict) {
        this.store.dispatch(action.fileConflict());
        return false;
      }
      this.store.dispatch(action.fileSaveFailed());
      const quota = (error as Error)?.name === "QuotaExceededError";
      this.notify(
        quota
          ? "Browser storage is full: the notebook could not be saved. Delete old files."
          : `Could not save: ${(error as Error).message}`,
        "error",
      );
      return false;
    }
  }

  /** The stored file changed elsewhere: show it, this tab's edits dropped (the user chose Reload). */
  async reloadStored(): Promise<void> {
    const path = this.state.file.path;
    const stored = path && (await this.contents.read(path));
    if (!path || !stored) {
      this.notify("The notebook is no longer stored: keep this tab's version with Overwrite", "error");
      return;
    }
    this.showStored(path, stored);
  }

  /** Keeps both: this tab's notebook goes to a new file (Lesson-Copy1), the stored one stays as it is. */
  async saveAsCopy(): Promise<void> {
    const { notebook } = this.state;
    const path = await this.contents.freePath(notebook.name, { insert: "-Copy" });
    this.stored = undefined;
    this.store.dispatch(action.renameNotebook({ name: notebookName(path) }));
    this.store.dispatch(action.fileSaved({ path, at: Date.now(), dirty: true }));
    if (await this.saveNow()) {
      this.store.dispatch(action.filesChanged());
      this.notify(
        `Saved as “${notebookName(path)}”; “${notebook.name}” is kept as the other tab saved it`,
        "info",
      );
    }
  }

  private showStored(path: string, stored: StoredFile): void {
    const notebook = { ...fromIpynb(JSON.parse(stored.text)), name: notebookName(path) };
    this.stored = { path, text: stored.text };
    this.edited = false;
    rememberNotebook(path);
    this.store.dispatch(action.openNotebook({ notebook, origin: "storage", path }));
    this.store.dispatch(action.fileSaved({ path, at: stored.lastModified }));
    void this.readCheckpoints();
  }

  /**
   * Before another notebook replaces this one, this one is saved; where it cannot be (changed elsewhere, or
   * storage failing), the user is asked whether to drop this tab's edits.
   */
  private async leaveCurrent(): Promise<boolean> {
    // Nothing of this tab's to lose: the user changed nothing since the file was read or written here.
    if (this.stored && this.stored.path === this.state.file.path && !this.edited) return true;
    if (await this.saveNow()) return true;
    return window.confirm(
      `“${this.state.notebook.name}” has edits that are not saved (${
        this.state.file.status === "conflict" ? "it was changed in another tab" : "saving failed"
      }). Open the other notebook anyway, and lose them?`,
    );
  }

  /** Another tab saved or renamed a notebook: where it is this one, the stored file is checked now. */
  private async onNotebookMessage(message: NotebookMessage): Promise<void> {
    const path = this.state.file.path;
    if (message.type === "renamed" && message.from === path && this.stored?.path === path) {
      this.stored = { ...this.stored, path: message.to };
      rememberNotebook(message.to);
      this.store.dispatch(action.renameNotebook({ name: notebookName(message.to) }));
      this.store.dispatch(action.fileSaved({ path: message.to, at: Date.now(), dirty: true }));
      return;
    }
    if (message.type !== "saved" || message.path !== path || this.stored?.path !== path) return;
    const stored = await this.contents.read(path);
    if (stored && stored.text !== this.stored?.text) this.store.dispatch(action.fileConflict());
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

  /** "Compare output modes": offer, run, read and close a comparison (src/notebook/streaming/modes). */
  async modes<K extends Extract<keyof Requests, `modes.${string}`>>(
    type: K,
    body: Omit<RequestOf<K>, "type" | "id">,
  ): Promise<ReplyValue<K>> {
    await this.kernelReady;
    return this.kernel.request<K>(type, body);
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

/** What Restart runs: the cells above that define what the query's cell needs (in order), then that cell. */
export interface RestartPlan extends CellNeeds {
  queryId: string;
  cellId: string;
  /** The checkpoint it continues from: no cell it runs may delete it. */
  checkpoint?: string;
}

/** Export to Spark's notebook, and the cells (1-based) that have statements it could not translate. */
export interface SparkExport {
  text: string;
  untranslated: { cell: number; reasons: string[] }[];
}

/** What a tab tells the others of this browser about the stored notebooks. */
type NotebookMessage = { type: "saved"; path: string } | { type: "renamed"; from: string; to: string };

function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, "")}/${name}`;
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
