/**
 * Spark's QueryCompilationErrors: one builder per error raised while a query is built and analysed, each an
 * AnalysisException of the catalogue. Call sites name what went wrong; the wording lives in errorConditions.ts.
 */
import {
  AnalysisException,
  SparkUnsupportedOperationException,
  UnsupportedOperationException,
} from "./exceptions";
import { orderSuggestions, ordinalNumber, toSQLExpr, toSQLId, toSQLType } from "./QueryErrorsBase";

type SQLType = { simpleString(): string };

/** UNRESOLVED_COLUMN with up to five suggestions, as Spark raises it for a name no input column has. */
export function unresolvedColumn(
  name: string | readonly string[],
  candidates: readonly (string | readonly string[])[],
): AnalysisException {
  const objectName = toSQLId(name);
  if (candidates.length === 0) {
    return new AnalysisException("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", { objectName });
  }
  const display = typeof name === "string" ? name : name.join(".");
  const proposal = orderSuggestions(display, candidates).slice(0, 5).join(", ");
  return new AnalysisException("UNRESOLVED_COLUMN.WITH_SUGGESTION", { objectName, proposal });
}

/** A struct has no field of that name (`col("geo.citi")`). */
export function fieldNotFound(field: string, fields: readonly string[]): AnalysisException {
  return new AnalysisException("FIELD_NOT_FOUND", {
    fieldName: toSQLId(field),
    fields: fields.map((f) => toSQLId(f)).join(", "),
  });
}

/** A field was asked of a value that has none (`col("name.x")` on a string). */
export function invalidExtractBase(base: string, type: SQLType): AnalysisException {
  return new AnalysisException("INVALID_EXTRACT_BASE_FIELD_TYPE", {
    base: toSQLExpr(base),
    other: toSQLType(type),
  });
}

export function ambiguousReference(name: string, referenceNames: readonly string[]): AnalysisException {
  return new AnalysisException("AMBIGUOUS_REFERENCE", {
    name,
    referenceNames: `[${referenceNames.join(", ")}]`,
  });
}

export function cannotResolveStarExpand(
  target: readonly string[],
  columns: readonly string[],
): AnalysisException {
  return new AnalysisException("CANNOT_RESOLVE_STAR_EXPAND", {
    targetString: toSQLId(target),
    columns: columns.map((c) => toSQLId(c)).join(", "),
  });
}

/** DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE: argument `index` of `sqlExpr` is not of the type it needs. */
export function unexpectedInputType(
  sqlExpr: string,
  index: number,
  requiredType: string,
  inputSql: string,
  inputType: SQLType,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", {
    sqlExpr: toSQLExpr(sqlExpr),
    paramIndex: ordinalNumber(index),
    requiredType,
    inputSql: toSQLExpr(inputSql),
    inputType: toSQLType(inputType),
  });
}

export function binaryOpDiffTypes(sqlExpr: string, left: SQLType, right: SQLType): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", {
    sqlExpr: toSQLExpr(sqlExpr),
    left: toSQLType(left),
    right: toSQLType(right),
  });
}

export function castWithoutSuggestion(
  sqlExpr: string,
  srcType: SQLType,
  targetType: SQLType,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", {
    sqlExpr: toSQLExpr(sqlExpr),
    srcType: toSQLType(srcType),
    targetType: toSQLType(targetType),
  });
}

export function filterNotBoolean(sqlExpr: string, type: SQLType): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", {
    sqlExpr: toSQLExpr(sqlExpr),
    filter: toSQLExpr(sqlExpr),
    type: toSQLType(type),
  });
}

/** A type check that fails with DuckDB's own reason (Spark's TYPE_CHECK_FAILURE_WITH_HINT). */
export function typeCheckFailure(sqlExpr: string, reason: string, cause?: unknown): AnalysisException {
  return new AnalysisException(
    "DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
    { sqlExpr: toSQLExpr(sqlExpr), msg: reason.replace(/\.$/, ""), hint: "" },
    { cause },
  );
}

/** DuckDB refused the types of an expression it does not name. */
export function duckdbDataTypeMismatch(message: string, cause: unknown): AnalysisException {
  return new AnalysisException("SLUICE_DUCKDB_DATATYPE_MISMATCH", { message }, { cause });
}

/** A DuckDB error the engine has no Spark words for, passed on as DuckDB says it. */
export function untranslatedDuckDBError(message: string, cause: unknown): AnalysisException {
  return new AnalysisException("SLUICE_DUCKDB_ERROR", { message }, { cause });
}

export function joinConditionNotBoolean(sql: string, type: SQLType): AnalysisException {
  return new AnalysisException("JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE", {
    joinCondition: `\`${sql}\``,
    conditionType: toSQLType(type),
  });
}

/** An output column of an aggregation that is neither grouped nor aggregated. */
export function missingAggregation(expression: string, cause?: unknown): AnalysisException {
  return new AnalysisException(
    "MISSING_AGGREGATION",
    { expression: toSQLExpr(expression), expressionAnyValue: toSQLExpr(`any_value(${expression})`) },
    { cause },
  );
}

export function groupByAggregate(sqlExpr: string): AnalysisException {
  return new AnalysisException("GROUP_BY_AGGREGATE", { sqlExpr });
}

export function nestedAggregateFunction(): AnalysisException {
  return new AnalysisException("NESTED_AGGREGATE_FUNCTION", {});
}

export function nonTimeWindowNotSupportedInStreaming(
  windowFunc: string,
  columnName: string,
  windowSpec: string,
): AnalysisException {
  return new AnalysisException("NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING", {
    windowFunc: toSQLExpr(windowFunc),
    columnName: toSQLId(columnName),
    windowSpec: toSQLExpr(windowSpec),
  });
}

export function invalidWhereCondition(condition: string, expressions: readonly string[]): AnalysisException {
  return new AnalysisException("INVALID_WHERE_CONDITION", {
    condition: toSQLExpr(condition),
    expressionList: expressions.join(", "),
  });
}

export function unresolvedRoutine(name: string): AnalysisException {
  return new AnalysisException("UNRESOLVED_ROUTINE", {
    routineName: toSQLId(name),
    searchPath: "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]",
  });
}

export function wrongNumArgs(
  functionName: string,
  expectedNum: string,
  actualNum: number,
): AnalysisException {
  return new AnalysisException("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", {
    functionName: toSQLId(functionName),
    expectedNum,
    actualNum: String(actualNum),
    docroot: "https://spark.apache.org/docs/latest",
  });
}

/** `range()` in SQL with arguments that are not 1 to 3 integer literals. */
export function rangeArguments(): AnalysisException {
  return new AnalysisException("SLUICE_RANGE_ARGUMENTS", {});
}

export function windowFunctionWithoutOverClause(funcName: string): AnalysisException {
  return new AnalysisException("WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE", { funcName: toSQLId(funcName) });
}

export function windowFunctionNotOrdered(name: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1037", { wf: `${name}()` });
}

export function unsupportedExprForWindow(sqlExpr: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_EXPR_FOR_WINDOW", { sqlExpr: toSQLExpr(sqlExpr) });
}

export function unsupportedWindowAggregate(functionName: string): AnalysisException {
  return new AnalysisException("SLUICE_UNSUPPORTED_WINDOW_AGGREGATE", { functionName });
}

export function invalidUsageOfStar(prettyName: string): AnalysisException {
  return new AnalysisException("INVALID_USAGE_OF_STAR_OR_REGEX", { elem: "'*'", prettyName });
}

export function setOperationAllUnsupported(operation: string): AnalysisException {
  return new AnalysisException("SLUICE_SET_OPERATION_ALL", { operation });
}

export function starWithGroupBy(): AnalysisException {
  return new AnalysisException("SLUICE_STAR_WITH_GROUP_BY", {});
}

export function literalTypeUnsupported(value: string, type: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_FEATURE.LITERAL_TYPE", { value, type });
}

export function multiGenerator(generators: readonly string[]): AnalysisException {
  return new AnalysisException("UNSUPPORTED_GENERATOR.MULTI_GENERATOR", {
    num: String(generators.length),
    generators: generators.map((g) => toSQLExpr(g)).join(", "),
  });
}

export function generatorNestedInExpressions(expression: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS", {
    expression: toSQLExpr(expression),
  });
}

export function udtfAliasNumberMismatch(
  aliasesSize: number,
  aliasesNames: readonly string[],
): AnalysisException {
  return new AnalysisException("UDTF_ALIAS_NUMBER_MISMATCH", {
    aliasesSize: String(aliasesSize),
    aliasesNames: aliasesNames.join(", "),
  });
}

export function tableOrViewNotFound(name: string): AnalysisException {
  return new AnalysisException("TABLE_OR_VIEW_NOT_FOUND", { relationName: toSQLId(name) });
}

export function tempViewAlreadyExists(name: string): AnalysisException {
  return new AnalysisException("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", { relationName: toSQLId(name) });
}

export function tableOrViewAlreadyExists(name: string): AnalysisException {
  return new AnalysisException("TABLE_OR_VIEW_ALREADY_EXISTS", { relationName: toSQLId(name) });
}

export function unresolvableTableValuedFunction(name: string): AnalysisException {
  return new AnalysisException("UNRESOLVABLE_TABLE_VALUED_FUNCTION", { name: toSQLId(name) });
}

export function inlineTableNumColumnsMismatch(
  expected: number,
  actual: number,
  row: number,
): AnalysisException {
  return new AnalysisException("INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", {
    expectedNumCols: String(expected),
    actualNumCols: String(actual),
    rowIndex: String(row),
  });
}

export function orderByPositionOutOfRange(index: number, size: number): AnalysisException {
  return new AnalysisException("ORDER_BY_POS_OUT_OF_RANGE", { index: String(index), size: String(size) });
}

/** Spark's set operations with inputs of different widths (`union`). */
export function numColumnsMismatch(operator: string, first: number, second: number): AnalysisException {
  return new AnalysisException("NUM_COLUMNS_MISMATCH", {
    operator,
    firstNumColumns: String(first),
    invalidOrdinalNum: "second",
    invalidNumColumns: String(second),
  });
}

export function incompatibleColumnType(
  operator: string,
  columnIndex: number,
  dataType1: SQLType,
  dataType2: SQLType,
): AnalysisException {
  return new AnalysisException("INCOMPATIBLE_COLUMN_TYPE", {
    operator,
    columnOrdinalNumber: ordinalNumber(columnIndex),
    tableOrdinalNumber: "second",
    dataType1: toSQLType(dataType1),
    dataType2: toSQLType(dataType2),
    hint: "",
  });
}

export function unresolvedUsingColumnForJoin(
  column: string,
  side: "left" | "right",
  sideColumns: readonly string[],
): AnalysisException {
  return new AnalysisException("UNRESOLVED_USING_COLUMN_FOR_JOIN", {
    colName: toSQLId(column),
    side,
    suggestion: sideColumns.map((c) => toSQLId(c)).join(", "),
  });
}

/** `unionByName` with a column the other side lacks. */
export function unresolvedColumnAmongFieldNames(
  name: string,
  fieldNames: readonly string[],
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1201", {
    colName: name,
    fieldNames: fieldNames.join(", "),
  });
}

export function unsupportedJoinType(how: string, supported: readonly string[]): AnalysisException {
  return new AnalysisException("UNSUPPORTED_JOIN_TYPE", {
    typ: how,
    supported: supported.map((s) => `'${s}'`).join(", "),
  });
}

export function onlyColumnsCanBeDropped(column: string): AnalysisException {
  return new AnalysisException("SLUICE_ONLY_COLUMNS_CAN_BE_DROPPED", { column });
}

export function noAggregateExpressions(): AnalysisException {
  return new AnalysisException("SLUICE_NO_AGGREGATE_EXPRESSIONS", {});
}

export function nonNumericAggregation(name: string): AnalysisException {
  return new AnalysisException("SLUICE_NON_NUMERIC_AGGREGATION", { colName: toSQLExpr(name) });
}

export function schemaNotYetKnown(): AnalysisException {
  return new AnalysisException("SLUICE_SCHEMA_NOT_YET_KNOWN", {});
}

/** `withWatermark` with a delay that is not an interval. */
export function invalidIntervalNumber(input: string, number: string): AnalysisException {
  return new AnalysisException("INVALID_INTERVAL_FORMAT.UNRECOGNIZED_NUMBER", {
    input,
    number: `'${number}'`,
  });
}

export function watermarkEventTimeType(eventTime: string, type: SQLType): AnalysisException {
  return new AnalysisException("SLUICE_WATERMARK_EVENT_TIME_TYPE", { eventTime, type: type.simpleString() });
}

/** A batch action (`collect`, `count`...) on a streaming DataFrame. */
export function batchActionOnStreamingDataFrame(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3140", {});
}

/** Spark's UnsupportedOperationChecker refusals: `_LEGACY_ERROR_TEMP_3102`, the message then the plan's `;`. */
export function unsupportedStreamingOperation(msg: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3102", { msg }, { context: ";" });
}

export function streamingJoinTypeUnsupported(joinType: string): AnalysisException {
  return new AnalysisException("SLUICE_STREAMING_JOIN_TYPE", { joinType });
}

export function streamStreamJoinWithoutWatermark(joinType: string): AnalysisException {
  return new AnalysisException("SLUICE_STREAM_STREAM_JOIN_WITHOUT_WATERMARK", { joinType });
}

export function unsupportedStreamingAggregate(functionName: string): AnalysisException {
  return new AnalysisException("SLUICE_UNSUPPORTED_STREAMING_AGGREGATE", { functionName });
}

export function mapGroupsWithStateOnBatch(): UnsupportedOperationException {
  return new SparkUnsupportedOperationException("SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH", {});
}

/** Continuous processing with a source or sink that has no continuous mode. */
export function continuousProcessingUnsupported(format: string): UnsupportedOperationException {
  return new UnsupportedOperationException(`Data source ${format} does not support continuous processing.`);
}

export function foreachBatchWithContinuousTrigger(): AnalysisException {
  return new AnalysisException("SLUICE_FOREACH_BATCH_CONTINUOUS", {});
}

export function streamingSqlUnsupported(reason: string): AnalysisException {
  return new AnalysisException("SLUICE_STREAMING_SQL", { reason });
}

export function writeStreamNotAllowed(): AnalysisException {
  return new AnalysisException("WRITE_STREAM_NOT_ALLOWED", {});
}

export function unsupportedDataSourceForStreamingWrite(format: string): AnalysisException {
  return new AnalysisException("SLUICE_UNSUPPORTED_DATA_SOURCE_FOR_STREAMING_WRITE", { format });
}

export function outputModeUnsupportedByDataSource(outputMode: string, className: string): AnalysisException {
  return new AnalysisException("STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE", { outputMode, className });
}

export function queryNameRequiredForMemorySink(): AnalysisException {
  return new AnalysisException("SLUICE_QUERY_NAME_REQUIRED", {});
}

export function partitionColumnNotFound(column: string, schema: string): AnalysisException {
  return new AnalysisException("SLUICE_PARTITION_COLUMN_NOT_FOUND", { column, schema });
}

export function checkpointLocationRequired(): AnalysisException {
  return new AnalysisException("SLUICE_CHECKPOINT_LOCATION_REQUIRED", {});
}

export function checkpointInUse(checkpointLocation: string): AnalysisException {
  return new AnalysisException("SLUICE_CHECKPOINT_IN_USE", { checkpointLocation });
}

export function dataSourceNotFound(provider: string): AnalysisException {
  return new AnalysisException("DATA_SOURCE_NOT_FOUND", { provider });
}

export function pathNotSpecified(): AnalysisException {
  return new AnalysisException("SLUICE_PATH_NOT_SPECIFIED", {});
}

export function pathNotFound(path: string): AnalysisException {
  return new AnalysisException("PATH_NOT_FOUND", { path });
}

export function pathAlreadyExists(outputPath: string): AnalysisException {
  return new AnalysisException("PATH_ALREADY_EXISTS", { outputPath });
}

export function unableToInferSchema(format: string): AnalysisException {
  return new AnalysisException("UNABLE_TO_INFER_SCHEMA", { format });
}

export function streamingSchemaRequired(): AnalysisException {
  return new AnalysisException("SLUICE_STREAMING_SCHEMA_REQUIRED", {});
}

export function sourceSchemaNotAllowed(format: string): AnalysisException {
  return new AnalysisException("SLUICE_SOURCE_SCHEMA_NOT_ALLOWED", { format });
}

/** Spark's hostOptionNotSetError and portOptionNotSetError (the socket source). */
export function socketOptionNotSet(option: "host" | "port"): AnalysisException {
  return new AnalysisException("SLUICE_SOCKET_OPTION_NOT_SET", { option });
}

/** Spark's invalidIncludeTimestampValueError (the socket source). */
export function invalidIncludeTimestampValue(): AnalysisException {
  return new AnalysisException("SLUICE_SOCKET_INCLUDE_TIMESTAMP_INVALID", {});
}

export function viewNotStreaming(name: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1008", { quoted: toSQLId(name) });
}

export function windowNotAnInterval(argument: string): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_NOT_AN_INTERVAL", { argument });
}

export function windowMonthInterval(argument: string): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_MONTH_INTERVAL", { argument });
}

export function windowDurationNotPositive(duration: number): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_DURATION_NOT_POSITIVE", { duration: String(duration) });
}

export function windowSlideNotPositive(slide: number): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_SLIDE_NOT_POSITIVE", { slide: String(slide) });
}

export function windowSlideOverDuration(slide: number, duration: number): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_SLIDE_OVER_DURATION", {
    slide: String(slide),
    duration: String(duration),
  });
}

export function windowStartOverSlide(start: number, slide: number): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_START_OVER_SLIDE", {
    start: String(start),
    slide: String(slide),
  });
}

export function sessionWindowGapNotPositive(): AnalysisException {
  return new AnalysisException("SLUICE_WINDOW_GAP_NOT_POSITIVE", {});
}

export function multipleTimeWindows(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1039", {});
}
