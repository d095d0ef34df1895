import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { setPlatform } from "../engine/index";
import { currentPlatform } from "../engine/internal";
import { testKernel } from "./testing";

it("the kernel opens one DuckDB, shared by the session, the data generator and the cells' datasets", async () => {
  const platform = await currentPlatform();
  let opened = 0;
  setPlatform({
    ...platform,
    openDuckDB: () => {
      opened += 1;
      return platform.openDuckDB();
    },
  });
  const root = mkdtempSync(join(tmpdir(), "sluice-one-duckdb-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const { request, outputsOf } = testKernel(root);
  const info = await request("init", {});
  expect(info.duckdbVersion).toMatch(/^v1\./);
  await request("data.generate", { dir: "/data/events", files: 1, rowsPerFile: 100, seed: 42 });
  const run = await request("run", {
    cellId: "a",
    code: [
      'await datasets.writeEvents("/data/more", { files: 1, rowsPerFile: 100 });',
      '(await dbutils.fs.ls("/data/more")).length',
    ].join("\n"),
    language: "typescript",
  });
  expect(run.status).toBe("ok");
  expect(outputsOf("a")).toEqual([{ kind: "value", text: "1" }]);
  expect(opened).toBe(1);
});
