/**
 * df.explain() in a Python cell, as PySpark's DataFrame.explain: its argument rules, Spark's headers per mode and
 * its tree form. Cases after PySpark's doctests of DataFrame.explain (python/pyspark/sql/dataframe.py).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
  await t.spark.fs.writeFile("/people.json", '{"name": "Alice", "age": 2}\n{"name": "Bob", "age": 5}\n');
  await t.py.run(`
from pyspark.sql.functions import col, count
df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])`);
});
afterAll(() => t.cleanup());

describe("DataFrame.explain", () => {
  it("explain() prints the physical plan under Spark's header", async () => {
    const printed = await t.printed(`df.filter(col("age") > 15).select("name").explain()`);
    const lines = printed.split("\n");
    expect(lines[0]).toBe("== Physical Plan ==");
    expect(lines[1]).toBe("Project [name]");
    expect(lines[2]).toBe("+- Filter (age > 15)");
    expect(lines[3]).toBe("   +- LocalTableScan [age,name]");
    expect(printed.endsWith("\n\n")).toBe(true);
  });

  it("explain(True) and mode='extended' print the parsed, analyzed, optimized and physical plans", async () => {
    const extended = await t.printed(`df.groupBy("name").agg(count("*").alias("n")).explain(True)`);
    const headers = extended.split("\n").filter((l) => l.startsWith("== "));
    expect(headers).toEqual([
      "== Parsed Logical Plan ==",
      "== Analyzed Logical Plan ==",
      "== Optimized Logical Plan ==",
      "== Physical Plan ==",
    ]);
    expect(extended).toContain(
      "== Analyzed Logical Plan ==\nname: string, n: bigint\nAggregate [name], [name, count(1) AS n]",
    );
    expect(extended).toContain("== Physical Plan ==\nHashAggregate(keys=[name], functions=[count(1) AS n])");
    const byMode = await t.printed(`df.groupBy("name").agg(count("*").alias("n")).explain(mode="extended")`);
    expect(byMode).toBe(extended);
  });

  it("the other modes: formatted numbers the operators, cost adds statistics, codegen, simple by name", async () => {
    const formatted = await t.printed(`df.filter(col("age") > 15).explain("formatted")`);
    expect(formatted).toBe(
      "== Physical Plan ==\nFilter (2)\n+- LocalTableScan (1)\n\n\n" +
        "(1) LocalTableScan\nOutput [2]: [age, name]\n\n" +
        "(2) Filter\nInput [2]: [age, name]\nCondition : (age > 15)\n\n\n",
    );
    const cost = await t.printed(`df.explain(mode="cost")`);
    expect(cost.split("\n")[0]).toBe("== Optimized Logical Plan ==");
    expect(cost).toContain("Statistics(sizeInBytes=8.0 EiB)");
    expect(cost).toContain("== Physical Plan ==");
    expect(await t.printed(`df.explain("codegen")`)).toBe("Found 0 WholeStageCodegen subtrees.\n\n");
    expect(await t.printed(`df.explain("SIMPLE")`)).toBe(await t.printed("df.explain()"));
    expect(await t.printed("df.explain(False)")).toBe(await t.printed("df.explain()"));
  });

  it("refuses what PySpark refuses: extended and mode together, wrong types, an unknown mode", async () => {
    await expect(t.py.run(`df.explain(True, mode="formatted")`)).rejects.toMatchObject({
      name: "PySparkValueError",
      errorClass: "CANNOT_SET_TOGETHER",
      message: "[CANNOT_SET_TOGETHER] extended and mode should not be set together.",
    });
    await expect(t.py.run("df.explain(1)")).rejects.toMatchObject({
      name: "PySparkTypeError",
      errorClass: "NOT_BOOL_OR_STR",
    });
    await expect(t.py.run("df.explain(mode=1)")).rejects.toMatchObject({
      name: "PySparkTypeError",
      errorClass: "NOT_STR",
    });
    await expect(t.py.run(`df.explain("unknown")`)).rejects.toMatchObject({
      name: "IllegalArgumentException",
      message: expect.stringContaining(
        "Unknown explain mode: unknown. Accepted explain modes are 'simple', 'extended', 'codegen', 'cost', 'formatted'.",
      ),
    });
  });

  it("a streaming DataFrame shows its source as a StreamingRelation; a file read shows its FileScan", async () => {
    const streaming = await t.printed(`
spark.readStream.format("rate").load().withWatermark("timestamp", "10 seconds").explain()`);
    expect(streaming).toBe(
      "== Physical Plan ==\nEventTimeWatermark timestamp, 10 seconds\n+- StreamingRelation rate, [timestamp,value]\n\n",
    );
    const files = await t.printed(`spark.read.json("/people.json").explain()`);
    expect(files).toMatch(
      /^== Physical Plan ==\nFileScan json \[age,name\] .*Format: JSON, Location: InMemoryFileIndex\(1 paths\)\[file:\/people.json\].*ReadSchema: struct<age:bigint,name:string>\n\n$/,
    );
  });
});

describe("StreamingQuery.explain", () => {
  it("prints explainInternal: waiting for data, then the last batch's plans", async () => {
    await t.spark.fs.mkdirs("/explain_in");
    const waiting = await t.printed(`
from pyspark.sql.functions import concat, lit
stream = spark.readStream.text("/explain_in")
q = stream.select(concat("value", lit("foo")).alias("value")).groupBy("value").count() \\
    .writeStream.queryName("memory_explain").outputMode("complete").format("memory").start()
q.explain()
q.explain(True)`);
    expect(waiting).toBe("No physical plan. Waiting for data.\nNo physical plan. Waiting for data.\n");
    await t.spark.fs.writeFile("/explain_in/a.txt", "abc\n");
    const physical = await t.printed(`
q.processAllAvailable()
q.explain()`);
    const lines = physical.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "== Physical Plan ==",
      "WriteToDataSourceV2 MicroBatchWrite[epoch: 0, writer: MemorySink]",
      "+- HashAggregate(keys=[value], functions=[count(1)])",
    ]);
    expect(physical).toContain("StateStoreRestore [value]");
    expect(physical).toMatch(/FileScan text \[value\] .*Format: Text.*\n\n$/);
    const extended = await t.printed(`
q.explain(True)
q.stop()`);
    expect(extended.match(/== (Parsed|Analyzed|Optimized) Logical Plan ==/g)).toHaveLength(3);
    expect(extended.match(/Relation \[value\] text/g)).toHaveLength(3);
  });
});
