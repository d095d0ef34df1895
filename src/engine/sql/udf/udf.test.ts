/**
 * User-defined functions in batch queries: the cases of Spark's UDFSuite (sql/core/.../UDFSuite.scala) and of
 * PySpark's test_udf.py that apply to JavaScript functions, with Spark's inputs and expected answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnalysisException,
  call_udf,
  col,
  type DataFrame,
  explode,
  expr,
  lit,
  PySparkTypeError,
  rand,
  struct,
  sum,
  udf,
} from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("user-defined functions", () => {
  let t: TestSession;
  /** Spark's SQLTestData.testData: (key, value) for 1..100. */
  let testData: DataFrame;
  /** PySpark's test data: [(1, "1"), (2, "2"), (1, "2"), (1, "2")] as (key, value). */
  let keyValue: DataFrame;
  beforeAll(async () => {
    t = await newTestSession();
    testData = t.spark.createDataFrame(
      Array.from({ length: 100 }, (_, i) => ({ key: i + 1, value: String(i + 1) })),
      "key INT, value STRING",
    );
    keyValue = t.spark.createDataFrame(
      [
        [1, "1"],
        [2, "2"],
        [1, "2"],
        [1, "2"],
      ],
      "key INT, value STRING",
    );
  });
  afterAll(() => t.cleanup());

  const sql = (text: string) => t.spark.sql(text);
  const first = async (df: DataFrame) => Object.values((await df.collect())[0]);

  describe("UDFSuite", () => {
    it("udf: a function of two columns in a select, named UDF(...)", async () => {
      const foo = udf((a: number, b: string) => `${a}${b}`, "string");
      const df = testData.select(col("*"), foo(col("key"), col("value"))).limit(3);
      expect(df.columns).toEqual(["key", "value", "UDF(key, value)"]);
      expect(await df.collect()).toEqual([
        { key: 1, value: "1", "UDF(key, value)": "11" },
        { key: 2, value: "2", "UDF(key, value)": "22" },
        { key: 3, value: "3", "UDF(key, value)": "33" },
      ]);
    });

    it("callUDF: a registered function by name", async () => {
      const df = t.spark.createDataFrame(
        [
          ["id1", 1],
          ["id2", 4],
          ["id3", 5],
        ],
        "id STRING, value INT",
      );
      t.spark.udf.register("simpleUDF", (v: number) => v * v, "int");
      expect(await df.select(col("id"), call_udf("simpleUDF", col("value"))).collect()).toEqual([
        { id: "id1", "simpleUDF(value)": 1 },
        { id: "id2", "simpleUDF(value)": 16 },
        { id: "id3", "simpleUDF(value)": 25 },
      ]);
    });

    it("error reporting for incorrect number of arguments - udf", () => {
      t.spark.udf.register("foo", (s: string) => s.length, "int");
      const error = (() => {
        try {
          t.spark.range(1).selectExpr("foo(2, 3, 4)");
        } catch (e) {
          return e as AnalysisException;
        }
      })();
      expect(error).toBeInstanceOf(AnalysisException);
      expect(error?.getCondition()).toBe("WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
      expect(error?.getMessageParameters()).toMatchObject({
        functionName: "`foo`",
        expectedNum: "1",
        actualNum: "3",
      });
    });

    it("error reporting for undefined functions", () => {
      expect(() => t.spark.range(1).selectExpr("a_function_that_does_not_exist()")).toThrow(
        expect.objectContaining({ errorClass: "UNRESOLVED_ROUTINE" }),
      );
    });

    it("Simple UDF and TwoArgument UDF in SQL", async () => {
      t.spark.udf.register("strLenScala", (s: string) => s.length, "int");
      expect(await first(sql("SELECT strLenScala('test')"))).toEqual([4]);
      t.spark.udf.register("strLenScala", (s: string, n: number) => s.length + n, "int");
      expect(await first(sql("SELECT strLenScala('test', 1)"))).toEqual([5]);
    });

    it("UDF defined using UserDefinedFunction, registered", async () => {
      const foo = udf((x: number) => x + 1, "int");
      t.spark.udf.register("foo", foo);
      expect(await first(sql("select foo(5)"))).toEqual([6]);
    });

    it("ZeroArgument non-deterministic UDF: evaluated per row, never folded", async () => {
      const foo = udf(() => Math.random(), "double");
      t.spark.udf.register("random0", foo.asNondeterministic());
      const [value] = await first(sql("SELECT random0()"));
      expect(value as number).toBeGreaterThanOrEqual(0);
      expect(foo.deterministic).toBe(true);
      expect(foo.asNondeterministic().deterministic).toBe(false);
      // SPARK-28321: a nondeterministic zero-argument function is called for every row.
      const counter = udf(() => Math.floor(Math.random() * 2 ** 31), "int").asNondeterministic();
      expect(await t.spark.range(2).select(counter()).distinct().count()).toBe(2);
    });

    it("UDF in a WHERE, a HAVING, a GROUP BY, and everywhere", async () => {
      t.spark.udf.register("oneArgFilter", (n: number) => n > 80, "boolean");
      testData.createOrReplaceTempView("integerData");
      expect(await sql("SELECT * FROM integerData WHERE oneArgFilter(key)").count()).toBe(20);

      const groupData = t.spark.createDataFrame(
        [
          ["red", 1],
          ["red", 2],
          ["blue", 10],
          ["green", 100],
          ["green", 200],
        ],
        "g STRING, v INT",
      );
      groupData.createOrReplaceTempView("groupData");
      t.spark.udf.register("havingFilter", (n: number) => n > 5, "boolean");
      expect(
        await sql("SELECT g, SUM(v) as s FROM groupData GROUP BY g HAVING havingFilter(s)").count(),
      ).toBe(2);

      t.spark.udf.register("groupFunction", (n: number) => n > 10, "boolean");
      expect(await sql("SELECT SUM(v) FROM groupData GROUP BY groupFunction(v)").count()).toBe(2);

      t.spark.udf.register("havingFilter", (n: number) => n > 2000, "boolean");
      t.spark.udf.register("whereFilter", (n: number) => n < 150, "boolean");
      t.spark.udf.register("timesHundred", (n: number) => n * 100, "bigint");
      const everywhere = sql(`
        SELECT timesHundred(SUM(v)) as v100
        FROM groupData
        WHERE whereFilter(v)
        GROUP BY groupFunction(v)
        HAVING havingFilter(v100)`);
      expect(await everywhere.collect()).toEqual([{ v100: 10000 }]);
    });

    it("struct UDF: a struct result read by field", async () => {
      t.spark.udf.register(
        "returnStruct",
        (f1: string, f2: string) => ({ f1, f2 }),
        "struct<f1:string,f2:string>",
      );
      const result = sql("SELECT returnStruct('test', 'test2') as ret").select(col("ret.f1"));
      expect(await first(result)).toEqual(["test"]);
      t.spark.udf.register("makeStruct", (x: number, y: number) => [x, y], "struct<_1:int,_2:int>");
      expect(await first(sql("SELECT makeStruct(1 + 1, 2)"))).toEqual([{ _1: 2, _2: 2 }]);
    });

    it("udf in different types: values round-trip through the function", async () => {
      t.spark.udf.register("testDataFunc", (n: number, s: string) => [n, s], "struct<key:int,value:string>");
      testData.createOrReplaceTempView("testData");
      const roundTrip = sql("SELECT t.* FROM (SELECT testDataFunc(key, value) AS t from testData) tmp");
      expect(await roundTrip.collect()).toEqual(await testData.collect());

      const arrays = t.spark.createDataFrame(
        [
          { data: [1, 2, 3], nestedData: [[1, 2, 3]] },
          { data: [2, 3, 4], nestedData: [[2, 3, 4]] },
        ],
        "data ARRAY<INT>, nestedData ARRAY<ARRAY<INT>>",
      );
      arrays.createOrReplaceTempView("arrayData");
      t.spark.udf.register(
        "arrayDataFunc",
        (data: number[], nestedData: number[][]) => ({ data, nestedData }),
        "struct<data:array<int>,nestedData:array<array<int>>>",
      );
      expect(
        await sql(
          "SELECT t.* FROM (SELECT arrayDataFunc(data, nestedData) AS t FROM arrayData) tmp",
        ).collect(),
      ).toEqual(await arrays.collect());

      const maps = t.spark.createDataFrame(
        [
          {
            data: new Map([
              [1, "a1"],
              [2, "b1"],
            ]),
          },
        ],
        "data MAP<INT, STRING>",
      );
      maps.createOrReplaceTempView("mapData");
      t.spark.udf.register("mapDataFunc", (data: Record<string, string>) => data, "map<int,string>");
      expect(await sql("SELECT mapDataFunc(data) AS t FROM mapData").collect()).toEqual([
        { t: { 1: "a1", 2: "b1" } },
      ]);
    });

    it("SPARK-11725: a null input reaches the function, which may answer it", async () => {
      const df = t.spark.createDataFrame(
        [
          { age: 22, name: "John" },
          { age: null, name: "Lucy" },
        ],
        "age INT, name STRING",
      );
      const boxedUDF = udf((i: number | null) => (i === null ? -10 : null), "int");
      expect(await df.select(boxedUDF(col("age")).alias("v")).collect()).toEqual([{ v: null }, { v: -10 }]);
      t.spark.udf.register("boxedUDF", (i: number | null) => (i === null ? -10 : null), "int");
      expect(await first(sql("select boxedUDF(null), boxedUDF(-1)"))).toEqual([-10, null]);
    });

    it("SPARK-32154: a function returning null gives null", async () => {
      const nothing = udf((_: string) => null, "string");
      expect(
        await first(t.spark.createDataFrame([{ a: "1" }], "a STRING").select(nothing(col("a")))),
      ).toEqual([null]);
    });

    it("timestamps and dates reach the function as Dates and come back", async () => {
      const plusSec = udf((i: Date) => new Date(i.getTime() + 1000), "timestamp");
      const ts = sql("SELECT TIMESTAMP '2019-02-26 23:59:59' as t").select(plusSec(col("t")).cast("string"));
      expect(await first(ts)).toEqual(["2019-02-27 00:00:00"]);
      const plusDay = udf((d: Date) => new Date(d.getTime() + 86_400_000), "date");
      expect(
        await first(sql("SELECT DATE '2019-02-26' as d").select(plusDay(col("d")).cast("string"))),
      ).toEqual(["2019-02-27"]);
    });

    it("SPARK-32307: map and array inputs of a UDF as the group expression", async () => {
      t.spark.udf.register("key", (m: Record<string, string>) => Number(Object.keys(m)[0]), "int");
      t.spark
        .createDataFrame([{ a: { "1": "one", "2": "two" } }], "a MAP<STRING, STRING>")
        .createOrReplaceTempView("t");
      expect(await sql("SELECT key(a) AS k FROM t GROUP BY key(a)").collect()).toEqual([{ k: 1 }]);
      t.spark.udf.register("key", (m: number[]) => m[0], "int");
      t.spark.createDataFrame([{ a: [1] }], "a ARRAY<INT>").createOrReplaceTempView("t");
      expect(await sql("SELECT key(a) AS k FROM t GROUP BY key(a)").collect()).toEqual([{ k: 1 }]);
    });

    it("FAILED_EXECUTE_UDF: names the function, its signature and the row it failed on", async () => {
      const words = t.spark.createDataFrame(
        [
          ["Jacek", 5],
          ["Agata", 5],
          ["Sweet", 6],
        ],
        "word STRING, index INT",
      );
      const luckyCharOfWord = udf(function luckyCharOfWord(word: string, index: number) {
        if (index >= word.length) throw new RangeError(`index ${index} out of range for ${word}`);
        return word.substring(index, index + 1);
      }, "string");
      const failure = await words
        .select(luckyCharOfWord(col("word"), col("index")))
        .collect()
        .then(
          () => undefined,
          (e: Error & { errorClass?: string; cause?: unknown }) => e,
        );
      expect(failure?.errorClass).toBe("FAILED_EXECUTE_UDF");
      expect(failure?.message).toBe(
        "[FAILED_EXECUTE_UDF] User defined function (luckyCharOfWord: (string, int) => string) failed due to: " +
          "index 5 out of range for Jacek. SQLSTATE: 39000\n== User defined function input ==\n" +
          "row 1 of 3: word = 'Jacek', index = 5",
      );
      expect(failure?.cause).toBeInstanceOf(RangeError);
    });

    it("a result its return type cannot hold is the function's failure", async () => {
      const half = udf((x: number) => x / 2, "int");
      await expect(
        t.spark
          .range(3)
          .select(half(col("id")))
          .collect(),
      ).rejects.toThrow(
        /UDF: \(bigint\) => int\) failed due to: the result 0.5 \(number\) is not a value of the return type INT[\s\S]*row 2 of 3: id = 1/,
      );
    });
  });

  describe("test_udf.py", () => {
    it("the default return type is string, as PySpark's", async () => {
      const twoArgs = t.spark.udf.register("twoArgs", (x: string, y: number) => x.length + y);
      expect(twoArgs.deterministic).toBe(true);
      expect(await first(sql("SELECT twoArgs('test', 1)"))).toEqual(["5"]);
    });

    it("a return type may not be given for a UserDefinedFunction", () => {
      expect(() =>
        t.spark.udf.register(
          "f",
          udf((x: string) => x, "string"),
          "string",
        ),
      ).toThrow(PySparkTypeError);
      expect(() =>
        t.spark.udf.register(
          "f",
          udf((x: string) => x, "string"),
          "string",
        ),
      ).toThrow(
        "[CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF] returnType can not be specified when `f` is a user-defined function, but got string.",
      );
    });

    it("a nondeterministic function is evaluated once per row through chained functions", async () => {
      const random = udf(() => Math.floor(100 * Math.random()), "int").asNondeterministic();
      const df = t.spark.createDataFrame([[1]], "a INT").select(random().alias("RAND"));
      const addTen = udf((r: number) => r + 10, "int");
      const [row] = await df.withColumn("RAND_PLUS_TEN", addTen(col("RAND"))).collect();
      expect((row.RAND as number) + 10).toBe(row.RAND_PLUS_TEN);
    });

    it("a nondeterministic function inside an aggregate is refused", () => {
      const random = udf(() => Math.floor(100 * Math.random()), "int").asNondeterministic();
      const df = t.spark.range(10);
      for (const build of [() => df.groupBy("id").agg(sum(random())), () => df.agg(sum(random()))]) {
        expect(build).toThrow(
          /AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION.*Non-deterministic expression/,
        );
      }
    });

    it("chained, repeated and multiple functions in SQL", async () => {
      t.spark.udf.register("double", (x: number) => x + x, "int");
      expect(await first(sql("SELECT double(1)"))).toEqual([2]);
      expect(await first(sql("SELECT double(double(1))"))).toEqual([4]);
      expect(await first(sql("SELECT double(double(1) + 1)"))).toEqual([6]);
      t.spark.udf.register("add", (x: number, y: number) => x + y, "int");
      expect(await first(sql("SELECT add(1, 1)"))).toEqual([2]);
      t.spark.udf.register("double", (x: number) => x * 2, "int");
      expect(await first(sql("SELECT double(1), double(2)"))).toEqual([2, 4]);
      expect(await first(sql("SELECT double(double(1)), double(double(2) + 2)"))).toEqual([4, 12]);
      expect(await first(sql("SELECT double(add(1, 2)), add(double(2), 1)"))).toEqual([6, 5]);
    });

    it("udf in a filter on top of an outer join, and on top of a cross join", async () => {
      const left = t.spark.createDataFrame([{ a: 1 }], "a BIGINT");
      const right = t.spark.createDataFrame([{ a: 1 }], "a BIGINT");
      const joined = left.join(right, "a", "left_outer");
      const withB = joined.withColumn("b", udf((_: number) => "x")(col("a")));
      expect(await withB.filter('b = "x"').collect()).toEqual([{ a: 1, b: "x" }]);

      const rightB = t.spark.createDataFrame([{ b: 1 }], "b BIGINT");
      const f = udf((a: number, b: number) => a === b, "boolean");
      expect(await left.crossJoin(rightB).filter(f("a", "b")).collect()).toEqual([{ a: 1, b: 1 }]);
    });

    it("udf in a join condition: both sides after an inner join, one side on that side", async () => {
      const left = t.spark.createDataFrame([{ a: 1 }], "a BIGINT");
      const right = t.spark.createDataFrame([{ b: 1 }], "b BIGINT");
      const f = udf((a: number, b: number) => a === b, "boolean");
      expect(await left.join(right, f("a", "b")).collect()).toEqual([{ a: 1, b: 1 }]);
      const g = udf((a: number) => String(a), "string");
      expect(await left.join(right, g("a").eq(col("b").cast("string")), "left_outer").collect()).toEqual([
        { a: 1, b: 1 },
      ]);
    });

    it("udf and a common filter in a join condition; refused for outer, semi and anti joins", async () => {
      const left = t.spark.createDataFrame(
        [
          { a: 1, a1: 1, a2: 1 },
          { a: 2, a1: 2, a2: 2 },
        ],
        "a BIGINT, a1 BIGINT, a2 BIGINT",
      );
      const right = t.spark.createDataFrame(
        [
          { b: 1, b1: 1, b2: 1 },
          { b: 1, b1: 3, b2: 1 },
        ],
        "b BIGINT, b1 BIGINT, b2 BIGINT",
      );
      const f = udf((a: number, b: number) => a === b, "boolean");
      const condition = f("a", "b").and(left.col("a1").eq(right.col("b1")));
      expect(await left.join(right, condition).collect()).toEqual([
        { a: 1, a1: 1, a2: 1, b: 1, b1: 1, b2: 1 },
      ]);
      for (const [how, sqlName] of [
        ["full", "FULL OUTER"],
        ["left", "LEFT OUTER"],
        ["right", "RIGHT OUTER"],
        ["leftanti", "LEFT ANTI"],
        ["leftsemi", "LEFT SEMI"],
      ]) {
        await expect(left.join(right, condition, how).collect()).rejects.toThrow(
          `Python UDF in the ON clause of a ${sqlName} JOIN.`,
        );
      }
      const same = udf((a: number) => a, "int");
      expect(
        await left
          .join(
            right,
            same("a")
              .eq(same("b"))
              .and(left.col("a1").eq(right.col("b1"))),
          )
          .collect(),
      ).toEqual([{ a: 1, a1: 1, a2: 1, b: 1, b1: 1, b2: 1 }]);
    });

    it("udf_with_filter_function: the plain conjunct runs first", async () => {
      const myFilter = udf((a: number) => a < 2, "boolean");
      const sel = keyValue
        .select(col("key"), col("value"))
        .filter(myFilter(col("key")).and(col("value").lt("2")));
      expect(await sel.collect()).toEqual([{ key: 1, value: "1" }]);
    });

    it("udf_with_aggregate_function: in a filter after distinct, as a grouping key and inside sum", async () => {
      const myFilter = udf((a: number) => a === 1, "boolean");
      expect(
        await keyValue
          .select(col("key"))
          .distinct()
          .filter(myFilter(col("key")))
          .collect(),
      ).toEqual([{ key: 1 }]);
      const myCopy = udf((x: number) => x, "int");
      const myAdd = udf((a: number, b: number) => a + b, "int");
      const myStrlen = udf((x: string) => x.length, "int");
      const sel = keyValue
        .groupBy(myCopy(col("key")).alias("k"))
        .agg(sum(myStrlen(col("value"))).alias("s"))
        .select(myAdd(col("k"), col("s")).alias("t"))
        .orderBy(col("t").desc());
      expect(await sel.collect()).toEqual([{ t: 4 }, { t: 3 }]);
    });

    it("udf_in_generate: explode of a function's array", async () => {
      const f = udf((x: number) => Array.from({ length: x }, (_, i) => i), "array<bigint>");
      const summed = await t.spark
        .range(5)
        .select(explode(f(col("id"))))
        .groupBy()
        .sum()
        .collect();
      expect(Object.values(summed[0])).toEqual([10]);
      const res = await t.spark
        .range(3)
        .select("id", explode(f(col("id"))))
        .collect();
      expect(res.map((r) => Object.values(r))).toEqual([
        [1, 0],
        [2, 0],
        [2, 1],
      ]);
    });

    it("udf_with_order_by_and_limit", async () => {
      const myCopy = udf((x: number) => x, "int");
      const df = t.spark.range(10).orderBy("id");
      expect(
        await df
          .select(col("id"), myCopy(col("id")).alias("copy"))
          .limit(1)
          .collect(),
      ).toEqual([{ id: 0, copy: 0 }]);
    });

    it("udf_registration_returns_udf: SQL and the returned function agree", async () => {
      const df = t.spark.range(10);
      const addThree = t.spark.udf.register("add_three", (x: number) => x + 3, "int");
      expect(await df.selectExpr("add_three(id) AS plus_three").collect()).toEqual(
        await df.select(addThree("id").alias("plus_three")).collect(),
      );
      const addThreeStr = t.spark.udf.register("add_three_str", (x: number) => x + 3);
      expect(await df.selectExpr("add_three_str(id) AS plus_three").collect()).toEqual(
        await df.select(addThreeStr("id").alias("plus_three")).collect(),
      );
    });

    it("udf_without_arguments and nonparam_udf_with_aggregate", async () => {
      t.spark.udf.register("foo", () => "bar");
      expect(await first(sql("SELECT foo()"))).toEqual(["bar"]);
      const df = t.spark.createDataFrame(
        [
          [1, 2],
          [1, 2],
        ],
        ["_1", "_2"],
      );
      expect(
        await df
          .distinct()
          .withColumn("a", udf(() => "const_str")())
          .collect(),
      ).toEqual([{ _1: 1, _2: 2, a: "const_str" }]);
    });

    it("each function runs once per row (SPARK-25591, same accumulator in two functions)", async () => {
      let calls = 0;
      const firstUdf = udf((x: number) => {
        calls += 1;
        return x;
      }, "int");
      const secondUdf = udf((x: number) => {
        calls += 100;
        return x;
      }, "int");
      const data = t.spark.createDataFrame([[1, 2]], "a INT, b INT");
      await data
        .withColumn("out1", firstUdf(col("a")))
        .withColumn("out2", secondUdf(col("b")))
        .collect();
      expect(calls).toBe(101);
    });

    it("show() hands only the rows it shows to the function (a limit above the calls)", async () => {
      let calls = 0;
      const counted = udf((x: number) => {
        calls += 1;
        return x;
      }, "bigint");
      t.spark.setOutput(() => {});
      await t.spark
        .range(100_000)
        .select(counted(col("id")))
        .show();
      expect(calls).toBe(21);
    });

    it("udf_with_rand, udf_with_256_args", async () => {
      expect(
        await t.spark
          .range(10)
          .select(udf((x: number) => x, "double")(rand()))
          .count(),
      ).toBe(10);
      const names = Array.from({ length: 256 }, (_, i) => `c${i}`);
      const row = Object.fromEntries(names.map((n, i) => [n, `data-${i}`]));
      const df = t.spark.createDataFrame([row, row], names.map((n) => `${n} STRING`).join(", "));
      const f = udf((...args: string[]) => (args.length === 256 ? "success" : "failure"), "string");
      expect(await first(df.select(f(...names)))).toEqual(["success"]);
    });

    it("nested struct, map and array inputs and outputs", async () => {
      const df = t.spark
        .range(1)
        .selectExpr("struct(1, struct('John', 30, struct('value', 10))) as nested_struct");
      const show = udf((x: unknown) => JSON.stringify(x));
      expect(await first(df.select(show("nested_struct")))).toEqual([
        '{"col1":1,"col2":{"col1":"John","col2":30,"col3":{"col1":"value","col2":10}}}',
      ]);
      const identity = udf((x: unknown) => x, df.schema.fields[0].dataType);
      expect(await first(df.select(identity("nested_struct")))).toEqual([
        { col1: 1, col2: { col1: "John", col2: 30, col3: { col1: "value", col2: 10 } } },
      ]);
      const maps = t.spark.range(1).selectExpr("map('a', map('b', 'c')) as nested_map");
      const setD = udf((x: Record<string, Record<string, string>>) => {
        x.a.b = "d";
        return x;
      }, maps.schema.fields[0].dataType);
      expect(await first(maps.select(setD("nested_map")))).toEqual([{ a: { b: "d" } }]);
      const arrays = t.spark.range(1).selectExpr("array(array(1, 2), array(3, 4)) as nested_array");
      const append = udf((x: number[][]) => [...x, [4, 5]], arrays.schema.fields[0].dataType);
      expect(await first(arrays.select(append("nested_array")))).toEqual([
        [
          [1, 2],
          [3, 4],
          [4, 5],
        ],
      ]);
    });

    it("complex return types from DDL strings", async () => {
      const row = await first(
        t.spark
          .range(1)
          .selectExpr("array(1, 2, 3) as array", "map('a', 'b') as map", "struct(1, 2) as struct")
          .select(
            udf((x: unknown) => x, "array<int>")("array"),
            udf((x: unknown) => x, "map<string,string>")("map"),
            udf((x: unknown) => x, "struct<col1:int,col2:int>")("struct"),
          ),
      );
      expect(row).toEqual([[1, 2, 3], { a: "b" }, { col1: 1, col2: 2 }]);
    });
  });

  it("withColumn, expr() and struct arguments use registered and unregistered functions alike", async () => {
    const initials = udf((p: { first: string; last: string }) => `${p.first[0]}${p.last[0]}`, "string");
    const people = t.spark.createDataFrame(
      [
        { first: "Ada", last: "Lovelace" },
        { first: "Alan", last: "Turing" },
      ],
      "first STRING, last STRING",
    );
    expect(
      await people
        .withColumn("i", initials(struct("first", "last")))
        .select("i")
        .collect(),
    ).toEqual([{ i: "AL" }, { i: "AT" }]);
    t.spark.udf.register("shout", (s: string) => `${s.toUpperCase()}!`, "string");
    expect(await people.select(expr("shout(first) AS s"), lit(1).alias("one")).collect()).toEqual([
      { s: "ADA!", one: 1 },
      { s: "ALAN!", one: 1 },
    ]);
    expect(await people.filter("shout(last) = 'TURING!'").select("first").collect()).toEqual([
      { first: "Alan" },
    ]);
  });
});
