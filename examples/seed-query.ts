/**
 * The seed query of issue 2 on generated event files: finalize (purchase) events counted per traffic source,
 * one file per trigger, a trigger every 3 seconds, the running counts in a memory table. After each batch the
 * table is printed; once every file is processed the query stops. Run it with `npm run example`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeEvents } from "../src/datasets/events";
import { col, SparkSession } from "../src/engine";

const root = mkdtempSync(join(tmpdir(), "sluice-example-"));
const spark = await SparkSession.builder().config("sluice.fs.root", root).getOrCreate();
await writeEvents(spark.fs, "/data/events", { files: 4, rowsPerFile: 1000 });

// biome-ignore format: the seed query exactly as issue 2 writes it
const query = await spark.readStream
  .schema("user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING")
  .option("maxFilesPerTrigger", 1)
  .parquet("/data/events")
  .filter(col("event_name").eq("finalize"))
  .groupBy("traffic_source").count()
  .writeStream.outputMode("complete").format("memory").queryName("program_ratings")
  .trigger({ processingTime: "3 seconds" })
  .option("checkpointLocation", "/checkpoints/program_ratings")
  .start();

// After each batch that read a file, print the counts so far.
let printed = Promise.resolve();
spark.streams.addListener({
  onQueryProgress: ({ progress }) => {
    if (progress.numInputRows === 0) return;
    printed = printed.then(async () => {
      console.log(`Batch ${progress.batchId}: ${progress.numInputRows} events read`);
      await spark.sql("SELECT * FROM program_ratings ORDER BY count DESC, traffic_source").show();
    });
  },
});

await query.processAllAvailable();
await printed;
await query.stop();
await spark.stop();
rmSync(root, { recursive: true, force: true });
