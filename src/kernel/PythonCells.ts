import type { SparkSession } from "../engine/index";
import { currentPlatform } from "../engine/internal";
import type { DisplayHook, NotebookHost, PySparkRuntime, PythonRunResult } from "../pyspark/index";
import type { CellNames } from "./cellCode";

/**
 * The kernel's Python: a PySpark runtime over the session's engine, loaded the first time a Python cell runs
 * (Pyodide is ~15 MB; TypeScript-only notebooks never fetch it). Loading progress goes to the UI's progress bar.
 */
export class PythonCells {
  private runtime: Promise<PySparkRuntime> | undefined;

  constructor(
    private readonly spark: SparkSession,
    private readonly display: DisplayHook,
    private readonly progress: (stage: string, fraction: number) => void,
    /** The kernel's dbutils and teaching data (they tell the file browser about changes). */
    private readonly host: NotebookHost,
  ) {}

  async run(
    code: string,
    write: (stream: "stdout" | "stderr", text: string) => void,
  ): Promise<PythonRunResult> {
    const output = coalesced(write);
    try {
      return await (await this.start()).run(code, { write: output.write });
    } finally {
      output.flush();
    }
  }

  /** The names each source defines and uses (Python's own parser), and which names the namespace has. */
  async names(sources: string[]): Promise<{ names: CellNames[]; has: (name: string) => boolean }> {
    const runtime = await this.start();
    const { pyodide } = runtime;
    const globals = pyodide.toPy({ sources: JSON.stringify(sources) });
    try {
      const names = JSON.parse(pyodide.runPython(CELL_NAMES, { globals }) as string) as CellNames[];
      return { names, has: (name) => runtime.hasName(name) };
    } finally {
      globals.destroy();
    }
  }

  private start(): Promise<PySparkRuntime> {
    this.runtime ??= (async () => {
      this.progress("Loading Python", 0.01);
      const [{ PySparkRuntime }, platform] = await Promise.all([
        import("../pyspark/index"),
        currentPlatform(),
      ]);
      const loader =
        platform.name === "browser" ? (await import("../pyspark/browser")).browserLoader : undefined;
      return PySparkRuntime.create(this.spark, {
        display: this.display,
        onProgress: this.progress,
        loader,
        host: this.host,
      });
    })();
    // A failed load (network, JSPI missing) is reported; the next Python cell tries again.
    this.runtime.catch(() => {
      this.runtime = undefined;
      this.progress("Python could not be loaded", 1);
    });
    return this.runtime;
  }
}

/**
 * print() writes its text and its newline separately: what Python writes before it next waits (or ends) goes
 * out as one output, in order. Later writes (a foreachBatch function printing) go out the same way.
 */
function coalesced(emit: (stream: "stdout" | "stderr", text: string) => void) {
  let pending: { stream: "stdout" | "stderr"; text: string } | undefined;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending) emit(pending.stream, pending.text);
    pending = undefined;
  };
  return {
    flush,
    write(stream: "stdout" | "stderr", text: string) {
      if (pending && pending.stream !== stream) flush();
      pending = { stream, text: (pending?.text ?? "") + text };
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    },
  };
}

/**
 * Python's own parser on each cell: the names it binds at module level (assignments, imports, def, class, loop
 * and with targets), and the names it reads that it binds nowhere and Python's builtins do not have.
 */
const CELL_NAMES = `
import ast, builtins, json

def cell_names(source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {"defines": [], "uses": []}
    defines, bound, used = [], set(), []

    def define(name):
        if name not in defines:
            defines.append(name)

    def module_level(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                define(child.name)
            elif isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
                define(child.id)
            elif isinstance(child, ast.alias):
                define((child.asname or child.name).split(".")[0])
            elif not isinstance(child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                module_level(child)

    module_level(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                used.append(node.id)
            else:
                bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    uses = []
    for name in used:
        if name not in bound and not hasattr(builtins, name) and name not in uses:
            uses.append(name)
    return {"defines": defines, "uses": uses}

json.dumps([cell_names(source) for source in json.loads(sources)])
`;
