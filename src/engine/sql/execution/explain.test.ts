/** `df.explain()` in TypeScript: Spark's headers and tree form, and ExplainMode's check of the mode. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { col } from "../../index";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("DataFrame.explain", () => {
  let t: TestSession;
  let printed: string[] = [];
  beforeAll(async () => {
    t = await newTestSession();
    t.spark.setOutput((text) => printed.push(text));
  });
  afterAll(() => t.cleanup());

  const explained = (f: () => void) => {
    printed = [];
    f();
    return printed.join("");
  };

  it("draws a join's two children as Spark's treeString does", () => {
    const people = t.spark.createDataFrame([{ id: 1, name: "ann" }], "id INT, name STRING");
    const ages = t.spark.createDataFrame([{ id: 1, age: 31 }], "id INT, age INT");
    const joined = people.join(ages, "id").filter(col("age").gt(30)).orderBy("name").limit(5);
    expect(explained(() => joined.explain())).toBe(
      [
        "== Physical Plan ==",
        "CollectLimit 5",
        "+- Sort [name ASC NULLS FIRST], true, 0",
        "   +- Filter (age > 30)",
        "      +- ShuffledHashJoin Inner, [id]",
        "         :- LocalTableScan [id,name]",
        "         +- LocalTableScan [id,age]",
        "",
      ].join("\n"),
    );
    const extended = explained(() => joined.explain(true));
    expect(extended).toContain("== Optimized Logical Plan ==\nGlobalLimit 5\n+- LocalLimit 5\n   +- Sort");
    expect(extended).toContain("== Analyzed Logical Plan ==\nid: int, name: string, age: int\n");
  });

  it("takes Spark's modes in any case and refuses others with IllegalArgumentException", () => {
    const df = t.spark.range(3);
    expect(explained(() => df.explain("FORMATTED"))).toBe(explained(() => df.explain("formatted")));
    expect(() => df.explain("fancy")).toThrow(
      "Unknown explain mode: fancy. Accepted explain modes are 'simple', 'extended', 'codegen', 'cost', 'formatted'.",
    );
  });
});
