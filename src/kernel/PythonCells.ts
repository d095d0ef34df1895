import type { SparkSession } from "../engine/index";
import { currentPlatform } from "../engine/internal";
import type { DisplayHook, NotebookHost, PySparkRuntime, PythonRunResult } from "../pyspark/index";

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
