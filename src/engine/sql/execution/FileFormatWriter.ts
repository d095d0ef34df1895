/**
 * Spark's FileFormatWriter: runs a batch plan and writes its rows under a directory as part files of a format,
 * partition columns as `key=value` directories. `df.write.save`, INSERT and CREATE TABLE AS SELECT write
 * through it.
 */
import { tableToIPC } from "apache-arrow";
import type { DataFormat } from "../../io/DataFileReader";
import { type FileStatus, joinPath } from "../../io/FileSystem";
import { PartFileWriter, withSessionCodec } from "../../io/PartFileWriter";
import type { SparkSession } from "../../session/SparkSession";
import type { LogicalPlan } from "../plan";
import { QueryExecution } from "./QueryExecution";

export interface FileWrite {
  readonly format: DataFormat;
  readonly options: Readonly<Record<string, string>>;
  readonly partitionColumns: readonly string[];
  /** The output directory; made where missing. */
  readonly dir: string;
  /**
   * Runs once the rows are computed, before any file is written, with the partition directories (relative to
   * `dir`) they go to: INSERT OVERWRITE clears what it replaces here, so a failing query leaves the old rows.
   */
  readonly beforeWrite?: (partitionDirectories: readonly string[]) => Promise<void>;
}

/**
 * Writes the plan's rows and returns the files written (none for no rows), then marks the directory done with
 * `_SUCCESS` as Spark's committer does. `afterCommands`: see QueryExecution.
 */
export async function writeFiles(
  session: SparkSession,
  plan: LogicalPlan,
  write: FileWrite,
  afterCommands = true,
): Promise<FileStatus[]> {
  const rows = await new QueryExecution(session, plan, afterCommands).toArrow();
  const table = session.db.uniqueName("write");
  session.db.insertArrowIPC(table, tableToIPC(rows, "stream"), true);
  try {
    const writer = new PartFileWriter(
      session.db,
      session.fs,
      write.format,
      withSessionCodec(write.options, session.conf),
      write.partitionColumns,
    );
    await write.beforeWrite?.(writer.partitionDirectories(table, plan.schema));
    await session.fs.mkdirs(write.dir);
    const written = await writer.write(table, plan.schema, write.dir);
    await session.fs.writeFile(joinPath(write.dir, "_SUCCESS"), "");
    return written;
  } finally {
    session.db.dropTable(table);
  }
}
