/**
 * Spark 4's `:` extraction from a VARIANT (semiStructuredExtractionPath): `v:a.b[0]` is
 * `variant_get(v, '$.a.b[0]')`, a VARIANT that `::type` casts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newTestSession, type TestSession } from "../../testing/fixtures";

describe("variant path syntax", () => {
  let t: TestSession;
  beforeAll(async () => {
    t = await newTestSession();
  });
  afterAll(() => t.cleanup());

  it("v:a.b[1]::int, v:['a'] and to_json of an extracted object", async () => {
    const rows = await t.spark
      .sql(
        `SELECT v:a.b[1]::int AS x, to_json(v:['a']) AS y, v:a.b[0]::string AS z, v:missing::int AS w
         FROM (SELECT parse_json('{"a":{"b":[7,8]}}') AS v)`,
      )
      .collect();
    expect(rows).toEqual([{ x: 8, y: '{"b":[7,8]}', z: "7", w: null }]);
  });
});
