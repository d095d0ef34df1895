/**
 * Spark's QueryExecutionErrors: errors raised while a query runs or while the arguments of an API call are
 * checked. Those with a condition come from the catalogue; Spark throws some as a plain IllegalArgumentException
 * or UnsupportedOperationException with a message and no condition, and so do these builders, in this one place.
 */
import type { ErrorCondition, MessageParameters } from "./errorConditions";
import {
  AnalysisException,
  FailedReadFileError,
  IllegalArgumentException,
  IllegalStateException,
  RuntimeException as JavaRuntimeException,
  NoSuchElementException,
  SparkArithmeticException,
  SparkDateTimeException,
  type SparkError,
  SparkException,
  SparkIllegalArgumentException,
  SparkNoSuchElementException,
  SparkNumberFormatException,
  SparkRuntimeException,
  SparkUnsupportedOperationException,
  UnsupportedOperationException,
} from "./exceptions";
import { toSQLConf, toSQLId } from "./QueryErrorsBase";

const ANSI_CONF = toSQLConf("spark.sql.ansi.enabled");

// ---- Errors raised by a query's SQL while it runs ----------------------------------------------------------

/** The exceptions a query's SQL can raise while it runs, by their names. */
const RUNTIME_EXCEPTIONS = {
  SparkArithmeticException,
  SparkDateTimeException,
  SparkIllegalArgumentException,
  SparkNumberFormatException,
  SparkRuntimeException,
  SparkException,
} as const;

type RuntimeException = keyof typeof RUNTIME_EXCEPTIONS;

/** Separates the fields of an error raised in SQL: the unit separator, which no message needs. */
const SEPARATOR = "\u001f";
const RAISED = "SPARK_ERROR";

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * SQL that fails the query with Spark's exception: DuckDB's error() carrying the exception's class, its condition
 * and its parameters, each given as SQL over the row (the value that failed goes into the message);
 * `raisedError` rebuilds the exception from DuckDB's message.
 */
export function raiseErrorSql<C extends ErrorCondition>(
  exception: RuntimeException,
  condition: C,
  parameters: { readonly [K in keyof MessageParameters<C>]: string },
): string {
  const fields = [
    sqlText(RAISED),
    sqlText(exception),
    sqlText(condition),
    ...Object.entries<string>(parameters).flatMap(([name, sql]) => [
      sqlText(name),
      `replace(coalesce(CAST(${sql} AS VARCHAR), 'NULL'), chr(31), '')`,
    ]),
  ];
  return `error(${fields.join(" || chr(31) || ")})`;
}

/** The exception an error raised by `raiseErrorSql` stands for, or undefined for any other text. */
export function raisedError(text: string, cause?: unknown): SparkError | undefined {
  const [marker, exception, condition, ...rest] = text.split(SEPARATOR);
  if (marker !== RAISED || !Object.hasOwn(RUNTIME_EXCEPTIONS, exception)) return undefined;
  const parameters: Record<string, string> = {};
  for (let i = 0; i + 1 < rest.length; i += 2) parameters[rest[i]] = rest[i + 1];
  const Exception = RUNTIME_EXCEPTIONS[exception as RuntimeException];
  return new Exception(condition as ErrorCondition, parameters as never, { cause });
}

/** DIVIDE_BY_ZERO, raised by SQL where a divisor is zero. */
export function divideByZeroSql(): string {
  return raiseErrorSql("SparkArithmeticException", "DIVIDE_BY_ZERO", { config: sqlText(ANSI_CONF) });
}

/** ARITHMETIC_OVERFLOW with Spark's message ("integer overflow", "long overflow"), raised by SQL. */
export function arithmeticOverflowSql(message: string): string {
  return raiseErrorSql("SparkArithmeticException", "ARITHMETIC_OVERFLOW", {
    message: sqlText(message),
    alternative: "''",
    config: sqlText(ANSI_CONF),
  });
}

/** INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION (`try_add`...), raised by SQL where an interval overflows. */
export function intervalArithmeticOverflowSql(functionName: string): string {
  return raiseErrorSql("SparkArithmeticException", "INTERVAL_ARITHMETIC_OVERFLOW.WITH_SUGGESTION", {
    functionName: sqlText(toSQLId(functionName)),
  });
}

/** INTERVAL_DIVIDED_BY_ZERO, raised by SQL where an interval's divisor is zero. */
export function intervalDividedByZeroSql(): string {
  return raiseErrorSql("SparkArithmeticException", "INTERVAL_DIVIDED_BY_ZERO", {});
}

/** A string that does not parse as the type it is cast to. */
export function castInvalidInput(
  value: string,
  sourceType: string,
  targetType: string,
  cause?: unknown,
): AnalysisException {
  return new AnalysisException(
    "CAST_INVALID_INPUT",
    { expression: `'${value}'`, sourceType: `"${sourceType}"`, targetType: `"${targetType}"` },
    { cause },
  );
}

export function cannotParseTimestamp(text: string, cause?: unknown): AnalysisException {
  return new AnalysisException(
    "CANNOT_PARSE_TIMESTAMP",
    { message: `Text '${text}' could not be parsed with the pattern`, func: "`try_to_timestamp`" },
    { cause },
  );
}

export function arithmeticOverflow(message: string, cause?: unknown): AnalysisException {
  return new AnalysisException(
    "ARITHMETIC_OVERFLOW",
    { message, alternative: "", config: ANSI_CONF },
    { cause },
  );
}

/** A conversion DuckDB refused that Spark has no closer words for. */
export function duckdbConversionError(message: string, cause?: unknown): AnalysisException {
  return new AnalysisException("SLUICE_DUCKDB_CONVERSION_ERROR", { message }, { cause });
}

/** DuckDB's own `error(message)` in SQL run as DuckDB's: Spark's `raise_error(message)`. */
export function userRaisedException(errorMessage: string, cause?: unknown): SparkRuntimeException {
  return new SparkRuntimeException("USER_RAISED_EXCEPTION", { errorMessage }, { cause });
}

/** A file that could not be read: FAILED_READ_FILE names the file, the reason follows on the next line. */
export function failedReadFile(path: string, reason: string, cause?: unknown): FailedReadFileError {
  return new FailedReadFileError("FAILED_READ_FILE.NO_HINT", { path }, { cause, context: `\n${reason}` });
}

export function parquetColumnTypeMismatch(
  path: string,
  column: string,
  expectedType: string,
  actualType: string,
): FailedReadFileError {
  return new FailedReadFileError("FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH", {
    path,
    column: toSQLId(column),
    expectedType: `"${expectedType}"`,
    actualType: `"${actualType}"`,
  });
}

/** A record that does not parse in FAILFAST mode: MALFORMED_RECORD_IN_PARSING, as the reason the file failed. */
export function malformedRecord(path: string, badRecord: string): FailedReadFileError {
  const cause = new SparkException("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {
    badRecord,
    failFastMode: "FAILFAST",
  });
  return failedReadFile(path, cause.message, cause);
}

/** issue 11: a record from_xml cannot parse in FAILFAST mode (FailureSafeParser's malformed record error). */
export function malformedRecordInParsing(badRecord: string, cause?: unknown): SparkException {
  return new SparkException(
    "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
    { badRecord, failFastMode: "FAILFAST" },
    cause === undefined ? undefined : { cause },
  );
}

export function sqlConfNotFound(key: string): SparkNoSuchElementException {
  return new SparkNoSuchElementException("SQL_CONF_NOT_FOUND", { sqlConf: toSQLConf(key) });
}

// ---- Streaming queries: triggers, output modes, options, timeouts ------------------------------------------

export function onlyOneTrigger(): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("ONLY_ALLOW_SINGLE_TRIGGER", {});
}

export function unknownTrigger(key: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Unknown trigger '${key}'. Use processingTime, once, availableNow or continuous.`,
  );
}

export function emptyInterval(what: string, value: unknown): IllegalArgumentException {
  return new IllegalArgumentException(`Value for ${what} must be a non empty string. Got: '${value}'`);
}

export function invalidInterval(value: unknown): IllegalArgumentException {
  return new IllegalArgumentException(`Invalid interval: '${value}'`);
}

export function monthIntervalInTrigger(value: unknown): IllegalArgumentException {
  return new IllegalArgumentException(`Doesn't support month or year interval: ${value}`);
}

/** Spark's `require` on the file source and sink logs' compactInterval. */
export function compactIntervalNotPositive(key: string, value: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `requirement failed: Please set ${key} (was ${value}) to a positive value.`,
  );
}

/** Spark's DataStreamWriter.foreachBatch given no function (a plain JVM IllegalArgumentException). */
export function foreachBatchFunctionNull(): IllegalArgumentException {
  return new IllegalArgumentException("foreachBatch function cannot be null");
}

/** Spark's DataStreamWriter.foreach given no writer (a plain JVM IllegalArgumentException). */
export function foreachWriterNull(): IllegalArgumentException {
  return new IllegalArgumentException("foreach writer cannot be null");
}

/** Spark's Triggers.validate (Scala's `require`). */
export function negativeTriggerInterval(): IllegalArgumentException {
  return new IllegalArgumentException("requirement failed: the interval of trigger should not be negative");
}

const TIME_STRING_HELP =
  "Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.";

export function unparsableTimeString(value: string): IllegalArgumentException {
  return new IllegalArgumentException(`${TIME_STRING_HELP}\nFailed to parse time string: ${value}`);
}

export function invalidTimeSuffix(suffix: string): IllegalArgumentException {
  return new IllegalArgumentException(`${TIME_STRING_HELP}\nInvalid suffix: "${suffix}"`);
}

/** Spark's InternalOutputModes: a mode that is none of append, complete, update. */
export function unknownOutputMode(mode: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("STREAMING_OUTPUT_MODE.INVALID", { outputMode: mode });
}

/** `awaitTermination(timeout)` with a timeout that is not positive (Scala's `require`). */
export function timeoutNotPositive(): IllegalArgumentException {
  return new IllegalArgumentException("requirement failed: Timeout has to be positive");
}

/** Spark's ConfigBuilder conversions: a conf value that is not of the conf's type. */
export function confValueNotOfType(key: string, type: string, value: string): IllegalArgumentException {
  return new IllegalArgumentException(`${key} should be ${type}, but was ${value}`);
}

/** Spark's ConfigBuilder.checkValue: a conf value its check refuses, with the conf's own explanation. */
export function invalidConfValue(key: string, value: string, errorMsg: string): IllegalArgumentException {
  return new IllegalArgumentException(`'${value}' in ${key} is invalid. ${errorMsg}`);
}

/** SESSION_LOCAL_TIMEZONE's checkValue: a time zone DateTimeUtils.getZoneId cannot read. */
export function invalidTimeZoneConf(key: string, value: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("INVALID_CONF_VALUE.TIME_ZONE", {
    confValue: value,
    confName: key,
  });
}

/** Spark's Sample `require`: with replacement a row is drawn a nonnegative number of times on average. */
export function sampleFractionNegative(fraction: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `requirement failed: Sampling fraction (${fraction}) must be nonnegative with replacement`,
  );
}

/** Spark's Sample `require`: without replacement a row is kept with a probability. */
export function sampleFractionOutOfRange(fraction: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `requirement failed: Sampling fraction (${fraction}) must be on interval [0, 1] without replacement`,
  );
}

/** Dataset.randomSplit's `require`s: weights nonnegative, adding up to more than nothing. */
export function randomSplitWeights(weights: readonly string[], negative: boolean): IllegalArgumentException {
  const list = `[${weights.join(",")}]`;
  return new IllegalArgumentException(
    negative
      ? `requirement failed: Weights must be nonnegative, but got ${list}`
      : `requirement failed: Sum of weights must be positive, but got ${list}`,
  );
}

/** StatFunctions' `require`s on approxQuantile's arguments and columns. */
export function approxQuantileArgument(
  problem: "relativeError" | "percentile" | "type",
  detail = "",
): IllegalArgumentException {
  const messages = {
    relativeError: `Relative Error must be non-negative but got ${detail}`,
    percentile: "percentile should be in the range [0.0, 1.0]",
    type: `Quantile calculation for column ${detail} is not supported.`,
  };
  return new IllegalArgumentException(`requirement failed: ${messages[problem]}`);
}

/** StatFunctions' `require`s on corr / cov: Pearson only, numeric columns only. */
export function statFunctionArgument(functionName: string, dataType?: string): IllegalArgumentException {
  return new IllegalArgumentException(
    dataType === undefined
      ? "requirement failed: Currently only the calculation of the Pearson Correlation coefficient is supported."
      : `requirement failed: Currently ${functionName} calculation for columns with dataType ${dataType} not supported.`,
  );
}

/** freqItems' `require` on its support, and sampleBy's on its fractions. */
export function statFractionOutOfRange(
  what: "support" | "fractions",
  shown: string,
): IllegalArgumentException {
  return new IllegalArgumentException(
    what === "support"
      ? `requirement failed: Support must be in [1e-4, 1], but got ${shown}.`
      : `requirement failed: Fractions must be in [0, 1], but got ${shown}.`,
  );
}

/** Spark's Observation: its name, its single use, batch Datasets only. */
export function observationMisuse(problem: "emptyName" | "reused" | "streaming"): IllegalArgumentException {
  const messages = {
    emptyName: "requirement failed: Name must not be empty",
    reused: "An Observation can be used with a Dataset only once",
    streaming:
      "Observation does not support streaming Datasets.This is because there will be multiple observed metrics as microbatches are constructed. Please register a StreamingQueryListener and get the metric for each microbatch in QueryProgressEvent.progress, or use query.lastProgress or query.recentProgress.",
  };
  return new IllegalArgumentException(messages[problem]);
}

/** Sluice's Observation.get before any action has run: Spark's would wait; a notebook cell cannot. */
export function observationNotYetObserved(name: string): IllegalStateException {
  return new IllegalStateException(
    `Observation ${name} has no metrics yet: run an action (collect, count, show, write) on the observed DataFrame first, or await observation.future`,
  );
}

/** Dataset.withWatermark's `require`: a delay that adds up to less than nothing. */
export function negativeWatermarkDelay(delayThreshold: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `requirement failed: delay threshold (${delayThreshold}) should not be negative.`,
  );
}

export function queryNameAlreadyActive(name: string | null): IllegalArgumentException {
  return new IllegalArgumentException(
    `Cannot start query with name ${name} as a query with that name is already active in this SparkSession`,
  );
}

/** A restart while a run of the same query is active, with spark.sql.streaming.stopActiveRunOnRestart off. */
export function queryIdAlreadyActive(id: string): IllegalStateException {
  return new IllegalStateException(
    `Cannot start query with id ${id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active. You may stop the old query by setting the SQL configuration: spark.conf.set("spark.sql.streaming.stopActiveRunOnRestart", true) and retry.`,
  );
}

/** A file sink started without a path (DataStreamWriter's `require`). */
export function sinkPathNotSpecified(): IllegalArgumentException {
  return new IllegalArgumentException("'path' is not specified");
}

/** FileStreamSource's check: an option of batch file reads that a stream does not take. */
export function optionNotAllowedInFileStreamSource(option: string): IllegalArgumentException {
  return new IllegalArgumentException(`option '${option}' is not allowed in file stream sources`);
}

/** CleanSourceMode.fromString: a `cleanSource` that is none of Spark's modes (`value` shown as Scala's Some). */
export function invalidCleanSourceMode(value: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Invalid mode for clean source option Some(${value}). Must be one of ARCHIVE,DELETE,OFF`,
  );
}

/** FileStreamOptions: `cleanSource` "archive" without `sourceArchiveDir`. */
export function archiveModeWithoutArchiveDir(): IllegalArgumentException {
  return new IllegalArgumentException("Archive mode must be used with 'sourceArchiveDir' option.");
}

/** SourceFileArchiver's `require`: an archive directory whose files the source's pattern could read again. */
export function archivePathMatchesSourcePattern(): IllegalArgumentException {
  return new IllegalArgumentException(
    "requirement failed: Base archive path cannot be set to the path where archived path can possibly match with source pattern. Ensure the base archive path doesn't match with source pattern in depth, where the depth is minimum of depth on both paths.",
  );
}

/** Spark's cleanUpSourceFilesUnsupportedError: `cleanSource` on a streaming file sink's output. */
export function cleanUpSourceFilesUnsupported(): UnsupportedOperationException {
  return new UnsupportedOperationException(
    "Clean up source files is not supported when reading from the output directory of FileStreamSink.",
  );
}

/** Spark's dataPathNotSpecifiedError: a file source without a path. */
export function dataPathNotSpecified(): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("_LEGACY_ERROR_TEMP_2047", {});
}

/** Spark's createStreamingSourceNotSpecifySchemaError: a file stream without a schema (and inference off). */
export function streamingSchemaRequired(): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("_LEGACY_ERROR_TEMP_2048", {});
}

/** A Python stream reader's method failed while the query ran (Spark's PythonStreamingSourceRunner). */
export function pythonStreamingDataSourceRuntimeError(action: string, msg: string): SparkException {
  return new SparkException("PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR", { action, msg });
}

export function positiveIntegerOptionRequired(key: string, raw: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Invalid value '${raw}' for option '${key}', must be a positive integer`,
  );
}

/** Spark's FileStreamOptions.maxCachedFiles: not an integer of at least 0 (Scala's `toInt`). */
export function invalidMaxCachedFiles(raw: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Invalid value '${raw}' for option 'maxCachedFiles', must be an integer greater than or equal to 0`,
  );
}

/** Spark's FileStreamOptions.discardCachedInputRatio: not a float from 0 to 1 (Scala's `toFloat`). */
export function invalidDiscardCachedInputRatio(raw: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Invalid value '${raw}' for option 'discardCachedInputRatio', must be a positive float between 0 and 1`,
  );
}

/** Java's NumberFormatException for an option that is not a whole number. */
export function notANumber(raw: string): IllegalArgumentException {
  return new IllegalArgumentException(`For input string: "${raw}"`);
}

/** Spark's CaseInsensitiveStringMap.getBoolean (DataSource V2 options): neither "true" nor "false". */
export function notABooleanString(raw: string): IllegalArgumentException {
  return new IllegalArgumentException(`${raw} is not a boolean string.`);
}

export function booleanOptionRequired(key: string, raw: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Invalid value '${raw}' for option '${key}', must be 'true' or 'false'`,
  );
}

/** A rate source option out of range; `requirement` as Spark words it ("must be positive"). */
export function invalidRateOption(key: string, value: number, requirement: string): IllegalArgumentException {
  return new IllegalArgumentException(`Invalid value '${value}'. The option '${key}' ${requirement}`);
}

export function invalidRatePerMicroBatchOffset(json: string): IllegalArgumentException {
  return new IllegalArgumentException(`Invalid offset for the rate-micro-batch source: ${json}`);
}

export function maxFilesAndBytesPerTrigger(): IllegalArgumentException {
  return new IllegalArgumentException(
    "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
  );
}

/** `toDF(names)` with a different number of names than columns (Scala's `require`). */
export function toDFColumnCountMismatch(
  oldNames: readonly string[],
  newNames: readonly string[],
): IllegalArgumentException {
  return new IllegalArgumentException(
    `requirement failed: The number of columns doesn't match.\nOld column names (${oldNames.length}): ${oldNames.join(", ")}\nNew column names (${newNames.length}): ${newNames.join(", ")}`,
  );
}

export function rangeNotInteger(value: number): IllegalArgumentException {
  return new IllegalArgumentException(`range() takes integers, got ${value}`);
}

/** `when()` / `otherwise()` on a Column that `when()` did not make. */
export function notAWhenColumn(method: "when" | "otherwise"): IllegalArgumentException {
  return new IllegalArgumentException(
    `${method}() can only be applied on a Column previously generated by when() function`,
  );
}

// ---- [flatMap|map]GroupsWithState and transformWithState ---------------------------------------------------

export function unknownGroupStateTimeout(value: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Unknown timeout conf '${value}'. Use NoTimeout, ProcessingTimeTimeout or EventTimeTimeout.`,
  );
}

export function groupsWithStateNeedsFunction(apiName: string): IllegalArgumentException {
  return new IllegalArgumentException(`${apiName} needs a function (key, rows, state) => rows`);
}

/** Spark's KeyValueGroupedDataset.flatMapGroupsWithState in complete mode, word for word. */
export function groupsWithStateOutputMode(): IllegalArgumentException {
  return new IllegalArgumentException("The output mode of function should be append or update");
}

export function nullStateValue(): IllegalArgumentException {
  return new IllegalArgumentException("'null' is not a valid state value");
}

export function timeoutDurationNotPositive(): IllegalArgumentException {
  return new IllegalArgumentException("Timeout duration must be positive");
}

export function timeoutTimestampBeforeWatermark(
  timestampMs: number,
  watermarkMs: number,
): IllegalArgumentException {
  return new IllegalArgumentException(
    `Timeout timestamp (${timestampMs}) cannot be earlier than the current watermark (${watermarkMs})`,
  );
}

/** GroupState.setTimeoutDuration without ProcessingTimeTimeout (Spark's cannotSetTimeoutDurationError). */
export function processingTimeTimeoutNotEnabled(): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("_LEGACY_ERROR_TEMP_2203", {});
}

/** GroupState.setTimeoutTimestamp without EventTimeTimeout (Spark's cannotSetTimeoutTimestampError). */
export function eventTimeTimeoutNotEnabled(): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("_LEGACY_ERROR_TEMP_2205", {});
}

/** GroupState.getCurrentWatermarkMs over an input without a watermark (cannotGetEventTimeWatermarkError). */
export function watermarkNotSet(): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("_LEGACY_ERROR_TEMP_2204", {});
}

/** A GroupState that has timed out under NoTimeout (Spark's GroupStateImpl.createForStreaming). */
export function missingTimeoutConfiguration(): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("MISSING_TIMEOUT_CONFIGURATION", {});
}

/** GroupStateImpl.setTimeoutTimestamp of a time at or before the epoch. */
export function timeoutTimestampNotPositive(): IllegalArgumentException {
  return new IllegalArgumentException("Timeout timestamp must be positive");
}

/** GroupStateImpl.parseDuration of a negative interval ("-1 month", "1 month -32 day"). */
export function negativeGroupStateDuration(duration: string): IllegalArgumentException {
  return new IllegalArgumentException(`Provided duration (${duration}) is negative`);
}

/** An initialState grouped by another number of keys than the data (Spark's encoders would not match). */
export function initialStateKeyCount(expected: number, found: number): IllegalArgumentException {
  return new IllegalArgumentException(
    `The initial state must be grouped by as many keys as the data: ${expected}, got ${found}`,
  );
}

/** FlatMapGroupsWithStateExec.foundDuplicateInitialKeyException. */
export function duplicateInitialStateKey(): IllegalArgumentException {
  return new IllegalArgumentException(
    "The initial state provided contained multiple rows(state) with the same key. Make sure to de-duplicate the initial state before passing it.",
  );
}

/** TestGroupState.create's checks of its arguments (Spark's GroupStateImpl.createForStreaming). */
export function invalidGroupStateArgument(
  what: "batchProcessingTimeMs" | "eventTimeWatermarkMs",
): IllegalArgumentException {
  return new IllegalArgumentException(
    what === "batchProcessingTimeMs"
      ? "batchProcessingTimeMs must be 0 or positive"
      : "eventTimeWatermarkMs must be 0 or positive if present",
  );
}

/** The function of [flat]MapGroupsWithState threw what is not a Spark error (FlatMapGroupsWithStateUserFuncException). */
export function flatMapGroupsWithStateUserFunctionError(cause: unknown): SparkException {
  return new SparkException(
    "FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR",
    { reason: cause instanceof Error ? cause.message : String(cause ?? "") },
    { cause },
  );
}

export function stateNotAnObject(
  apiName: string,
  stateSchema: string,
  type: string,
): IllegalArgumentException {
  return new IllegalArgumentException(
    `The state of ${apiName} must be an object with the fields of its state schema (${stateSchema}), got ${type}`,
  );
}

export function mapGroupsWithStateRowCount(): IllegalArgumentException {
  return new IllegalArgumentException(
    "The function of mapGroupsWithState must return exactly one row (an object) per call",
  );
}

/** Spark's TimeModes.apply: a time mode other than none, processingTime or eventTime. */
export function unknownTimeMode(timeMode: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE", { timeMode });
}

/** Spark's StateStoreErrors.requireNonNullStateValue: a state variable given null (a value, a list element, a key). */
export function illegalStateStoreNullValue(stateName: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("ILLEGAL_STATE_STORE_VALUE.NULL_VALUE", { stateName });
}

/** Spark's StateStoreErrors.requireNonEmptyListStateValue: a ListState put or appended an empty list. */
export function illegalStateStoreEmptyListValue(stateName: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("ILLEGAL_STATE_STORE_VALUE.EMPTY_LIST_VALUE", { stateName });
}

export function cannotPerformOperationWithInvalidTimeMode(
  operationType: string,
  timeMode: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException(
    "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE",
    {
      operationType,
      timeMode,
    },
  );
}

/**
 * Spark's StatefulProcessorHandleImpl: an operation the handle's state forbids (a state variable declared outside
 * `init`, a state variable read inside it, a timer outside a group's call).
 */
export function cannotPerformOperationWithInvalidHandleState(
  operationType: string,
  handleState: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException(
    "STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE",
    { operationType, handleState },
  );
}

/** `getHandle()` on a StatefulProcessor that no transformWithState runs. */
export function stateStoreHandleNotInitialized(): SparkRuntimeException {
  return new SparkRuntimeException("STATE_STORE_HANDLE_NOT_INITIALIZED", {});
}

/** Two state variables of one processor with the same name. */
export function duplicateStateVariableDefined(stateVarName: string): SparkRuntimeException {
  return new SparkRuntimeException("STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED", { stateVarName });
}

/** transformWithState's initial state gave a grouping key twice (Spark's cannotReInitializeStateOnKey). */
export function cannotReInitializeStateOnKey(groupingKey: string): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY", {
    groupingKey,
  });
}

/** transformWithState's output row is behind the watermark its eventTimeColumnName is held to. */
export function emittingRowsOlderThanWatermarkNotAllowed(
  currentWatermarkMs: number,
  emittedRowEventTimeMicros: number,
): SparkRuntimeException {
  return new SparkRuntimeException("EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED", {
    currentWatermark: String(currentWatermarkMs),
    emittedRowEventTime: String(emittedRowEventTimeMicros),
  });
}

/** transformWithState restarted with another output mode or time mode than its checkpoint's. */
export function stateStoreInvalidConfigAfterRestart(
  configName: string,
  oldConfig: string,
  newConfig: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("STATE_STORE_INVALID_CONFIG_AFTER_RESTART", {
    configName,
    oldConfig,
    newConfig,
  });
}

/** A state variable restarted as another kind (a ValueState become a ListState). */
export function stateStoreInvalidVariableTypeChange(
  stateVarName: string,
  newType: string,
  oldType: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE", {
    stateVarName,
    newType,
    oldType,
  });
}

/**
 * spark.sql.streaming.stateStore.providerClass names a class that is not a state store provider (Spark's
 * StateStoreProvider.create, checked before the class is instantiated).
 */
export function stateStoreInvalidProvider(inputClass: string): SparkException {
  return new SparkException("STATE_STORE_INVALID_PROVIDER", { inputClass });
}

/**
 * Spark's StateSchemaCompatibilityChecker (SPARK-47776): a state key column whose collation does not compare
 * by bytes (UTF8_LCASE, UNICODE...) cannot key a state store.
 */
export function stateStoreUnsupportedOperationBinaryInequality(
  schema: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("STATE_STORE_UNSUPPORTED_OPERATION_BINARY_INEQUALITY", {
    schema,
  });
}

/** A restarted query's state keys differ from those its checkpoint holds (Spark's StateSchemaCompatibilityChecker). */
export function stateStoreKeySchemaNotCompatible(
  storedKeySchema: string,
  newKeySchema: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE", {
    storedKeySchema,
    newKeySchema,
  });
}

/** A restarted query's state values (aggregation buffers) differ from those its checkpoint holds. */
export function stateStoreValueSchemaNotCompatible(
  storedValueSchema: string,
  newValueSchema: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE", {
    storedValueSchema,
    newValueSchema,
  });
}

export function transformWithStateNeedsProcessor(): IllegalArgumentException {
  return new IllegalArgumentException("transformWithState needs a StatefulProcessor");
}

export function transformWithStateOutputMode(): IllegalArgumentException {
  return new IllegalArgumentException("transformWithState supports the append and update output modes");
}

/** A catalog other than Sluice's one session catalog (`spark_catalog`). */
export function catalogNotFound(name: string): SparkException {
  return new SparkException("CATALOG_NOT_FOUND", {
    catalogName: toSQLId(name),
    config: toSQLConf(`spark.sql.catalog.${name}`),
  });
}

/** A new managed table whose directory is already there, with files in it. */
export function locationAlreadyExists(
  ident: { readonly database: string; readonly table: string },
  location: string,
): SparkRuntimeException {
  return new SparkRuntimeException("LOCATION_ALREADY_EXISTS", {
    identifier: toSQLId(["spark_catalog", ident.database, ident.table]),
    location: `'${location}'`,
  });
}

/** `df.write.mode(...)` with a mode Spark does not know. */
export function invalidSaveMode(mode: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("INVALID_SAVE_MODE", { mode: `"${mode}"` });
}

/** `query.batch(n)` for a batch the history does not hold (not run yet, purged, or not recorded). */
export function batchNotInHistory(
  batchId: number,
  checkpointLocation: string,
  retained: readonly number[],
): SparkIllegalArgumentException {
  const kept =
    retained.length === 0
      ? "no batches"
      : retained.length === 1
        ? `batch ${retained[0]}`
        : `batches ${retained[0]} to ${retained.at(-1)}`;
  return new SparkIllegalArgumentException("SLUICE_BATCH_NOT_IN_HISTORY", {
    batchId: String(batchId),
    checkpointLocation,
    retained: kept,
  });
}

/** A query run again on its input (replayQuery) whose source cannot read the same rows twice. */
export function replayUnsupportedSource(source: string): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("SLUICE_REPLAY_UNSUPPORTED_SOURCE", { source });
}

/**
 * A user-defined function threw (or returned what its type cannot hold) for a row: Spark's FAILED_EXECUTE_UDF
 * names the function and its signature (`string, int` => `string`); the row and its argument values follow,
 * as a query context follows Spark's messages.
 */
export function udfExecutionFailed(
  functionName: string,
  signature: { readonly inputs: string; readonly result: string },
  cause: unknown,
  input: string,
): SparkException {
  return new SparkException(
    "FAILED_EXECUTE_UDF",
    {
      functionName,
      signature: signature.inputs,
      result: signature.result,
      reason: cause instanceof Error ? cause.message : String(cause),
    },
    { cause, context: `\n== User defined function input ==\n${input}` },
  );
}

/** A ForeachWriter's `process` threw (Spark's ForeachUserFuncException). */
export function foreachUserFunctionError(cause: unknown): SparkException {
  return new SparkException(
    "FOREACH_USER_FUNCTION_ERROR",
    { reason: cause instanceof Error ? cause.message : String(cause ?? "") },
    { cause },
  );
}

/** A foreachBatch function threw what is not a Spark error (Spark's ForeachBatchUserFuncException). */
export function foreachBatchUserFunctionError(cause: unknown): SparkException {
  return new SparkException(
    "FOREACH_BATCH_USER_FUNCTION_ERROR",
    { reason: cause instanceof Error ? cause.message : String(cause ?? "") },
    { cause },
  );
}

/** What a ForeachWriter's `close` gets when the batch failed before its rows reached the writer. */
export function foreachWriterAborted(): SparkException {
  return new SparkException("FOREACH_WRITER_ABORTED", {});
}

// ---- Dataset.explain ---------------------------------------------------------------------------------------

/** Spark's ExplainMode.fromString on a mode it does not know. */
export function unknownExplainMode(mode: string): IllegalArgumentException {
  return new IllegalArgumentException(
    `Unknown explain mode: ${mode}. Accepted explain modes are 'simple', 'extended', 'codegen', 'cost', 'formatted'.`,
  );
}

// ---- Engine invariants, checkpoints and sources ------------------------------------------------------------

/** Spark's SparkException.internalError: a broken invariant of the engine, a bug to report. */
export function internalError(message: string, cause?: unknown): SparkException {
  return new SparkException("INTERNAL_ERROR", { message }, { cause });
}

/** A feature of Spark that Sluice does not have (a function's argument form, a charset, a pattern letter). */
export function unsupportedInSluice(feature: string): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("SLUICE_UNSUPPORTED_FEATURE", { feature });
}

/** Another query wrote batch N's log file first (Spark's concurrentStreamLogUpdate). */
export function concurrentStreamLogUpdate(batchId: number): SparkException {
  return new SparkException("CONCURRENT_STREAM_LOG_UPDATE", { batchId: String(batchId) });
}

/** Spark's FileStreamSource: its log already has the entry this run was to write. */
export function concurrentFileSourceLogUpdate(logOffset: number): IllegalStateException {
  return new IllegalStateException(
    `Concurrent update to the log. Multiple streaming jobs detected for ${logOffset}`,
  );
}

/** A file source's log entry a batch needs is gone. */
export function fileSourceLogMissing(path: string, batchId: number): IllegalStateException {
  return new IllegalStateException(`The file source's log ${path} is missing: cannot read batch ${batchId}`);
}

/** Spark's MetadataVersionUtil: a log file whose first line is not `v` and a positive number. */
export function malformedLogFile(text: string): IllegalStateException {
  return new IllegalStateException({ errorClass: "MALFORMED_LOG_FILE", messageParameters: { text } });
}

/** Spark's MetadataVersionUtil.validateVersion: a log written by a newer version. */
export function logVersionGreaterThanSupported(
  version: number,
  maxSupportedVersion: number,
): IllegalStateException {
  return new IllegalStateException({
    errorClass: "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION",
    messageParameters: { version: String(version), maxSupportedVersion: String(maxSupportedVersion) },
  });
}

/** Spark's MetadataVersionUtil.validateVersionExactMatch (the commit log): another version than its own. */
export function logVersionNotMatch(version: number, matchVersion: number): IllegalStateException {
  return new IllegalStateException({
    errorClass: "INVALID_LOG_VERSION.EXACT_MATCH_VERSION",
    messageParameters: { version: String(version), matchVersion: String(matchVersion) },
  });
}

/** Spark's logs on an empty file: "Incomplete log file", the commit log naming itself. */
export function incompleteLogFile(inCommitLog: boolean): IllegalStateException {
  return new IllegalStateException(`Incomplete log file${inCommitLog ? " in the offset commit log" : ""}`);
}

/** Spark's HDFSMetadataLog: an IllegalStateException reading a log file, thrown again naming the file. */
export function failedToReadLogFile(path: string, cause: Error): IllegalStateException {
  return new IllegalStateException(`Failed to read log file ${path}. ${cause.message}`, { cause });
}

/** OffsetSeq.toStreamProgress's assertion: the checkpoint was written by a query with other sources. */
export function sourceCountChanged(inCheckpoint: number, inQuery: number): IllegalStateException {
  return new IllegalStateException(
    `assertion failed: There are [${inCheckpoint}] sources in the checkpoint offsets and now there are [${inQuery}] sources requested by the query. Cannot continue.`,
  );
}

/** Keyed state written by another version of Sluice's state format. */
export function checkpointStateFormat(
  checkpointLocation: string,
  offsetLog: string,
  conf: string,
  found: string,
  expected: string,
): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("SLUICE_CHECKPOINT_STATE_FORMAT", {
    checkpointLocation,
    offsetLog,
    conf,
    found,
    expected,
  });
}

/** GroupState.get without a state (Spark's GroupStateImpl). */
export function stateNotDefinedOrAlreadyRemoved(): NoSuchElementException {
  return new NoSuchElementException("State is either not defined or has already been removed");
}

/** Spark's TextSocketMicroBatchStream.commit: an offset before the last one committed. */
export function offsetsCommittedOutOfOrder(last: number, end: number | string): IllegalStateException {
  return new IllegalStateException(`Offsets committed out of order: ${last} followed by ${end}`);
}

/** A socket server's `send` after `close`. */
export function socketServerClosed(host: string, port: number): IllegalStateException {
  return new IllegalStateException(
    `The socket server ${host}:${port} is closed: make a new one with socketServer().`,
  );
}

/** A Kafka topic's metadata file that cannot be read back. */
export function invalidTopicMetadata(path: string, reason: string, cause?: unknown): IllegalStateException {
  return new IllegalStateException(
    `The topic metadata ${path} ${reason}: delete the topic and create it again`,
    { cause },
  );
}

/** The engine used before its platform (file system, DuckDB) is registered. */
export function platformNotRegistered(): IllegalStateException {
  return new IllegalStateException(
    "No Sluice platform is registered: call setPlatform() before SparkSession.builder()",
  );
}

/** approx_count_distinct's relative standard deviation out of (0, 1). */
export function invalidRelativeSD(rsd: number): IllegalArgumentException {
  return new IllegalArgumentException(
    `approx_count_distinct's relative standard deviation must be in (0, 1), got ${rsd}`,
  );
}

/** Spark's HyperLogLogPlusPlusHelper `require`: too large an error leaves too few bits. */
export function hllTooFewBits(): IllegalArgumentException {
  return new IllegalArgumentException(
    "requirement failed: HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.",
  );
}

/** Spark's CompactibleFileStreamLog.purge. */
export function cannotPurgeCompactibleLog(): UnsupportedOperationException {
  return new UnsupportedOperationException("Cannot purge as it might break internal state.");
}

/** A datetime pattern letter Spark does not know (Spark's DateTimeFormatterHelper). */
export function illegalDatetimePatternCharacter(pattern: string, c: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER", { pattern, c });
}

/** A query handle of another session (or one never started) asked to replay its batches. */
export function queryNotStartedInSession(query: string): IllegalArgumentException {
  return new IllegalArgumentException(`The query ${query} was not started in this session.`);
}

/** A file the browser platform fetches (DuckDB's bundle, a dataset) that the server did not serve. */
export function resourceNotLoaded(url: string, status: number): IllegalStateException {
  return new IllegalStateException(`Could not load ${url}: HTTP ${status}`);
}

/** Spark's streamedOperatorUnsupportedByDataSourceError: the format has no streaming source or sink. */
export function streamedOperatorUnsupportedByDataSource(
  className: string,
  operator: "reading" | "writing",
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("_LEGACY_ERROR_TEMP_2049", { className, operator });
}

/** The provider classes Spark names for the sources whose schema is fixed. */
const FIXED_SCHEMA_PROVIDERS: Readonly<Record<string, string>> = {
  rate: "RateStreamProvider",
  "rate-micro-batch": "RatePerMicroBatchProvider",
  socket: "TextSocketSourceProvider",
};

/** Spark's userSpecifiedSchemaUnsupportedByDataSourceError, naming the source's provider class. */
export function userSpecifiedSchemaUnsupportedByDataSource(
  format: string,
): SparkUnsupportedOperationException {
  return new SparkUnsupportedOperationException("_LEGACY_ERROR_TEMP_2242", {
    provider: FIXED_SCHEMA_PROVIDERS[format] ?? format,
  });
}

/**
 * A `compression` option no codec answers to (CompressionCodecs.getCodecClassName). bzip2, lz4 and snappy are
 * Hadoop codecs Spark has and the browser does not: Sluice raises the same condition for them, listing its own.
 */
export function codecNotAvailable(
  codecName: string,
  availableCodecs: string,
): SparkIllegalArgumentException<"CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION"> {
  return new SparkIllegalArgumentException("CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION", {
    codecName,
    availableCodecs,
  });
}

/** Java's UnsupportedCharsetException (an IllegalArgumentException) for an `encoding` it has no charset for. */
export function unsupportedCharset(charset: string): IllegalArgumentException {
  return new IllegalArgumentException(charset);
}

/** issue 11: array_insert at position 0 (Spark's invalidIndexOfZeroError). */
export function invalidIndexOfZeroSql(): string {
  return raiseErrorSql("SparkRuntimeException", "INVALID_INDEX_OF_ZERO", {});
}

/** Dataset.checkpoint without `sparkContext.setCheckpointDir`: Spark's SparkCoreErrors, a SparkException. */
export function checkpointDirectoryHasNotBeenSet(): SparkException {
  return new SparkException("_LEGACY_ERROR_TEMP_3016", {});
}

// ---- issue 11: XPath (UDFXPathUtil throws plain RuntimeExceptions, with no condition) ----

/** An XPath expression that does not compile: `Invalid XPath '<path>'` and the parser's reason. */
export function invalidXPath(path: string, reason: string, cause?: unknown): JavaRuntimeException {
  return new JavaRuntimeException(`Invalid XPath '${path}'${reason}`, { cause });
}

/** A document that does not parse as XML: `Error loading expression '<path>'`, the parser's error its cause. */
export function xpathLoadError(path: string, cause: unknown): JavaRuntimeException {
  return new JavaRuntimeException(`Error loading expression '${path}'`, { cause });
}

/** An XPath whose result cannot be had as asked (a number as a node list): `Invalid XML document: ...`. */
export function invalidXmlDocument(reason: string, xml: string, cause?: unknown): JavaRuntimeException {
  return new JavaRuntimeException(`Invalid XML document: ${reason}\n${xml}`, { cause });
}

// ---- issue 11: AES (ExpressionImplUtils.aesInternal's errors) ----

const AES_FUNC_NAME = `${toSQLId("aes_encrypt")}/${toSQLId("aes_decrypt")}`;

/** A key of other than 16, 24 or 32 bytes. */
export function invalidAesKeyLength(actualLength: number): SparkRuntimeException {
  return new SparkRuntimeException("INVALID_PARAMETER_VALUE.AES_KEY_LENGTH", {
    parameter: toSQLId("key"),
    functionName: AES_FUNC_NAME,
    actualLength: String(actualLength),
  });
}

/** A mode and padding Spark's AES does not pair (GCM takes NONE, ECB and CBC take PKCS; DEFAULT fits each). */
export function aesModeUnsupported(mode: string, padding: string): SparkRuntimeException {
  return new SparkRuntimeException("UNSUPPORTED_FEATURE.AES_MODE", {
    mode,
    padding,
    functionName: AES_FUNC_NAME,
  });
}

/** A decryption the cipher refused (a wrong key, a damaged value): the JCE's reason. */
export function aesCryptoError(detailMessage: string, cause?: unknown): SparkRuntimeException {
  return new SparkRuntimeException(
    "INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR",
    { parameter: `${toSQLId("expr")}, ${toSQLId("key")}`, functionName: AES_FUNC_NAME, detailMessage },
    { cause },
  );
}

/** An IV of the wrong length for its mode (12 bytes for GCM, 16 for CBC). */
export function invalidAesIvLength(mode: string, actualLength: number): SparkRuntimeException {
  return new SparkRuntimeException("INVALID_PARAMETER_VALUE.AES_IV_LENGTH", {
    mode,
    parameter: toSQLId("iv"),
    functionName: AES_FUNC_NAME,
    actualLength: String(actualLength),
  });
}

/** An IV given for ECB, which takes none. */
export function aesUnsupportedIv(mode: string): SparkRuntimeException {
  return new SparkRuntimeException("UNSUPPORTED_FEATURE.AES_MODE_IV", {
    mode,
    functionName: toSQLId("aes_encrypt"),
  });
}

/** Additional authenticated data given for a mode other than GCM. */
export function aesUnsupportedAad(mode: string): SparkRuntimeException {
  return new SparkRuntimeException("UNSUPPORTED_FEATURE.AES_MODE_AAD", {
    mode,
    functionName: toSQLId("aes_encrypt"),
  });
}

/** A scalar subquery (`df.scalar()`) that returned more than one row for an input row. */
export function scalarSubqueryTooManyRows(cause?: unknown): SparkRuntimeException {
  return new SparkRuntimeException("SCALAR_SUBQUERY_TOO_MANY_ROWS", {}, { cause });
}
