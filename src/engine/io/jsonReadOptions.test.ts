/**
 * JSON reading options, ported from Spark's JsonParsingOptionsSuite and JsonSuite
 * (sql/core/src/test/scala/org/apache/spark/sql/execution/datasources/json/) with Spark's inputs and answers.
 *
 * Not ported: the `allowNonNumericNumbers` cases (ignored in Spark's own suite), prefersDecimal and the cases over
 * RDDs of strings (read here from files holding the same lines).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../testing/fixtures";

describe("JSON reading options", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  let n = 0;
  const file = async (...lines: string[]) => {
    const path = `/json-options/${n++}.json`;
    await t.spark.fs.writeFile(path, new TextEncoder().encode(`${lines.join("\n")}\n`));
    return path;
  };

  describe("JsonParsingOptionsSuite", () => {
    const cases: [string, string, Record<string, string>, Record<string, unknown>][] = [
      ["allowComments", `{'name': /* hello */ 'Reynold Xin'}`, {}, { name: "Reynold Xin" }],
      ["allowUnquotedFieldNames", `{name: 'Reynold Xin'}`, {}, { name: "Reynold Xin" }],
      ["allowNumericLeadingZeros", `{"age": 0018}`, {}, { age: 18 }],
      [
        "allowBackslashEscapingAnyCharacter",
        `{"name": "Cazen Lee", "price": "\\$10"}`,
        {},
        { name: "Cazen Lee", price: "$10" },
      ],
    ];
    for (const [name, line, , expected] of cases) {
      it(`${name} off`, async () => {
        const df = t.spark.read.option(name, "false").json(await file(line));
        expect(df.schema.fields[0].name).toBe("_corrupt_record");
      });
      it(`${name} on`, async () => {
        const df = t.spark.read.option(name, "true").json(await file(line));
        expect(df.columns).toEqual(Object.keys(expected));
        expect(await df.first()).toEqual(expected);
      });
    }

    it("allowUnquotedControlChars on", async () => {
      const df = t.spark.read
        .option("allowUnquotedControlChars", "true")
        .json(await file('{"name": "a\u0001b"}'));
      expect(await df.collect()).toEqual([{ name: "a\u0001b" }]);
      const strict = t.spark.read.json(await file('{"name": "a\u0001b"}'));
      expect(strict.columns).toEqual(["_corrupt_record"]);
    });
  });

  describe("JsonSuite", () => {
    it("Loading a JSON dataset primitivesAsString returns schema with primitive types as strings", async () => {
      const path = await file(
        '{"string":"this is a simple string.", "integer":10, "long":21474836470, "bigInteger":92233720368547758070, "double":1.7976931348623157, "boolean":true, "null":null}',
      );
      const df = t.spark.read.option("primitivesAsString", "true").json(path);
      expect(df.dtypes).toEqual([
        ["bigInteger", "string"],
        ["boolean", "string"],
        ["double", "string"],
        ["integer", "string"],
        ["long", "string"],
        ["null", "string"],
        ["string", "string"],
      ]);
      expect(await df.collect()).toEqual([
        {
          bigInteger: "92233720368547758070",
          boolean: "true",
          double: "1.7976931348623157",
          integer: "10",
          long: "21474836470",
          null: null,
          string: "this is a simple string.",
        },
      ]);
    });

    it("SPARK-23772 ignore column of all null values or empty array during JSON schema inference", async () => {
      let df = t.spark.read
        .format("json")
        .option("dropFieldIfAllNull", true)
        .load(
          await file(
            '{"a":null, "b":1, "c":3.0}',
            '{"a":null, "b":null, "c":"string"}',
            '{"a":null, "b":null, "c":null}',
          ),
        );
      expect(df.dtypes).toEqual([
        ["b", "bigint"],
        ["c", "string"],
      ]);
      expect(await df.collect()).toEqual([
        { b: 1, c: "3.0" },
        { b: null, c: "string" },
        { b: null, c: null },
      ]);

      df = t.spark.read
        .format("json")
        .option("dropFieldIfAllNull", true)
        .load(
          await file(
            '{"a":[2, 1], "b":[null, null], "c":null, "d":[[], [null]], "e":[[], null, [[]]]}',
            '{"a":[null], "b":[null], "c":[], "d":[null, []], "e":null}',
            '{"a":null, "b":null, "c":[], "d":null, "e":[null, [], null]}',
          ),
        );
      expect(df.dtypes).toEqual([["a", "array<bigint>"]]);
      expect(await df.collect()).toEqual([{ a: [2, 1] }, { a: [null] }, { a: null }]);

      df = t.spark.read
        .format("json")
        .option("dropFieldIfAllNull", true)
        .load(
          await file(
            '{"a":{"a1": 1, "a2":"string"}, "b":{}}',
            '{"a":{"a1": 2, "a2":null}, "b":{"b1":[null]}}',
            '{"a":null, "b":null}',
          ),
        );
      expect(df.dtypes).toEqual([["a", "struct<a1:bigint,a2:string>"]]);
      expect(await df.collect()).toEqual([
        { a: { a1: 1, a2: "string" } },
        { a: { a1: 2, a2: null } },
        { a: null },
      ]);
    });

    it("dateFormat and timestampFormat: a declared date or timestamp field parsed with Java's patterns", async () => {
      const path = await file(
        '{"d": "26/08/2015", "ts": "26/08/2015 18:00"}',
        '{"d": "2015-08-27", "ts": "27/08/2015 19:30"}',
      );
      const df = t.spark.read
        .schema("d DATE, ts TIMESTAMP, _corrupt_record STRING")
        .options({ dateFormat: "dd/MM/yyyy", timestampFormat: "dd/MM/yyyy HH:mm" })
        .json(path);
      const rows = await df.collect();
      expect(rows[0].d).toEqual(new Date("2015-08-26T00:00:00Z"));
      expect(rows[0].ts).toEqual(new Date("2015-08-26T18:00:00Z"));
      expect(rows[0]._corrupt_record).toBeNull();
      // A date the pattern does not parse makes the record malformed (PERMISSIVE: null, and the record's text).
      expect(rows[1].d).toBeNull();
      expect(rows[1].ts).toEqual(new Date("2015-08-27T19:30:00Z"));
      expect(rows[1]._corrupt_record).toBe('{"d": "2015-08-27", "ts": "27/08/2015 19:30"}');
    });

    it("SPARK-23849: samplingRatio must be greater than 0", async () => {
      const path = await file('{"a": 1}');
      const error = (() => {
        try {
          t.spark.read.option("samplingRatio", "-1").json(path);
        } catch (e) {
          return e as Error;
        }
        throw new Error("expected a failure");
      })();
      expect(error.message).toBe("requirement failed: samplingRatio (-1) should be greater than 0");
    });
  });
});
