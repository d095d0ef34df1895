/**
 * The JavaScript side of the `pyspark` package: what its Python code imports as `_sluice_bridge`. The package
 * calls the engine's objects directly (as PySpark calls the JVM through py4j); this module adds only what
 * crosses the language boundary: data types and rows as JSON, Python callbacks kept alive for as long as the
 * engine may call them, and the notebook's display().
 */
import type { PyProxy } from "pyodide/ffi";
import * as engine from "../engine/index";
import {
  ArrayType,
  type Column,
  type DataFrame,
  type DataStreamWriter,
  DataType,
  DecimalType,
  MapType,
  type SparkSession,
  type StreamingQuery,
  StructField,
  StructType,
} from "../engine/index";
import {
  AtomicType,
  parseDataType as parseDataTypeText,
  showString as renderShowString,
} from "../engine/internal";
import type { NotebookHost } from "./notebookHost";

/** What display() in a Python cell hands to the notebook: an engine object or plain rows, and its options. */
export type DisplayHook = (value: unknown, options: DisplayOptions) => Promise<unknown>;

export interface DisplayOptions {
  checkpointLocation?: string;
  name?: string;
  trigger?: { processingTime?: string; once?: boolean; availableNow?: boolean };
}

/** A Python function the engine calls later (foreachBatch): called with callPromising so it may wait on the engine. */
type PyCallable = PyProxy & {
  callPromising(...args: unknown[]): Promise<unknown>;
  destroy(): void;
};

/** A Python exception as a JavaScript error: its class as the name, `Type: message` as the message. */
export class PythonException extends Error {
  override name = "PythonException";
  constructor(
    message: string,
    /** The Python exception's class. */
    readonly pythonType: string,
    /** Python's traceback, as Python prints it. */
    readonly traceback: string,
  ) {
    super(message);
  }
}

export function createBridge(spark: SparkSession, host: NotebookHost, display?: DisplayHook) {
  /** Python callbacks of writers not started yet, and of running queries; destroyed when the query ends. */
  const pendingCallbacks = new Map<DataStreamWriter, PyCallable[]>();
  const queryCallbacks = new Map<string, PyCallable[]>();
  spark.streams.addListener({
    onQueryTerminated: (event) => {
      for (const fn of queryCallbacks.get(event.runId) ?? []) fn.destroy();
      queryCallbacks.delete(event.runId);
    },
  });

  return {
    spark,
    /** Databricks' dbutils and Sluice's teaching data, for the `sluice` module and `dbutils` in cells. */
    host,
    functions: engine.functions,
    Column: engine.Column,
    MemoryStream: engine.MemoryStream,
    Window: engine.Window,

    /** A Spark data type from its JSON form (`StructType.json()` in PySpark). */
    dataType: (json: string): DataType => dataTypeFromJson(JSON.parse(json)),
    dataTypeJson: (type: DataType): string => JSON.stringify(dataTypeToJson(type)),
    /** A type in DDL ("array<int>", "a INT, b STRING") as JSON, for PySpark's `_parse_datatype_string`. */
    parseDataType: (text: string): string => {
      const trimmed = text.trim();
      let type: DataType;
      try {
        type = parseDataTypeText(trimmed);
      } catch {
        type = spark.parseSchema(trimmed);
      }
      return JSON.stringify(dataTypeToJson(type));
    },

    /** Rows as JSON arrays in column order (Python builds Row objects by the schema). */
    rowsJson: (rows: readonly Record<string, unknown>[], names: readonly string[]): string =>
      JSON.stringify(
        rows.map((r) => names.map((n) => r[n] ?? null)),
        jsonReplacer,
      ),
    rowsFromJson: (json: string): unknown[] => JSON.parse(json, jsonReviver),

    /** The text `df.show()` prints; PySpark prints it from Python, so it lands in the cell's stdout. */
    showString: async (df: DataFrame, n: number, truncate: boolean | number, vertical: boolean) => {
      const resolved = await df.resolve();
      const rows = await resolved.limit(n + 1).collect();
      return renderShowString(rows, resolved.schema, n, truncate, vertical);
    },

    /** Progress and status as JSON (Python's json.loads makes the dicts PySpark returns). */
    progressJson: (progress: engine.StreamingQueryProgress | null): string =>
      progress ? JSON.stringify(engine.progressToJSON(progress)) : "null",
    recentProgressJson: (query: StreamingQuery): string =>
      JSON.stringify(query.recentProgress.map((p) => engine.progressToJSON(p))),
    statusJson: (query: StreamingQuery): string => JSON.stringify(query.status),

    /**
     * `writer.foreachBatch(fn)` with a Python function, kept alive until the query ends. The function reports a
     * Python exception as its result (so Pyodide does not print it as unhandled); it fails the batch here.
     */
    foreachBatch: (writer: DataStreamWriter, fn: PyCallable): DataStreamWriter => {
      pendingCallbacks.set(writer, [...(pendingCallbacks.get(writer) ?? []), fn]);
      return writer.foreachBatch(async (df, batchId) => {
        const failure = (await fn.callPromising(df, batchId)) as PythonFailure | undefined;
        if (failure) throw foreachBatchError(failure);
      });
    },

    /** `writer.start(path)`: the writer's Python callbacks now belong to the query (or go, if it did not start). */
    start: async (writer: DataStreamWriter, path?: string): Promise<StreamingQuery> => {
      const callbacks = pendingCallbacks.get(writer) ?? [];
      pendingCallbacks.delete(writer);
      try {
        const query = await writer.start(path);
        if (query.isActive) queryCallbacks.set(query.runId, callbacks);
        else for (const fn of callbacks) fn.destroy();
        return query;
      } catch (error) {
        for (const fn of callbacks) fn.destroy();
        throw error;
      }
    },

    /** A JavaScript function of `arity` Columns calling a Python lambda (higher-order functions build at once). */
    pythonLambda: (fn: (...args: Column[]) => Column, arity: number) => {
      switch (arity) {
        case 1:
          return (a: Column) => fn(a);
        case 2:
          return (a: Column, b: Column) => fn(a, b);
        default:
          return (a: Column, b: Column, c: Column) => fn(a, b, c);
      }
    },

    /**
     * Calls `target[method](...args)` and resolves, never rejects, to its outcome: Python waits on it with
     * run_sync and raises the error itself (a rejected Promise under run_sync is also printed as unhandled).
     */
    settled: async (target: Record<string, unknown>, method: string, ...args: unknown[]) => {
      try {
        const fn = target[method] as (...a: unknown[]) => unknown;
        return { ok: true, value: await fn.apply(target, args) };
      } catch (error) {
        return { ok: false, error };
      }
    },

    display: (value: unknown, options: DisplayOptions): Promise<unknown> =>
      display ? display(value, options) : Promise.resolve(undefined),
    hasDisplay: display !== undefined,
  };
}

export type Bridge = ReturnType<typeof createBridge>;

/** Dates as epoch milliseconds, bigints and non-finite doubles as strings: Python converts them by the schema. */
function jsonReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return raw.getTime();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value instanceof Uint8Array) return Array.from(value);
  return value;
}

/** Rows from Python: `{"$date": ms}` is a timestamp, `{"$bigint": "..."}` an integer past 2^53. */
function jsonReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v.$date === "number") return new Date(v.$date);
    if (typeof v.$bigint === "string") return BigInt(v.$bigint);
    if (typeof v.$double === "string") return Number(v.$double);
  }
  return value;
}

/** A Python exception raised in a callback, as the callback reports it. */
interface PythonFailure {
  type: string;
  message: string;
  traceback: string;
}

/** A failure in the user's foreachBatch function, worded as Spark 4 words it. */
function foreachBatchError(failure: PythonFailure): PythonException {
  return new PythonException(
    `[FOREACH_BATCH_USER_FUNCTION_ERROR] An error occurred in the user provided function in foreach batch sink. Reason: ${failure.type}: ${failure.message}`,
    failure.type,
    failure.traceback,
  );
}

type DataTypeJson =
  | string
  | { type: "array"; elementType: DataTypeJson; containsNull: boolean }
  | { type: "map"; keyType: DataTypeJson; valueType: DataTypeJson; valueContainsNull: boolean }
  | {
      type: "struct";
      fields: { name: string; type: DataTypeJson; nullable: boolean; metadata?: Record<string, unknown> }[];
    };

const ATOMIC_BY_JSON: Record<string, DataType> = {
  string: engine.StringType,
  boolean: engine.BooleanType,
  byte: engine.ByteType,
  short: engine.ShortType,
  integer: engine.IntegerType,
  long: engine.LongType,
  float: engine.FloatType,
  double: engine.DoubleType,
  date: engine.DateType,
  timestamp: engine.TimestampType,
  timestamp_ntz: engine.TimestampNTZType,
  binary: engine.BinaryType,
  void: engine.NullType,
  null: engine.NullType,
};

/** Spark's JSON form of a data type (DataType.json in Spark and PySpark). */
export function dataTypeToJson(type: DataType): DataTypeJson {
  if (type instanceof StructType) {
    return {
      type: "struct",
      fields: type.fields.map((f) => ({
        name: f.name,
        type: dataTypeToJson(f.dataType),
        nullable: f.nullable,
        metadata: f.metadata ?? {},
      })),
    };
  }
  if (type instanceof ArrayType)
    return { type: "array", elementType: dataTypeToJson(type.elementType), containsNull: type.containsNull };
  if (type instanceof MapType)
    return {
      type: "map",
      keyType: dataTypeToJson(type.keyType),
      valueType: dataTypeToJson(type.valueType),
      valueContainsNull: type.valueContainsNull,
    };
  if (type instanceof DecimalType) return `decimal(${type.precision},${type.scale})`;
  if (type instanceof AtomicType) return type.typeName();
  return type.simpleString();
}

export function dataTypeFromJson(json: DataTypeJson): DataType {
  if (typeof json === "string") {
    const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(json);
    if (decimal) return new DecimalType(Number(decimal[1]), Number(decimal[2]));
    if (json === "decimal") return new DecimalType(10, 0);
    const atomic = ATOMIC_BY_JSON[json];
    if (!atomic) throw new engine.IllegalArgumentException(`Unsupported data type: ${json}`);
    return atomic;
  }
  switch (json.type) {
    case "array":
      return new ArrayType(dataTypeFromJson(json.elementType), json.containsNull);
    case "map":
      return new MapType(
        dataTypeFromJson(json.keyType),
        dataTypeFromJson(json.valueType),
        json.valueContainsNull,
      );
    case "struct":
      return new StructType(
        json.fields.map(
          (f) => new StructField(f.name, dataTypeFromJson(f.type), f.nullable, f.metadata ?? {}),
        ),
      );
  }
}

export { DataType };
