import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import type { PyodideLoader } from "./PySparkRuntime";

const require = createRequire(import.meta.url);

/** Node: Pyodide from its npm package, the Python sources read from src/pyspark/python. */
export const nodeLoader: PyodideLoader = {
  async load(onProgress) {
    onProgress("Loading Python (Pyodide)", 0.1);
    const { loadPyodide } = await import("pyodide");
    const indexURL = `${nodePath.dirname(require.resolve("pyodide/package.json"))}${nodePath.sep}`;
    return loadPyodide({ indexURL });
  },

  async sources() {
    const root = fileURLToPath(new URL("./python/", import.meta.url));
    const out: Record<string, string> = {};
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = nodePath.join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (/\.pyi?$/.test(entry.name))
          out[nodePath.relative(root, path).split(nodePath.sep).join("/")] = await readFile(path, "utf8");
      }
    };
    await walk(root);
    return out;
  },
};
