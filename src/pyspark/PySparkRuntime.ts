import type { PyodideAPI } from "pyodide";
import type { PyCallable, PyProxy } from "pyodide/ffi";
import type { SparkSession } from "../engine/index";
import { createBridge, type DisplayHook } from "./bridge";
import { type NotebookHost, sessionHost } from "./notebookHost";
import { SharedFiles } from "./sharedFiles";

/** How Pyodide and the `pyspark` package's sources are found: from the npm package in Node, assets in the app. */
export interface PyodideLoader {
  load(onProgress: (stage: string, fraction: number) => void): Promise<PyodideAPI>;
  /** The Python sources, by path under src/pyspark/python ("pyspark/sql/column.py"). */
  sources(): Promise<Record<string, string>>;
}

export interface PySparkRuntimeOptions {
  /** display() in cells: the notebook's live panel and tables (without it, display prints). */
  display?: DisplayHook;
  /** Loading stages, for a progress bar (Pyodide is ~15 MB). */
  onProgress?: (stage: string, fraction: number) => void;
  /** Where Pyodide comes from; Node's npm package by default. */
  loader?: PyodideLoader;
  /** dbutils and the teaching data (the notebook's own); by default, on the session's file system. */
  host?: NotebookHost;
}

export interface RunOptions {
  /** Printed text as it is printed (the notebook streams it into the cell). */
  write?: (stream: "stdout" | "stderr", text: string) => void;
  /** Names the cell in tracebacks ("<cell-3>"). */
  cellName?: string;
}

export interface PythonRunResult {
  /** The last expression's value as plain data (Rows as objects), or undefined. */
  value: unknown;
  /** What the cell printed. */
  stdout: string;
  stderr: string;
  /** The value as the notebook shows it (its repr; dicts and lists pretty-printed). */
  text?: string;
}

/** A Python exception a cell raised: `name` is its class (AnalysisException, NameError, ...). */
export class PythonCellError extends Error {
  constructor(
    name: string,
    message: string,
    /** 1-based line of the cell where it was raised. */
    readonly line: number | undefined,
    /** The cell's part of the Python traceback. */
    readonly traceback: string,
    readonly errorClass?: string,
    readonly batchId?: number,
  ) {
    super(message);
    this.name = name;
    this.stack = traceback;
  }

  /** Where CellRunner looks for the line of an error. */
  get cellLine(): number | undefined {
    return this.line;
  }
}

/** Node's loader; a computed specifier keeps it (node:fs, the npm package) out of the browser bundle. */
async function nodeLoader(): Promise<PyodideLoader> {
  const nodeModule = "./node";
  return ((await import(/* @vite-ignore */ nodeModule)) as typeof import("./node")).nodeLoader;
}

/**
 * The engine's own working files, which Python does not see: temporary checkpoints (queries started without
 * one) and the notebook's (display() checkpoints under /.sluice).
 */
function isEngineWorkingFile(path: string): boolean {
  return path.startsWith("/tmp/temporary-") || path === "/.sluice" || path.startsWith("/.sluice/");
}

/** Where the package's sources go in Pyodide's file system (first on sys.path). */
const PYTHON_ROOT = "/sluice/python";

interface CellResult {
  ok: boolean;
  value?: unknown;
  text?: string;
  ename?: string;
  evalue?: string;
  line?: number;
  traceback?: string;
  errorClass?: string;
  batchId?: number;
}

/**
 * Python cells over Sluice's engine: Pyodide with a `pyspark` package written in Python that forwards every call
 * to the engine (`spark` is the engine's session). Cells run one at a time in one namespace, as in Jupyter.
 * PySpark's API is synchronous and the engine's actions are Promises: Python waits for them with JSPI
 * (`run_sync`), which Chromium has and Node has behind `--experimental-wasm-stack-switching`.
 */
export class PySparkRuntime {
  private queue: Promise<unknown> = Promise.resolve();
  private cells = 0;

  private constructor(
    readonly pyodide: PyodideAPI,
    private readonly namespace: PyProxy,
    private readonly runCell: PyCallable,
    private readonly files: SharedFiles,
  ) {}

  static async create(spark: SparkSession, options: PySparkRuntimeOptions = {}): Promise<PySparkRuntime> {
    const progress = options.onProgress ?? (() => {});
    const loader = options.loader ?? (await nodeLoader());
    const [pyodide, sources] = await Promise.all([loader.load(progress), loader.sources()]);
    progress("Loading the pyspark package", 0.9);
    for (const [path, text] of Object.entries(sources)) {
      const file = `${PYTHON_ROOT}/${path}`;
      pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
      pyodide.FS.writeFile(file, text);
    }
    const canWait = await pyodide.runPythonAsync(
      `import sys\nsys.path.insert(0, ${JSON.stringify(PYTHON_ROOT)})\nfrom pyodide.ffi import can_run_sync\ncan_run_sync()`,
    );
    if (!canWait) {
      throw new Error(
        "Python cells need JavaScript Promise Integration (JSPI) to wait for the engine: use a Chromium-based " +
          "browser, or run Node with --experimental-wasm-stack-switching",
      );
    }
    // Python's open(), os and tempfile reach the engine's files: the two trees are kept the same (SharedFiles),
    // and Python's working directory is the engine's ("/"), so relative paths name the same file on both sides.
    const files = new SharedFiles(pyodide.FS, spark.fs, isEngineWorkingFile);
    pyodide.FS.chdir("/");
    await files.sync({ full: true });
    pyodide.registerJsModule(
      "_sluice_bridge",
      createBridge(spark, options.host ?? sessionHost(spark), options.display, files),
    );
    const cells = pyodide.pyimport("sluice_cells");
    const namespace = cells.create_namespace() as PyProxy;
    const runCell = cells.run_cell as PyCallable;
    progress("Python ready", 1);
    return new PySparkRuntime(pyodide, namespace, runCell, files);
  }

  /** Whether the cells' namespace has `name` (a cell defined it, or the runtime put it there). */
  hasName(name: string): boolean {
    return Boolean(this.namespace.has(name));
  }

  /** Runs one cell after the ones already queued; rejects with a PythonCellError if the cell raised. */
  run(code: string, options: RunOptions = {}): Promise<PythonRunResult> {
    const next = this.queue.then(() => this.execute(code, options));
    this.queue = next.catch(() => {});
    return next;
  }

  private async execute(code: string, options: RunOptions): Promise<PythonRunResult> {
    this.cells += 1;
    const printed = { stdout: [] as string[], stderr: [] as string[] };
    const write = (stream: "stdout" | "stderr", text: string) => {
      printed[stream].push(text);
      options.write?.(stream, text);
    };
    const filename = options.cellName ?? `<cell-${this.cells}>`;
    // Files the engine wrote since the last cell (a running stream's output) are there for this one, and the
    // files this cell wrote are the engine's (and the file browser's) when it ends.
    // Full syncs (both trees walked) here, where they cost once a cell: they also catch what no change hook saw.
    await this.files.sync({ full: true });
    let result: CellResult;
    try {
      result = (await this.runCell.callPromising(code, this.namespace, filename, write)) as CellResult;
    } finally {
      await this.files.sync({ full: true });
    }
    if (!result.ok) {
      throw new PythonCellError(
        result.ename ?? "Exception",
        result.evalue ?? "",
        result.line,
        result.traceback ?? "",
        result.errorClass,
        result.batchId,
      );
    }
    return {
      value: result.value,
      stdout: printed.stdout.join(""),
      stderr: printed.stderr.join(""),
      ...(result.text !== undefined ? { text: result.text } : {}),
    };
  }
}
