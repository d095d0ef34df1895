/**
 * Issue 11's functions in Python cells, with PySpark 4's signatures (the format and replacement arguments are
 * Columns, a string is a column name) and the examples of PySpark's functions reference.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { newPythonSession, type PythonTestSession } from "./testing";

let t: PythonTestSession;
beforeAll(async () => {
  t = await newPythonSession();
});
afterAll(() => t.cleanup());

it("to_number, try_to_number, to_char, to_varchar, soundex, quote, mask, regexp_instr, sentences, uniform, randstr", async () => {
  const result = await t.py.run(`
import pyspark.sql.functions as sf
df = spark.createDataFrame([("$78.12", 78.12, "Miller", "Don't", "AbCD123-@$#", "1a 2b 14m", "Hi there! How are you?")],
                           ["e", "n", "name", "q", "m", "s", "text"])
df = df.withColumn("n", df.n.cast("decimal(4,2)"))
row = df.select(
    sf.to_number(df.e, sf.lit("$99.99")).cast("string").alias("to_number"),
    sf.try_to_number("e", sf.lit("99")).alias("try_to_number"),
    sf.to_char(df.n, sf.lit("$99.99")).alias("to_char"),
    sf.to_varchar("n", sf.lit("99.9")).alias("to_varchar"),
    sf.soundex("name").alias("soundex"),
    sf.quote("q").alias("quote"),
    sf.mask("m").alias("mask"),
    sf.mask("m", lowerChar=sf.lit("q"), otherChar=sf.lit("o")).alias("mask2"),
    sf.regexp_instr("s", sf.lit(r"[a-z]+")).alias("regexp_instr"),
    sf.sentences("text").alias("sentences"),
    sf.uniform(10, 20, 0).alias("uniform"),
    sf.randstr(16, 3).alias("randstr"),
).first()
d = row.asDict()
d["uniform_in_range"] = 10 <= d.pop("uniform") < 20
d["randstr_length"] = len(d.pop("randstr"))
d`);
  expect(result.value).toEqual({
    to_number: "78.12",
    try_to_number: null,
    to_char: "$78.12",
    to_varchar: "##.#",
    soundex: "M460",
    quote: "'Don\\'t'",
    mask: "XxXXnnn-@$#",
    mask2: "XqXXnnnoooo",
    regexp_instr: 2,
    sentences: [
      ["Hi", "there"],
      ["How", "are", "you"],
    ],
    uniform_in_range: true,
    randstr_length: 16,
  });
});
