/**
 * PySpark's python/pyspark/sql/tests/streaming/test_streaming_foreach.py (StreamingTestsForeachMixin), case by
 * case with its inputs and assertions, in a Python cell. PySpark's ForeachWriterTester writes each event as a file
 * of Python's str(dict) into a temporary directory and reads the events back with spark.read.json; here the
 * directories are in the session's storage (written with dbutils.fs.put), read back the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../engine/index";
import type { PythonTestSession } from "../testing";
import { newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
let clock: ManualClock;
beforeAll(async () => {
  ({ clock, ...t } = await newPySparkTestSession());
  await t.py.run(`
from pyspark.errors import StreamingQueryException

class ForeachWriterTester:
    def __init__(self, spark):
        self.spark = spark

    def write_open_event(self, partitionId, epochId):
        self._write_event(self.open_events_dir, {"partition": partitionId, "epoch": epochId})

    def write_process_event(self, row):
        self._write_event(self.process_events_dir, {"value": "text"})

    def write_close_event(self, error):
        self._write_event(self.close_events_dir, {"error": str(error)})

    def write_input_file(self):
        self._write_event(self.input_dir, "text")

    def open_events(self):
        return self._read_events(self.open_events_dir, "partition INT, epoch INT")

    def process_events(self):
        return self._read_events(self.process_events_dir, "value STRING")

    def close_events(self):
        return self._read_events(self.close_events_dir, "error STRING")

    def run_streaming_query_on_writer(self, writer, num_files):
        self._reset()
        try:
            sdf = self.spark.readStream.format("text").load(self.input_dir)
            sq = sdf.writeStream.foreach(writer).start()
            for i in range(num_files):
                self.write_input_file()
                sq.processAllAvailable()
        finally:
            stop_all()

    def invalid_writer_outcome(self, writer):
        """PySpark's assert_invalid_writer runs the writer on one file; this says how that ended."""
        self._reset()
        try:
            sdf = self.spark.readStream.format("text").load(self.input_dir)
            sq = sdf.writeStream.foreach(writer).start()
            self.write_input_file()
            sq.processAllAvailable()
            return None
        except Exception as e:
            return e
        finally:
            stop_all()

    def _reset(self):
        self.input_dir, self.open_events_dir, self.process_events_dir, self.close_events_dir = (
            tmp_path() for _ in range(4))
        for d in (self.input_dir, self.open_events_dir, self.process_events_dir, self.close_events_dir):
            dbutils.fs.mkdirs(d)

    def _read_events(self, dir, json):
        rows = self.spark.read.schema(json).json(dir).collect()
        return [row.asDict() for row in rows]

    def _write_event(self, dir, event):
        dbutils.fs.put(f"{dir}/{uuid.uuid4()}", "%s\\n" % str(event))`);
});
afterAll(() => t.cleanup());

/** Runs a cell with the clock moving to whatever the engine or the cell waits for. */
const run = async (code: string) => (await clock.fastForward(t.py.run(code))).value;

describe("test_streaming_foreach.py", () => {
  it("test_streaming_foreach_with_simple_function", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
def foreach_func(row):
    tester.write_process_event(row)
tester.run_streaming_query_on_writer(foreach_func, 2)
tc.assertEqual(len(tester.process_events()), 2)
tester.process_events()`),
    ).toEqual([{ value: "text" }, { value: "text" }]);
  });

  it("test_streaming_foreach_with_basic_open_process_close", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
class ForeachWriter:
    def open(self, partitionId, epochId):
        tester.write_open_event(partitionId, epochId)
        return True
    def process(self, row):
        tester.write_process_event(row)
    def close(self, error):
        tester.write_close_event(error)
tester.run_streaming_query_on_writer(ForeachWriter(), 2)
open_events = tester.open_events()
tc.assertEqual(len(open_events), 2)
tc.assertSetEqual(set([e["epoch"] for e in open_events]), {0, 1})
tc.assertEqual(len(tester.process_events()), 2)
close_events = tester.close_events()
tc.assertEqual(len(close_events), 2)
tc.assertSetEqual(set([e["error"] for e in close_events]), {"None"})
(sorted((e["partition"], e["epoch"]) for e in open_events), [e["error"] for e in close_events])`),
    ).toEqual([
      [
        [0, 0],
        [0, 1],
      ],
      ["None", "None"],
    ]);
  });

  it("test_streaming_foreach_with_open_returning_false", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
class ForeachWriter:
    def open(self, partition_id, epoch_id):
        tester.write_open_event(partition_id, epoch_id)
        return False
    def process(self, row):
        tester.write_process_event(row)
    def close(self, error):
        tester.write_close_event(error)
tester.run_streaming_query_on_writer(ForeachWriter(), 2)
tc.assertEqual(len(tester.open_events()), 2)
tc.assertEqual(len(tester.process_events()), 0)
close_events = tester.close_events()
tc.assertEqual(len(close_events), 2)
tc.assertSetEqual(set([e["error"] for e in close_events]), {"None"})
(len(tester.open_events()), len(tester.process_events()), len(close_events))`),
    ).toEqual([2, 0, 2]);
  });

  it("test_streaming_foreach_without_open_method", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
class ForeachWriter:
    def process(self, row):
        tester.write_process_event(row)
    def close(self, error):
        tester.write_close_event(error)
tester.run_streaming_query_on_writer(ForeachWriter(), 2)
tc.assertEqual(len(tester.open_events()), 0)
tc.assertEqual(len(tester.process_events()), 2)
tc.assertEqual(len(tester.close_events()), 2)
(len(tester.open_events()), len(tester.process_events()), len(tester.close_events()))`),
    ).toEqual([0, 2, 2]);
  });

  it("test_streaming_foreach_without_close_method", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
class ForeachWriter:
    def open(self, partition_id, epoch_id):
        tester.write_open_event(partition_id, epoch_id)
        return True
    def process(self, row):
        tester.write_process_event(row)
tester.run_streaming_query_on_writer(ForeachWriter(), 2)
tc.assertEqual(len(tester.open_events()), 2)
tc.assertEqual(len(tester.process_events()), 2)
tc.assertEqual(len(tester.close_events()), 0)
(len(tester.open_events()), len(tester.process_events()), len(tester.close_events()))`),
    ).toEqual([2, 2, 0]);
  });

  it("test_streaming_foreach_without_open_and_close_methods", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
class ForeachWriter:
    def process(self, row):
        tester.write_process_event(row)
tester.run_streaming_query_on_writer(ForeachWriter(), 2)
tc.assertEqual(len(tester.open_events()), 0)
tc.assertEqual(len(tester.process_events()), 2)
tc.assertEqual(len(tester.close_events()), 0)
(len(tester.open_events()), len(tester.process_events()), len(tester.close_events()))`),
    ).toEqual([0, 2, 0]);
  });

  it("test_streaming_foreach_with_process_throwing_error", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
class ForeachWriter:
    def process(self, row):
        raise RuntimeError("test error")
    def close(self, error):
        tester.write_close_event(error)
try:
    tester.run_streaming_query_on_writer(ForeachWriter(), 1)
    tc.fail("bad writer did not fail the query")
except StreamingQueryException as e:
    err_msg = str(e)
    tc.assertTrue("test error" in err_msg)
    error = e
tc.assertEqual(len(tester.process_events()), 0)
close_events = tester.close_events()
tc.assertEqual(len(close_events), 1)
(error.getCondition(), "[FOREACH_USER_FUNCTION_ERROR]" in err_msg, error._cause.getCondition(),
 close_events[0]["error"])`),
    ).toEqual(["STREAM_FAILED", true, null, "test error"]);
  });

  it("test_streaming_foreach_with_invalid_writers", async () => {
    expect(
      await run(`
tester = ForeachWriterTester(spark)
def outcome(writer, msg=None):
    e = tester.invalid_writer_outcome(writer)
    if msg:
        assert e is not None and msg in str(e), "%s not in %s" % (msg, str(e))
    return None if e is None else (type(e).__name__, e.getCondition())

def func_with_iterator_input(iter):
    for x in iter:
        print(x)

class WriterWithoutProcess:
    def open(self, partition):
        pass

class WriterWithNonCallableProcess:
    process = True

class WriterWithNoParamProcess:
    def process(self):
        pass

class WithProcess:
    def process(self, row):
        pass

class WriterWithNonCallableOpen(WithProcess):
    open = True

class WriterWithNoParamOpen(WithProcess):
    def open(self):
        pass

class WriterWithNonCallableClose(WithProcess):
    close = True

[outcome(func_with_iterator_input),
 outcome(WriterWithoutProcess(), "ATTRIBUTE_NOT_CALLABLE"),
 outcome(WriterWithNonCallableProcess(), "ATTRIBUTE_NOT_CALLABLE"),
 outcome(WriterWithNoParamProcess()),
 outcome(WriterWithNonCallableOpen(), "ATTRIBUTE_NOT_CALLABLE"),
 outcome(WriterWithNoParamOpen()),
 outcome(WriterWithNonCallableClose(), "ATTRIBUTE_NOT_CALLABLE")]`),
    ).toEqual([
      null,
      ["PySparkAttributeError", "ATTRIBUTE_NOT_CALLABLE"],
      ["PySparkAttributeError", "ATTRIBUTE_NOT_CALLABLE"],
      ["StreamingQueryException", "STREAM_FAILED"],
      ["PySparkAttributeError", "ATTRIBUTE_NOT_CALLABLE"],
      ["StreamingQueryException", "STREAM_FAILED"],
      ["PySparkAttributeError", "ATTRIBUTE_NOT_CALLABLE"],
    ]);
  });
});
