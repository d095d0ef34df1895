import type { Cell, CellType, Notebook } from "../model/notebook";
import { newCellId } from "../model/notebook";

/**
 * The bundled example in PySpark: the seed lesson as a Spark course writes it, in Python cells. It runs top to
 * bottom with Run all in Sluice, and exported for Spark (the toolbar's Export) it runs on a cluster as is.
 */
const cell = (type: CellType, source: string): Cell => ({
  id: newCellId(),
  type,
  source: source.trim(),
  outputs: [],
  executionCount: null,
});

export function seedLessonPySpark(): Notebook {
  return {
    name: "Seed lesson (PySpark) - purchases by traffic source",
    cells: [
      cell(
        "markdown",
        `
# Structured Streaming in PySpark: the seed lesson

The same lesson as the TypeScript example, written as a Spark course writes it: Python cells, \`pyspark\`
imports, keyword arguments. Sluice runs real Python (Pyodide) with a \`pyspark\` package that forwards to its
engine, so this code runs unchanged on a Spark cluster too: **Export** saves it as a notebook for one.

Run the cells one by one with **Shift+Enter**, or all of them with **Run all**. The first Python cell loads
Python into the page (once, a few seconds).`,
      ),
      cell(
        "python",
        `
# Where the lesson's data and checkpoints live.
events_path = "/data/events"
checkpoint_path = "/checkpoints/purchases_by_source_py"`,
      ),
      cell(
        "python",
        `
# Teaching data: BedBricks-like clickstream events, 10 Parquet files (Sluice writes them into the browser's
# storage; on a cluster, the lesson's data is already there).
from sluice import datasets

if not dbutils.fs.ls(events_path):
    datasets.write_events(events_path, files=10, rows_per_file=2000)
[(f.name, f.size) for f in dbutils.fs.ls(events_path)]`,
      ),
      cell(
        "markdown",
        `
## 1. Read the events as a stream

\`maxFilesPerTrigger\` makes each trigger take one new file, so we can watch the result change batch by batch.
A streaming source needs its schema up front.`,
      ),
      cell(
        "python",
        `
from pyspark.sql.functions import col

events_schema = "user_id STRING, event_timestamp BIGINT, event_name STRING, traffic_source STRING, device STRING"

events = (spark.readStream
    .schema(events_schema)
    .option("maxFilesPerTrigger", 1)
    .parquet(events_path))

events.isStreaming`,
      ),
      cell(
        "markdown",
        `
## 2. Purchases per traffic source

A purchase is an event named \`finalize\`. Group the purchases by \`traffic_source\` and count them: the same
code as for a batch DataFrame.`,
      ),
      cell(
        "python",
        `
purchases_by_source = (events
    .filter(col("event_name") == "finalize")
    .groupBy("traffic_source")
    .count())

purchases_by_source`,
      ),
      cell(
        "markdown",
        `
## 3. Start the query

An aggregation without a watermark needs **complete** mode: every trigger writes the whole result table. The
**memory** sink keeps it as a table named after the query, and the **checkpoint** records which files were
read, so the query can stop and resume exactly where it was.`,
      ),
      cell(
        "python",
        `
query = (purchases_by_source.writeStream
    .outputMode("complete")
    .format("memory")
    .queryName("purchases_by_source_py")
    .trigger(processingTime="2 seconds")
    .option("checkpointLocation", checkpoint_path)
    .start())`,
      ),
      cell(
        "markdown",
        `
## 4. Watch it run

\`status\` says what the query is doing now, \`lastProgress\` describes the last trigger (a dict of Spark's
progress fields), and \`recentProgress\` keeps the last ones.`,
      ),
      cell("python", `import time\ntime.sleep(3)\nquery.status`),
      cell("python", `query.lastProgress`),
      cell(
        "python",
        `
[(p["batchId"], p["numInputRows"], p["durationMs"]["triggerExecution"]) for p in query.recentProgress]`,
      ),
      cell("markdown", `The memory sink is a table: query it with SQL while the stream runs.`),
      cell(
        "python",
        `spark.sql("SELECT traffic_source, count FROM purchases_by_source_py ORDER BY count DESC").show()`,
      ),
      cell(
        "markdown",
        `
## 5. Stop the query

Wait until every file has been processed, then stop. Started again with the same checkpoint, the query
continues from its last committed batch.`,
      ),
      cell(
        "python",
        `
query.processAllAvailable()
query.stop()
query.isActive`,
      ),
      cell(
        "markdown",
        `
## Next

- \`display(df)\` shows a streaming DataFrame live, as in Databricks:
  \`display(events.groupBy("device").count(), processingTime="1 second")\`.
- Count purchases per 10-minute window of event time with a watermark:
  \`events.withColumn("t", timestamp_micros("event_timestamp")).withWatermark("t", "10 minutes")
  .groupBy(window("t", "10 minutes")).count()\` in **update** mode.`,
      ),
    ],
  };
}
