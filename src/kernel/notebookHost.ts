import { EVENTS_SCHEMA_DDL, writeEvents } from "../datasets/events";
import type { FileStatus, FileSystem } from "../engine/index";
import type { DuckDB } from "../engine/internal";
import type { NotebookHost } from "../pyspark/index";
import type { FileDrip } from "./FileDrip";
import type { FileEntry } from "./protocol";

/** The kernel's files and what tells the notebook about changes to them. */
export interface NotebookFiles {
  fs: FileSystem;
  /** The data generator's DuckDB. */
  db: () => Promise<DuckDB>;
  drip: FileDrip;
  /** A file or folder changed: the file browser redraws it. */
  changed: (path: string) => void;
  /** Paths the running cell may not delete (the checkpoint a Restart continues from). */
  protectedPaths?: () => readonly string[];
}

/**
 * What cells reach besides the engine, one implementation for both kinds of cell: `dbutils` and `datasets` in
 * TypeScript cells' scope, and the same objects behind Python's `dbutils` and `from sluice import datasets`.
 * Databricks' dbutils.fs works on the kernel's files; the teaching data is written there, or dripped in.
 */
export function notebookHost({ fs, db, drip, changed, protectedPaths }: NotebookFiles): NotebookHost {
  return {
    datasets: {
      eventsSchema: EVENTS_SCHEMA_DDL,
      /** Writes the BedBricks-like events data set as Parquet files into `dir`. */
      writeEvents: async (dir = "/data/events", options = {}) => {
        const paths = await writeEvents(fs, dir, options, await db());
        changed(dir);
        return paths;
      },
      startDrip: (options = {}) =>
        drip.start({
          ...options,
          dir: options.dir ?? "/data/events",
          everySeconds: options.everySeconds ?? 5,
          files: options.files ?? 20,
          rowsPerFile: options.rowsPerFile ?? 1000,
          seed: options.seed ?? 42,
        }),
      stopDrip: () => drip.stop(),
    },
    dbutils: {
      fs: {
        ls: async (path = "/") => (await fs.list(path)).map(fileEntry),
        rm: async (path) => {
          const kept = protectedPaths?.().find((p) => within(p, path));
          if (kept)
            throw new Error(
              `Not deleting ${path}: Restart continues the query from its checkpoint ${kept}. Run the cell yourself to start over.`,
            );
          await fs.delete(path);
          changed(path);
          return true;
        },
        head: async (path, maxBytes = 65536) =>
          new TextDecoder().decode((await fs.readFile(path)).subarray(0, maxBytes)),
        put: async (path, contents) => {
          await fs.writeFile(path, contents);
          changed(path);
          return true;
        },
        mkdirs: async (path) => {
          await fs.mkdirs(path);
          changed(path);
          return true;
        },
      },
    },
  };
}

/** A listing's entry with the protocol's fields only (a file system may keep more on its own objects). */
export function fileEntry(f: FileStatus): FileEntry {
  return {
    path: f.path,
    name: f.name,
    size: f.size,
    modificationTime: f.modificationTime,
    isDirectory: f.isDirectory,
  };
}

/** Whether `path` is `dir` or lies inside it. */
function within(path: string, dir: string): boolean {
  const trim = (p: string) => `/${p.split("/").filter(Boolean).join("/")}`;
  const [p, d] = [trim(path), trim(dir)];
  return p === d || p.startsWith(d === "/" ? "/" : `${d}/`);
}
