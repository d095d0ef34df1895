/**
 * Spark's exception classes. Each is built from a condition of the catalogue (its message, SQL state and
 * parameters come from there), except the JVM's own IllegalArgumentException / UnsupportedOperationException,
 * which Spark also throws with a plain message and no condition. The builders in QueryCompilationErrors,
 * QueryExecutionErrors, QueryParsingErrors, StateDataSourceErrors and PySparkErrors construct them (a
 * CorruptCheckpointError is built where the damaged file is found, from its path and the reason).
 */
import type { ErrorCondition, MessageParameters } from "./errorConditions";
import { getMessage, getSqlState, type SparkThrowable } from "./SparkThrowableHelper";

export interface SparkErrorOptions {
  readonly cause?: unknown;
  /** Appended to the message as Spark appends it: a parse position and the SQL, a plan's `;`. */
  readonly context?: string;
}

/** What an exception is built from: a condition of the catalogue and its parameters, or (Java's own) a message. */
export type Raised =
  | { readonly errorClass: ErrorCondition; readonly messageParameters: Readonly<Record<string, string>> }
  | { readonly errorClass?: undefined; readonly message: string };

/** What the engine's Spark exceptions share: the condition, its parameters, the SQL state (Spark's SparkThrowable). */
export abstract class SparkError extends Error implements SparkThrowable {
  readonly errorClass: string | undefined;
  readonly messageParameters: Readonly<Record<string, string>>;
  readonly sqlState: string | undefined;

  protected constructor(raised: Raised, options: SparkErrorOptions = {}) {
    const text =
      raised.errorClass === undefined
        ? raised.message
        : getMessage(raised.errorClass, raised.messageParameters);
    super(
      `${text}${options.context ?? ""}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.errorClass = raised.errorClass;
    this.messageParameters = raised.errorClass === undefined ? {} : { ...raised.messageParameters };
    this.sqlState = raised.errorClass === undefined ? undefined : getSqlState(raised.errorClass);
  }

  getCondition(): string | undefined {
    return this.errorClass;
  }

  getErrorClass(): string | undefined {
    return this.errorClass;
  }

  getMessageParameters(): Readonly<Record<string, string>> {
    return this.messageParameters;
  }

  getSqlState(): string | undefined {
    return this.sqlState;
  }
}

/** The query cannot be analysed: an unknown column, a wrong type, an unsupported output mode... */
export class AnalysisException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "AnalysisException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** A SQL or DDL string Spark cannot parse. In Spark it is an AnalysisException too. */
export class ParseException<C extends ErrorCondition = ErrorCondition> extends AnalysisException<C> {
  override name = "ParseException";
}

/** What StreamExecution knows of a failed query: STREAM_FAILED's parameters, as Spark 4 passes them. */
export interface StreamFailure {
  readonly id: string;
  readonly runId: string;
  /** The cause's message. */
  readonly message: string;
  /** Spark's `toDebugString`: `=== Streaming Query ===`, the query's name and ids, its offsets and state. */
  readonly queryDebugString: string;
  /** The offsets the failing batch started from, as Spark's OffsetSeq prints them (`[{"logOffset":0}, -]`). */
  readonly startOffset: string;
  /** The offsets the failing batch was to reach. */
  readonly endOffset: string;
}

/**
 * Spark's StreamingQueryException: what ended a query (STREAM_FAILED, "Query [id = …, runId = …] terminated
 * with exception: …"), with the range of offsets being processed and the cause.
 */
export class StreamingQueryException extends SparkError {
  override name = "StreamingQueryException";
  readonly queryId: string;
  readonly runId: string;
  /** The micro-batch that failed, or -1 where the failure came before any batch. */
  readonly batchId: number;
  /** Spark's `startOffset`: where the failing batch started, in the sources' JSON. */
  readonly startOffset: string;
  /** Spark's `endOffset`: where the failing batch was to end. */
  readonly endOffset: string;
  /** Spark's `time`: when the query failed, in milliseconds since the epoch. */
  readonly time = Date.now();
  private readonly queryDebugString: string;

  constructor(failure: StreamFailure, batchId: number, cause: unknown) {
    super({ errorClass: "STREAM_FAILED", messageParameters: { ...failure } }, { cause });
    this.queryId = failure.id;
    this.runId = failure.runId;
    this.batchId = batchId;
    this.startOffset = failure.startOffset;
    this.endOffset = failure.endOffset;
    this.queryDebugString = failure.queryDebugString;
  }

  /** Spark's `toString`: the class, the cause's message, then the query's debug string. */
  override toString(): string {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause);
    return `org.apache.spark.sql.streaming.StreamingQueryException: ${cause}\n${this.queryDebugString}`;
  }
}

/** A failure while computing values (division by zero), with Spark's condition. */
export class SparkArithmeticException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "SparkArithmeticException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** Spark's SparkNumberFormatException: text that is no number where one is wanted (`CAST('a' AS INT)` in ANSI mode). */
export class SparkNumberFormatException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "SparkNumberFormatException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** Spark's SparkDateTimeException: text that is no date or timestamp where one is wanted. */
export class SparkDateTimeException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "SparkDateTimeException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** A failure while running a query that is not an arithmetic one (a file that cannot be read), Spark's SparkException. */
export class SparkException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "SparkException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/**
 * Spark's SparkRuntimeException: a command's failure that is not about the query's data, or a value computed
 * that is neither arithmetic nor parsing (`CAST('x' AS BOOLEAN)` in ANSI mode).
 */
export class SparkRuntimeException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "SparkRuntimeException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** FAILED_READ_FILE: a file that could not be read (a SparkException in Spark), named by its path. */
export class FailedReadFileError<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "FailedReadFileError";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/**
 * A checkpoint file that exists but cannot be understood: names the file and what is wrong with it (Sluice's
 * own condition; Spark fails such files with a condition per log, a later issue maps them).
 */
export class CorruptCheckpointError extends SparkError {
  override name = "CorruptCheckpointError";
  constructor(
    readonly path: string,
    reason: string,
    cause?: unknown,
  ) {
    super({ errorClass: "SLUICE_CORRUPT_CHECKPOINT", messageParameters: { path, reason } }, { cause });
  }
}

/** Spark's SparkNoSuchElementException: something asked for by name does not exist (a SQL config). */
export class SparkNoSuchElementException<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "SparkNoSuchElementException";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** The JVM's IllegalArgumentException: a bad argument to an API call, with a plain message as Spark throws it. */
export class IllegalArgumentException extends SparkError {
  override name = "IllegalArgumentException";
  constructor(message: string | Raised, options?: SparkErrorOptions) {
    super(typeof message === "string" ? { message } : message, options);
  }
}

/** The JVM's IllegalStateException: an operation at a time it cannot run, with a plain message as Spark throws it. */
export class IllegalStateException extends SparkError {
  override name = "IllegalStateException";
  constructor(message: string | Raised, options?: SparkErrorOptions) {
    super(typeof message === "string" ? { message } : message, options);
  }
}

/** The JVM's RuntimeException, with a plain message as Spark's code throws it (the XPath functions' errors). */
export class RuntimeException extends SparkError {
  override name = "RuntimeException";
  constructor(message: string, options?: SparkErrorOptions) {
    super({ message }, options);
  }
}

/** The JVM's NoSuchElementException: something asked for that is not there (GroupState.get without state). */
export class NoSuchElementException extends SparkError {
  override name = "NoSuchElementException";
  constructor(message: string, options?: SparkErrorOptions) {
    super({ message }, options);
  }
}

/** Spark's SparkIllegalArgumentException: an IllegalArgumentException with a condition. */
export class SparkIllegalArgumentException<
  C extends ErrorCondition = ErrorCondition,
> extends IllegalArgumentException {
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** The JVM's UnsupportedOperationException, with a plain message as Spark throws it. */
export class UnsupportedOperationException extends SparkError {
  override name = "UnsupportedOperationException";
  constructor(message: string | Raised, options?: SparkErrorOptions) {
    super(typeof message === "string" ? { message } : message, options);
  }
}

/** Spark's SparkUnsupportedOperationException: an UnsupportedOperationException with a condition. */
export class SparkUnsupportedOperationException<
  C extends ErrorCondition = ErrorCondition,
> extends UnsupportedOperationException {
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

/** PySpark's argument errors (`createDataFrame` rows that do not fit the schema), with PySpark's conditions. */
export class PySparkTypeError<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "PySparkTypeError";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}

export class PySparkValueError<C extends ErrorCondition = ErrorCondition> extends SparkError {
  override name = "PySparkValueError";
  constructor(errorClass: C, messageParameters: MessageParameters<C>, options?: SparkErrorOptions) {
    super({ errorClass, messageParameters }, options);
  }
}
