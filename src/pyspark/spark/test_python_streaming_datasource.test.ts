/**
 * PySpark's python/pyspark/sql/tests/test_python_streaming_datasource.py (BasePythonStreamingDataSourceTestsMixin):
 * Python stream readers run by a streaming query, case by case with its sources and per-batch checks, in Python
 * cells whose waits run on the session's manual clock. Then what Spark's PythonStreamingDataSourceSuite checks of
 * the same sources: offsets as the reader's JSON in the checkpoint's offset log, a restart from the checkpoint,
 * commit after each batch, admission control (maxRecordsPerBatch as a maxRows read limit, Trigger.AvailableNow
 * reading everything, or up to a SupportsTriggerAvailableNow reader's target), the progress' source offsets.
 *
 * Not ported: test_stream_reader_pyarrow and test_stream_arrow_writer (no pyarrow). test_stream_writer names no
 * file by partition but counts its commit messages: Sluice writes a batch as one partition, where Spark's
 * `repartition(2)` input gives two.
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
import json, time
from pyspark.sql.datasource import (
    DataSource,
    DataSourceStreamReader,
    InputPartition,
    SimpleDataSourceStreamReader,
)

def _get_test_data_source():
    class RangePartition(InputPartition):
        def __init__(self, start, end):
            self.start = start
            self.end = end

    class TestStreamReader(DataSourceStreamReader):
        current = 0

        def initialOffset(self):
            return {"offset": 0}

        def latestOffset(self):
            self.current += 2
            return {"offset": self.current}

        def partitions(self, start, end):
            return [RangePartition(start["offset"], end["offset"])]

        def commit(self, end):
            pass

        def read(self, partition):
            start, end = partition.start, partition.end
            for i in range(start, end):
                yield (i,)

    class TestDataSource(DataSource):
        def schema(self):
            return "id INT"

        def streamReader(self, schema):
            return TestStreamReader()

    return TestDataSource`);
});
afterAll(() => t.cleanup());

/** Runs a cell with the clock moving to whatever the engine or the cell waits for. */
const run = async (code: string) => (await clock.fastForward(t.py.run(code))).value;

describe("test_python_streaming_datasource.py", () => {
  it("test_basic_streaming_data_source_class", async () => {
    expect(
      await run(`
class MyDataSource(DataSource):
    ...

options = dict(a=1, b=2)
ds = MyDataSource(options=options)
tc.assertEqual(ds.options, options)
tc.assertEqual(ds.name(), "MyDataSource")
with tc.assertRaises(NotImplementedError):
    ds.schema()
with tc.assertRaises(NotImplementedError):
    ds.streamReader(None)
with tc.assertRaises(NotImplementedError):
    ds.streamWriter(None, None)
"passed"`),
    ).toBe("passed");
  });

  it("test_basic_data_source_stream_reader_class", async () => {
    expect(
      await run(`
class MyDataSourceStreamReader(DataSourceStreamReader):
    def read(self, partition):
        yield (1, "abc")

list(MyDataSourceStreamReader().read(None))`),
    ).toEqual([[1, "abc"]]);
  });

  it("test_stream_reader: each batch reads the two rows after the last", async () => {
    expect(
      await run(`
spark.dataSource.register(_get_test_data_source())
df = spark.readStream.format("TestDataSource").load()
seen = []

def check_batch(df, batch_id):
    got = sorted(r.id for r in df.collect())
    seen.append((batch_id, got))
    assert got == [batch_id * 2, batch_id * 2 + 1], (batch_id, got)

q = df.writeStream.foreachBatch(check_batch).start()
while len(q.recentProgress) < 10:
    time.sleep(0.2)
q.stop()
q.awaitTermination()
tc.assertIsNone(q.exception(), "No exception has to be propagated.")
seen[:3]`),
    ).toEqual([
      [0, [0, 1]],
      [1, [2, 3]],
      [2, [4, 5]],
    ]);
  });

  it("test_simple_stream_reader: read(start) gives the rows and the next offset", async () => {
    expect(
      await run(`
class SimpleStreamReader(SimpleDataSourceStreamReader):
    def initialOffset(self):
        return {"offset": 0}

    def read(self, start: dict):
        start_idx = start["offset"]
        it = iter([(i,) for i in range(start_idx, start_idx + 2)])
        return (it, {"offset": start_idx + 2})

    def commit(self, end):
        pass

    def readBetweenOffsets(self, start: dict, end: dict):
        start_idx = start["offset"]
        end_idx = end["offset"]
        return iter([(i,) for i in range(start_idx, end_idx)])

class SimpleDataSource(DataSource):
    def schema(self):
        return "id INT"

    def simpleStreamReader(self, schema):
        return SimpleStreamReader()

spark.dataSource.register(SimpleDataSource)
df = spark.readStream.format("SimpleDataSource").load()
seen = []

def check_batch(df, batch_id):
    got = sorted(r.id for r in df.collect())
    seen.append((batch_id, got))
    assert got == [batch_id * 2, batch_id * 2 + 1], (batch_id, got)

q = df.writeStream.foreachBatch(check_batch).start()
while len(q.recentProgress) < 10:
    time.sleep(0.2)
q.stop()
q.awaitTermination()
tc.assertIsNone(q.exception(), "No exception has to be propagated.")
seen[:3]`),
    ).toEqual([
      [0, [0, 1]],
      [1, [2, 3]],
      [2, [4, 5]],
    ]);
  });
});

describe("test_python_streaming_datasource.py: DataSourceStreamWriter", () => {
  it("test_stream_writer: commit(messages, batchId) per batch; a failing write aborts its batch", async () => {
    expect(
      await run(`
import os, tempfile
from dataclasses import dataclass
from pyspark.errors import StreamingQueryException
from pyspark.sql.datasource import DataSourceStreamWriter, WriterCommitMessage

@dataclass
class SimpleCommitMessage(WriterCommitMessage):
    partition_id: int
    count: int

class TestStreamWriter(DataSourceStreamWriter):
    def __init__(self, options):
        self.options = options
        self.path = self.options.get("path")
        assert self.path is not None

    def write(self, iterator):
        cnt = 0
        for row in iterator:
            if row.id > 50:
                raise Exception("invalid value")
            cnt += 1
        return SimpleCommitMessage(partition_id=0, count=cnt)

    def commit(self, messages, batchId) -> None:
        status = dict(num_partitions=len(messages), rows=sum(m.count for m in messages))
        with open(os.path.join(self.path, f"{batchId}.json"), "a") as file:
            file.write(json.dumps(status) + "\\n")

    def abort(self, messages, batchId) -> None:
        with open(os.path.join(self.path, f"{batchId}.txt"), "w") as file:
            file.write(f"failed in batch {batchId}")

class TestWriteSource(DataSource):
    def schema(self):
        return "id INT"

    def streamWriter(self, schema, overwrite):
        return TestStreamWriter(self.options)

input_dir = tempfile.TemporaryDirectory(prefix="test_data_stream_write_input")
output_dir = tempfile.TemporaryDirectory(prefix="test_data_stream_write_output")
checkpoint_dir = tempfile.TemporaryDirectory(prefix="test_data_stream_write_checkpoint")
message = None
try:
    spark.range(0, 30).repartition(2).write.format("json").mode("append").save(input_dir.name)
    spark.dataSource.register(TestWriteSource)
    df = spark.readStream.schema("id int").json(input_dir.name)
    q = (
        df.writeStream.format("TestWriteSource")
        .option("checkpointLocation", checkpoint_dir.name)
        .start(output_dir.name)
    )
    while not q.recentProgress:
        time.sleep(0.2)
    first = [r.rows for r in spark.read.json(output_dir.name).collect()]
    spark.range(50, 80).repartition(2).write.format("json").mode("append").save(input_dir.name)
    while q.exception() is None:
        time.sleep(0.2)
    aborted = [r.value for r in spark.read.text(os.path.join(output_dir.name, "1.txt")).collect()]
    q.awaitTermination()
except StreamingQueryException as e:
    message = str(e)
finally:
    input_dir.cleanup()
    output_dir.cleanup()
    checkpoint_dir.cleanup()
[first, aborted, "invalid value" in message]`),
    ).toEqual([[30], ["failed in batch 1"], true]);
  });
});

describe("PythonStreamingDataSourceSuite's checks, from Python", () => {
  it("offsets go to the offset log as the reader's JSON; a restart reads on from the checkpoint", async () => {
    // A source of 10 rows (ids 0..9) read 4 at a time with maxRecordsPerBatch, as Spark's ReadMaxRows(4).
    expect(
      await run(`
class BoundedReader(DataSourceStreamReader):
    def initialOffset(self):
        return {"offset": 0}
    def latestOffset(self, start_offset=None, read_limit=None):
        end = 10
        if read_limit["type"] == "maxRows":
            end = min(start_offset["offset"] + read_limit["maxRows"], 10)
        return {"offset": end}
    def reportLatestOffset(self):
        return {"offset": 10}
    def partitions(self, start, end):
        return [InputPartition(i) for i in range(start["offset"], end["offset"])]
    def read(self, partition):
        yield (partition.value,)
    def commit(self, end):
        commits.append(end["offset"])

class Bounded(DataSource):
    def schema(self):
        return "id INT"
    def streamReader(self, schema):
        return BoundedReader()

commits = []
spark.dataSource.register(Bounded)
checkpoint = tmp_path()
collected = []
def start():
    return (spark.readStream.format("Bounded").option("maxRecordsPerBatch", 4).load()
        .writeStream.foreachBatch(lambda df, batch_id: collected.append((batch_id, sorted(r.id for r in df.collect()))))
        .option("checkpointLocation", checkpoint).start())
q = start()
q.processAllAvailable()
first = q.recentProgress
q.stop()
offsets = [open(f"{checkpoint}/offsets/{n}").read().split("\\n")[-1] for n in range(3)]
before_restart = list(commits)
before = list(collected)
# A fourth batch then comes from a restart: the reader is asked on from the checkpoint's offset 10.
q = start()
q.processAllAvailable()
q.stop()
source = first[0].sources[0]
offset = lambda text: None if text is None else json.loads(text)  # PySpark's progress: offsets as JSON text
{
    "offsets": offsets,
    "commits": before_restart,
    "batches": [
        [offset(p.sources[0].startOffset), offset(p.sources[0].endOffset), p.numInputRows]
        for p in first
        if p.numInputRows > 0
    ],
    "latestOffset": offset(source.latestOffset),
    "description": source.description.split("@")[0],
    "collected": before,
    "restarted": collected[len(before):],
}`),
    ).toEqual({
      offsets: ['{"offset": 4}', '{"offset": 8}', '{"offset": 10}'],
      commits: [4, 8, 10],
      batches: [
        [null, { offset: 4 }, 4],
        [{ offset: 4 }, { offset: 8 }, 4],
        [{ offset: 8 }, { offset: 10 }, 2],
      ],
      latestOffset: { offset: 10 },
      description: "org.apache.spark.sql.execution.datasources.v2.python.PythonMicroBatchStream",
      collected: [
        [0, [0, 1, 2, 3]],
        [1, [4, 5, 6, 7]],
        [2, [8, 9]],
      ],
      // Nothing after offset 10: the restarted query runs no batch.
      restarted: [],
    });
  });

  it("admission control with Spark master's ReadLimit objects (its TestDataStreamReader script)", async () => {
    // PythonStreamingDataSourceSuite's admission-control reader: ReadMaxRows(2) from the options here (Spark's
    // script returns it from getDefaultReadLimit), one partition per row.
    expect(
      await run(`
from pyspark.sql.streaming.datasource import ReadAllAvailable, ReadLimit, ReadMaxRows
seen_limits = []
class TestDataStreamReader(DataSourceStreamReader):
    def initialOffset(self):
        return {"partition-1": 0}
    def latestOffset(self, start: dict, limit: ReadLimit):
        seen_limits.append(limit)
        start_idx = start["partition-1"]
        if isinstance(limit, ReadAllAvailable):
            end_offset = start_idx + 10
        else:
            assert isinstance(limit, ReadMaxRows), ("Expected ReadMaxRows read limit but got " + str(type(limit)))
            end_offset = start_idx + limit.max_rows
        return {"partition-1": end_offset}
    def reportLatestOffset(self):
        return {"partition-1": 1000000}
    def partitions(self, start: dict, end: dict):
        start_index = start["partition-1"]
        end_index = end["partition-1"]
        return [InputPartition(i) for i in range(start_index, end_index)]
    def read(self, partition):
        yield (partition.value,)

class AdmissionSource(DataSource):
    def schema(self) -> str:
        return "id INT"
    def streamReader(self, schema):
        return TestDataStreamReader()

spark.dataSource.register(AdmissionSource)
batches = []
q = (spark.readStream.format("AdmissionSource").option("maxRecordsPerBatch", 2).load()
    .writeStream.foreachBatch(lambda df, batch_id: batches.append(sorted(r.id for r in df.collect()))).start())
while len(q.recentProgress) < 3:
    time.sleep(0.2)
q.stop()
limit = seen_limits[0]
[batches[:3], limit.max_rows, limit.dump(), limit == {"type": "maxRows", "maxRows": 2}, q.recentProgress[0].sources[0].latestOffset]`),
    ).toEqual([
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      2,
      { max_rows: 2, type: "ReadMaxRows" },
      true,
      '{"partition-1":1000000}',
    ]);
  });

  it("Trigger.AvailableNow reads all that is available in one batch (an allAvailable read limit)", async () => {
    expect(
      await run(`
limits = []
class LimitReader(DataSourceStreamReader):
    def initialOffset(self):
        return {"offset": 0}
    def latestOffset(self, start_offset=None, read_limit=None):
        limits.append(read_limit)
        return {"offset": 6}
    def partitions(self, start, end):
        return [InputPartition((start["offset"], end["offset"]))]
    def read(self, partition):
        lo, hi = partition.value
        for i in range(lo, hi):
            yield (i,)

class Limited(DataSource):
    def schema(self):
        return "id INT"
    def streamReader(self, schema):
        return LimitReader()

spark.dataSource.register(Limited)
q = (spark.readStream.format("Limited").option("maxRecordsPerBatch", 2).load()
    .writeStream.format("memory").queryName("limited").trigger(availableNow=True).start())
q.awaitTermination()
[sorted(r.id for r in spark.table("limited").collect()), limits[0]]`),
    ).toEqual([[0, 1, 2, 3, 4, 5], { type: "allAvailable" }]);
  });

  it("SupportsTriggerAvailableNow: the reader's target, read in batches within the read limit", async () => {
    // PythonStreamingDataSourceSuite's AvailableNow reader: prepareForTriggerAvailableNow fixes the target
    // offset; the query reads up to it, ReadMaxRows(2) at a time, and stops there though more data comes.
    expect(
      await run(`
from pyspark.sql.streaming.datasource import ReadAllAvailable, ReadMaxRows, SupportsTriggerAvailableNow
class AvailableNowReader(DataSourceStreamReader, SupportsTriggerAvailableNow):
    def __init__(self):
        self.target = None
        self.available = 6
    def prepareForTriggerAvailableNow(self):
        self.target = self.available
        self.available = 100  # arrives after the query started: not read
    def initialOffset(self):
        return {"offset": 0}
    def latestOffset(self, start, limit):
        end = self.target if self.target is not None else self.available
        if isinstance(limit, ReadMaxRows):
            end = min(start["offset"] + limit.max_rows, end)
        return {"offset": end}
    def partitions(self, start, end):
        return [InputPartition(i) for i in range(start["offset"], end["offset"])]
    def read(self, partition):
        yield (partition.value,)

class AvailableNowSource(DataSource):
    def schema(self):
        return "id INT"
    def streamReader(self, schema):
        return AvailableNowReader()

spark.dataSource.register(AvailableNowSource)
batches = []
q = (spark.readStream.format("AvailableNowSource").option("maxRecordsPerBatch", 2).load()
    .writeStream.foreachBatch(lambda df, batch_id: batches.append(sorted(r.id for r in df.collect())))
    .trigger(availableNow=True).start())
q.awaitTermination()
batches`),
    ).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it("errors creating the reader and of an unimplemented method carry Spark's conditions", async () => {
    // PythonStreamingDataSourceSuite's "Error creating stream reader" (PYTHON_DATA_SOURCE_ERROR) and "Method not
    // implemented in stream reader" (PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR naming NOT_IMPLEMENTED).
    expect(
      await run(`
class ErrorDataStreamReader(DataSourceStreamReader):
    def read(self, partition):
        yield (0, 1)

class CreateFails(DataSource):
    def schema(self):
        return "id INT"
    def streamReader(self, schema):
        raise Exception("error creating stream reader")

class NotImplementedSource(DataSource):
    def schema(self):
        return "id INT"
    def streamReader(self, schema):
        return ErrorDataStreamReader()

def failure(name):
    spark.dataSource.register(name)
    q = spark.readStream.format(name.name()).load().writeStream.format("noop").start()
    try:
        q.processAllAvailable()
        return None
    except Exception as e:
        cause = q.exception().cause
        return [type(e).__name__, cause.getCondition(), "error creating stream reader" in str(e) or "NOT_IMPLEMENTED" in str(e)]

[failure(CreateFails), failure(NotImplementedSource)]`),
    ).toEqual([
      ["StreamingQueryException", "PYTHON_DATA_SOURCE_ERROR", true],
      ["StreamingQueryException", "PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR", true],
    ]);
  });

  it("a failing read fails the query with the reader's error", async () => {
    const [name, message] = (await run(`
class Broken(DataSourceStreamReader):
    def initialOffset(self):
        return {"offset": 0}
    def latestOffset(self):
        return {"offset": 1}
    def partitions(self, start, end):
        return [InputPartition(0)]
    def read(self, partition):
        raise ValueError("no rows today")

class BrokenSource(DataSource):
    def schema(self):
        return "id INT"
    def streamReader(self, schema):
        return Broken()

spark.dataSource.register(BrokenSource)
q = spark.readStream.format("BrokenSource").load().writeStream.format("noop").start()
try:
    q.processAllAvailable()
    outcome = None
except Exception as e:
    outcome = [type(e).__name__, str(e)]
outcome`)) as [string, string];
    expect(name).toBe("StreamingQueryException");
    expect(message).toContain("no rows today");
  });
});
