/**
 * PySpark cells: real Python (Pyodide) with a `pyspark` package that forwards to Sluice's engine. The contract
 * for outside tests (ARCHITECTURE.md, "Public API"): `const py = await PySparkRuntime.create(spark)`, then
 * `await py.run(code)` per cell.
 */
export type { DisplayHook, DisplayOptions } from "./bridge";
export type { DripStartOptions, NotebookHost } from "./notebookHost";
export {
  type PyodideLoader,
  PySparkRuntime,
  type PySparkRuntimeOptions,
  PythonCellError,
  type PythonRunResult,
  type RunOptions,
} from "./PySparkRuntime";
