import { expect, test } from "@playwright/test";
import { keepScreenshot, loadCells, openApp, runCell } from "./helpers";

/** The socket box plays `nc -lk 9999`: lines typed or pasted into it reach the guide's word count query. */
test("typing lines into the socket box updates the word counts of a socket query", async ({
  page,
}, testInfo) => {
  await openApp(page);
  await loadCells(page, "Socket word count", [
    {
      type: "code",
      source: `const lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load();
const words = lines.select(explode(split(lines.col("value"), " ")).alias("word"));
const query = await words.groupBy("word").count().writeStream.outputMode("complete")
  .format("memory").queryName("word_counts").start();`,
    },
  ]);

  await test.step("opening the Socket tab starts nc -lk 9999; the query connects to it", async () => {
    await page.getByRole("tab", { name: "Socket" }).click();
    const box = page.locator(".socket-panel");
    await expect(box).toContainText("nc -lk 9999 is listening on localhost");
    await expect(box).toContainText("not replayable");
    await runCell(page, 0);
    await expect(page.locator(".cell").first().locator(".output-error")).toHaveCount(0);
    await expect(box).toContainText("1 socket source connected");
  });

  const panel = page.locator(".cell").first().locator(".query-panel");
  const counts = async () =>
    Object.fromEntries(
      (await panel.locator('[aria-label="Result table"] tbody tr').allInnerTexts()).map((row) => {
        const [word, count] = row.split("\t");
        return [word, Number(count)];
      }),
    );

  await test.step("Enter sends the typed line", async () => {
    const input = page.getByRole("textbox", { name: "Socket input" });
    await input.click();
    await page.keyboard.type("apache spark");
    await page.keyboard.press("Enter");
    await expect(input).toHaveValue("");
    await expect(page.getByRole("log", { name: "Lines sent" })).toContainText("apache spark");
    await expect.poll(counts, { timeout: 30_000 }).toEqual({ apache: 1, spark: 1 });
  });

  await test.step("a paste of several lines sends each of them", async () => {
    const input = page.getByRole("textbox", { name: "Socket input" });
    await input.click();
    await page.keyboard.insertText("apache hadoop\nspark streaming");
    await page.keyboard.press("Enter");
    await expect.poll(counts, { timeout: 30_000 }).toEqual({ apache: 2, spark: 2, hadoop: 1, streaming: 1 });
    await expect(page.locator(".socket-panel")).toContainText("word_counts");
    await keepScreenshot(page, testInfo, "socket-box");
  });
});
