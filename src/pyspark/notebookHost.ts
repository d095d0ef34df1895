import { EVENTS_SCHEMA_DDL, type EventsOptions, writeEvents } from "../datasets/events";
import type { FileStatus, SparkSession } from "../engine/index";

/**
 * What Python cells reach besides the engine: Databricks' `dbutils.fs`, and Sluice's teaching data
 * (`from sluice import datasets`). The notebook's kernel implements it, for its TypeScript cells as well, and
 * passes it to `PySparkRuntime.create`.
 */
export interface NotebookHost {
  datasets: {
    eventsSchema: string;
    writeEvents(dir?: string, options?: EventsOptions): Promise<string[]>;
    /** The notebook's file drip: the next events file every few seconds. */
    startDrip?(options?: DripStartOptions): Promise<unknown>;
    stopDrip?(): unknown;
  };
  dbutils: {
    fs: {
      ls(path?: string): Promise<FileStatus[]>;
      rm(path: string): Promise<boolean>;
      head(path: string, maxBytes?: number): Promise<string>;
      put(path: string, contents: string): Promise<boolean>;
      mkdirs(path: string): Promise<boolean>;
    };
  };
}

export interface DripStartOptions extends Omit<EventsOptions, "files"> {
  dir?: string;
  everySeconds?: number;
  files?: number;
}

/** Outside the notebook (tests, scripts): the same helpers straight on the session's files, without the drip. */
export function sessionHost(spark: SparkSession): NotebookHost {
  const fs = spark.fs;
  return {
    datasets: {
      eventsSchema: EVENTS_SCHEMA_DDL,
      writeEvents: (dir = "/data/events", options = {}) => writeEvents(fs, dir, options, spark.db),
    },
    dbutils: {
      fs: {
        ls: (path = "/") => fs.list(path),
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
