import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { lockAsTabsDo, testKernel } from "./testing";

/**
 * A query started without a checkpointLocation runs on a temporary checkpoint, /tmp/temporary-<uuid>, which a
 * tab closed or reloaded while the query runs leaves in the browser's storage (OPFS, shared by the origin's tabs).
 * Here two kernels on one folder, with locks as the browser's `navigator.locks.request(name, { ifAvailable: true
 * })` grants them (one holder a name, until released; a closed tab's are released by the browser): a kernel's start
 * removes the temporary checkpoints no kernel holds and keeps another kernel's running (or failed) query's.
 */
const held = await lockAsTabsDo();

const root = mkdtempSync(join(tmpdir(), "sluice-tmp-tabs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const encode = (text: string) => new TextEncoder().encode(text);
const temporary = async (tab: ReturnType<typeof testKernel>) =>
  (await tab.request("fs.list", { path: "/tmp" }))
    .map((f) => f.name)
    .filter((name) => name.startsWith("temporary-"))
    .sort();

it("a kernel starting beside another removes unheld temporary checkpoints and keeps the other's", async () => {
  const first = testKernel(root);
  await first.request("init", {});
  await first.request("fs.write", { path: "/data/nums/part-0.json", data: encode('{"value": 1}') });
  // What a tab closed while its query ran left behind: a checkpoint no kernel holds the lock of.
  await first.request("fs.write", { path: "/tmp/temporary-left/metadata", data: encode('{"id":"x"}') });
  await first.request("fs.write", { path: "/tmp/temporary-left/offsets/0", data: encode("v1") });

  await first.run(
    "live",
    [
      "const live = await spark.readStream.schema('value INT').json('/data/nums')",
      "  .writeStream.format('memory').queryName('nums').start();",
      "await live.processAllAvailable();",
    ].join("\n"),
    "typescript",
  );
  const [liveFolder] = (await temporary(first)).filter((name) => name !== "temporary-left");
  expect(liveFolder).toMatch(/^temporary-[0-9a-f-]{36}$/);
  // A query that failed keeps its temporary checkpoint, as Spark does (forceDeleteTempCheckpointLocation is off).
  await first.request("run", {
    cellId: "failed",
    code: [
      "const failed = await spark.readStream.schema('value INT').json('/data/nums')",
      "  .writeStream.foreachBatch(() => { throw new Error('boom'); }).start();",
      "await failed.awaitTermination().catch(() => undefined);",
    ].join("\n"),
    language: "typescript",
  });
  const [failedFolder] = (await temporary(first)).filter((n) => n !== "temporary-left" && n !== liveFolder);
  expect(failedFolder).toMatch(/^temporary-/);
  expect((await first.request("fs.list", { path: `/tmp/${failedFolder}` })).map((f) => f.name)).toContain(
    "offsets",
  );

  // The second tab's start removes the leftover and keeps the first tab's running and failed queries' folders.
  const second = testKernel(root);
  await second.request("init", {});
  expect(await temporary(second)).toEqual([liveFolder, failedFolder].sort());
  // The first tab's query goes on writing its checkpoint.
  await first.request("fs.write", { path: "/data/nums/part-1.json", data: encode('{"value": 2}') });
  await first.run(
    "more",
    [
      "await live.processAllAvailable();",
      "const n = await spark.table('nums').count();",
      "if (n !== 2) throw new Error('nums has ' + n + ' rows');",
    ].join("\n"),
    "typescript",
  );
  expect(
    (await second.request("fs.list", { path: `/tmp/${liveFolder}/commits` })).map((f) => f.name),
  ).toContain("1");

  // Stopped without an error, the query deletes its checkpoint and then lets go of its lock.
  const panel = first.outputsOf("live").find((o) => o.kind === "query");
  if (panel?.kind !== "query") throw new Error("the cell started no query");
  await first.request("query.stop", { queryId: panel.queryId });
  expect(await temporary(second)).toEqual([failedFolder]);
  expect([...held].filter((name) => name.startsWith("sluice-checkpoint:"))).toEqual([
    `sluice-checkpoint:/tmp/${failedFolder}`,
  ]);

  // The first tab closed: the browser releases its locks, and the next kernel to start removes the failed
  // query's folder too.
  held.clear();
  const third = testKernel(root);
  await third.request("init", {});
  expect(await temporary(third)).toEqual([]);
});
