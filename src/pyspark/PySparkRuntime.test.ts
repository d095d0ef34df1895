import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEvents } from "../datasets/events";
import { PythonCellError } from "./PySparkRuntime";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

describe("cells", () => {
  it("resolve to the last expression's value as plain data and what was printed", async () => {
    const result = await t.py.run(
      'x = 40\nprint("hello", x)\n{"answer": x + 2, "items": [1, 2.5, None, "s"]}',
    );
    expect(result.stdout).toBe("hello 40\n");
    expect(result.value).toEqual({ answer: 42, items: [1, 2.5, null, "s"] });
    expect(result.text).toBe("{'answer': 42, 'items': [1, 2.5, None, 's']}");
  });

  it("share one namespace, as Jupyter cells do", async () => {
    await t.py.run("def twice(n):\n    return 2 * n");
    expect((await t.py.run("twice(x)")).value).toBe(80);
  });

  it("have no value when they end with a statement", async () => {
    const result = await t.py.run("y = 1");
    expect(result.value).toBeUndefined();
    expect(result.text).toBeUndefined();
  });

  it("reject with the Python exception's class, its message and the cell line", async () => {
    const error = await t.py.run("a = 1\nb = 2\nundefined_name + a").catch((e) => e);
    expect(error).toBeInstanceOf(PythonCellError);
    expect(error.name).toBe("NameError");
    expect(error.message).toBe("name 'undefined_name' is not defined");
    expect(error.line).toBe(3);
    expect(error.traceback).toContain("line 3, in <module>");
  });

  it("report syntax errors with their line", async () => {
    const error = await t.py.run("ok = 1\nx = = 2").catch((e) => e);
    expect(error.name).toBe("SyntaxError");
    expect(error.line).toBe(2);
  });

  it("run one at a time in the order they were sent", async () => {
    const runs = [
      t.py.run("import asyncio\norder = []\nawait asyncio.sleep(0)\norder.append(1)"),
      t.py.run("order.append(2)"),
      t.py.run("order"),
    ];
    expect((await runs[2]).value).toEqual([1, 2]);
  });
});

describe("collect() returns Row objects", () => {
  it("with fields by name, by attribute and by position, and Python types from the schema", async () => {
    const result = await t.py.run(`
from datetime import datetime
from pyspark.sql import Row
from pyspark.sql.types import StructType, StructField, StringType, LongType, DoubleType, TimestampType
schema = StructType([
    StructField("name", StringType()),
    StructField("visits", LongType()),
    StructField("score", DoubleType()),
    StructField("seen", TimestampType()),
])
df = spark.createDataFrame([("ann", 3, 2.0, datetime(2024, 5, 1, 12, 30)), ("bob", 1, 0.5, None)], schema)
rows = df.orderBy("name").collect()
first = rows[0]
(first.name, first["visits"], first[2], type(first.score).__name__, first.seen.isoformat(),
 rows[1].seen, first.asDict(), "name" in first, repr(first))`);
    expect(result.value).toEqual([
      "ann",
      3,
      2,
      "float",
      "2024-05-01T12:30:00",
      null,
      { name: "ann", visits: 3, score: 2, seen: new Date("2024-05-01T12:30:00Z") },
      true,
      "Row(name='ann', visits=3, score=2.0, seen=datetime.datetime(2024, 5, 1, 12, 30))",
    ]);
  });

  it("and as PySpark builds them: Row(**kwargs), Row factories, read-only", async () => {
    const result = await t.py.run(`
Person = Row("name", "age")
p = Person("Alice", 11)
try:
    p.age = 12
    changed = True
except Exception as e:
    changed = type(e).__name__
(p.name, p.age, Row(a=1, b="x").b, changed, p == ("Alice", 11))`);
    expect(result.value).toEqual(["Alice", 11, "x", "PySparkRuntimeError", true]);
  });

  it("nested structs, arrays and maps come back as Rows, lists and dicts", async () => {
    const result = await t.py.run(`
df = spark.createDataFrame(
    [({"city": "Oslo", "zip": 150}, [1, 2], {"k": 1.5})],
    "geo STRUCT<city: STRING, zip: INT>, ids ARRAY<BIGINT>, m MAP<STRING, DOUBLE>",
)
r = df.collect()[0]
(r.geo.city, r.geo["zip"], r.ids, r.m, type(r.geo).__name__)`);
    expect(result.value).toEqual(["Oslo", 150, [1, 2], { k: 1.5 }, "Row"]);
  });
});

describe("columns of structs", () => {
  it('reach fields as col["field"], col.field, df.column.field and "a.b" names', async () => {
    const result = await t.py.run(`
from pyspark.sql.functions import col
people = spark.createDataFrame([("ann", ("Oslo", "NO")), ("bob", ("Lund", "SE"))],
                               "name STRING, geo STRUCT<city: STRING, country: STRING>")
picked = people.where(people["geo"]["country"] == "NO").select(
    col("geo")["city"].alias("c1"), col("geo").country.alias("c2"), people.geo.city.alias("c3"),
    col("geo.country").alias("c4"))
[tuple(r) for r in picked.collect()]`);
    expect(result.value).toEqual([["Oslo", "NO", "Oslo", "NO"]]);
  });
});

describe("createDataFrame", () => {
  it("infers PySpark's types from Python values (int is bigint, float is double), with column names", async () => {
    const printed = await t.printed(`
df = spark.createDataFrame([(1, 2.0, "a", True)], ["i", "f", "s", "b"])
print(df.dtypes)
df.printSchema()`);
    expect(printed).toBe(
      "[('i', 'bigint'), ('f', 'double'), ('s', 'string'), ('b', 'boolean')]\n" +
        "root\n |-- i: long (nullable = true)\n |-- f: double (nullable = true)\n" +
        " |-- s: string (nullable = true)\n |-- b: boolean (nullable = true)\n",
    );
  });

  it("orders a dict's fields by name, as PySpark does", async () => {
    expect((await t.py.run('spark.createDataFrame([{"b": 1, "a": "x"}]).columns')).value).toEqual(["a", "b"]);
  });
});

describe("batch DataFrames", () => {
  it("show() prints Spark's table into the cell's output, count() and first() answer", async () => {
    const result = await t.py.run(`
from pyspark.sql import functions as F
df = spark.range(0, 5).withColumn("sq", F.col("id") * F.col("id"))
df.filter(df.sq > 4).show()
(df.count(), df.first().sq, df.agg(F.sum("sq").alias("total")).collect()[0].total)`);
    expect(result.stdout).toBe("+---+---+\n| id| sq|\n+---+---+\n|  3|  9|\n|  4| 16|\n+---+---+\n");
    expect(result.value).toEqual([5, 0, 30]);
  });

  it("spark.sql over a temp view, and Column operators & | ~ and comparisons", async () => {
    const result = await t.py.run(`
from pyspark.sql.functions import col
people = spark.createDataFrame([("ann", 31, "NO"), ("bob", 17, "SE"), ("cy", 45, "DK"), ("di", 12, "NO")],
                               ["name", "age", "country"])
people.createOrReplaceTempView("people")
adults = spark.sql("SELECT name FROM people WHERE age >= 18 ORDER BY name")
picked = people.filter((col("age") > 15) & ~(col("country") == "DK") | (col("name") == "di"))
([r.name for r in adults.collect()], sorted(r["name"] for r in picked.collect()),
 sorted(r.name for r in people.where(col("country").isin("NO", "SE") & (col("age") != 17)).collect()))`);
    expect(result.value).toEqual([
      ["ann", "cy"],
      ["ann", "bob", "di"],
      ["ann", "di"],
    ]);
  });

  it("window functions over a Window spec", async () => {
    const result = await t.py.run(`
from pyspark.sql import Window
from pyspark.sql.functions import row_number, lag, col
scores = spark.createDataFrame([("a", 1, 10), ("a", 2, 30), ("b", 1, 5), ("a", 3, 20)], ["team", "round", "points"])
w = Window.partitionBy("team").orderBy(col("points").desc())
ranked = scores.withColumn("place", row_number().over(w)).withColumn(
    "before", lag("points").over(Window.partitionBy("team").orderBy("round")))
sorted((r.team, r["round"], r.place, r.before) for r in ranked.collect())`);
    expect(result.value).toEqual([
      ["a", 1, 3, null],
      ["a", 2, 1, 10],
      ["a", 3, 2, 30],
      ["b", 1, 1, null],
    ]);
  });

  it("toPandas() says plainly that pandas is not available offline", async () => {
    const error = await t.py.run("spark.range(1).toPandas()").catch((e) => e);
    expect(error.name).toBe("PySparkImportError");
    expect(error.message).toContain("[PACKAGE_NOT_INSTALLED] Pandas >= 2.2.0 must be installed");
    expect(error.message).toContain("does not include pandas");
  });
});

describe("outside the notebook (no host)", () => {
  it("dbutils.fs and the teaching data work on the session's files", async () => {
    const result = await t.py.run(`
from sluice import datasets
paths = datasets.write_events("/helpers/events", files=2, rows_per_file=50)
dbutils.fs.put("/helpers/note.txt", "hello")
(sorted(f.name for f in dbutils.fs.ls("/helpers")), dbutils.fs.head("/helpers/note.txt"), paths)`);
    expect(result.value).toEqual([
      ["events/", "note.txt"],
      "hello",
      ["/helpers/events/part-00000.parquet", "/helpers/events/part-00001.parquet"],
    ]);
    expect((await t.spark.fs.list("/helpers/events")).map((f) => f.size > 0)).toEqual([true, true]);
    expect((await t.py.run('dbutils.fs.rm("/helpers/note.txt")')).value).toBe(true);
    expect(await t.spark.fs.stat("/helpers/note.txt")).toBeUndefined();
  });

  it("write_events takes the generator's options under Python names, with its defaults", async () => {
    await t.py.run(`
from sluice import datasets
datasets.write_events("/helpers/py-default", files=1, rows_per_file=300)
datasets.write_events("/helpers/py-late", files=1, rows_per_file=300, seed=5, seconds_per_file=600,
                      disorder_seconds=90, late_fraction=0.25, late_by_seconds=1200)`);
    const read = async (path: string) => new Uint8Array(await t.spark.fs.readFile(path));
    expect(await read("/helpers/py-default/part-00000.parquet")).toEqual(
      (await generateEvents({ files: 1, rowsPerFile: 300 }, t.spark.db))[0],
    );
    expect(await read("/helpers/py-late/part-00000.parquet")).toEqual(
      (
        await generateEvents(
          {
            files: 1,
            rowsPerFile: 300,
            seed: 5,
            secondsPerFile: 600,
            disorderSeconds: 90,
            lateFraction: 0.25,
            lateBySeconds: 1200,
          },
          t.spark.db,
        )
      )[0],
    );
  });
});
