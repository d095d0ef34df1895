import type { PyodideAPI } from "pyodide";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryFileSystem } from "../engine/index";
import { SharedFiles } from "./sharedFiles";
import { newPythonSession, type PythonTestSession } from "./testing";

// Python's own file functions (open, os, shutil, tempfile) and the engine's readers and sinks see the same files,
// as they do in PySpark, whose tests write inputs with open() under a tempfile directory and read a sink's output
// back with os.listdir. The cases follow python/pyspark/sql/tests/test_readwriter.py and
// python/pyspark/sql/tests/streaming/test_streaming.py.

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.py.run(`
import os, shutil, tempfile
from pyspark.sql import Row
from pyspark.sql.types import StructType, StructField, StringType
df = spark.createDataFrame([Row(key=i, value=str(i)) for i in range(100)])`);
});
afterAll(() => t.cleanup());

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("Python's files are the engine's", () => {
  it("tempfile.gettempdir() is a directory the engine reads, and open() writes land there", async () => {
    const result = await t.py.run(`
d = tempfile.mkdtemp()
with open(os.path.join(d, "lines.txt"), "w") as f:
    f.write("hello\\nthis\\n")
(tempfile.gettempdir(), d, [r.value for r in spark.read.text(d).collect()])`);
    const [tmp, dir, lines] = result.value as [string, string, string[]];
    expect(tmp).toBe("/tmp");
    expect(dir.startsWith("/tmp/")).toBe(true);
    expect(lines).toEqual(["hello", "this"]);
    expect(text(await t.spark.fs.readFile(`${dir}/lines.txt`))).toBe("hello\nthis\n");
  });

  it("reads a CSV written with open() in a TemporaryDirectory, options set to None left out (test_option_none_is_filtered)", async () => {
    const result = await t.py.run(`
with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "data.csv")
    with open(path, "w") as f:
        f.write('"",val\\n')
    schema = "a STRING, b STRING"
    expected = [Row(a=None, b="val")]
    first = spark.read.schema(schema).option("nullValue", None).csv(path).collect() == expected
    second = spark.read.schema(schema).options(nullValue=None).csv(path).collect() == expected
(first, second, d, os.path.exists(d))`);
    const [first, second, dir, exists] = result.value as [boolean, boolean, string, boolean];
    expect([first, second, exists]).toEqual([true, true, false]);
    // The directory TemporaryDirectory removed is gone for the engine too.
    expect(await t.spark.fs.stat(dir)).toBeUndefined();
  });

  it("saves and loads JSON under a mkdtemp path, sees the part files, and rmtree removes them (test_save_and_load)", async () => {
    const result = await t.py.run(`
tmpPath = tempfile.mkdtemp()
shutil.rmtree(tmpPath)
df.write.json(tmpPath)
same = sorted(spark.read.json(tmpPath).collect()) == sorted(df.collect())
schema = StructType([StructField("value", StringType(), True)])
values = sorted(spark.read.json(tmpPath, schema).collect()) == sorted(df.select("value").collect())
parts = sorted(f for f in os.listdir(tmpPath) if f.startswith("part-"))
df.write.json(tmpPath, "overwrite")
after = sorted(f for f in os.listdir(tmpPath) if f.startswith("part-"))
overwritten = sorted(spark.read.json(tmpPath).collect()) == sorted(df.collect())
first = open(os.path.join(tmpPath, after[0])).readline()
shutil.rmtree(tmpPath)
(tmpPath, same, values, len(parts) > 0, len(after) > 0, overwritten, first)`);
    const [dir, same, values, wroteParts, rewroteParts, overwritten, first] = result.value as [
      string,
      boolean,
      boolean,
      boolean,
      boolean,
      boolean,
      string,
    ];
    expect([same, values, wroteParts, rewroteParts, overwritten]).toEqual([true, true, true, true, true]);
    // A line of a part file as the engine wrote it, read with Python's open().
    expect(Object.keys(JSON.parse(first)).sort()).toEqual(["key", "value"]);
    expect(await t.spark.fs.stat(dir)).toBeUndefined();
  });

  it("relative paths name the same file on both sides", async () => {
    const result = await t.py.run(`
with open("relative.txt", "w") as f:
    f.write("one\\n")
rows = [r.value for r in spark.read.text("relative.txt").collect()]
os.remove("relative.txt")
(os.getcwd(), rows)`);
    expect(result.value).toEqual(["/", ["one"]]);
    expect(await t.spark.fs.stat("/relative.txt")).toBeUndefined();
  });

  it("a file Python replaces with a directory of the same name is a directory for the engine too", async () => {
    const result = await t.py.run(`
p = os.path.join(tempfile.mkdtemp(), "x")
with open(p, "w") as f:
    f.write("file\\n")
before = [r.value for r in spark.read.text(p).collect()]
os.remove(p)
os.makedirs(p)
with open(os.path.join(p, "inner.txt"), "w") as f:
    f.write("inner\\n")
(before, [r.value for r in spark.read.text(p).collect()], p)`);
    const [before, after, dir] = result.value as [string[], string[], string];
    expect([before, after]).toEqual([["file"], ["inner"]]);
    expect((await t.spark.fs.stat(dir))?.isDirectory).toBe(true);
  });

  it("files the engine writes are there for open(), and gone once dbutils.fs.rm deletes them", async () => {
    await t.spark.fs.writeFile("/shared/from-engine.txt", "written by the engine");
    const result = await t.py.run(`open("/shared/from-engine.txt").read()`);
    expect(result.value).toBe("written by the engine");
    // And a file the engine deletes is gone for Python.
    const gone = await t.py.run(`
dbutils.fs.rm("/shared/from-engine.txt")
(os.path.exists("/shared/from-engine.txt"), os.path.isdir("/shared"))`);
    expect(gone.value).toEqual([false, true]);
  });
});

describe("streams over files written with open()", () => {
  it("a text stream into a partitioned parquet sink: os.walk sees the output, os.listdir the checkpoint (test_stream_save_options)", async () => {
    const result = await t.py.run(`
from pyspark.sql.functions import lit
src = tempfile.mkdtemp()
with open(os.path.join(src, "text.txt"), "w") as f:
    f.write("hello\\nthis\\n")
sdf = spark.readStream.format("text").load(src).withColumn("id", lit(1))
tmpPath = tempfile.mkdtemp()
shutil.rmtree(tmpPath)
out = os.path.join(tmpPath, "out")
chk = os.path.join(tmpPath, "chk")
q = (sdf.writeStream.option("checkpointLocation", chk)
    .queryName("this_query")
    .format("parquet")
    .partitionBy("id")
    .outputMode("append")
    .option("path", out)
    .start())
try:
    name, active = q.name, q.isActive
    q.processAllAvailable()
    output_files = []
    for _, _, files in os.walk(out):
        output_files.extend([f for f in files if not f.startswith(".")])
    checkpoint = sorted(os.listdir(chk))
    rows = sorted((r.value, r.id) for r in spark.read.parquet(out).collect())
finally:
    q.stop()
    shutil.rmtree(tmpPath)
(name, active, len(output_files) > 0, "offsets" in checkpoint and "commits" in checkpoint, rows, os.path.isdir(tmpPath), tmpPath)`);
    const [name, active, wroteOutput, checkpointed, rows, stillThere, dir] = result.value as [
      string,
      boolean,
      boolean,
      boolean,
      [string, number][],
      boolean,
      string,
    ];
    expect([name, active, wroteOutput, checkpointed, stillThere]).toEqual([
      "this_query",
      true,
      true,
      true,
      false,
    ]);
    expect(rows).toEqual([
      ["hello", 1],
      ["this", 1],
    ]);
    expect(await t.spark.fs.stat(dir)).toBeUndefined();
  });

  it("a file written with open() while the stream runs is the next batch's input", async () => {
    const result = await t.py.run(`
src = tempfile.mkdtemp()
with open(os.path.join(src, "1.txt"), "w") as f:
    f.write("a\\nb\\n")
q = spark.readStream.text(src).writeStream.format("memory").queryName("arrivals").start()
q.processAllAvailable()
first = sorted(r.value for r in spark.sql("SELECT * FROM arrivals").collect())
with open(os.path.join(src, "2.txt"), "w") as f:
    f.write("c\\n")
q.processAllAvailable()
second = sorted(r.value for r in spark.sql("SELECT * FROM arrivals").collect())
inputs = [p["numInputRows"] for p in q.recentProgress if p["numInputRows"] > 0]
q.stop()
(first, second, inputs)`);
    expect(result.value).toEqual([
      ["a", "b"],
      ["a", "b", "c"],
      [2, 1],
    ]);
  });

  it("a JSON stream's schema, given, reads files written with json.dump", async () => {
    const result = await t.py.run(`
import json
src = tempfile.mkdtemp()
with open(os.path.join(src, "events.json"), "w") as f:
    for i in range(3):
        f.write(json.dumps({"id": i, "name": "n" + str(i)}) + "\\n")
q = (spark.readStream.schema("id INT, name STRING").json(src)
    .writeStream.format("memory").queryName("json_events").start())
q.processAllAvailable()
rows = sorted((r.id, r.name) for r in spark.sql("SELECT * FROM json_events").collect())
q.stop()
rows`);
    expect(result.value).toEqual([
      [0, "n0"],
      [1, "n1"],
      [2, "n2"],
    ]);
  });
});

describe("what a sync sends, and when", () => {
  it("a file a foreachBatch function writes reaches the engine when its batch ends, with no cell or call after it", async () => {
    const started = await t.py.run(`
src = tempfile.mkdtemp()
out = tempfile.mkdtemp()
with open(os.path.join(src, "0.txt"), "w") as f:
    f.write("a\\n")
def write_batch(batch, batch_id):
    with open(os.path.join(out, "batch-%d.txt" % batch_id), "w") as f:
        f.write(str(batch.count()))
q = spark.readStream.text(src).writeStream.foreachBatch(write_batch).queryName("writes_files").start()
q.processAllAvailable()
(src, out)`);
    const [src, out] = started.value as [string, string];
    // The next batch runs in the background, after the cell ended: only the sync after the function sends its file.
    await t.spark.fs.writeFile(`${src}/1.txt`, "b\nc\n");
    const query = t.spark.streams.active.find((q) => q.name === "writes_files")!;
    try {
      await query.processAllAvailable();
      expect(text(await t.spark.fs.readFile(`${out}/batch-1.txt`))).toBe("2");
    } finally {
      await query.stop();
    }
  });

  it("a file open for writing is sent once it is closed, never half of it", async () => {
    const opened = await t.py.run(`
log = os.path.join(tempfile.mkdtemp(), "log.txt")
f = open(log, "w")
f.write("first half, ")
f.flush()
log`);
    const path = opened.value as string;
    expect(await t.spark.fs.stat(path)).toBeUndefined();
    await t.py.run(`
f.write("second half")
f.close()`);
    expect(text(await t.spark.fs.readFile(path))).toBe("first half, second half");
  });

  it("a file Python writes while a sync brings the engine's version of it is kept, and sent at the next sync", async () => {
    const FS = (t.py as unknown as { pyodide: PyodideAPI }).pyodide.FS;
    const engine = new MemoryFileSystem();
    const files = new SharedFiles(FS, engine);
    await files.sync({ full: true });
    await engine.writeFile("/race/x.txt", "the engine's");
    let reading!: () => void;
    const reached = new Promise<void>((resolve) => {
      reading = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const readFile = engine.readFile.bind(engine);
    engine.readFile = async (path: string) => {
      if (path === "/race/x.txt") {
        reading();
        await gate;
      }
      return readFile(path);
    };
    const syncing = files.sync();
    await reached;
    // A background Python callback writes the same file while the sync waits on the engine.
    FS.mkdirTree("/race");
    FS.writeFile("/race/x.txt", "Python's");
    release();
    await syncing;
    expect(FS.readFile("/race/x.txt", { encoding: "utf8" })).toBe("Python's");
    await files.sync();
    expect(text(await engine.readFile("/race/x.txt"))).toBe("Python's");
  });

  it("a file the sync brought into Python is not sent back over a newer one saved past the engine (a notebook's save)", async () => {
    const FS = (t.py as unknown as { pyodide: PyodideAPI }).pyodide.FS;
    const engine = new MemoryFileSystem();
    const files = new SharedFiles(FS, engine);
    await engine.writeFile("/saved/lesson.ipynb", "v1");
    // Every clock reads the same millisecond: the pull's write into Python and the end of its sync.
    const now = vi.spyOn(Date, "now").mockReturnValue(Date.now());
    try {
      await files.sync({ full: true });
      expect(FS.readFile("/saved/lesson.ipynb", { encoding: "utf8" })).toBe("v1");
      // The notebook saves straight to storage, not through the engine's calls SharedFiles sees.
      await MemoryFileSystem.prototype.writeFile.call(engine, "/saved/lesson.ipynb", "version 2");
      await files.sync({ full: true });
    } finally {
      now.mockRestore();
    }
    expect(text(await engine.readFile("/saved/lesson.ipynb"))).toBe("version 2");
    expect(FS.readFile("/saved/lesson.ipynb", { encoding: "utf8" })).toBe("version 2");
  });

  it("a sync with nothing changed on either side lists no directory and writes nothing", async () => {
    const FS = (t.py as unknown as { pyodide: PyodideAPI }).pyodide.FS;
    const engine = new MemoryFileSystem();
    const files = new SharedFiles(FS, engine);
    await t.py.run(`
for i in range(50):
    os.makedirs("/quiet/d%d" % (i % 5), exist_ok=True)
    with open("/quiet/d%d/f%d.txt" % (i % 5, i), "w") as f:
        f.write(str(i))`);
    await files.sync({ full: true });
    expect(text(await engine.readFile("/quiet/d3/f8.txt"))).toBe("8");
    let calls = 0;
    for (const method of ["list", "stat", "readFile", "writeFile"] as const) {
      const f = (engine[method] as (...args: unknown[]) => Promise<unknown>).bind(engine);
      (engine as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        calls += 1;
        return f(...args);
      };
    }
    await files.sync();
    expect(calls).toBe(0);
    // One file changed on each side: only those two are looked at.
    FS.writeFile("/quiet/d1/f6.txt", "six");
    await engine.writeFile("/quiet/d2/f7.txt", "seven");
    calls = 0;
    await files.sync();
    expect(text(await engine.readFile("/quiet/d1/f6.txt"))).toBe("six");
    expect(FS.readFile("/quiet/d2/f7.txt", { encoding: "utf8" })).toBe("seven");
    expect(calls).toBeLessThanOrEqual(6);
  });
});
