import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { keepScreenshot, loadCells, openApp, runCell } from "./helpers";

async function openLesson(page: Page, name: string): Promise<void> {
  await page.getByRole("combobox", { name: "More examples" }).selectOption(name);
  await expect(page.locator(".cell").first()).toContainText("Kafka");
}

test("the Kafka lesson runs end to end with Run all, and the Topics tab shows its topics", async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await openApp(page);
  await openLesson(page, "Kafka JSON pipeline");
  await page.getByRole("button", { name: "Run all" }).click();

  const last = page.locator(".cell").filter({ hasText: "query.isActive" });
  await expect(last.locator(".output-text.value")).toHaveText("false", { timeout: 180_000 });
  await expect(page.locator(".cell .output-error")).toHaveCount(0);
  // The read-back cell's table: the windowed counts the query wrote to event_counts, as JSON.
  const readBack = page.locator(".cell").filter({ hasText: '.option("subscribe", "event_counts")' });
  const rows = readBack.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText('{"window":{"start":');

  await page.getByRole("tab", { name: "Topics" }).click();
  const topics = page.getByRole("table", { name: "Topics" });
  await expect(topics.locator('tr[data-topic="events"]')).toContainText("3");
  await expect(topics.locator('tr[data-topic="event_counts"]')).toBeVisible();
  await topics.getByRole("button", { name: "event_counts" }).click();
  const records = page.getByRole("table", { name: "Records" });
  await expect(records.locator("tbody tr").first()).toContainText('{"window":{"start":');
  await keepScreenshot(page, testInfo, "kafka-lesson-topics");
});

test("the Topics tab shows a running query's committed offsets and lag per partition, and produces events", async ({
  page,
}, testInfo) => {
  await openApp(page);
  await loadCells(page, "Kafka lag", [
    {
      type: "code",
      source: `await KafkaAdmin.create(spark).createTopics([{ name: "clicks", numPartitions: 2 }]);
const producer = new KafkaProducer(spark);
for (let i = 0; i < 40; i++) producer.send({ topic: "clicks", partition: i % 2, key: "k" + i, value: "click " + i });
await producer.flush();`,
    },
    {
      type: "code",
      source: `// 10 offsets per trigger (5 from each partition), then nothing for an hour: the lag stays visible.
const query = await spark.readStream.format("kafka")
  .option("kafka.bootstrap.servers", "localhost:9092")
  .option("subscribe", "clicks")
  .option("startingOffsets", "earliest")
  .option("maxOffsetsPerTrigger", 10)
  .load()
  .writeStream.format("memory").queryName("slow_reader")
  .trigger({ processingTime: "1 hour" })
  .start();`,
    },
  ]);
  await runCell(page, 0);
  await runCell(page, 1);
  await expect(page.locator(".cell .output-error")).toHaveCount(0);

  await page.getByRole("tab", { name: "Topics" }).click();
  const topics = page.getByRole("table", { name: "Topics" });
  await expect(topics.locator('tr[data-topic="clicks"]')).toContainText("20, 20");
  const lag = page.getByRole("table", { name: "Lag of slow_reader on clicks" });
  await expect(lag).toContainText("lag 30");
  // Partition, committed (the end offset of the query's only batch), end offset, lag.
  await expect(lag.locator("tbody tr").nth(0).locator("td")).toHaveText(["0", "5", "20", "15"]);
  await expect(lag.locator("tbody tr").nth(1).locator("td")).toHaveText(["1", "5", "20", "15"]);

  // The record browser: the last records of a partition, newest last.
  await topics.getByRole("button", { name: "clicks" }).click();
  const records = page.getByRole("table", { name: "Records" });
  await expect(records.locator("tbody tr").last()).toContainText("k38");
  await expect(records.locator("tbody tr").last()).toContainText("click 38");
  await keepScreenshot(page, testInfo, "topics-lag");

  // Events produced from the tab, without a cell.
  await page.getByRole("textbox", { name: "Events topic" }).fill("tab_events");
  await page.getByRole("button", { name: "Start events" }).click();
  await expect(topics.locator('tr[data-topic="tab_events"]')).toBeVisible();
  await expect(page.getByRole("button", { name: /^Stop events \(\d+ sent\)$/ })).toBeVisible();
  await page.getByRole("button", { name: /^Stop events \(\d+ sent\)$/ }).click();
  await expect(page.getByRole("button", { name: "Start events" })).toBeVisible();
});

test("Export for Spark keeps a Kafka notebook's code, with the bootstrap servers a parameter", async ({
  page,
}) => {
  await openApp(page);
  await openLesson(page, "Kafka JSON pipeline (PySpark)");
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export for Spark" }).click();
  // Before saving, the dialog names the two cells that produce into Sluice's own cluster, left out.
  const dialog = page.getByRole("dialog", { name: "Export to Spark" });
  await expect(dialog.getByRole("listitem")).toHaveCount(2);
  await expect(dialog.getByRole("listitem").first()).toContainText("Sluice's own helpers");
  await dialog.getByRole("button", { name: "Save the PySpark notebook" }).click();
  const notebook = JSON.parse(await readFile(await (await download).path(), "utf8"));
  const code: string[] = notebook.cells
    .filter((c: { cell_type: string }) => c.cell_type === "code")
    .map((c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join("") : c.source));
  expect(code[0]).toContain('KAFKA_BOOTSTRAP_SERVERS = "localhost:9092"');
  const read = code.find((c) => c.startsWith("df = spark"));
  expect(read).toContain('.option("kafka.bootstrap.servers", KAFKA_BOOTSTRAP_SERVERS)');
  expect(read).toContain('.format("kafka")');
  expect(code.some((c) => c.includes('.option("topic", "event_counts")'))).toBe(true);
  expect(code.filter((c) => c.startsWith("# Sluice-only cell"))).toHaveLength(2);
});
