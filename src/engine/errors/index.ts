/** The engine's errors: the catalogue, Spark's exception classes, and the builders grouped as Spark groups them. */
export {
  ERROR_CONDITIONS,
  type ErrorCondition,
  type ErrorInfo,
  type MessageParameters,
} from "./errorConditions";
export {
  AnalysisException,
  CorruptCheckpointError,
  FailedReadFileError,
  IllegalArgumentException,
  IllegalStateException,
  NoSuchElementException,
  ParseException,
  PySparkTypeError,
  PySparkValueError,
  RuntimeException,
  SparkArithmeticException,
  SparkDateTimeException,
  SparkError,
  SparkException,
  SparkIllegalArgumentException,
  SparkNoSuchElementException,
  SparkNumberFormatException,
  SparkRuntimeException,
  SparkUnsupportedOperationException,
  StreamingQueryException,
  UnsupportedOperationException,
} from "./exceptions";
export * as PySparkErrors from "./PySparkErrors";
export * as QueryCompilationErrors from "./QueryCompilationErrors";
export { orderSuggestions, ordinalNumber, toSQLExpr, toSQLId, toSQLType } from "./QueryErrorsBase";
export * as QueryExecutionErrors from "./QueryExecutionErrors";
export * as QueryParsingErrors from "./QueryParsingErrors";
export type { SparkThrowable } from "./SparkThrowableHelper";
export * as StateDataSourceErrors from "./StateDataSourceErrors";
