import { type Cell, type CellType, type Notebook, newCellId } from "../model/notebook";

/**
 * The bundled example: the seed lesson of Structured Streaming, runnable top to bottom with Run all. It reads
 * the events stream a file per trigger, counts purchases per traffic source in complete mode into a memory
 * sink, looks at status / lastProgress / recentProgress, queries the sink with SQL, and stops the query.
 */
const cell = (type: CellType, source: string): Cell => ({
  id: newCellId(),
  type,
  source: source.trim(),
  outputs: [],
  executionCount: null,
});

export function seedLesson(): Notebook {
  return {
    name: "Seed lesson - purchases by traffic source",
    cells: [
      cell(
        "markdown",
        `
# Structured Streaming: the seed lesson

A stream is a table that keeps growing. Spark runs your query on it again and again — one **micro-batch** per
**trigger** — and keeps the result up to date. Sluice is Spark's Structured Streaming rebuilt for the browser:
the engine runs in a Web Worker on DuckDB-WASM, files live in the browser's storage (OPFS).

Run the cells one by one with **Shift+Enter**, or all of them with **Run all**.`,
      ),
      cell(
        "code",
        `
// Teaching data: BedBricks-like clickstream events, 10 Parquet files in /data/events.
// (The Data tab can add more files, or drip them in one every few seconds.)
if ((await dbutils.fs.ls("/data/events")).length === 0) {
  await datasets.writeEvents("/data/events", { files: 10, rowsPerFile: 2000 });
}
(await dbutils.fs.ls("/data/events")).map((f) => ({ name: f.name, size: f.size }))`,
      ),
      cell(
        "markdown",
        `
## 1. Read the events as a stream

\`maxFilesPerTrigger\` makes each trigger take one new file, so we can watch the result change batch by batch.
A streaming source needs its schema up front.`,
      ),
      cell(
        "code",
        `
const events = spark.readStream
  .schema(datasets.eventsSchema)
  .option("maxFilesPerTrigger", 1)
  .parquet("/data/events");

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
        "code",
        `
const purchasesBySource = events
  .filter(col("event_name").eq("finalize"))
  .groupBy("traffic_source")
  .count();

purchasesBySource`,
      ),
      cell(
        "markdown",
        `
## 3. Start the query

An aggregation without a watermark needs **complete** mode: every trigger writes the whole result table. The
**memory** sink keeps it as a table named after the query, and the **checkpoint** records which files were
read, so the query can stop and resume exactly where it was. Watch the live panel: the input rows of each
trigger, the result table (changed rows highlighted) and the progress charts.`,
      ),
      cell(
        "code",
        `
const query = await purchasesBySource.writeStream
  .outputMode("complete")
  .format("memory")
  .queryName("purchases_by_source")
  .trigger({ processingTime: "2 seconds" })
  .option("checkpointLocation", "/checkpoints/purchases_by_source")
  .start();`,
      ),
      cell(
        "markdown",
        `
## 4. Watch it run

\`status\` says what the query is doing right now, \`lastProgress\` describes the last trigger (Spark's JSON), and
\`recentProgress\` keeps the last ones.`,
      ),
      cell("code", `await sleep(3000);\nquery.status`),
      cell("code", `query.lastProgress`),
      cell(
        "code",
        `
display(query.recentProgress.map((p) => ({
  batchId: p.batchId,
  numInputRows: p.numInputRows,
  inputRowsPerSecond: p.inputRowsPerSecond,
  processedRowsPerSecond: p.processedRowsPerSecond,
  triggerMs: p.durationMs.triggerExecution,
})))`,
      ),
      cell("markdown", `The memory sink is a table: query it with SQL while the stream runs.`),
      cell("sql", `SELECT traffic_source, count FROM purchases_by_source ORDER BY count DESC`),
      cell(
        "markdown",
        `
## 5. Stop the query

Wait until every file has been processed, then stop. Started again with the same checkpoint, the query
continues from its last committed batch: try the **Restart** button on the panel after adding files in the Data tab.`,
      ),
      cell("code", `await query.processAllAvailable();\nawait query.stop();\nquery.isActive`),
      cell(
        "markdown",
        `
## Next

- Start the **drip** in the Data tab, press **Restart** on the panel above, and watch batches arrive one file
  at a time.
- \`display(df)\` shows any streaming DataFrame live, e.g.
  \`display(events.groupBy("device").count())\`.
- Count purchases per 10-minute window of event time with a watermark:
  \`events.withColumn("t", timestamp_micros(col("event_timestamp")))
  .withWatermark("t", "10 minutes").groupBy(window("t", "10 minutes")).count()\` in **update** mode.`,
      ),
    ],
  };
}
