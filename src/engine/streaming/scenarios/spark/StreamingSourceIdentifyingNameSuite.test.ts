/**
 * Cases of Spark's StreamingSourceIdentifyingNameSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming),
 * each named as there: a table read as a stream or as a batch resolves to the relation it should. Spark looks for
 * a StreamingRelation in the analyzed plan; through the public API that is `isStreaming`, and the rows read.
 *
 * Not ported:
 * - "STREAM table resolution propagates sourceIdentifyingName through pipeline", "STREAM with qualified name
 *   propagates sourceIdentifyingName through SubqueryAlias": SQL's `FROM STREAM t`, syntax of Spark after 4.0
 *   (declarative pipelines) that Sluice's parser does not read; the source's identifying name is a field of
 *   Spark's StreamingRelation with no public API.
 */
import { describe, expect, it } from "vitest";
import { sharedSession } from "../../../testing/files";

describe("StreamingSourceIdentifyingNameSuite", () => {
  const ctx = sharedSession();

  it("readStream.table() API resolves streaming table correctly", async () => {
    const spark = ctx.t.spark;
    await spark.sql("CREATE TABLE api_stream_test (id INT) USING PARQUET");
    try {
      const df = spark.readStream.table("api_stream_test");
      expect(df.isStreaming).toBe(true);
      // The stream reads the table's rows, as a file source over its location.
      await spark.sql("INSERT INTO api_stream_test VALUES (1), (2)");
      const query = await df.writeStream.format("memory").queryName("api_stream_test_out").start();
      await query.processAllAvailable();
      await query.stop();
      const rows = await spark.sql("SELECT id FROM api_stream_test_out ORDER BY id").collect();
      expect(rows.map((r) => r.id)).toEqual([1, 2]);
    } finally {
      await spark.sql("DROP TABLE IF EXISTS api_stream_test");
    }
  });

  it("batch table query still resolves correctly (regression test)", async () => {
    const spark = ctx.t.spark;
    await spark.sql("CREATE TABLE batch_test (id INT, value STRING) USING PARQUET");
    try {
      await spark.sql("INSERT INTO batch_test VALUES (1, 'a'), (2, 'b')");
      const result = await spark.sql("SELECT * FROM batch_test").collect();
      expect(result.length).toBe(2);
      expect(spark.sql("SELECT * FROM batch_test").isStreaming).toBe(false);
    } finally {
      await spark.sql("DROP TABLE IF EXISTS batch_test");
    }
  });
});
