/** Test helpers: a Spark session over a temporary directory with a PySpark runtime on it. */
import { newTestSession, type TestSession } from "../engine/testing/fixtures";
import { PySparkRuntime } from "./PySparkRuntime";

export interface PythonTestSession extends TestSession {
  py: PySparkRuntime;
  /** Runs a cell and returns what it printed. */
  printed(code: string): Promise<string>;
}

export async function newPythonSession(): Promise<PythonTestSession> {
  const t = await newTestSession();
  const py = await PySparkRuntime.create(t.spark);
  return { ...t, py, printed: async (code) => (await py.run(code)).stdout };
}
