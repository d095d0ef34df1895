/**
 * PySpark's python/pyspark/sql/tests/test_python_datasource.py (BasePythonDataSourceTestsMixin): Python data
 * sources registered with `spark.dataSource.register` and read in batch, case by case with its sources, inputs
 * and expected rows, in Python cells. assertDataFrameEqual (order-insensitive) is a sorted comparison here.
 *
 * Not ported: the pyarrow cases (pyarrow is not in Sluice's Python), the partition counts of
 * test_in_memory_data_source (`spark_partition_id`, `rdd.getNumPartitions`: DuckDB has no partitions; its rows
 * are), the filter push-down cases (Sluice pushes none),
 * and test_data_source_read_output_with_schema_mismatch, whose DataFrame is read again by each action after
 * the source is re-registered: Sluice reads a Python source once, when `load()` plans it. The writer cases
 * name their output file by `TaskContext.get().partitionId`; Sluice has no TaskContext and writes a DataFrame as
 * one partition, so here the file is "0.json".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PythonTestSession } from "../testing";
import { newPySparkTestSession } from "./pysparkTests";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPySparkTestSession();
  // python/test_support/sql/people.json and people1.json
  await t.spark.fs.writeFile(
    "/python/test_support/sql/people.json",
    '{"name":"Michael"}\n{"name":"Andy", "age":30}\n{"name":"Justin", "age":19}\n',
  );
  await t.spark.fs.writeFile("/python/test_support/sql/people1.json", '{"name":"Jonathan", "aka": "John"}\n');
  await t.py.run(`
import json, os
from typing import Callable, Union
from pyspark.errors import AnalysisException, PythonException
from pyspark.sql.datasource import CaseInsensitiveDict, DataSource, DataSourceReader, InputPartition
from pyspark.sql.types import StructType

def rows(df):
    """assertDataFrameEqual's order-insensitive comparison: the rows as sorted tuples."""
    return sorted((tuple(r) for r in df.collect()), key=repr)

def register_data_source(
    read_func: Callable,
    partition_func: Callable = None,
    output: Union[str, StructType] = "i int, j int",
    name: str = "test",
):
    class TestDataSourceReader(DataSourceReader):
        def __init__(self, schema):
            self.schema = schema

        def partitions(self):
            if partition_func is not None:
                return partition_func()
            else:
                raise NotImplementedError

        def read(self, partition):
            return read_func(self.schema, partition)

    class TestDataSource(DataSource):
        @classmethod
        def name(cls):
            return name

        def schema(self):
            return output

        def reader(self, schema) -> "DataSourceReader":
            return TestDataSourceReader(schema)

    spark.dataSource.register(TestDataSource)`);
});
afterAll(() => t.cleanup());

const run = async (code: string) => (await t.py.run(code)).value;

/** The exception a cell's last statement raises: its class and message. */
const raised = (code: string) =>
  run(`
try:
${code
  .trim()
  .split("\n")
  .map((l) => `    ${l}`)
  .join("\n")}
    outcome = None
except Exception as e:
    outcome = (type(e).__name__, str(e))
outcome`) as Promise<[string, string] | null>;

describe("test_python_datasource.py", () => {
  it("test_basic_data_source_class", async () => {
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
    ds.reader(None)
with tc.assertRaises(NotImplementedError):
    ds.writer(None, None)
"passed"`),
    ).toBe("passed");
  });

  it("test_basic_data_source_reader_class", async () => {
    expect(
      await run(`
class MyDataSourceReader(DataSourceReader):
    def read(self, partition):
        yield None,

list(MyDataSourceReader().read(None))`),
    ).toEqual([[null]]);
  });

  it("test_data_source_register: a second registration of the name replaces the first", async () => {
    expect(
      await run(`
class TestReader(DataSourceReader):
    def read(self, partition):
        yield (0, 1)

class TestDataSource(DataSource):
    def schema(self):
        return "a INT, b INT"

    def reader(self, schema):
        return TestReader()

spark.dataSource.register(TestDataSource)
first = [r.asDict() for r in spark.read.format("TestDataSource").load().collect()]

class MyDataSource(TestDataSource):
    @classmethod
    def name(cls):
        return "TestDataSource"

    def schema(self):
        return "c INT, d INT"

spark.dataSource.register(MyDataSource)
second = [r.asDict() for r in spark.read.format("TestDataSource").load().collect()]
[first, second]`),
    ).toEqual([[{ a: 0, b: 1 }], [{ c: 0, d: 1 }]]);
  });

  it("test_data_source_read_output_tuple / list / row", async () => {
    expect(
      await run(`
out = []
for produced in ([(0, 1)], [[0, 1]], [Row(0, 1)]):
    register_data_source(read_func=lambda schema, partition, produced=produced: iter(produced))
    out.append(rows(spark.read.format("test").load()))
out`),
    ).toEqual([[[0, 1]], [[0, 1]], [[0, 1]]]);
  });

  it("test_data_source_read_output_named_row", async () => {
    expect(
      await run(`
register_data_source(read_func=lambda schema, partition: iter([Row(j=1, i=0), Row(i=1, j=2)]))
rows(spark.read.format("test").load())`),
    ).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });

  it("test_data_source_read_output_named_row_with_wrong_schema", async () => {
    await run(
      `register_data_source(read_func=lambda schema, partition: iter([Row(i=1, j=2), Row(j=3, k=4)]))`,
    );
    const [name, message] = (await raised(`spark.read.format("test").load().show()`))!;
    expect(name).toBe("PythonException");
    expect(message).toMatch(/\[DATA_SOURCE_RETURN_SCHEMA_MISMATCH\] Return schema mismatch in the result/);
  });

  it("test_data_source_read_output_none", async () => {
    await run(`register_data_source(read_func=lambda schema, partition: None)`);
    const [name, message] = (await raised(`rows(spark.read.format("test").load())`))!;
    expect(name).toBe("PythonException");
    expect(message).toContain("DATA_SOURCE_INVALID_RETURN_TYPE");
  });

  it("test_data_source_read_output_empty_iter", async () => {
    expect(
      await run(`
register_data_source(read_func=lambda schema, partition: iter([]))
rows(spark.read.format("test").load())`),
    ).toEqual([]);
  });

  it("test_data_source_read_cast_output_schema", async () => {
    expect(
      await run(`
register_data_source(read_func=lambda schema, partition: iter([(0, 1)]), output="i long, j string")
[r.asDict() for r in spark.read.format("test").load().collect()]`),
    ).toEqual([{ i: 0, j: "1" }]);
  });

  it("test_data_source_read_output_with_partition", async () => {
    expect(
      await run(`
def partition_func():
    return [InputPartition(0), InputPartition(1)]

def read_func(schema, partition):
    if partition.value == 0:
        return iter([])
    elif partition.value == 1:
        yield (0, 1)

register_data_source(read_func=read_func, partition_func=partition_func)
rows(spark.read.format("test").load())`),
    ).toEqual([[0, 1]]);
  });

  it("test_data_source_read_output_with_schema_mismatch: the user's schema is what read must fit", async () => {
    await run(`register_data_source(read_func=lambda schema, partition: iter([(0, 1)]))`);
    const [name, message] = (await raised(`spark.read.format("test").schema("i int").load().collect()`))!;
    expect(name).toBe("PythonException");
    expect(message).toContain("DATA_SOURCE_RETURN_SCHEMA_MISMATCH");
  });

  it("test_read_with_invalid_return_row_type", async () => {
    await run(`register_data_source(read_func=lambda schema, partition: iter([1]))`);
    const [name, message] = (await raised(`spark.read.format("test").load().collect()`))!;
    expect(name).toBe("PythonException");
    expect(message).toContain("DATA_SOURCE_INVALID_RETURN_TYPE");
  });

  it("test_in_memory_data_source: options reach the source", async () => {
    expect(
      await run(`
class InMemDataSourceReader(DataSourceReader):
    DEFAULT_NUM_PARTITIONS: int = 3

    def __init__(self, options):
        self.options = options

    def partitions(self):
        if "num_partitions" in self.options:
            num_partitions = int(self.options["num_partitions"])
        else:
            num_partitions = self.DEFAULT_NUM_PARTITIONS
        return [InputPartition(i) for i in range(num_partitions)]

    def read(self, partition):
        yield partition.value, str(partition.value)

class InMemoryDataSource(DataSource):
    @classmethod
    def name(cls):
        return "memory"

    def schema(self):
        return "x INT, y STRING"

    def reader(self, schema) -> "DataSourceReader":
        return InMemDataSourceReader(self.options)

spark.dataSource.register(InMemoryDataSource)
[rows(spark.read.format("memory").load()), rows(spark.read.format("memory").option("num_partitions", 2).load())]`),
    ).toEqual([
      [
        [0, "0"],
        [1, "1"],
        [2, "2"],
      ],
      [
        [0, "0"],
        [1, "1"],
      ],
    ]);
  });

  it("test_custom_json_data_source_read: load(path) is the path option", async () => {
    expect(
      await run(`
class TestJsonReader(DataSourceReader):
    def __init__(self, options):
        self.options = options

    def read(self, partition):
        path = self.options.get("path")
        if path is None:
            raise Exception("path is not specified")
        with open(path, "r") as file:
            for line in file.readlines():
                if line.strip():
                    data = json.loads(line)
                    yield data.get("name"), data.get("age")

class TestJsonDataSource(DataSource):
    @classmethod
    def name(cls):
        return "my-json"

    def schema(self):
        return "name STRING, age INT"

    def reader(self, schema) -> "DataSourceReader":
        return TestJsonReader(self.options)

spark.dataSource.register(TestJsonDataSource)
[
    rows(spark.read.format("my-json").load("python/test_support/sql/people.json")),
    rows(spark.read.format("my-json").load("python/test_support/sql/people1.json")),
]`),
    ).toEqual([
      [
        ["Andy", 30],
        ["Justin", 19],
        ["Michael", null],
      ],
      [["Jonathan", null]],
    ]);
  });

  it("test_case_insensitive_dict", async () => {
    expect(
      await run(`
d = CaseInsensitiveDict({"foo": 1, "Bar": 2})
tc.assertEqual(d["foo"], d["FOO"])
tc.assertEqual(d["bar"], d["BAR"])
tc.assertTrue("baR" in d)
d["BAR"] = 3
tc.assertEqual(d["BAR"], 3)
d.update({"BaZ": 3})
tc.assertEqual(d["BAZ"], 3)
d.update({"FOO": 4})
tc.assertEqual(d["foo"], 4)
del d["FoO"]
tc.assertFalse("FOO" in d)
d2 = d.copy()
tc.assertEqual(d2["BaR"], 3)
tc.assertEqual(d2["baz"], 3)
"passed"`),
    ).toBe("passed");
  });

  it("test_reader_not_implemented (Spark 4.0's): PYTHON_DATA_SOURCE_METHOD_NOT_IMPLEMENTED at planning", async () => {
    const [name, message] = (await raised(`
class NoReader(DataSource):
    def schema(self):
        return "x INT"
spark.dataSource.register(NoReader)
spark.read.format("NoReader").load().collect()`))!;
    expect(name).toBe("AnalysisException");
    expect(message).toContain("PYTHON_DATA_SOURCE_METHOD_NOT_IMPLEMENTED");
  });

  it("test_exception_in_reader (Spark 4.0's): PYTHON_DATA_SOURCE_CREATE_ERROR", async () => {
    const [name, message] = (await raised(`
class FailingReader(DataSource):
    def schema(self):
        return "x INT, y INT"
    def reader(self, schema):
        raise Exception("fail to create reader")
spark.dataSource.register(FailingReader)
spark.read.format("FailingReader").load().collect()`))!;
    expect(name).toBe("AnalysisException");
    expect(message).toContain("PYTHON_DATA_SOURCE_CREATE_ERROR");
    expect(message).toContain("fail to create reader");
  });

  it("test_exception_in_reader_read (Spark 4.0's): a PythonException with read's message", async () => {
    const [name, message] = (await raised(`
class ReadFails(DataSourceReader):
    def partitions(self):
        return [InputPartition(1), InputPartition(2)]
    def read(self, partition):
        raise Exception("fail to read")
class FailingRead(DataSource):
    def schema(self):
        return "x INT"
    def reader(self, schema):
        return ReadFails()
spark.dataSource.register(FailingRead)
spark.read.format("FailingRead").load().collect()`))!;
    expect(name).toBe("PythonException");
    expect(message).toContain("fail to read");
  });
});

describe("test_python_datasource.py: DataSourceWriter", () => {
  beforeAll(async () => {
    await run(`
import tempfile
from dataclasses import dataclass
from pyspark.sql.datasource import DataSourceWriter, WriterCommitMessage

@dataclass
class TestCommitMessage(WriterCommitMessage):
    count: int

class TestJsonWriter(DataSourceWriter):
    def __init__(self, options):
        self.options = options
        self.path = self.options.get("path")

    def write(self, iterator):
        output_path = os.path.join(self.path, "0.json")
        count = 0
        with open(output_path, "w") as file:
            for row in iterator:
                count += 1
                if "id" in row and row.id > 5:
                    raise Exception("id > 5")
                file.write(json.dumps(row.asDict()) + "\\n")
        return TestCommitMessage(count=count)

    def commit(self, messages):
        total_count = sum(message.count for message in messages)
        with open(os.path.join(self.path, "_success.txt"), "a") as file:
            file.write(f"count: {total_count}\\n")

    def abort(self, messages):
        with open(os.path.join(self.path, "_failed.txt"), "a") as file:
            file.write("failed")

class TestJsonWriteSource(DataSource):
    @classmethod
    def name(cls):
        return "my-json-writer"

    def schema(self):
        return "name STRING, age INT"

    def writer(self, schema, overwrite):
        return TestJsonWriter(self.options)

spark.dataSource.register(TestJsonWriteSource)`);
  });

  it("test_custom_json_data_source_write", async () => {
    expect(
      await run(`
input_path = "python/test_support/sql/people.json"
df = spark.read.json(input_path)
with tempfile.TemporaryDirectory(prefix="test_custom_json_data_source_write") as d:
    df.write.format("my-json-writer").mode("append").save(d)
    written = rows(spark.read.json(d).select("age", "name"))
[written, rows(spark.read.json(input_path).select("age", "name"))]`),
    ).toEqual([
      [
        [19, "Justin"],
        [30, "Andy"],
        [null, "Michael"],
      ],
      [
        [19, "Justin"],
        [30, "Andy"],
        [null, "Michael"],
      ],
    ]);
  });

  it("test_custom_json_data_source_commit", async () => {
    expect(
      await run(`
with tempfile.TemporaryDirectory(prefix="test_custom_json_data_source_commit") as d:
    spark.range(0, 5, 1, 3).write.format("my-json-writer").mode("append").save(d)
    with open(os.path.join(d, "_success.txt"), "r") as file:
        text = file.read()
text`),
    ).toBe("count: 5\n");
  });

  it("test_custom_json_data_source_abort", async () => {
    expect(
      await run(`
with tempfile.TemporaryDirectory(prefix="test_custom_json_data_source_abort") as d:
    with tc.assertRaises(PythonException):
        spark.range(0, 8, 1, 3).write.format("my-json-writer").mode("append").save(d)
    with open(os.path.join(d, "_failed.txt"), "r") as file:
        text = file.read()
text`),
    ).toBe("failed");
  });
});
