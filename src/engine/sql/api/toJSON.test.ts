import { describe, expect, it } from "vitest";
import { MemoryStream } from "../../sources/MemoryStream";
import { sharedSession } from "../../testing/files";

describe("DataFrame.toJSON", () => {
  const ctx = sharedSession();

  it("writes each row as one JSON object in a column named value, null fields left out", async () => {
    const df = ctx.t.spark.sql(
      "SELECT * FROM VALUES (1, 'a', CAST(NULL AS DOUBLE)), (2, CAST(NULL AS STRING), 2.5) AS t(id, name, score)",
    );
    const json = df.toJSON();
    expect(json.columns).toEqual(["value"]);
    expect(await json.collect()).toEqual([
      { value: '{"id":1,"name":"a"}' },
      { value: '{"id":2,"score":2.5}' },
    ]);
  });

  it("nests structs, arrays and maps, and writes timestamps in ISO 8601", async () => {
    const df = ctx.t.spark.sql(
      "SELECT named_struct('k', 1, 'v', array(1, 2)) AS s, map('x', 1) AS m, TIMESTAMP '2024-01-01 10:00:00' AS ts",
    );
    expect(await df.toJSON().collect()).toEqual([
      { value: '{"s":{"k":1,"v":[1,2]},"m":{"x":1},"ts":"2024-01-01T10:00:00.000Z"}' },
    ]);
  });

  it("keeps a stream a stream", async () => {
    const input = new MemoryStream(ctx.t.spark, "id INT, name STRING");
    const query = await input
      .toDF()
      .toJSON()
      .writeStream.format("memory")
      .queryName("to_json_stream")
      .start();
    input.addData([{ id: 1, name: "a" }]);
    await query.processAllAvailable();
    expect(await ctx.t.spark.table("to_json_stream").collect()).toEqual([{ value: '{"id":1,"name":"a"}' }]);
    await query.stop();
  });
});
