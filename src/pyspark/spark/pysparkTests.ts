/**
 * What PySpark's streaming tests share (python/pyspark/testing/sqlutils.py's ReusedSQLTestCase and the files of
 * python/test_support/sql/streaming), for their ports: a session whose cells have `tc` (a unittest.TestCase for
 * PySpark's assertions), `sql_conf`, `table`, `tmp_path`, `files_under` and `stop_all`.
 */
import { ManualClock } from "../../engine/index";
import { newPythonSession, type PythonTestSession } from "../testing";

/** python/test_support/sql/streaming: one text file, and a `time` directory a stream of the parent must not read. */
export const STREAMING_FILES: Record<string, string> = {
  "python/test_support/sql/streaming/text-test.txt": "hello\nthis",
  "python/test_support/sql/streaming/time/text-with-time-test.txt": [
    "2024-05-24 15:03:20;1",
    "2024-05-24 15:03:21;2",
    "2024-05-24 15:03:24;3",
    "2024-05-24 15:03:25;3",
    "2024-05-24 15:03:31;4",
    "2024-05-24 15:03:31;1",
    "2024-05-24 15:03:32;3",
    "2024-05-24 15:03:45;2",
    "2024-05-24 15:03:46;5",
    "2024-05-24 15:03:50;6",
  ].join("\n"),
};

const PRELUDE = `
import contextlib, unittest, uuid
from pyspark.sql import Row

tc = unittest.TestCase()

def stop_all():
    for q in spark.streams.active:
        q.stop()

@contextlib.contextmanager
def sql_conf(pairs):
    """ReusedSQLTestCase.sql_conf: sets confs for a block, then restores them."""
    old = {k: spark.conf.get(k, None) for k in pairs}
    for k, v in pairs.items():
        spark.conf.set(k, v)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                spark.conf.unset(k)
            else:
                spark.conf.set(k, v)

@contextlib.contextmanager
def table(*names):
    """ReusedSQLTestCase.table: drops the tables after the block."""
    try:
        yield
    finally:
        for name in names:
            spark.sql(f"DROP TABLE IF EXISTS {name}")

def tmp_path():
    """tempfile.mkdtemp() then shutil.rmtree: a fresh path in the session's storage, not yet created."""
    return f"/tmp/{uuid.uuid4()}"

def files_under(path):
    """os.walk's files under path, without hidden ones (what PySpark's tests count)."""
    found = []
    for f in dbutils.fs.ls(path):
        if f.isDir():
            found += files_under(f.path)
        elif not f.name.startswith("."):
            found.append(f.path)
    return found
`;

/**
 * Runs a cell as on the wall clock, for PySpark's tests that let queries run while they sleep or wait
 * (time.sleep, awaitTermination(timeout)): until the cell ends, the clock moves on `stepMs` at a time, each step
 * once every active query has processed what is available (a query that fails meanwhile fails as it would).
 */
export async function liveCell(
  t: PythonTestSession,
  clock: ManualClock,
  code: string,
  stepMs = 1000,
): Promise<unknown> {
  let running = true;
  const cell = t.py.run(code).finally(() => {
    running = false;
  });
  cell.catch(() => {});
  while (running) {
    for (const q of t.spark.streams.active) await q.processAllAvailable().catch(() => {});
    clock.advance(stepMs);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return (await cell).value;
}

/** A Python session with PySpark's test files and helpers, on a manual clock the tests fast-forward. */
export async function newPySparkTestSession(): Promise<PythonTestSession & { clock: ManualClock }> {
  const t = await newPythonSession();
  for (const [path, text] of Object.entries(STREAMING_FILES)) await t.spark.fs.writeFile(`/${path}`, text);
  await t.py.run(PRELUDE);
  const clock = new ManualClock(Date.UTC(2024, 0, 1));
  t.spark.clock = clock;
  return { ...t, clock };
}
