/** Which files a `spark.read` path stands for, and the schema Spark would infer from them. */
import { committedSinkFiles } from "../checkpoint/FileStreamSinkLog";
import type { DataFileReader, DataFormat } from "../io/DataFileReader";
import { type IoSteps, list, readFile, runAsync, runSync, stat } from "../io/FileIO";
import { type FileStatus, type FileSystem, isHiddenFile, normalizePath } from "../io/FileSystem";
import { AnalysisException } from "../sql/errors";
import type { StructType } from "../sql/types";

export function pathNotFound(path: string): AnalysisException {
  return new AnalysisException(`Path does not exist: ${path}. SQLSTATE: 42K03`, "PATH_NOT_FOUND", { path });
}

/**
 * The data files under `paths`: files as given; directories listed (with `key=value` partition directories),
 * or, for a streaming sink's output, exactly the files its `_spark_metadata` log committed.
 */
export function* dataFiles(paths: readonly string[]): IoSteps<FileStatus[]> {
  const out: FileStatus[] = [];
  for (const raw of paths) {
    const path = normalizePath(raw);
    const status = yield* stat(path);
    if (!status) throw pathNotFound(path);
    if (!status.isDirectory) {
      out.push(status);
      continue;
    }
    const committed = yield* committedSinkFiles(path);
    if (committed) {
      for (const f of committed) {
        const file = yield* stat(f.path);
        if (file) out.push(file);
      }
      continue;
    }
    const pending = [path];
    while (pending.length > 0) {
      for (const entry of yield* list(pending.pop()!)) {
        if (isHiddenFile(entry.name)) continue;
        if (!entry.isDirectory) out.push(entry);
        else if (entry.name.includes("=")) pending.push(entry.path);
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function listDataFiles(fs: FileSystem, paths: readonly string[]): Promise<FileStatus[]> {
  return runAsync(dataFiles(paths), fs);
}

function* inferSteps(
  reader: DataFileReader,
  format: DataFormat,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
): IoSteps<StructType> {
  const files = yield* dataFiles(paths);
  if (files.length === 0) {
    throw new AnalysisException(
      `Unable to infer schema for ${format.toUpperCase()}. It must be specified manually. SQLSTATE: 42KD9`,
      "UNABLE_TO_INFER_SCHEMA",
      { format },
    );
  }
  return reader.inferSchema(yield* readFile(files[0].path), files[0].path, format, options);
}

/** Infers the schema from the first data file: at once where reads are synchronous, else as a Promise. */
export function inferFileSchema(
  fs: FileSystem,
  reader: DataFileReader,
  format: DataFormat,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
): StructType | Promise<StructType> {
  const steps = inferSteps(reader, format, paths, options);
  return fs.sync ? runSync(steps, fs.sync) : runAsync(steps, fs);
}
