/**
 * The options CSV, JSON and text share for their bytes — `compression`, `encoding`/`charset`, `lineSep` — and
 * the CSV and JSON writers' options, ported from Spark's TextSuite, CSVSuite and JsonSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/), with Spark's inputs and answers.
 *
 * Not ported: cases that read Spark's resource files we do not have byte for byte, those setting Hadoop's
 * `mapreduce.*` configuration (no Hadoop), bzip2/lz4/snappy round trips (no such codec in the browser: they raise
 * CODEC_NOT_AVAILABLE), and charsets the browser cannot encode (windows-1250 and other single-byte tables: read
 * only).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SparkException, SparkIllegalArgumentException } from "../errors";
import { newTestSession, type TestSession } from "../testing/fixtures";
import { decodeText, encodeText } from "./FileFormat";

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("text file options", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  const failure = async (f: () => Promise<unknown>) => {
    try {
      await f();
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected a failure");
  };
  const partFiles = async (dir: string) =>
    (await t.spark.fs.list(dir)).filter((f) => f.name.startsWith("part-")).map((f) => f.path);
  const readBack = async (dir: string) => {
    const [file] = await partFiles(dir);
    return new Uint8Array(await t.spark.fs.readFile(file));
  };

  describe("TextSuite", () => {
    const values = ["This is a test file for the text data source", "1+1", "数据砖头", '"doh"'];

    it("SPARK-13503 Support to specify the option for compression codec for TEXT", async () => {
      const df = t.spark.createDataFrame(
        values.map((value) => ({ value })),
        "value STRING",
      );
      for (const [codec, extension] of [
        ["deflate", ".deflate"],
        ["gzip", ".gz"],
      ]) {
        const dir = `/text-codec/${codec}`;
        await df.write.option("compression", codec).mode("overwrite").text(dir);
        const files = await partFiles(dir);
        expect(files.some((f) => f.endsWith(`.txt${extension}`))).toBe(true);
        expect((await t.spark.read.text(dir).collect()).map((r) => r.value)).toEqual(values);
      }
      const error = await df.write
        .option("compression", "illegal")
        .mode("overwrite")
        .text("/text-codec/illegal")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SparkIllegalArgumentException);
      expect((error as SparkIllegalArgumentException).getCondition()).toBe(
        "CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION",
      );
      expect((error as SparkIllegalArgumentException).getMessageParameters()).toEqual({
        codecName: "illegal",
        availableCodecs: "bzip2, deflate, uncompressed, snappy, none, lz4, gzip",
      });
    });

    it("SPARK-13543 Write the output as uncompressed via option() (case insensitive option)", async () => {
      const df = t.spark.createDataFrame(
        values.map((value) => ({ value })),
        "value STRING",
      );
      await df.write.option("CoMpReSsIoN", "none").mode("overwrite").text("/text-none");
      const files = await partFiles("/text-none");
      expect(files.every((f) => f.endsWith(".txt"))).toBe(true);
      expect((await t.spark.read.text("/text-none").collect()).map((r) => r.value)).toEqual(values);
    });

    it("SPARK-15654: should not split gz files", async () => {
      const df = t.spark.range(0, 1000).selectExpr("CAST(id AS STRING) AS s");
      await df.write.option("compression", "gzip").mode("overwrite").text("/text-gz");
      const back = (await t.spark.read.format("text").load("/text-gz").collect()).map((r) => r.value);
      expect(back).toEqual(Array.from({ length: 1000 }, (_, i) => String(i)));
    });

    // Spark's DataFrameReader.text / json / csv docs: the default lineSep "covers all `\r`, `\r\n` and `\n`".
    it("the default line separator ends a line at \\n, \\r\\n or a lone \\r (text, json, csv)", async () => {
      await t.spark.fs.writeFile("/lines/in.txt", utf8("a\r\nb\rc\nd\r\r\ne\r"));
      const text = await t.spark.read.text("/lines/in.txt").collect();
      expect(text.map((r) => r.value)).toEqual(["a", "b", "c", "d", "", "e"]);
      await t.spark.fs.writeFile("/lines/in.json", utf8('{"n":1}\r{"n":2}\r\n{"n":3}\n'));
      const json = await t.spark.read.schema("n INT").json("/lines/in.json").collect();
      expect(json.map((r) => r.n)).toEqual([1, 2, 3]);
      await t.spark.fs.writeFile("/lines/in.csv", utf8("n\r1\r2\r\n3"));
      const csv = await t.spark.read.schema("n INT").option("header", true).csv("/lines/in.csv").collect();
      expect(csv.map((r) => r.n)).toEqual([1, 2, 3]);
    });

    for (const lineSep of ["|", "^", "::", "!!!@3", "\u001e", "아"]) {
      it(`SPARK-23577: Support line separator - lineSep: '${lineSep}'`, async () => {
        const lines = ["a", "b", "\nc"];
        const data = lines.join(lineSep);
        const dir = `/text-sep/${lines.indexOf("a")}${encodeURIComponent(lineSep)}`;
        for (const [i, content] of [data, `${data}${lineSep}`].entries()) {
          await t.spark.fs.writeFile(`${dir}/in${i}.txt`, utf8(content));
          const df = t.spark.read.option("lineSep", lineSep).text(`${dir}/in${i}.txt`);
          expect((await df.collect()).map((r) => r.value)).toEqual(lines);
        }
        const df = t.spark.createDataFrame(
          lines.map((value) => ({ value })),
          "value STRING",
        );
        await df.write.option("lineSep", lineSep).text(`${dir}/out`);
        expect(new TextDecoder().decode(await readBack(`${dir}/out`))).toBe(
          `a${lineSep}b${lineSep}\nc${lineSep}`,
        );
        const roundTrip = t.spark.read.option("lineSep", lineSep).text(`${dir}/out`);
        expect((await roundTrip.collect()).map((r) => r.value)).toEqual(lines);
      });
    }
  });

  describe("CSVSuite", () => {
    const quoteData = [{ _1: 'test "quote"', _2: 123, _3: 'it "works"!', _4: '"very" well' }];
    const quoteSchema = "_1 STRING, _2 INT, _3 STRING, _4 STRING";
    const written = async (dir: string) =>
      (await t.spark.read.format("text").load(dir).collect()).map((r) => r.value);

    it("save csv with quote escaping enabled", async () => {
      await t.spark
        .createDataFrame(quoteData, quoteSchema)
        .write.format("csv")
        .option("quote", '"')
        .option("escape", '"')
        .save("/csv-w/escaping");
      expect(await written("/csv-w/escaping")).toEqual([
        '"test ""quote""",123,"it ""works""!","""very"" well"',
      ]);
    });

    it("save csv with quote escaping disabled", async () => {
      await t.spark
        .createDataFrame(quoteData, quoteSchema)
        .write.format("csv")
        .option("quote", '"')
        .option("escapeQuotes", false)
        .save("/csv-w/no-escaping");
      expect(await written("/csv-w/no-escaping")).toEqual(['test "quote",123,it "works"!,"\\"very\\" well"']);
    });

    it("save csv with quoteAll enabled", async () => {
      await t.spark
        .createDataFrame(quoteData, quoteSchema)
        .write.format("csv")
        .option("quote", '"')
        .option("escape", '"')
        .option("quoteAll", "true")
        .save("/csv-w/quote-all");
      expect(await written("/csv-w/quote-all")).toEqual([
        '"test ""quote""","123","it ""works""!","""very"" well"',
      ]);
    });

    it("SPARK-19018: Save csv with custom charset", async () => {
      const content = "µß áâä ÁÂÄ";
      for (const encoding of ["iso-8859-1", "utf-8", "utf-16", "utf-32"]) {
        const dir = `/csv-charset/${encoding}`;
        await t.spark
          .createDataFrame([{ value: content }], "value STRING")
          .write.option("encoding", encoding)
          .csv(dir);
        expect(await readBack(dir)).toEqual(encodeText(`${content}\n`, encoding));
        const back = await t.spark.read.option("encoding", encoding).csv(dir).collect();
        expect(back).toEqual([{ _c0: content }]);
      }
    });

    it("SPARK-19018: error handling for unsupported charsets", async () => {
      await t.spark.fs.writeFile("/csv-charset/bad.csv", utf8("a,b\n"));
      const error = await failure(() =>
        t.spark.read.option("charset", "1-9588-osi").csv("/csv-charset/bad.csv").collect(),
      );
      expect((error as Error).message).toContain("1-9588-osi");
    });

    it("SPARK-21289: Support line separator - lineSep: '|' (read and write)", async () => {
      const data = "a,1|b,2|c,3";
      await t.spark.fs.writeFile("/csv-sep/in.csv", utf8(data));
      const rows = await t.spark.read
        .option("lineSep", "|")
        .schema("s STRING, i INT")
        .csv("/csv-sep/in.csv")
        .collect();
      expect(rows).toEqual([
        { s: "a", i: 1 },
        { s: "b", i: 2 },
        { s: "c", i: 3 },
      ]);
      await t.spark.createDataFrame(rows, "s STRING, i INT").write.option("lineSep", "|").csv("/csv-sep/out");
      expect(new TextDecoder().decode(await readBack("/csv-sep/out"))).toBe("a,1|b,2|c,3|");
      const error = await failure(() =>
        t.spark.read.option("lineSep", "!!!").csv("/csv-sep/in.csv").collect(),
      );
      expect((error as Error).message).toBe("requirement failed: 'lineSep' can contain only 1 character.");
    });

    it("SPARK-18579: ignoreLeadingWhiteSpace and ignoreTrailingWhiteSpace options - write", async () => {
      const df = t.spark.createDataFrame(
        [{ _1: " a", _2: "b  ", _3: " c " }],
        "_1 STRING, _2 STRING, _3 STRING",
      );
      const cases: [boolean, boolean, string][] = [
        [false, false, " a,b  , c "],
        [false, true, " a,b, c"],
        [true, false, "a,b  ,c "],
      ];
      for (const [i, [leading, trailing, expected]] of cases.entries()) {
        await df.write
          .option("ignoreLeadingWhiteSpace", leading)
          .option("ignoreTrailingWhiteSpace", trailing)
          .csv(`/csv-ws/${i}`);
        expect(await written(`/csv-ws/${i}`)).toEqual([expected]);
      }
      // Both default to true when writing.
      await df.write.csv("/csv-ws/default");
      expect(await written("/csv-ws/default")).toEqual(["a,b,c"]);
    });

    it("ignoreLeadingWhiteSpace and ignoreTrailingWhiteSpace options - read", async () => {
      await t.spark.fs.writeFile("/csv-ws/in.csv", utf8(" a,b  , c "));
      const cases: [boolean, boolean, Record<string, string>][] = [
        [true, true, { _c0: "a", _c1: "b", _c2: "c" }],
        [false, true, { _c0: " a", _c1: "b", _c2: " c" }],
        [true, false, { _c0: "a", _c1: "b  ", _c2: "c " }],
      ];
      for (const [leading, trailing, expected] of cases) {
        const df = t.spark.read
          .option("ignoreLeadingWhiteSpace", leading)
          .option("ignoreTrailingWhiteSpace", trailing)
          .csv("/csv-ws/in.csv");
        expect(await df.collect()).toEqual([expected]);
      }
    });

    it("nulls, NaNs and Infinity values can be parsed", async () => {
      await t.spark.fs.writeFile(
        "/csv-num/numbers.csv",
        utf8(
          "int,long,float,double\n8,1000000,1.042,23848545.0374\n--,34232323,98.343,184721.23987223\n34,--,98.343,184721.23987223\n34,43323123,--,184721.23987223\n34,43323123,223823.95,--\n34,43323123,223823.0,NAN\n34,43323123,223823.0,INF\n34,43323123,223823.0,-INF\n",
        ),
      );
      const numbers = t.spark.read
        .format("csv")
        .schema("int INT, long BIGINT, float FLOAT, double DOUBLE")
        .options({
          header: "true",
          mode: "DROPMALFORMED",
          nullValue: "--",
          nanValue: "NAN",
          negativeInf: "-INF",
          positiveInf: "INF",
        })
        .load("/csv-num/numbers.csv");
      expect(await numbers.count()).toBe(8);
      const doubles = (await numbers.select("double").collect()).map((r) => r.double);
      expect(doubles.slice(4)).toEqual([
        null,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
      // The defaults are NaN, Inf and -Inf; inference takes them as doubles.
      await t.spark.fs.writeFile("/csv-num/defaults.csv", utf8("1.5\nNaN\nInf\n-Inf\n"));
      const inferred = t.spark.read.option("inferSchema", true).csv("/csv-num/defaults.csv");
      expect(inferred.dtypes).toEqual([["_c0", "double"]]);
      expect((await inferred.collect()).map((r) => r._c0)).toEqual([
        1.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
    });

    it("SPARK-23786: Checking column names against schema in the per-line mode", async () => {
      await t.spark
        .createDataFrame([{ f1: 1.0, f2: 1234.5 }], "f1 DOUBLE, f2 DOUBLE")
        .write.option("header", true)
        .csv("/csv-header/a");
      const read = (schema: string) =>
        failure(() =>
          t.spark.read
            .schema(schema)
            .option("header", true)
            .option("enforceSchema", false)
            .csv("/csv-header/a")
            .collect(),
        );
      const swapped = (await read("f2 DOUBLE, f1 DOUBLE")) as SparkException;
      expect(swapped.getCondition()).toBe("FAILED_READ_FILE.NO_HINT");
      expect((swapped.cause as Error).message).toContain("CSV header does not conform to the schema");
      const short = (await read("f1 DOUBLE")) as SparkException;
      expect(short.getCondition()).toBe("FAILED_READ_FILE.NO_HINT");
      expect((short.cause as Error).message).toContain(
        "Number of column in CSV header is not equal to number of fields in the schema",
      );
      // With enforceSchema (the default) the schema is taken as it is.
      const rows = await t.spark.read
        .schema("f2 DOUBLE, f1 DOUBLE")
        .option("header", true)
        .csv("/csv-header/a")
        .collect();
      expect(rows).toEqual([{ f2: 1, f1: 1234.5 }]);
    });

    it("SPARK-39469: Infer schema for date type (preferDate)", async () => {
      await t.spark.fs.writeFile("/csv-date/a.csv", utf8("d\n2001-09-08\n1941-01-02\n"));
      const read = (preferDate: boolean) =>
        t.spark.read.options({ header: true, inferSchema: true, preferDate }).csv("/csv-date/a.csv").dtypes;
      expect(read(true)).toEqual([["d", "date"]]);
      expect(read(false)).toEqual([["d", "timestamp"]]);
    });

    it("samplingRatio must be greater than 0", async () => {
      await t.spark.fs.writeFile("/csv-sample/a.csv", utf8("1\n2\n"));
      const error = await failure(async () =>
        t.spark.read.options({ inferSchema: true, samplingRatio: "-1" }).csv("/csv-sample/a.csv"),
      );
      expect(error.message).toBe("requirement failed: samplingRatio (-1) should be greater than 0");
    });

    it("SPARK-25241: An empty string should not be coerced to null when nullValue is passed (emptyValue in write)", async () => {
      const df = t.spark.createDataFrame(
        [
          { a: "", b: null },
          { a: "x", b: "" },
        ],
        "a STRING, b STRING",
      );
      await df.write.csv("/csv-empty/default");
      expect(await written("/csv-empty/default")).toEqual(['"",', 'x,""']);
      await df.write.option("emptyValue", "EMPTY").option("nullValue", "NULL").csv("/csv-empty/set");
      expect(await written("/csv-empty/set")).toEqual(["EMPTY,NULL", "x,EMPTY"]);
    });

    it("reading gzip-compressed CSV (a .csv.gz file) and writing it with compression", async () => {
      const df = t.spark.createDataFrame(
        [
          { year: 2012, make: "Tesla" },
          { year: 1997, make: "Ford" },
        ],
        "year INT, make STRING",
      );
      await df.write.option("header", true).option("compression", "gZiP").csv("/csv-gz");
      expect((await partFiles("/csv-gz")).every((f) => f.endsWith(".csv.gz"))).toBe(true);
      const back = t.spark.read.options({ header: true, inferSchema: true }).csv("/csv-gz");
      expect(back.dtypes).toEqual([
        ["year", "int"],
        ["make", "string"],
      ]);
      expect(await back.orderBy("year").collect()).toEqual([
        { year: 1997, make: "Ford" },
        { year: 2012, make: "Tesla" },
      ]);
    });
  });

  describe("JsonSuite", () => {
    it("SPARK-23723: json in UTF-16 with BOM; and UTF-32LE and the like, with lineSep", async () => {
      const text = '{"firstName":"Chris","lastName":"Baird"}\n{"firstName":"Doug","lastName":"Rood"}\n';
      await t.spark.fs.writeFile("/json-enc/utf16.json", encodeText(text, "UTF-16"));
      const utf16 = t.spark.read.schema("firstName STRING, lastName STRING").options({
        multiLine: false,
        encoding: "UTF-16",
        lineSep: "\n",
      });
      expect(await utf16.json("/json-enc/utf16.json").collect()).toEqual([
        { firstName: "Chris", lastName: "Baird" },
        { firstName: "Doug", lastName: "Rood" },
      ]);
      await t.spark.fs.writeFile(
        "/json-enc/utf32.json",
        encodeText(text.replaceAll("\n", "\r\n"), "UTF-32LE"),
      );
      const utf32 = t.spark.read
        .options({ encoding: "UTF-32LE", lineSep: "\r\n" })
        .json("/json-enc/utf32.json");
      expect(await utf32.orderBy("firstName").collect()).toEqual([
        { firstName: "Chris", lastName: "Baird" },
        { firstName: "Doug", lastName: "Rood" },
      ]);
    });

    it("SPARK-23723: save json in UTF-32BE (and read it back)", async () => {
      const df = t.spark.createDataFrame([{ _1: "Dog", _2: 42 }], "_1 STRING, _2 INT");
      await df.write.option("encoding", "UTF-32BE").json("/json-enc/out32");
      expect(decodeText(await readBack("/json-enc/out32"), "UTF-32BE")).toBe('{"_1":"Dog","_2":42}\n');
      const back = t.spark.read.options({ encoding: "UTF-32BE", lineSep: "\n" }).json("/json-enc/out32");
      expect(await back.collect()).toEqual([{ _1: "Dog", _2: 42 }]);
    });

    for (const lineSep of ["|", "^", "::", "!!!@3", "\u001e", "아"]) {
      it(`SPARK-23765: Support line separator - lineSep: '${lineSep}'`, async () => {
        const data = ['{"f": "a", "f0": 1}', '{"f": "c",  "f0": 2}', '{"f": "d",  "f0": 3}'].join(lineSep);
        const dir = `/json-sep/${encodeURIComponent(lineSep)}`;
        await t.spark.fs.writeFile(`${dir}/in.json`, utf8(data));
        const df = t.spark.read.option("lineSep", lineSep).json(`${dir}/in.json`);
        expect(await df.collect()).toEqual([
          { f: "a", f0: 1 },
          { f: "c", f0: 2 },
          { f: "d", f0: 3 },
        ]);
        await df.write.option("lineSep", lineSep).json(`${dir}/out`);
        expect(new TextDecoder().decode(await readBack(`${dir}/out`))).toBe(
          ['{"f":"a","f0":1}', '{"f":"c","f0":2}', '{"f":"d","f0":3}'].map((l) => `${l}${lineSep}`).join(""),
        );
      });
    }

    it("SPARK-29444: Add configuration to control writing null fields (ignoreNullFields)", async () => {
      const df = t.spark.createDataFrame([{ a: 1, b: null }], "a INT, b STRING");
      await df.write.option("ignoreNullFields", false).json("/json-nulls/kept");
      expect(new TextDecoder().decode(await readBack("/json-nulls/kept"))).toBe('{"a":1,"b":null}\n');
      await df.write.json("/json-nulls/dropped");
      expect(new TextDecoder().decode(await readBack("/json-nulls/dropped"))).toBe('{"a":1}\n');
    });

    it("json with compression gzip and deflate, read back from the compressed files", async () => {
      const df = t.spark.createDataFrame([{ a: 1 }, { a: 2 }], "a BIGINT");
      for (const [codec, ext] of [
        ["gzip", ".json.gz"],
        ["deflate", ".json.deflate"],
      ]) {
        await df.write.option("compression", codec).json(`/json-codec/${codec}`);
        expect((await partFiles(`/json-codec/${codec}`)).every((f) => f.endsWith(ext))).toBe(true);
        expect(await t.spark.read.json(`/json-codec/${codec}`).orderBy("a").collect()).toEqual([
          { a: 1 },
          { a: 2 },
        ]);
      }
    });
  });
});
