/**
 * Which files a `spark.read` path stands for, and the schema Spark would infer from them. A directory is listed
 * with its `key=value` partition directories (whose values become columns); a streaming file sink's output
 * directory is read through its `_spark_metadata` log, so only committed files count.
 */
import { committedSinkFiles } from "../checkpoint/FileStreamSinkLog";
import { pathNotFound, unableToInferSchema } from "../errors/QueryCompilationErrors";
import type { DataFileReader, DataFormat } from "../io/DataFileReader";
import { type IoSteps, list, readFile, runAsync, runSync, stat } from "../io/FileIO";
import { type FileStatus, type FileSystem, isHiddenFile, normalizePath } from "../io/FileSystem";
import {
  ArrayType,
  AtomicType,
  type DataType,
  DateType,
  DoubleType,
  IntegerType,
  LongType,
  StringType,
  StructField,
  StructType,
} from "../sql/types";

/** Hive's name for a null partition value. */
const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

/** A data file and the partition values its directories give it. */
export interface DataFile extends FileStatus {
  readonly partitionValues: Readonly<Record<string, string | null>>;
}

/** The `key=value` directories between `root` and `file`, in order. */
function partitionValuesOf(root: string, file: string): Record<string, string | null> {
  const relative = file.slice(root.length).split("/").filter(Boolean).slice(0, -1);
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
 * The data files under `paths`: files as given; directories listed (with `key=value` partition directories),
 * or, for a streaming sink's output, exactly the files its `_spark_metadata` log committed.
 */
export function* dataFiles(paths: readonly string[]): IoSteps<DataFile[]> {
  const out: DataFile[] = [];
  for (const raw of paths) {
    const path = normalizePath(raw);
    const status = yield* stat(path);
    if (!status) throw pathNotFound(path);
    if (!status.isDirectory) {
      out.push({ ...status, partitionValues: {} });
      continue;
    }
    const committed = yield* committedSinkFiles(path);
    if (committed) {
      for (const f of committed) {
        const file = yield* stat(f.path);
        if (file) out.push({ ...file, partitionValues: partitionValuesOf(path, file.path) });
      }
      continue;
    }
    const pending = [path];
    while (pending.length > 0) {
      for (const entry of yield* list(pending.pop()!)) {
        if (isHiddenFile(entry.name)) continue;
        if (!entry.isDirectory) out.push({ ...entry, partitionValues: partitionValuesOf(path, entry.path) });
        else if (entry.name.includes("=")) pending.push(entry.path);
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function listDataFiles(fs: FileSystem, paths: readonly string[]): Promise<DataFile[]> {
  return runAsync(dataFiles(paths), fs);
}

/** The files a `files` relation reads: a catalog table's location that no write has made yet holds none. */
export async function relationFiles(
  fs: FileSystem,
  relation: { readonly paths: readonly string[]; readonly table?: string },
): Promise<DataFile[]> {
  const present: string[] = [];
  for (const p of relation.paths) if (!relation.table || (await fs.stat(p))) present.push(p);
  return listDataFiles(fs, present);
}

/** Spark's partition column types: int, bigint, double, date where every value is one, else string. */
function partitionType(values: readonly (string | null)[]): DataType {
  const present = values.filter((v): v is string => v !== null);
  const all = (test: (v: string) => boolean) => present.length > 0 && present.every(test);
  const integral = (v: string) => /^-?\d+$/.test(v);
  if (all((v) => integral(v) && Math.abs(Number(v)) <= 2147483647)) return IntegerType;
  if (all((v) => integral(v) && BigInt(v) >= -(2n ** 63n) && BigInt(v) < 2n ** 63n)) return LongType;
  if (all((v) => /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v))) return DoubleType;
  if (all((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)))) return DateType;
  return StringType;
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

/** A schema inferred from files: data columns, then the partition columns their directories give. */
export interface InferredSchema {
  readonly schema: StructType;
  readonly partitionColumns: readonly string[];
}

function* inferSteps(
  reader: DataFileReader,
  format: DataFormat,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
): IoSteps<InferredSchema> {
  const files = yield* dataFiles(paths);
  if (files.length === 0) {
    throw unableToInferSchema(format.toUpperCase());
  }
  // Parquet files carry their schema, the first one speaks for all (as Spark without mergeSchema); text
  // formats are read in full, as Spark samples every record.
  const sampled = format === "parquet" ? files.slice(0, 1) : files;
  let schema: StructType | undefined;
  for (const file of sampled) {
    const inferred = reader.inferSchema(yield* readFile(file.path), file.path, format, options);
    schema = schema ? mergeSchemas(schema, inferred) : inferred;
  }
  const keys = [...new Set(files.flatMap((f) => Object.keys(f.partitionValues)))];
  const partitions = keys
    .filter((k) => !schema!.field(k))
    .map((k) => new StructField(k, partitionType(files.map((f) => f.partitionValues[k] ?? null)), true));
  const partitionColumns = partitions.map((f) => f.name);
  return { schema: new StructType([...schema!.fields, ...partitions]), partitionColumns };
}

/** Infers the schema from the files: at once where reads are synchronous, else as a Promise. */
export function inferFileSchema(
  fs: FileSystem,
  reader: DataFileReader,
  format: DataFormat,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
): StructType | Promise<StructType> {
  const inferred = inferPartitionedSchema(fs, reader, format, paths, options);
  return inferred instanceof Promise ? inferred.then((i) => i.schema) : inferred.schema;
}

/** The same, with the partition columns found in `key=value` directories (a table over files keeps them). */
export function inferPartitionedSchema(
  fs: FileSystem,
  reader: DataFileReader,
  format: DataFormat,
  paths: readonly string[],
  options: Readonly<Record<string, string>>,
): InferredSchema | Promise<InferredSchema> {
  const steps = inferSteps(reader, format, paths, options);
  return fs.sync ? runSync(steps, fs.sync) : runAsync(steps, fs);
}
