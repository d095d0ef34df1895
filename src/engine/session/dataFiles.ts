/**
 * Which files a path of `spark.read` or `spark.readStream` stands for, and the schema Spark would give them:
 * Spark's DataSource path globbing, InMemoryFileIndex and PartitioningUtils.
 * - A path may be a glob (`/data/2024-*`): each match stands for itself, a file or a directory.
 * - A directory stands for its own files; where its subdirectories are `key=value` partition directories, for
 *   the files under them, the values becoming columns; with `recursiveFileLookup`, for every file below it.
 * - `pathGlobFilter` keeps the files whose names match; `basePath` says where partition directories start.
 * - A streaming file sink's output directory stands for the files its `_spark_metadata` log committed (unless
 *   `spark.sql.streaming.fileStreamSink.ignoreMetadata`: then for every file in it).
 * Hidden, metadata and temporary files (`_x`, `.x`, `x._COPYING_`) are never data.
 */
import { committedSinkFiles } from "../checkpoint/FileStreamSinkLog";
import {
  conflictingPartitionColumns,
  invalidJsonSchema,
  pathNotFound,
  unableToInferSchema,
} from "../errors/QueryCompilationErrors";
import { type DataFileReader, type DataFormat, skipsFile } from "../io/DataFileReader";
import { type IoSteps, list, readFile, runAsync, runSync, stat } from "../io/FileIO";
import {
  baseName,
  type FileStatus,
  type FileSystem,
  isHiddenFile,
  normalizePath,
  parentOf,
  type SyncFileReader,
} from "../io/FileSystem";
import { partitionColumnType } from "../io/PartitioningUtils";
import { optionOf } from "../sources/Source";
import { activeConf } from "../sql/activeConf";
import {
  ArrayType,
  AtomicType,
  asNullable,
  type DataType,
  MapType,
  StringType,
  StructField,
  StructType,
  TimestampNTZType,
  TimestampType,
} from "../sql/types";

/** Hive's name for a null partition value. */
const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/** A data file and the partition values its directories give it. */
export interface DataFile extends FileStatus {
  readonly partitionValues: Readonly<Record<string, string | null>>;
}

/** What a set of paths stands for: its data files and the partition columns their directories name. */
export interface FileIndex {
  readonly files: readonly DataFile[];
  /** The partition columns, in directory order (`a=1/b=2`: a, b). */
  readonly partitionColumns: readonly string[];
  /** The files are those a streaming file sink's `_spark_metadata` log committed. */
  readonly fromSinkLog?: boolean;
}

/** Hadoop's isGlobPath: a path with any of Hadoop's glob characters. */
export function isGlobPath(path: string): boolean {
  return /[{}[\]*?\\]/.test(path);
}

/** One path segment of a glob as a RegExp (Hadoop's GlobPattern: `*`, `?`, `[a-z]`, `[^a]`, `{a,b}`, `\x`). */
export function globSegment(pattern: string): RegExp {
  let re = "";
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) {
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    } else if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) re += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        re += `[${body.startsWith("^") || body.startsWith("!") ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === "{") {
      braces += 1;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces -= 1;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** The paths a glob matches, in order (Hadoop's globStatus); hidden names only where the pattern asks for them. */
function* globMatches(pattern: string): IoSteps<string[]> {
  const segments = pattern.split("/").filter((s) => s !== "");
  let current = ["/"];
  for (const segment of segments) {
    const next: string[] = [];
    if (!isGlobPath(segment)) {
      for (const dir of current) {
        const path = normalizePath(`${dir}/${segment}`);
        if (yield* stat(path)) next.push(path);
      }
    } else {
      const regex = globSegment(segment);
      const hiddenAllowed = segment.startsWith("_") || segment.startsWith(".");
      for (const dir of current) {
        const status = yield* stat(dir);
        if (!status?.isDirectory) continue;
        for (const entry of yield* list(dir)) {
          if (!hiddenAllowed && isHiddenFile(entry.name)) continue;
          if (regex.test(entry.name)) next.push(entry.path);
        }
      }
    }
    current = next.sort();
  }
  return current;
}

/**
 * Spark's checkAndGlobPathIfNecessary: the paths, globs expanded. A path that does not exist, or a glob that
 * matches nothing, is PATH_NOT_FOUND where `checkExists` (batch reads; a stream waits for its files to come),
 * naming the path as Spark qualifies it first (`file:/data/x`, Hadoop's Path.makeQualified on the local file
 * system).
 */
function* globPaths(paths: readonly string[], checkExists: boolean): IoSteps<string[]> {
  const out: string[] = [];
  for (const raw of paths) {
    const path = normalizePath(raw);
    if (isGlobPath(path)) {
      const matches = yield* globMatches(path);
      if (checkExists && matches.length === 0) throw pathNotFound(`file:${path}`);
      out.push(...matches);
    } else {
      if (checkExists && !(yield* stat(path))) throw pathNotFound(`file:${path}`);
      out.push(path);
    }
  }
  return out;
}

/** The `key=value` directories between `base` and `file`, in order. */
export function partitionValuesOf(base: string, file: string): Record<string, string | null> {
  const relative = file.slice(base.length).split("/").filter(Boolean).slice(0, -1);
  const values: Record<string, string | null> = {};
  for (const segment of relative) {
    const eq = segment.indexOf("=");
    if (eq <= 0) continue;
    const value = decodeURIComponent(segment.slice(eq + 1));
    values[decodeURIComponent(segment.slice(0, eq))] = value === NULL_PARTITION ? null : value;
  }
  return values;
}

/**
 * Spark's parsePartition: the partition values of a leaf directory, read upwards from it until a base path (or
 * the first directory that is no `key=value` once some were found).
 */
function parsePartition(dir: string, basePaths: readonly string[]): Record<string, string | null> {
  const columns: [string, string | null][] = [];
  let current = dir;
  while (!basePaths.includes(current) && current !== "/") {
    const name = baseName(current);
    const eq = name.indexOf("=");
    if (eq <= 0) {
      if (columns.length > 0) break;
    } else {
      const value = decodeURIComponent(name.slice(eq + 1));
      columns.push([decodeURIComponent(name.slice(0, eq)), value === NULL_PARTITION ? null : value]);
    }
    current = parentOf(current);
  }
  return Object.fromEntries(columns.reverse());
}

/** Every file below `dir` that is not hidden (directories that are hidden are not entered). */
function* leafFiles(dir: string): IoSteps<FileStatus[]> {
  const out: FileStatus[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    for (const entry of yield* list(pending.pop()!)) {
      if (isHiddenFile(entry.name)) continue;
      if (entry.isDirectory) pending.push(entry.path);
      else out.push(entry);
    }
  }
  return out;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The partition columns of the files (in directory order); all files must name the same ones. */
function partitionColumnsOf(files: readonly DataFile[]): string[] {
  const partitioned = files.filter((f) => Object.keys(f.partitionValues).length > 0);
  const names = partitioned.map((f) => Object.keys(f.partitionValues));
  const first = names[0] ?? [];
  for (const n of names) {
    if (n.length !== first.length || n.some((c, i) => c.toLowerCase() !== first[i].toLowerCase())) {
      throw conflictingPartitionColumns(
        [...new Set(names.map((x) => `Partition column name list #${names.indexOf(x)}: ${x.join(", ")}`))],
        [...new Set(partitioned.map((f) => parentOf(f.path)))],
      );
    }
  }
  return first;
}

/**
 * Spark's InMemoryFileIndex over `paths` (see the module comment). `checkExists`: missing paths and empty globs
 * are errors (batch reads). `ignoreSinkMetadata`: a sink's output is listed as any directory.
 */
export function* fileIndex(
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
  checkExists: boolean,
  ignoreSinkMetadata = false,
): IoSteps<FileIndex> {
  const recursive = (optionOf(options, "recursiveFileLookup") ?? "false").toLowerCase() === "true";
  const globFilter = optionOf(options, "pathGlobFilter");
  const fileNameFilter = globFilter === undefined ? undefined : globSegment(globFilter);
  const basePathOption = optionOf(options, "basePath");
  const roots = yield* globPaths(paths, checkExists);

  // A streaming file sink's output, read alone and by its own path: the files its log committed.
  if (
    !ignoreSinkMetadata &&
    paths.length === 1 &&
    roots.length === 1 &&
    !isGlobPath(paths[0]) &&
    (yield* stat(roots[0]))?.isDirectory
  ) {
    const committed = yield* committedSinkFiles(roots[0]);
    if (committed) {
      const files: DataFile[] = [];
      for (const f of committed) {
        const file = yield* stat(f.path);
        if (file) files.push({ ...file, partitionValues: partitionValuesOf(roots[0], file.path) });
      }
      return { files: files.sort(byPath), partitionColumns: partitionColumnsOf(files), fromSinkLog: true };
    }
  }

  const leaves: FileStatus[] = [];
  const rootFiles = new Set<string>();
  const rootDirs: string[] = [];
  for (const root of roots) {
    const status = yield* stat(root);
    if (!status) continue;
    if (status.isDirectory) {
      rootDirs.push(root);
      leaves.push(...(yield* leafFiles(root)));
    } else {
      rootFiles.add(root);
      leaves.push(status);
    }
  }
  const kept = fileNameFilter ? leaves.filter((f) => fileNameFilter.test(f.name)) : leaves;
  if (recursive) {
    return { files: kept.map((f) => ({ ...f, partitionValues: {} })).sort(byPath), partitionColumns: [] };
  }
  const basePaths = basePathOption
    ? [normalizePath(basePathOption)]
    : roots.map((r) => (rootFiles.has(r) ? parentOf(r) : r));
  const withValues: DataFile[] = kept.map((f) => ({
    ...f,
    partitionValues: parsePartition(parentOf(f.path), basePaths),
  }));
  const partitionColumns = partitionColumnsOf(withValues);
  // A partitioned directory stands for the files of its partitions; another for its own files only.
  const files =
    partitionColumns.length > 0
      ? withValues.filter((f) => Object.keys(f.partitionValues).length > 0)
      : withValues.filter((f) => rootFiles.has(f.path) || rootDirs.includes(parentOf(f.path)));
  return { files: files.sort(byPath), partitionColumns };
}

export function listDataFiles(
  fs: FileSystem,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
  ignoreSinkMetadata = false,
): Promise<DataFile[]> {
  return runAsync(fileIndex(paths, options, true, ignoreSinkMetadata), fs).then((index) => [...index.files]);
}

/** The files a `files` relation reads: a catalog table's location that no write has made yet holds none. */
export async function relationFiles(
  fs: FileSystem,
  relation: {
    readonly paths: readonly string[];
    readonly table?: string;
    readonly options: Readonly<Record<string, string>>;
  },
  ignoreSinkMetadata: boolean,
): Promise<DataFile[]> {
  const present: string[] = [];
  for (const p of relation.paths) if (!relation.table || (await fs.stat(p))) present.push(p);
  return listDataFiles(fs, present, relation.options, ignoreSinkMetadata);
}

/**
 * A partition column's type from its values, as `spark.sql.sources.partitionColumnTypeInference.enabled` and
 * `spark.sql.timestampType` of the active session say (PartitioningUtils).
 */
function partitionType(values: readonly (string | null)[]): DataType {
  const conf = activeConf();
  const typeInference = conf?.("spark.sql.sources.partitionColumnTypeInference.enabled", "true") !== "false";
  const ntz = conf?.("spark.sql.timestampType", "TIMESTAMP_LTZ").toUpperCase() === "TIMESTAMP_NTZ";
  return partitionColumnType(values, typeInference, ntz ? TimestampNTZType : TimestampType);
}

/** Two files' types for a column: equal, widened (int < bigint < double), else string. */
function widen(a: DataType, b: DataType): DataType {
  if (a.equals(b)) return a;
  const order = ["integer", "long", "double"];
  if (
    a instanceof AtomicType &&
    b instanceof AtomicType &&
    order.includes(a.name) &&
    order.includes(b.name)
  ) {
    return order.indexOf(a.name) > order.indexOf(b.name) ? a : b;
  }
  if (a instanceof StructType && b instanceof StructType) return mergeSchemas(a, b);
  if (a instanceof ArrayType && b instanceof ArrayType)
    return new ArrayType(widen(a.elementType, b.elementType));
  return StringType;
}

function mergeSchemas(a: StructType, b: StructType): StructType {
  const fields = a.fields.map((f) => {
    const other = b.field(f.name);
    return other ? new StructField(f.name, widen(f.dataType, other.dataType), true) : f;
  });
  for (const f of b.fields) if (!a.field(f.name)) fields.push(f);
  return new StructType(fields);
}

/** A schema found for files: data columns, then the partition columns their directories give. */
export interface InferredSchema {
  readonly schema: StructType;
  readonly partitionColumns: readonly string[];
}

/** How a file source's schema is found: the user's, or inferred from the files (streams: only if allowed). */
export interface SchemaRequest {
  readonly format: DataFormat;
  readonly paths: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly userSchema: StructType | undefined;
  /** A stream: missing paths are fine (files will come), and every column is nullable (see forceNullable). */
  readonly streaming: boolean;
  /**
   * `spark.sql.streaming.fileSource.schema.forceNullable` (true unless false): a stream's columns are all
   * nullable, whatever the user's schema says.
   */
  readonly forceNullable?: boolean;
  /** `spark.sql.streaming.fileStreamSink.ignoreMetadata`: a sink's output is listed as any directory. */
  readonly ignoreSinkMetadata?: boolean;
}

/**
 * Spark's getOrInferFileFormatSchema: the data columns (the user's schema without the partition columns, or
 * inferred from the files), then the partition columns the directories name, typed as the user's schema types
 * them, else inferred from their values.
 */
function* schemaSteps(
  reader: DataFileReader,
  request: SchemaRequest,
): IoSteps<InferredSchema & { readonly index: FileIndex }> {
  const { format, paths, options, userSchema, streaming } = request;
  const index = yield* fileIndex(paths, options, !streaming, request.ignoreSinkMetadata);
  const { files, partitionColumns } = index;
  const isPartition = (name: string) => partitionColumns.some((p) => p.toLowerCase() === name.toLowerCase());
  let data: StructType;
  if (userSchema) {
    data = new StructType(userSchema.fields.filter((f) => !isPartition(f.name)));
  } else if (format === "text") {
    data = new StructType([new StructField("value", StringType)]);
  } else {
    if (files.length === 0) throw unableToInferSchema(format.toUpperCase());
    // Parquet files carry their schema, the first one speaks for all (as Spark without mergeSchema); text
    // formats are read in full, as Spark samples every record.
    const sampled = format === "parquet" ? files.slice(0, 1) : files;
    let inferred: StructType | undefined;
    for (const file of sampled) {
      let schema: StructType;
      try {
        schema = reader.inferSchema(yield* readFile(file.path), file.path, format, options);
      } catch (error) {
        // ignoreCorruptFiles / ignoreMissingFiles: a file that cannot be read adds nothing to the schema.
        if (!skipsFile(error, options)) throw error;
        continue;
      }
      inferred = inferred ? mergeSchemas(inferred, schema) : schema;
    }
    if (!inferred) throw unableToInferSchema(format.toUpperCase());
    data = new StructType(inferred.fields.filter((f) => !isPartition(f.name)));
  }
  const partitions = partitionColumns.map((name) => {
    const declared = userSchema?.field(name);
    return new StructField(
      declared?.name ?? name,
      declared?.dataType ?? partitionType(files.map((f) => f.partitionValues[name] ?? null)),
      true,
    );
  });
  // Spark's DataSource.resolveRelation: a batch read's data columns are all nullable (`dataSchema.asNullable`),
  // except over a streaming sink's output read through its metadata log, which keeps the files' (or the
  // user's) nullability, as Spark's Parquet footers carry it.
  if (!streaming && !index.fromSinkLog) data = asNullable(data);
  const fields = [...data.fields, ...partitions];
  const schema = new StructType(
    streaming && request.forceNullable !== false
      ? fields.map((f) => new StructField(f.name, f.dataType, true, f.metadata))
      : fields,
  );
  return { schema, partitionColumns: partitions.map((f) => f.name), index };
}

function hasNonStringMapKey(type: DataType): boolean {
  if (type instanceof MapType)
    return (
      type.keyType !== StringType || hasNonStringMapKey(type.keyType) || hasNonStringMapKey(type.valueType)
    );
  if (type instanceof ArrayType) return hasNonStringMapKey(type.elementType);
  if (type instanceof StructType) return type.fields.some((f) => hasNonStringMapKey(f.dataType));
  return false;
}

/** The schema of a file source: at once where reads are synchronous, else as a Promise. */
export function fileSourceSchema(
  fs: FileSystem,
  reader: DataFileReader,
  request: SchemaRequest,
): StructType | Promise<StructType> {
  // Spark's ExprUtils.checkJsonSchema: JSON objects have string keys only.
  if (request.format === "json" && request.userSchema && hasNonStringMapKey(request.userSchema))
    throw invalidJsonSchema(request.userSchema);
  // Where listing needs async I/O (OPFS in the page's kernel), a declared schema is taken as it is, so the
  // DataFrame is usable at once; its partition columns are then the ones the schema declares.
  const declared = request.userSchema;
  if (!fs.sync && declared) {
    if (!request.streaming) return asNullable(declared);
    if (request.forceNullable === false) return declared;
    return new StructType(declared.fields.map((f) => new StructField(f.name, f.dataType, true, f.metadata)));
  }
  const steps = schemaSteps(reader, request);
  if (fs.sync?.names && request.streaming && fs.changes !== undefined) {
    const recorder = recordingReader(fs.sync);
    const { schema, index } = runSync(steps, recorder.reader);
    if (!index.fromSinkLog) keepListing(fs, request, index, recorder.seen);
    return schema;
  }
  return fs.sync ? runSync(steps, fs.sync).schema : runAsync(steps, fs).then((i) => i.schema);
}

/**
 * A file source's listing taken as its DataFrame was built (for the partition columns), kept for the first
 * trigger of the query started from it: a restart lists the input directory once, not twice. Kept only where
 * the file system counts its own changes and can read a directory's names without a status per entry (Node),
 * and handed over only if nothing changed since: no change through this file system, every path looked at
 * with the same modification time, and every directory listed with the same names (another process's new or
 * deleted file). What this does not see is a file rewritten in place by another process between the DataFrame
 * and the start: its new size and time (as ever, a file already taken is not taken again).
 */
interface KeptListing {
  readonly index: FileIndex;
  readonly changes: number;
  /** Each path looked at: its modification time (undefined where missing), and a listed directory's names. */
  readonly seen: ReadonlyMap<string, SeenPath>;
}

interface SeenPath {
  readonly time: number | undefined;
  names?: string;
}

/** Listings waiting for their query, per file system and source; a few at most (DataFrames never started). */
const keptListings = new WeakMap<FileSystem, Map<string, KeptListing>>();
const MAX_KEPT_LISTINGS = 4;

const listingKey = (
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
  ignoreSinkMetadata: boolean,
) => JSON.stringify([paths.map(normalizePath), Object.entries(options).sort(), ignoreSinkMetadata]);

/** A reader that notes what it saw: each path's modification time, and the names of each directory listed. */
function recordingReader(sync: SyncFileReader): { reader: SyncFileReader; seen: Map<string, SeenPath> } {
  const seen = new Map<string, SeenPath>();
  const reader: SyncFileReader = {
    readFile: (path) => sync.readFile(path),
    stat: (path) => {
      const status = sync.stat(path);
      if (!seen.has(path)) seen.set(path, { time: status?.modificationTime });
      return status;
    },
    list: (dir) => {
      // The time before the listing: a change during it leaves the directory newer than noted, never older.
      const noted = seen.get(dir) ?? { time: sync.stat(dir)?.modificationTime };
      const statuses = sync.list(dir);
      noted.names = statuses.map((s) => s.name).join("/");
      seen.set(dir, noted);
      return statuses;
    },
  };
  return { reader, seen };
}

function keepListing(
  fs: FileSystem,
  request: SchemaRequest,
  index: FileIndex,
  seen: ReadonlyMap<string, SeenPath>,
): void {
  let kept = keptListings.get(fs);
  if (!kept) {
    kept = new Map();
    keptListings.set(fs, kept);
  }
  const key = listingKey(request.paths, request.options, request.ignoreSinkMetadata ?? false);
  kept.delete(key);
  kept.set(key, { index, changes: fs.changes!, seen });
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_KEPT_LISTINGS) break;
    kept.delete(oldest);
  }
}

/** The kept listing of a source (taken: it serves once), where nothing it saw has changed since. */
function takeListing(
  fs: FileSystem,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
  ignoreSinkMetadata: boolean,
): FileIndex | undefined {
  const kept = keptListings.get(fs);
  const key = listingKey(paths, options, ignoreSinkMetadata);
  const listing = kept?.get(key);
  const sync = fs.sync;
  if (!listing || !sync?.names) return undefined;
  kept!.delete(key);
  if (fs.changes !== listing.changes) return undefined;
  for (const [path, { time, names }] of listing.seen) {
    if (sync.stat(path)?.modificationTime !== time) return undefined;
    if (names !== undefined && sync.names(path).join("/") !== names) return undefined;
  }
  return listing.index;
}

/** Forgets the listings kept for `fs` (so the next trigger lists, as before any was kept). */
export function forgetKeptListings(fs: FileSystem): void {
  keptListings.delete(fs);
}

/**
 * The schema inferred from the files at `paths`, with the partition columns found in `key=value` directories (a
 * table over files keeps them).
 */
export function inferPartitionedSchema(
  fs: FileSystem,
  reader: DataFileReader,
  format: DataFormat,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
): InferredSchema | Promise<InferredSchema> {
  const steps = schemaSteps(reader, { format, paths, options, userSchema: undefined, streaming: false });
  return fs.sync ? runSync(steps, fs.sync) : runAsync(steps, fs);
}

/**
 * The files of a file source, listed as its schema was found (for a stream's triggers): the listing taken as
 * its DataFrame was built where nothing changed since (see takeListing), else a new one.
 */
export function listFileIndex(
  fs: FileSystem,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
  ignoreSinkMetadata: boolean,
): Promise<FileIndex> {
  const kept = takeListing(fs, paths, options, ignoreSinkMetadata);
  return kept ? Promise.resolve(kept) : runAsync(fileIndex(paths, options, false, ignoreSinkMetadata), fs);
}
