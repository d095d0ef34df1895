/** The seed query (finalize events counted per traffic source, complete mode, memory sink) with availableNow. */
import type { SparkSession, StreamingQuery } from "../src/engine/index";
import { col } from "../src/engine/index";
import { SEED_SCHEMA } from "../src/engine/testing/eventFiles";

/** Starts it over `dir` into the memory table `name`, with a checkpoint of its own. */
export function startSeedQuery(
  spark: SparkSession,
  dir: string,
  name: string,
  maxFilesPerTrigger?: number,
): Promise<StreamingQuery> {
  const reader = spark.readStream.schema(SEED_SCHEMA);
  if (maxFilesPerTrigger) reader.option("maxFilesPerTrigger", maxFilesPerTrigger);
  return reader
    .parquet(dir)
    .filter(col("event_name").eq("finalize"))
    .groupBy("traffic_source")
    .count()
    .writeStream.outputMode("complete")
    .format("memory")
    .queryName(name)
    .trigger({ availableNow: true })
    .option("checkpointLocation", `/checkpoints/${name}`)
    .start();
}
