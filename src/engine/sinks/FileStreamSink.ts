/**
 * Spark's file sink (parquet, csv, json, text): each batch writes new part files, then records them in
 * `_spark_metadata/N` (compacted every `fileSink.log.compactInterval` batches). A batch already in the log is
 * skipped, so a re-run never duplicates files, and readers that go through the log never see the files of a batch
 * that did not finish. The `retention` option leaves files older than it out of the log's compactions.
 */
import type { CompactibleLogOptions } from "../checkpoint/CompactibleFileStreamLog";
import { FileStreamSinkLog } from "../checkpoint/FileStreamSinkLog";
import type { DuckDB } from "../duckdb/DuckDB";
import type { DataFormat } from "../io/DataFileReader";
import { type FileSystem, normalizePath } from "../io/FileSystem";
import { PartFileWriter } from "../io/PartFileWriter";
import { optionOf } from "../sources/Source";
import { timeStringAsMs } from "../streaming/runtime/timeStrings";
import type { BatchOutput, Sink } from "./Sink";

export class FileStreamSink implements Sink {
  readonly description: string;
  readonly v1 = true;
  readonly path: string;
  private readonly log: FileStreamSinkLog;
  private readonly writer: PartFileWriter;
  private lastCommitted: number | undefined;

  constructor(
    db: DuckDB,
    fs: FileSystem,
    path: string,
    format: DataFormat,
    options: Readonly<Record<string, string>>,
    logOptions: CompactibleLogOptions,
    partitionBy: readonly string[] = [],
  ) {
    this.path = normalizePath(path);
    this.description = `FileSink[${this.path}]`;
    const retention = optionOf(options, "retention");
    this.log = new FileStreamSinkLog(
      fs,
      this.path,
      logOptions,
      retention === undefined ? undefined : timeStringAsMs(retention),
    );
    this.writer = new PartFileWriter(db, fs, format, options, partitionBy);
  }

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    // The latest entry is read, not only named, once per run: a damaged log fails the query rather than being
    // written around.
    this.lastCommitted ??= (await this.log.getLatest())?.batchId ?? -1;
    if (batchId <= this.lastCommitted) return;
    const files = await this.writer.write(output.table, output.schema, this.path);
    await this.log.add(
      batchId,
      files.map((f) => ({
        path: f.path,
        size: f.size,
        isDir: false,
        // Hadoop's FileStatus time is whole milliseconds (a Long in Spark's SinkFileStatus); Node's has a fraction.
        modificationTime: Math.floor(f.modificationTime),
        blockReplication: 1,
        blockSize: 33554432,
        action: "add",
      })),
    );
    this.lastCommitted = batchId;
  }
}
