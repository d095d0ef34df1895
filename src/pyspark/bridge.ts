/**
 * The JavaScript side of the `pyspark` package: what its Python code imports as `_sluice_bridge`. The package
 * calls the engine's objects directly (as PySpark calls the JVM through py4j); this module adds only what
 * crosses the language boundary: data types and rows as JSON, Python callbacks kept alive for as long as the
 * engine may call them, and the notebook's display().
 */
import type { PyProxy } from "pyodide/ffi";
import type {
  Column,
  DataFrame,
  DataStreamWriter,
  DataType,
  SparkSession,
  StreamingQuery,
} from "../engine/index";
import * as engine from "../engine/index";
import {
  dataTypeFromJson,
  dataTypeToJson,
  explainMode,
  explainString,
  fromWallClockDate,
  newUdfId,
  parseDataType as parseDataTypeText,
  pythonDataSourceError,
  pythonStreamingDataSourceRuntimeError,
  showString as renderShowString,
  rowSchemaOf,
  sparkJson,
  tagValues,
  toRowArrays,
  type UDFBatchResult,
  userDefinedFunction,
  wallClockValue,
} from "../engine/internal";
import type { NotebookHost } from "./notebookHost";
import { foreachBatchError, type PythonFailure, pythonWorkerError } from "./PythonException";
import { columnsToJson, rowsFromJson, rowsToJson, typedRowsForPython } from "./rowsJson";

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

/** Makes Python's files and the engine's the same (see SharedFiles). */
export interface FileSync {
  /** `full`: both trees walked, not only what changed since the last sync. */
  sync(options?: { full?: boolean }): Promise<void>;
}

export function createBridge(
  spark: SparkSession,
  host: NotebookHost,
  display?: DisplayHook,
  files?: FileSync,
) {
  const syncFiles = async (): Promise<void> => {
    await files?.sync();
  };
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
    /** The names of Spark's built-in functions, for `pyspark.sql.functions` to offer every one of them. */
    builtinFunctionNames: (): string[] => engine.builtinFunctions().map((f) => f.name),
    Column: engine.Column,
    Window: engine.Window,
    /** An engine StorageLevel from PySpark's flags (`df.persist(StorageLevel.DISK_ONLY)`). */
    storageLevel: (
      disk: boolean,
      memory: boolean,
      offHeap: boolean,
      deserialized: boolean,
      replication: number,
    ) => new engine.StorageLevel(disk, memory, offHeap, deserialized, replication),
    /**
     * A naive Python datetime (its fields as a UTC Date) as the instant it reads as in the session time zone,
     * as PySpark's TimestampType takes a naive datetime for a wall clock (`lit(datetime(...))`, comparisons).
     */
    wallClockInstant: (wallClock: Date): Date =>
      fromWallClockDate(wallClock, spark.conf.get("spark.sql.session.timeZone")),
    /** A new engine MemoryStream (pyspark.testing.streaming's MemoryStream). */
    newMemoryStream: (schema: engine.StructType) => new engine.MemoryStream(spark, schema),
    /** A new engine Observation, named or not (Python's `Observation(name)`). */
    newObservation: (name?: string) => new engine.Observation(name),
    /** An Observation's metrics, or its error where no action has filled them (Python waits with `wait`). */
    observedMetrics: async (observation: engine.Observation) => observation.get,
    /** The names of an Observation's double and float metrics (Python makes their values floats, as PySpark's). */
    observedDoubles: (observation: engine.Observation): string[] =>
      (rowSchemaOf(observation.get)?.fields ?? [])
        .filter((f) => f.dataType === engine.DoubleType || f.dataType === engine.FloatType)
        .map((f) => f.name),
    /** The in-browser Kafka and the session's socket servers, for `from sluice import kafka`. */
    kafka: {
      KafkaAdmin: engine.KafkaAdmin,
      KafkaProducer: engine.KafkaProducer,
      KafkaConsumer: engine.KafkaConsumer,
      EventProducer: engine.EventProducer,
      EVENT_JSON_SCHEMA: engine.EVENT_JSON_SCHEMA,
      socketServer: (host: string, port: number) => engine.socketServer(spark, host, port),
    },

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
    rowsJson: rowsToJson,
    /** A DataFrame's rows as JSON arrays in column order, columns of one name kept apart (`collect()`). */
    // PySpark's datetimes are naive, the wall clock in the session time zone.
    collectJson: async (df: DataFrame): Promise<string> => {
      const rows = toRowArrays(await df.toArrow());
      const timeZone = df.sparkSession.conf.get("spark.sql.session.timeZone");
      const schema = df.schema;
      return columnsToJson(
        timeZone === "UTC"
          ? rows
          : rows.map((r) => r.map((v, i) => wallClockValue(v, schema.fields[i]?.dataType, timeZone))),
      );
    },
    rowsFromJson,
    /** A Python decimal.Decimal's text as the engine's exact Decimal (a literal, a list element). */
    decimal: (text: string) => engine.Decimal.parse(text),

    /** The text `df.show()` prints; PySpark prints it from Python, so it lands in the cell's stdout. */
    showString: async (df: DataFrame, n: number, truncate: boolean | number, vertical: boolean) => {
      const resolved = await df.resolve();
      const rows = await resolved.limit(n + 1).collect();
      const timeZone = df.sparkSession.conf.get("spark.sql.session.timeZone");
      return renderShowString(rows, resolved.schema, n, truncate, vertical, timeZone);
    },

    /** The text `df.explain(mode)` prints (once the schema of files read without one is known). */
    explainString: async (df: DataFrame, mode: string): Promise<string> =>
      explainString((await df.resolve()).plan, explainMode(mode)),

    /** Progress and status as JSON (Python's json.loads makes the dicts PySpark returns). */
    progressJson: (progress: engine.StreamingQueryProgress | null): string =>
      progress ? sparkJson(progress) : "null",
    recentProgressJson: (query: StreamingQuery): string =>
      `[${query.recentProgress.map((p) => sparkJson(p)).join(",")}]`,
    statusJson: (query: StreamingQuery): string => JSON.stringify(query.status),
    /** A batch history record as JSON, its values tagged where JSON has no type (Python builds dicts of Rows). */
    // Rows by their types, as collect() gives them: a DATE as a date, a TIMESTAMP in the session time zone.
    batchJson: (record: engine.BatchRecord): string => {
      const timeZone = spark.conf.get("spark.sql.session.timeZone");
      const rows = (list: Record<string, unknown>[]) => typedRowsForPython(list, timeZone);
      const typed = {
        ...record,
        input: rows(record.input),
        late: rows(record.late),
        lateAccepted: rows(record.lateAccepted),
        output: rows(record.output),
        state: record.state.map((s) => ({
          ...s,
          before: rows(s.before),
          after: rows(s.after),
          added: rows(s.added),
          updated: rows(s.updated),
          removed: rows(s.removed),
        })),
        progress: engine.progressToJSON(record.progress),
      };
      return JSON.stringify(typed, tagValues);
    },

    /**
     * `spark.streams.addListener(listener)` with a Python listener: the engine's listener hands each event to
     * `deliver(kind, eventJson)` as it happens (onQueryStarted before `start()` returns). Python reports a
     * listener's exception itself, so a failing listener stops neither the query nor the other listeners.
     */
    streamingQueryListener: (deliver: PyCallable): engine.StreamingQueryListener => {
      const sendText = (kind: string, eventJson: string) => {
        deliver.callPromising(kind, eventJson).catch((error: unknown) => {
          console.error("A Python StreamingQueryListener failed:", error);
        });
      };
      const send = (kind: string, event: unknown) => sendText(kind, JSON.stringify(event));
      return {
        onQueryStarted: (event) => send("started", { ...event, jobTags: [] }),
        onQueryProgress: (event) => sendText("progress", `{"progress":${sparkJson(event.progress)}}`),
        onQueryIdle: (event) => send("idle", event),
        onQueryTerminated: (event) => send("terminated", event),
      };
    },

    /**
     * `writer.foreachBatch(fn)` with a Python function, kept alive until the query ends. The function reports a
     * Python exception as its result (so Pyodide does not print it as unhandled); it fails the batch here.
     */
    foreachBatch: (writer: DataStreamWriter, fn: PyCallable): DataStreamWriter => {
      pendingCallbacks.set(writer, [...(pendingCallbacks.get(writer) ?? []), fn]);
      return writer.foreachBatch(async (df, batchId) => {
        const failure = (await fn.callPromising(df, batchId)) as PythonFailure | undefined;
        // What the function wrote reaches the engine now, not at the next cell or engine call.
        await syncFiles();
        if (failure) throw foreachBatchError(failure);
      });
    },

    /**
     * A Python UDF as the engine's function: each batch's arguments go to Python as JSON in one call, which
     * answers each row's result (converted by PySpark's rules) or the row that raised and its traceback. The
     * evaluator stays alive with the session: queries and `spark.udf` may call the function at any time.
     */
    pythonUdf: (name: string, returnTypeJson: string, deterministic: boolean, evaluate: PyCallable) => {
      const dataType = dataTypeFromJson(JSON.parse(returnTypeJson));
      return userDefinedFunction({
        id: newUdfId(),
        name,
        dataType,
        deterministic,
        nullable: true,
        language: "python",
        evaluate: async (batch): Promise<UDFBatchResult> => {
          const answer = (await evaluate.callPromising(
            columnsToJson(batch.columns),
            JSON.stringify(batch.types.map(dataTypeToJson)),
            batch.numRows,
          )) as string;
          await syncFiles();
          const outcome = rowsFromJson(answer) as unknown as
            | { results: unknown[] }
            | { failedRow: number; failure: PythonFailure };
          return "results" in outcome ? outcome : { failedRow: outcome.failedRow, cause: outcome.failure };
        },
        failure: (cause, input) =>
          pythonWorkerError(
            cause as PythonFailure,
            `== User defined function input ==\n${name} failed on ${input}`,
          ),
      });
    },

    /**
     * `writer.foreach(f)` with a Python function or writer object: Python opens, processes each chunk of a
     * batch's rows (as JSON, one call per chunk) and closes; a Python exception fails the batch.
     */
    foreach: (writer: DataStreamWriter, open: PyCallable, process: PyCallable, close: PyCallable) => {
      pendingCallbacks.set(writer, [...(pendingCallbacks.get(writer) ?? []), open, process, close]);
      const failed = (answer: unknown) =>
        answer !== null && typeof answer === "object" && "traceback" in (answer as object);
      let names: string[] = [];
      return writer.foreach({
        open: async (partitionId, epochId) => {
          const answer = await open.callPromising(partitionId, epochId);
          if (failed(answer)) throw pythonWorkerError(answer as PythonFailure);
          return answer === true;
        },
        process: () => {},
        processRows: async (rows) => {
          if (rows.length > 0) names = Object.keys(rows[0]);
          const failure = (await process.callPromising(rowsToJson(rows, names))) as PythonFailure | undefined;
          if (failure) throw pythonWorkerError(failure);
        },
        close: async (error) => {
          const failure = (await close.callPromising(error ?? null)) as PythonFailure | undefined;
          await syncFiles();
          if (failure) throw pythonWorkerError(failure);
        },
      });
    },

    /**
     * `spark.dataSource.register(cls)`: the session's source `name`, run by Python callbacks that answer
     * `{value}` or `{failure}` (a Python exception as data). Failures become Spark's errors: planning ones
     * PYTHON_DATA_SOURCE_ERROR, those of a running stream PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR. The
     * callbacks live as long as the session, as a registration does.
     */
    registerDataSource: (
      session: SparkSession,
      name: string,
      schemaFn: PyCallable,
      readFn: PyCallable,
      streamFn: PyCallable,
      writeFn: PyCallable,
      streamWriterFn: PyCallable,
    ): void => {
      const answer = (outcome: PyProxy, fail: (failure: PythonFailure) => Error): unknown => {
        const { value, failure, execution } = outcome as unknown as {
          value?: unknown;
          failure?: PythonFailure;
          execution?: boolean;
        };
        // An exception of `read` itself fails the task, as Spark's Python worker does.
        if (failure) throw execution ? pythonWorkerError(failure) : fail(failure);
        return value;
      };
      const planError = (action: string, type: string) => (f: PythonFailure) =>
        pythonDataSourceError(action, type, `${f.type}: ${f.message}`);
      const rows = (json: unknown) =>
        rowsFromJson(json as string, session.conf.get("spark.sql.session.timeZone"));
      const typeJson = (schema: engine.StructType) => JSON.stringify(dataTypeToJson(schema));
      const rowsOut = (schema: engine.StructType, out: readonly Record<string, unknown>[]) =>
        rowsToJson(out, schema.fieldNames);
      session.dataSource.register(name, {
        schema: (options) => {
          const json = answer(
            (schemaFn as unknown as (o: string) => PyProxy)(JSON.stringify(options)),
            planError("infer the schema of", "reader"),
          );
          return dataTypeFromJson(JSON.parse(json as string)) as engine.StructType;
        },
        read: async (schema, options) => {
          const outcome = (await readFn.callPromising(typeJson(schema), JSON.stringify(options))) as PyProxy;
          await syncFiles();
          return rows(answer(outcome, planError("plan", "reader"))) as unknown[][];
        },
        streamReader: async (schema, options) => {
          const outcome = (await streamFn.callPromising(
            typeJson(schema),
            JSON.stringify(options),
          )) as PyProxy;
          const call = answer(outcome, planError("create", "streaming reader")) as PyCallable;
          const run = async (method: string, ...args: unknown[]): Promise<unknown> => {
            const result = (await call.callPromising(method, ...args)) as PyProxy;
            await syncFiles();
            return answer(result, (f) =>
              pythonStreamingDataSourceRuntimeError(method, `${f.type}: ${f.message}`),
            );
          };
          return {
            initialOffset: async () => (await run("initialOffset")) as string,
            latestOffset: async (start, limit) => {
              const { offset, reported } = (await run("latestOffset", start, JSON.stringify(limit))) as {
                offset: string;
                reported: string | null;
              };
              return reported === null ? { offset } : { offset, reported };
            },
            read: async (start, end) => rows(await run("read", start, end)) as unknown[][],
            prepareForTriggerAvailableNow: async () =>
              (await run("prepareForTriggerAvailableNow")) as boolean,
            commit: async (end) => {
              await run("commit", end);
            },
            stop: async () => {
              try {
                await run("stop");
              } finally {
                call.destroy();
              }
            },
          };
        },
        write: async (schema, options, overwrite, out) => {
          await syncFiles();
          const outcome = (await writeFn.callPromising(
            typeJson(schema),
            JSON.stringify(options),
            overwrite,
            rowsOut(schema, out),
          )) as PyProxy;
          await syncFiles();
          answer(outcome, planError("create", "writer"));
        },
        streamWriter: async (schema, options) => {
          const outcome = (await streamWriterFn.callPromising(
            typeJson(schema),
            JSON.stringify(options),
          )) as PyProxy;
          const call = answer(outcome, planError("create", "streaming writer")) as PyCallable;
          return {
            writeBatch: async (batchId, out) => {
              const result = (await call.callPromising(batchId, rowsOut(schema, out))) as PyProxy;
              await syncFiles();
              answer(result, (f) =>
                pythonStreamingDataSourceRuntimeError("write", `${f.type}: ${f.message}`),
              );
            },
          };
        },
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

    /** A Map of (key, value) pairs: a Python dict whose keys keep their types (sampleBy's strata). */
    mapOf: (pairs: [unknown, unknown][]) => new Map(pairs),

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
        // What Python wrote is there for the engine to read, and what the engine wrote is there for Python.
        await syncFiles();
        const fn = target[method] as (...a: unknown[]) => unknown;
        const value = await fn.apply(target, args);
        await syncFiles();
        return { ok: true, value };
      } catch (error) {
        await files?.sync().catch(() => {});
        return { ok: false, error };
      }
    },
    /** Before a reader lists its path (synchronously, where storage allows): Python's files are the engine's. */
    syncFiles,

    /** The session's clock, for Python's time.time() and time.sleep() in cells (a test's manual clock too). */
    clockMillis: (): number => spark.clock.getTimeMillis(),
    /** Resolves once the session's clock has moved on by `ms`; queries keep running meanwhile. */
    sleep: async (ms: number): Promise<number> => {
      await syncFiles();
      const now = await spark.clock.waitTillTime(spark.clock.getTimeMillis() + ms);
      await syncFiles();
      return now;
    },

    display: (value: unknown, options: DisplayOptions): Promise<unknown> =>
      display ? display(value, options) : Promise.resolve(undefined),
    hasDisplay: display !== undefined,
  };
}
