/** Moved to src/engine/errors; kept for the files still importing it from here until they are converted. */
export {
  AnalysisException,
  IllegalArgumentException,
  ParseException,
  PySparkTypeError,
  PySparkValueError,
  SparkArithmeticException,
  StreamingQueryException,
  UnsupportedOperationException,
} from "../../errors/exceptions";
export {
  fieldNotFound,
  tableOrViewNotFound,
  unresolvedColumn,
  unresolvedRoutine,
} from "../../errors/QueryCompilationErrors";
export { toSQLId, toSQLType } from "../../errors/QueryErrorsBase";
