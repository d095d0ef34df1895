import { EVENTS_SCHEMA_DDL, writeEvents } from "../datasets/events";
import type { SparkSession } from "../engine/index";

/**
 * What Python cells reach besides the engine: Databricks' `dbutils.fs` on the session's files, and Sluice's
 * teaching data (`from sluice import datasets`). The notebook's kernel passes its own (which also tell the file
 * browser about changes); outside the notebook they work on the session's file system directly.
 */
export interface NotebookHost {
  datasets: {
    eventsSchema: string;
    writeEvents(dir?: string, options?: Record<string, unknown>): Promise<string[]>;
    startDrip?(options?: Record<string, unknown>): Promise<unknown>;
    stopDrip?(): unknown;
  };
  dbutils: {
    fs: {
      ls(
        path?: string,
      ): Promise<
        { path: string; name: string; size: number; modificationTime: number; isDirectory: boolean }[]
      >;
      rm(path: string): Promise<boolean>;
      head(path: string, maxBytes?: number): Promise<string>;
      put(path: string, contents: string): Promise<boolean>;
      mkdirs(path: string): Promise<boolean>;
    };
  };
}

export function sessionHost(spark: SparkSession): NotebookHost {
  const fs = spark.fs;
  return {
    datasets: {
      eventsSchema: EVENTS_SCHEMA_DDL,
      writeEvents: (dir = "/data/events", options = {}) => writeEvents(fs, dir, options, spark.db),
    },
    dbutils: {
      fs: {
        ls: async (path = "/") => fs.list(path),
        rm: async (path) => {
          await fs.delete(path);
          return true;
        },
        head: async (path, maxBytes = 65536) =>
          new TextDecoder().decode((await fs.readFile(path)).subarray(0, maxBytes)),
        put: async (path, contents) => {
          await fs.writeFile(path, contents);
          return true;
        },
        mkdirs: async (path) => {
          await fs.mkdirs(path);
          return true;
        },
      },
    },
  };
}
