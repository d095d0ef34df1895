import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { lockAsTabsDo, testKernel } from "./testing";

/**
 * Two tabs of one origin share the browser's storage (OPFS), each with its own kernel, and Web Locks tell them
 * apart. Here two kernels on one folder, with locks as the browser's `navigator.locks.request(name,
 * { ifAvailable: true })` grants them (a name is held by one holder at a time, until released): the second
 * kernel's start removes the comparison folders no kernel holds, and leaves the first kernel's open comparison.
 */
const held = await lockAsTabsDo();

const root = mkdtempSync(join(tmpdir(), "sluice-modes-tabs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const encode = (text: string) => new TextEncoder().encode(text);
const names = async (tab: ReturnType<typeof testKernel>, path: string) =>
  (await tab.request("fs.list", { path })).map((f) => f.name);

it("a kernel starting beside another keeps the other's open comparison and removes unheld leftovers", async () => {
  const first = testKernel(root);
  await first.request("init", {});
  const times = [["12:01", "12:03"], ["12:12"]];
  for (const [i, file] of times.entries()) {
    const lines = file.map((t) => JSON.stringify({ time: `2026-01-05T${t}:00.000Z`, word: "w" }));
    await first.request("fs.write", { path: `/data/clicks/part-${i}.json`, data: encode(lines.join("\n")) });
  }
  // A comparison a closed tab left behind: no kernel holds its lock.
  await first.request("fs.write", { path: "/tmp/sluice-compare-left/append/metadata", data: encode("{}") });
  await first.run(
    "query",
    [
      "const q = await spark.readStream.schema('time TIMESTAMP, word STRING')",
      "  .option('maxFilesPerTrigger', 1).json('/data/clicks')",
      "  .withWatermark('time', '5 minutes').groupBy(window(col('time'), '10 minutes')).count()",
      "  .writeStream.outputMode('complete').format('memory').queryName('counts')",
      "  .option('checkpointLocation', '/checkpoints/counts').start();",
      "await q.processAllAvailable();",
      "q.id",
    ].join("\n"),
    "typescript",
  );
  const panel = first.outputsOf("query").find((o) => o.kind === "query");
  if (panel?.kind !== "query") throw new Error("the cell started no query");
  const comparison = await first.request("modes.compare", { queryId: panel.queryId });
  const folder = `sluice-compare-${comparison.id}`;
  expect(await names(first, "/tmp")).toEqual(expect.arrayContaining([folder, "sluice-compare-left"]));

  const second = testKernel(root);
  await second.request("init", {});
  const left = await names(second, "/tmp");
  expect(left).toContain(folder);
  expect(left).not.toContain("sluice-compare-left");
  expect(await names(second, `/tmp/${folder}`)).toEqual(["append", "complete", "update"]);
  // The first kernel's comparison still reads: complete mode's table after the second file (12:12 opens 12:10).
  const last = await first.request("modes.step", { comparisonId: comparison.id, step: 1 });
  expect(last.modes.find((m) => m.mode === "complete")?.table.rows.map((r) => r.count)).toEqual([2, 1]);

  // Closed, the comparison removes its folder and lets go of its lock.
  await first.request("modes.close", { comparisonId: comparison.id });
  expect(await names(second, "/tmp")).not.toContain(folder);
  expect([...held].filter((name) => name.startsWith("sluice-compare:"))).toEqual([]);
  await first.request("query.stop", { queryId: panel.queryId });
});
