/**
 * Spark's QueryCompilationErrors: one builder per error raised while a query is built and analysed, each an
 * AnalysisException of the catalogue. Call sites name what went wrong; the wording lives in errorConditions.ts.
 */
import {
  AnalysisException,
  SparkIllegalArgumentException,
  SparkUnsupportedOperationException,
  UnsupportedOperationException,
} from "./exceptions";
import {
  orderSuggestions,
  ordinalNumber,
  toSQLConf,
  toSQLExpr,
  toSQLId,
  toSQLStmt,
  toSQLStringValue,
  toSQLType,
} from "./QueryErrorsBase";

type SQLType = { simpleString(): string };

/** UNRESOLVED_COLUMN with up to five suggestions, as Spark raises it for a name no input column has. */
/** transformWithState's eventTimeColumnName over a plan without a watermark. */
export function cannotAssignEventTimeColumnWithoutWatermark(): AnalysisException {
  return new AnalysisException("CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK", {});
}

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

/** A struct path names a field that appears more than once (`withField("a.b", …)` with two fields `a`). */
export function ambiguousReferenceToFields(field: string, count: number): AnalysisException {
  return new AnalysisException("AMBIGUOUS_REFERENCE_TO_FIELDS", {
    field: toSQLId(field),
    count: String(count),
  });
}

/** `dropFields` would leave a struct with no field. */
export function cannotDropAllFields(sqlExpr: string): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.CANNOT_DROP_ALL_FIELDS", { sqlExpr: toSQLExpr(sqlExpr) });
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

/** A function whose arguments must share a type (array, coalesce, greatest...) given types that do not. */
export function dataDiffTypes(
  functionName: string,
  sqlExpr: string,
  types: readonly SQLType[],
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.DATA_DIFF_TYPES", {
    sqlExpr: toSQLExpr(sqlExpr),
    functionName: toSQLId(functionName),
    dataType: `(${types.map((t) => toSQLType(t)).join(" or ")})`,
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

/** A cast ANSI mode refuses but legacy mode allows: Spark suggests turning ANSI mode off. */
export function castWithConfSuggestion(
  sqlExpr: string,
  srcType: SQLType,
  targetType: SQLType,
  config: string,
  configVal: string,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION", {
    sqlExpr: toSQLExpr(sqlExpr),
    srcType: toSQLType(srcType),
    targetType: toSQLType(targetType),
    config: toSQLConf(config),
    configVal: `'${configVal}'`,
  });
}

/** A cast no mode allows where functions do the conversion (`UNIX_DATE` for a date to a number). */
export function castWithFuncSuggestion(
  sqlExpr: string,
  srcType: SQLType,
  targetType: SQLType,
  functionNames: readonly string[],
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION", {
    sqlExpr: toSQLExpr(sqlExpr),
    srcType: toSQLType(srcType),
    targetType: toSQLType(targetType),
    functionNames: functionNames.map((f) => toSQLId(f)).join("/"),
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

/** `grouping(col)` of a column the cube, rollup or grouping sets do not group by. */
export function groupingColInvalid(grouping: string, groupByExprs: readonly string[]): AnalysisException {
  return new AnalysisException("GROUPING_COLUMN_MISMATCH", {
    grouping,
    groupingColumns: groupByExprs.join(","),
  });
}

/** `grouping_id(cols)` whose columns are not the grouping columns. */
export function groupingIDMismatch(
  columns: readonly string[],
  groupByExprs: readonly string[],
): AnalysisException {
  return new AnalysisException("GROUPING_ID_COLUMN_MISMATCH", {
    groupingIdColumn: columns.join(","),
    groupByColumns: groupByExprs.join(","),
  });
}

/** unpivot / melt with no value column (none given, or every column an id). */
export function unpivotRequiresValueColumns(): AnalysisException {
  return new AnalysisException("UNPIVOT_REQUIRES_VALUE_COLUMNS", {});
}

/** unpivot / melt over value columns without a least common type (`types`: each type and its columns). */
export function unpivotValueDataTypeMismatch(types: string): AnalysisException {
  return new AnalysisException("UNPIVOT_VALUE_DATA_TYPE_MISMATCH", { types });
}

/** UNPIVOT whose value tuples do not all have as many columns as there are value column names. */
export function unpivotValueSizeMismatch(names: number): AnalysisException {
  return new AnalysisException("UNPIVOT_VALUE_SIZE_MISMATCH", { names: String(names) });
}

/** A pivot value whose type is not the pivot column's (a bare value where the pivot is over several columns). */
export function pivotValueDataTypeMismatch(
  value: string,
  valueType: string,
  pivotType: string,
): AnalysisException {
  return new AnalysisException("PIVOT_VALUE_DATA_TYPE_MISMATCH", { value, valueType, pivotType });
}

/** A pivot column that cannot be compared (a map, or a struct or array holding one): Spark's ResolvePivot. */
export function incomparablePivotColumn(columnName: string): AnalysisException {
  return new AnalysisException("INCOMPARABLE_PIVOT_COLUMN", { columnName });
}

/** A PIVOT aggregate reading a column outside any aggregate function (Spark's checkValidAggregateExpression). */
export function aggregateExpressionRequiredForPivot(sql: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1006", { sql });
}

/** A pivot value that is not a literal. */
export function nonLiteralPivotValues(expression: string): AnalysisException {
  return new AnalysisException("NON_LITERAL_PIVOT_VALUES", { expression });
}

/** `pivot(col)` without values on a stream: finding the values needs a query over all rows. */
export function pivotOnStream(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3063", {});
}

/** `pivot(col)` whose column has more distinct values than `spark.sql.pivotMaxValues`. */
export function tooManyPivotValues(pivotColumn: string, maxValues: number): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1325", {
    pivotColumn,
    maxValues: String(maxValues),
    config: "spark.sql.pivotMaxValues",
  });
}

/** `grouping()` / `grouping_id()` outside a cube, rollup or grouping sets aggregation. */
export function unsupportedGroupingExpression(): AnalysisException {
  return new AnalysisException("UNSUPPORTED_GROUPING_EXPRESSION", {});
}

export function groupByAggregate(sqlExpr: string): AnalysisException {
  return new AnalysisException("GROUP_BY_AGGREGATE", { sqlExpr });
}

/** Spark's functionWithUnsupportedSyntaxError: `syntax` (DISTINCT, FILTER clause) on a function that takes none. */
export function functionWithUnsupportedSyntax(prettyName: string, syntax: string): AnalysisException {
  return new AnalysisException("INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX", {
    prettyName: toSQLId(prettyName),
    syntax: syntax.toUpperCase(),
  });
}

/** An aggregate's FILTER (WHERE cond) that Spark's CheckAnalysis refuses, with the offending part. */
export function invalidAggregateFilter(
  filterExpr: string,
  reason:
    | { kind: "NON_DETERMINISTIC" }
    | { kind: "CONTAINS_AGGREGATE"; aggExpr: string }
    | { kind: "CONTAINS_WINDOW_FUNCTION"; windowExpr: string },
): AnalysisException {
  const filter = toSQLExpr(filterExpr);
  switch (reason.kind) {
    case "NON_DETERMINISTIC":
      return new AnalysisException("INVALID_AGGREGATE_FILTER.NON_DETERMINISTIC", { filterExpr: filter });
    case "CONTAINS_AGGREGATE":
      return new AnalysisException("INVALID_AGGREGATE_FILTER.CONTAINS_AGGREGATE", {
        filterExpr: filter,
        aggExpr: toSQLExpr(reason.aggExpr),
      });
    case "CONTAINS_WINDOW_FUNCTION":
      return new AnalysisException("INVALID_AGGREGATE_FILTER.CONTAINS_WINDOW_FUNCTION", {
        filterExpr: filter,
        windowExpr: toSQLExpr(reason.windowExpr),
      });
  }
}

export function nestedAggregateFunction(): AnalysisException {
  return new AnalysisException("NESTED_AGGREGATE_FUNCTION", {});
}

/**
 * Spark's nonTimeWindowNotSupportedInStreamingError: per window expression of the plan, its window function, the
 * column it makes and its window specification, each list joined by commas.
 */
export function nonTimeWindowNotSupportedInStreaming(
  windowFuncs: readonly string[],
  columnNames: readonly string[],
  windowSpecs: readonly string[],
): AnalysisException {
  return new AnalysisException("NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING", {
    windowFunc: windowFuncs.map(toSQLStmt).join(","),
    columnName: columnNames.map((name) => toSQLId(name)).join(","),
    windowSpec: windowSpecs.map(toSQLStmt).join(","),
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

/** A name a query reads that is no view or table, quoted as written (`db.t` as `` `db`.`t` ``). */
export function tableOrViewNotFound(name: string | readonly string[]): AnalysisException {
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

/** `unionByName` with a column the other side lacks; `dropDuplicates` of a name that is no column. */
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

export function noAggregateExpressions(): AnalysisException {
  return new AnalysisException("SLUICE_NO_AGGREGATE_EXPRESSIONS", {});
}

/** Spark's aggregationFunctionAppliedOnNonNumericColumnError: the column name as given, quoted by the text. */
export function nonNumericAggregation(name: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1323", { colName: name });
}

export function schemaNotYetKnown(): AnalysisException {
  return new AnalysisException("SLUICE_SCHEMA_NOT_YET_KNOWN", {});
}

/** withWatermark on a column that is neither a timestamp nor a window (Spark's CheckAnalysis). */
export function watermarkEventTimeType(eventTime: string, type: SQLType): AnalysisException {
  return new AnalysisException("EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE", {
    eventName: toSQLId(eventTime),
    eventType: toSQLType(type),
  });
}

/**
 * A batch action (`collect`, `count`, `show`, SQL `INSERT` / CTAS) on a streaming DataFrame: Spark's
 * UnsupportedOperationChecker.checkForBatch, `_LEGACY_ERROR_TEMP_3102`.
 */
export function batchActionOnStreamingDataFrame(): AnalysisException {
  return unsupportedStreamingOperation(
    "Queries with streaming sources must be executed with writeStream.start()",
  );
}

/**
 * A batch action over `dropDuplicatesWithinWatermark`, which only a stream can run: Spark's
 * UnsupportedOperationChecker.checkForBatch, `_LEGACY_ERROR_TEMP_3102`.
 */
export function dropDuplicatesWithinWatermarkOnBatch(): AnalysisException {
  return unsupportedStreamingOperation(
    "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets",
  );
}

/** A batch-only method (`write`) called on a streaming DataFrame (Spark's Dataset.write). */
export function callOnStreamingDatasetUnsupported(methodName: string): AnalysisException {
  return new AnalysisException("CALL_ON_STREAMING_DATASET_UNSUPPORTED", { methodName: toSQLId(methodName) });
}

/** Spark's UnsupportedOperationChecker: an output mode the query's `operation` cannot run in. */
export function unsupportedOutputModeForStreamingOperation(
  outputMode: string,
  operation: string,
): AnalysisException {
  return new AnalysisException("STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION", {
    outputMode: outputMode.toLowerCase(),
    operation,
  });
}

/**
 * A streaming aggregation by session window with no other grouping key: Spark's AggUtils refuses it when planning
 * the first batch (the query fails with it).
 */
export function globalSessionWindowAggregation(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3068", {});
}

/** Spark's UnsupportedOperationChecker refusals: `_LEGACY_ERROR_TEMP_3102`, the message then the plan's `;`. */
export function unsupportedStreamingOperation(msg: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3102", { msg }, { context: ";" });
}

/** Spark's UnsupportedOperationChecker: a join type streaming cannot run. */
export function streamingJoinTypeUnsupported(joinType: string): AnalysisException {
  return unsupportedStreamingOperation(
    `Join type ${joinType} is not supported with streaming DataFrame/Dataset`,
  );
}

/** Spark's UnsupportedOperationChecker: an outer stream-stream join that could never emit its unmatched rows. */
export function streamStreamJoinWithoutWatermark(joinType: string): AnalysisException {
  return unsupportedStreamingOperation(
    `Stream-stream ${joinType} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
  );
}

export function unsupportedStreamingAggregate(functionName: string): AnalysisException {
  return new AnalysisException("SLUICE_UNSUPPORTED_STREAMING_AGGREGATE", { functionName });
}

export function mapGroupsWithStateOnBatch(): UnsupportedOperationException {
  return new SparkUnsupportedOperationException("SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH", {});
}

/** SparkStrategies' refusal of applyInPandasWithState in a batch query. */
export function applyInPandasWithStateOnBatch(): UnsupportedOperationException {
  return new SparkUnsupportedOperationException("_LEGACY_ERROR_TEMP_3176", {});
}

/** Continuous processing with a source or sink that has no continuous mode. */
export function continuousProcessingUnsupported(format: string): UnsupportedOperationException {
  return new UnsupportedOperationException(`Data source ${format} does not support continuous processing.`);
}

/** Spark's sourceNotSupportedWithContinuousTriggerError: `foreachBatch` has no continuous mode. */
export function sourceNotSupportedWithContinuousTrigger(source: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1195", { source });
}

export function streamingSqlUnsupported(reason: string): AnalysisException {
  return new AnalysisException("SLUICE_STREAMING_SQL", { reason });
}

export function writeStreamNotAllowed(): AnalysisException {
  return new AnalysisException("WRITE_STREAM_NOT_ALLOWED", {});
}

export function outputModeUnsupportedByDataSource(outputMode: string, className: string): AnalysisException {
  return new AnalysisException("STREAMING_OUTPUT_MODE.UNSUPPORTED_DATASOURCE", { outputMode, className });
}

export function queryNameRequiredForMemorySink(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1194", {});
}

/** Spark's columnNotFoundInExistingColumnsError: a partitionBy column the query does not have. */
export function partitionColumnNotFound(
  column: string,
  validColumnNames: readonly string[],
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1196", {
    columnType: "Partition",
    columnName: column,
    validColumnNames: validColumnNames.join(", "),
  });
}

/** Spark's cannotUseAllColumnsForPartitionColumnsError: a file sink partitioned by every column. */
export function allPartitionColumnsNotAllowed(): AnalysisException {
  return new AnalysisException("ALL_PARTITION_COLUMNS_NOT_ALLOWED", {});
}

/** Spark's operationNotSupportPartitioningError: partitionBy on a memory, foreach or foreachBatch sink. */
export function operationNotSupportPartitioning(operation: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1197", { operation });
}

/** Spark's setPathOptionAndCallWithPathParameterError: both option("path") and a path argument. */
export function pathOptionAndPathParameter(method: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1188", {
    method,
    config: "spark.sql.legacy.pathOptionBehavior.enabled",
  });
}

export function checkpointLocationRequired(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1298", {
    config: "spark.sql.streaming.checkpointLocation",
  });
}

/** A memory sink in append or update mode started on a checkpoint that has offsets. */
export function recoverQueryFromCheckpointUnsupported(checkpointPath: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1299", { checkpointPath });
}

/** Spark's streamJoinStreamWithoutEqualityPredicateUnsupportedError, raised when the join is planned. */
export function streamJoinWithoutEqualityPredicate(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1181", {});
}

/** A second withWatermark above another (spark.sql.streaming.statefulOperator.allowMultiple). */
export function redefiningWatermarkDisallowed(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3076", {
    config: "spark.sql.streaming.statefulOperator.allowMultiple",
  });
}

/** A stateful operator whose input carries more than one event-time column. */
export function multipleEventTimeColumns(eventTimeCols: readonly string[]): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_3077", {
    eventTimeCols: `(${eventTimeCols.join(",")})`,
  });
}

export function checkpointInUse(checkpointLocation: string): AnalysisException {
  return new AnalysisException("SLUICE_CHECKPOINT_IN_USE", { checkpointLocation });
}

export function dataSourceNotFound(provider: string): AnalysisException {
  return new AnalysisException("DATA_SOURCE_NOT_FOUND", { provider });
}

/** A user-defined (Python) data source failed where Spark plans it: creating its reader, its schema, a read. */
export function pythonDataSourceError(action: string, type: string, msg: string): AnalysisException {
  return new AnalysisException("PYTHON_DATA_SOURCE_ERROR", { action, type, msg });
}

export function pathNotFound(path: string): AnalysisException {
  return new AnalysisException("PATH_NOT_FOUND", { path });
}

/** SQL on a file (`jdbc.x`) whose source reads no files; the source's name as written. */
export function unsupportedDataSourceForDirectQuery(dataSourceType: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY", { dataSourceType });
}

/** SQL on a file with an empty path (parquet.``), an AnalysisException as ResolveSQLOnFile raises it. */
export function invalidEmptyLocation(location: string): AnalysisException {
  return new AnalysisException("INVALID_EMPTY_LOCATION", { location });
}

/** Partition directories that do not all name the same columns (Spark's PartitioningUtils.resolvePartitions). */
export function conflictingPartitionColumns(
  columnLists: readonly string[],
  directories: readonly string[],
): AnalysisException {
  return new AnalysisException("CONFLICTING_PARTITION_COLUMN_NAMES", {
    distinctPartColLists: `\n\t${columnLists.join("\n\t")}\n`,
    suspiciousPaths: `\n\t${directories.join("\n\t")}\n`,
  });
}

export function pathAlreadyExists(outputPath: string): AnalysisException {
  return new AnalysisException("PATH_ALREADY_EXISTS", { outputPath });
}

/** Spark's invalidJsonSchema (ExprUtils.checkJsonSchema): a JSON schema with a map keyed by other than strings. */
export function invalidJsonSchema(schema: SQLType): AnalysisException {
  return new AnalysisException("INVALID_JSON_SCHEMA_MAP_TYPE", { jsonSchema: toSQLType(schema) });
}

export function unableToInferSchema(format: string): AnalysisException {
  return new AnalysisException("UNABLE_TO_INFER_SCHEMA", { format });
}

/** Spark's hostOptionNotSetError and portOptionNotSetError (the socket source). */
export function socketOptionNotSet(option: "host" | "port"): AnalysisException {
  return option === "host"
    ? new AnalysisException("_LEGACY_ERROR_TEMP_1295", {})
    : new AnalysisException("_LEGACY_ERROR_TEMP_1296", {});
}

/** Spark's invalidIncludeTimestampValueError (the socket source). */
export function invalidIncludeTimestampValue(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1297", {});
}

export function viewNotStreaming(name: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1008", { quoted: toSQLId(name) });
}

/** DataStreamReader.validateSourceName: a source's name() is ASCII letters, digits and underscores only. */
export function invalidStreamingSourceNameError(sourceName: string): AnalysisException {
  return new AnalysisException("STREAMING_QUERY_EVOLUTION_ERROR.INVALID_SOURCE_NAME", { sourceName });
}

/** Spark's TimeWindow.parseExpression: window()'s durations are literals. */
export function windowInputsNotLiteral(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1207", {});
}

/** IntervalUtils.fromIntervalString: a window duration, slide or start, or a watermark delay, that is not an interval. */
export function cannotParseInterval(intervalString: string): AnalysisException {
  return new AnalysisException("CANNOT_PARSE_INTERVAL", { intervalString: toSQLStringValue(intervalString) });
}

/** Spark's TimeWindow.getIntervalInMicroSeconds: a window of months (a month has no fixed length). */
export function windowMonthInterval(interval: string): SparkIllegalArgumentException {
  return new SparkIllegalArgumentException("_LEGACY_ERROR_TEMP_3231", { interval });
}

/** A Long as Spark's toSQLValue prints it: `1000000L`. */
const longValue = (value: number) => `${value}L`;

/** TimeWindow.checkInputDataTypes: a window or slide duration (in microseconds) that is not positive. */
export function windowDurationOutOfRange(
  sqlExpr: string,
  exprName: "window_duration" | "slide_duration",
  valueUs: number,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", {
    sqlExpr: toSQLExpr(sqlExpr),
    exprName: toSQLId(exprName),
    valueRange: "(0, 9223372036854775807]",
    currentValue: longValue(valueUs),
  });
}

/** TimeWindow.checkInputDataTypes: a slide over the window's duration, or a start time not within the slide. */
export function windowParameterConstraint(
  sqlExpr: string,
  left: readonly [name: string, valueUs: number],
  constraint: "<=" | "<",
  right: readonly [name: string, valueUs: number],
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.PARAMETER_CONSTRAINT_VIOLATION", {
    sqlExpr: toSQLExpr(sqlExpr),
    leftExprName: toSQLId(left[0]),
    leftExprValue: longValue(left[1]),
    constraint,
    rightExprName: toSQLId(right[0]),
    rightExprValue: longValue(right[1]),
  });
}

export function multipleTimeWindows(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1039", {});
}

// ---- the catalog: databases, tables, views and what writes to them

type Ident = { readonly database: string; readonly table: string };
const SESSION_CATALOG = "spark_catalog";
/** `` `spark_catalog`.`db`.`t` ``: a catalog table as Spark's errors name it. */
const tableId = (ident: Ident) => toSQLId([SESSION_CATALOG, ident.database, ident.table]);
/** `spark_catalog.db.t`: Spark's CatalogTable.qualifiedName, unquoted. */
const tableName = (ident: Ident) => `${SESSION_CATALOG}.${ident.database}.${ident.table}`;
const schemaId = (database: string) => toSQLId([SESSION_CATALOG, database]);

export function requiresSinglePartNamespace(namespace: readonly string[]): AnalysisException {
  return new AnalysisException("REQUIRES_SINGLE_PART_NAMESPACE", {
    sessionCatalog: SESSION_CATALOG,
    namespace: toSQLId(namespace),
  });
}

export function schemaNotFound(database: string): AnalysisException {
  return new AnalysisException("SCHEMA_NOT_FOUND", { schemaName: schemaId(database) });
}

export function schemaAlreadyExists(database: string): AnalysisException {
  return new AnalysisException("SCHEMA_ALREADY_EXISTS", { schemaName: schemaId(database) });
}

export function schemaNotEmpty(database: string): AnalysisException {
  return new AnalysisException("SCHEMA_NOT_EMPTY", { schemaName: schemaId(database) });
}

export function cannotDropDefaultDatabase(database: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_FEATURE.DROP_DATABASE", { database: toSQLId(database) });
}

/** A name that cannot be a table's or a database's (Spark's SessionCatalog.validateName). */
export function invalidSchemaOrRelationName(name: string): AnalysisException {
  return new AnalysisException("INVALID_SCHEMA_OR_RELATION_NAME", { name: toSQLId(name) });
}

/** A catalog table a command names does not exist (its qualified name, as Spark's commands report it). */
export function tableNotFound(ident: Ident): AnalysisException {
  return new AnalysisException("TABLE_OR_VIEW_NOT_FOUND", { relationName: tableId(ident) });
}

export function tableAlreadyExists(ident: Ident): AnalysisException {
  return new AnalysisException("TABLE_OR_VIEW_ALREADY_EXISTS", { relationName: tableId(ident) });
}

/** DROP VIEW of a table, DROP TABLE of a view. */
export function wrongCommandForObjectType(
  operation: string,
  requiredType: string,
  ident: Ident,
  foundType: string,
  alternative: string,
): AnalysisException {
  return new AnalysisException("WRONG_COMMAND_FOR_OBJECT_TYPE", {
    operation,
    requiredType,
    objectName: tableName(ident),
    foundType,
    alternative,
  });
}

/** A table command on a view (INSERT, TRUNCATE, ALTER TABLE ... of a view). */
export function expectTableNotView(
  viewName: string,
  operation: string,
  useAlterView = false,
): AnalysisException {
  return new AnalysisException(
    useAlterView ? "EXPECT_TABLE_NOT_VIEW.USE_ALTER_VIEW" : "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE",
    { viewName, operation },
  );
}

/** A view command on a table (ALTER VIEW ... of a table). */
export function expectViewNotTable(
  ident: Ident,
  operation: string,
  useAlterTable = false,
): AnalysisException {
  return new AnalysisException(
    useAlterTable ? "EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE" : "EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE",
    { tableName: tableId(ident), operation },
  );
}

/** An operation the session catalog's tables do not support (REPLACE TABLE is for Spark's v2 tables). */
export function unsupportedTableOperation(ident: Ident, operation: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_FEATURE.TABLE_OPERATION", {
    tableName: tableId(ident),
    operation,
  });
}

export function notSupportedWithoutHive(cmd: string): AnalysisException {
  return new AnalysisException("NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT", { cmd });
}

/** Two columns of a table (or a view's query) share a name. */
export function columnAlreadyExists(columnName: string): AnalysisException {
  return new AnalysisException("COLUMN_ALREADY_EXISTS", { columnName: toSQLId(columnName) });
}

/**
 * Spark's SchemaUtils.checkSchemaColumnNameDuplication: a schema's column names naming one column twice (under
 * `spark.sql.caseSensitive=false`, names that differ only in case), the name reported as compared.
 */
export function checkSchemaColumnNameDuplication(names: readonly string[], caseSensitive: boolean): void {
  const seen = new Set<string>();
  for (const column of names) {
    const name = caseSensitive ? column : column.toLowerCase();
    if (seen.has(name)) throw columnAlreadyExists(name);
    seen.add(name);
  }
}

/** A PARTITIONED BY / CLUSTER BY column the table does not have. */
export function columnNotDefinedInTable(
  colType: string,
  colName: string,
  ident: Ident,
  tableCols: readonly string[],
): AnalysisException {
  return new AnalysisException("COLUMN_NOT_DEFINED_IN_TABLE", {
    colType,
    colName: toSQLId(colName),
    tableName: tableId(ident),
    tableCols: tableCols.map((c) => toSQLId(c)).join(", "),
  });
}

export function specifyPartitionNotAllowed(): AnalysisException {
  return new AnalysisException("SPECIFY_PARTITION_IS_NOT_ALLOWED", {});
}

export function clusterByWithPartitionedBy(): AnalysisException {
  return new AnalysisException("SPECIFY_CLUSTER_BY_WITH_PARTITIONED_BY_IS_NOT_ALLOWED", {});
}

export function invalidPartitionColumnType(type: SQLType): AnalysisException {
  return new AnalysisException("INVALID_PARTITION_COLUMN_DATA_TYPE", { type: toSQLType(type) });
}

/** Spark's toSQLId of a column name as a string: dots split it into parts (a column `2.0` is `` `2`.`0` ``). */
const columnId = (name: string) => toSQLId(name.split("."));

/** INSERT with more or fewer columns than the table has. */
export function insertColumnArityMismatch(
  ident: Ident,
  tableColumns: readonly string[],
  dataColumns: readonly string[],
): AnalysisException {
  const tooMany = dataColumns.length > tableColumns.length;
  return new AnalysisException(
    tooMany
      ? "INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS"
      : "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS",
    {
      tableName: tableId(ident),
      tableColumns: tableColumns.map((c) => toSQLId(c)).join(", "),
      dataColumns: dataColumns.map(columnId).join(", "),
    },
  );
}

/** The same, where the PARTITION clause gives some columns static values. */
export function insertPartitionColumnArityMismatch(
  ident: Ident,
  tableColumns: readonly string[],
  staticPartitionColumns: readonly string[],
  dataColumns: readonly string[],
  expected: number,
): AnalysisException {
  const reason = dataColumns.length > expected ? "too many data columns" : "not enough data columns";
  return new AnalysisException("INSERT_PARTITION_COLUMN_ARITY_MISMATCH", {
    tableName: tableId(ident),
    reason,
    tableColumns: tableColumns.map((c) => toSQLId(c)).join(", "),
    staticPartCols: [...staticPartitionColumns]
      .sort()
      .map((c) => toSQLId(c))
      .join(", "),
    dataColumns: dataColumns.map(columnId).join(", "),
  });
}

/** A value that cannot be stored in a table column under Spark's ANSI store assignment. */
export function cannotSafelyCast(
  ident: Ident,
  column: string,
  from: SQLType,
  to: SQLType,
): AnalysisException {
  return new AnalysisException("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST", {
    tableName: tableId(ident),
    colName: toSQLId(column),
    srcType: toSQLType(from),
    targetType: toSQLType(to),
  });
}

/** An insert by name that has no column for a table column. */
export function cannotFindData(ident: Ident, column: string): AnalysisException {
  return new AnalysisException("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA", {
    tableName: tableId(ident),
    colName: toSQLId(column),
  });
}

/** An insert by name with columns the table does not have. */
export function extraColumns(ident: Ident, columns: readonly string[]): AnalysisException {
  return new AnalysisException("INCOMPATIBLE_DATA_FOR_TABLE.EXTRA_COLUMNS", {
    tableName: tableId(ident),
    extraColumns: columns.map((c) => toSQLId(c)).join(", "),
  });
}

/** A PARTITION clause naming a column the table is not partitioned by. */
export function nonPartitionColumn(column: string): AnalysisException {
  return new AnalysisException("NON_PARTITION_COLUMN", { columnName: toSQLId(column) });
}

/** INSERT OVERWRITE of a table the query also reads. */
export function cannotOverwriteTableBeingRead(ident: Ident): AnalysisException {
  return new AnalysisException("UNSUPPORTED_OVERWRITE.TABLE", { table: tableId(ident) });
}

/** INSERT into a temporary view of a DataFrame. */
export function insertIntoRddBasedTable(): AnalysisException {
  return new AnalysisException("UNSUPPORTED_INSERT.RDD_BASED", {});
}

export function saveDataIntoView(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1158", {});
}

/** saveAsTable in append mode with another format than the table's. */
export function mismatchedTableFormat(ident: Ident, existing: string, specified: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1159", {
    tableName: tableName(ident),
    existingProvider: existing,
    specifiedProvider: specified,
  });
}

export function mismatchedTableLocation(
  ident: Ident,
  existing: string,
  specified: string,
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1160", {
    identifier: tableId(ident),
    existingTableLoc: existing,
    tableDescLoc: specified,
  });
}

export function mismatchedTableColumnNumber(
  ident: Ident,
  existingSchema: SQLType,
  querySchema: SQLType,
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1161", {
    tableName: tableName(ident),
    existingTableSchema: existingSchema.simpleString(),
    querySchema: querySchema.simpleString(),
  });
}

export function cannotResolveColumnGivenInputColumns(
  col: string,
  inputColumns: readonly string[],
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1162", { col, inputColumns: inputColumns.join(", ") });
}

export function mismatchedTablePartitionColumns(
  ident: Ident,
  specified: readonly string[],
  existing: readonly string[],
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1163", {
    tableName: tableName(ident),
    specifiedPartCols: specified.join(", "),
    existingPartCols: existing.join(", "),
  });
}

/** `readStream.schema(...).table(t)`: a table has its own schema. */
export function userSpecifiedSchemaUnsupported(operation: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1189", { operation });
}

export function permanentViewNotStreaming(ident: Ident): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1018", { quoted: tableName(ident) });
}

export function tempViewNotSupportStreamingWrite(viewName: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1190", { viewName });
}

export function streamingIntoViewNotSupported(viewName: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1191", { viewName });
}

export function inputSourceDiffersFromProvider(
  source: string,
  table: string,
  provider: string,
): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1192", { source, tableName: table, provider });
}

export function partitionByNotAllowedWithInsertInto(): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1309", {});
}

/** CTAS into a location of the user's that already holds files. */
export function ctasIntoNonEmptyLocation(tablePath: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1241", {
    tablePath,
    config: "spark.sql.legacy.allowNonEmptyLocationInCTAS",
  });
}

export function truncateExternalTable(ident: Ident): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1266", { tableIdentWithDB: tableName(ident) });
}

export function notAPartitionedTable(ident: Ident): AnalysisException {
  return new AnalysisException("INVALID_PARTITION_OPERATION.PARTITION_SCHEMA_IS_EMPTY", {
    name: tableId(ident),
  });
}

export function systemPreservedDatabase(database: string): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1066", { database });
}

/** CREATE VIEW v (a, b) over a query with another number of columns. */
export function createViewColumnArityMismatch(
  viewName: string,
  viewColumns: readonly string[],
  dataColumns: readonly string[],
): AnalysisException {
  return new AnalysisException(
    dataColumns.length > viewColumns.length
      ? "CREATE_VIEW_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS"
      : "CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS",
    {
      viewName,
      viewColumns: viewColumns.map((c) => toSQLId(c)).join(", "),
      dataColumns: dataColumns.map((c) => toSQLId(c)).join(", "),
    },
  );
}

/** A persistent view whose query reads a temporary view. */
export function invalidTempObjectReference(ident: Ident, tempView: string): AnalysisException {
  return new AnalysisException("INVALID_TEMP_OBJ_REFERENCE", {
    obj: "VIEW",
    objName: tableId(ident),
    tempObj: "VIEW",
    tempObjName: toSQLId(tempView),
  });
}

export function showCreateTableOnTempView(name: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_SHOW_CREATE_TABLE.ON_TEMPORARY_VIEW", {
    tableName: toSQLId(name),
  });
}

export function tempViewNameTooManyParts(parts: readonly string[]): AnalysisException {
  return new AnalysisException("TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS", { actualName: toSQLId(parts) });
}

/** DESCRIBE t col of a column the table does not have. */
export function columnNotFound(colName: string): AnalysisException {
  return new AnalysisException("COLUMN_NOT_FOUND", {
    colName: toSQLId(colName),
    caseSensitiveConfig: toSQLConf("spark.sql.caseSensitive"),
  });
}

/** `sum(f())` with a nondeterministic user-defined function `f` (Spark's CheckAnalysis). */
export function aggregateFunctionWithNondeterministicExpression(sqlExpr: string): AnalysisException {
  return new AnalysisException("AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION", {
    sqlExpr: toSQLExpr(sqlExpr),
  });
}

/** A nondeterministic expression where Spark allows only deterministic ones (a join condition). */
export function invalidNonDeterministicExpressions(sqlExprs: readonly string[]): AnalysisException {
  return new AnalysisException("INVALID_NON_DETERMINISTIC_EXPRESSIONS", {
    sqlExprs: sqlExprs.map(toSQLExpr).join(", "),
  });
}

/**
 * A user-defined function reading both sides of an outer, semi or anti join's condition: it can only run once
 * the rows are paired, which only an inner join (a cross join and a filter) allows.
 */
export function udfInJoinCondition(joinType: string): AnalysisException {
  return new AnalysisException("UNSUPPORTED_FEATURE.PYTHON_UDF_IN_ON_CLAUSE", { joinType });
}

/** from_json's schema given as what is not a string literal (Spark's ExprUtils.evalSchemaExpr). */
export function invalidSchemaNonStringLiteral(inputSchema: string): AnalysisException {
  return new AnalysisException("INVALID_SCHEMA.NON_STRING_LITERAL", { inputSchema: toSQLExpr(inputSchema) });
}

/** issue 11: a function's options given as what is not a `map()` call (ExprUtils.convertToMapData). */
export function invalidOptionsNonMapFunction(): AnalysisException {
  return new AnalysisException("INVALID_OPTIONS.NON_MAP_FUNCTION", {});
}

/** issue 11: a function's options as a map whose keys or values are not strings. */
export function invalidOptionsNonStringType(mapType: string): AnalysisException {
  return new AnalysisException("INVALID_OPTIONS.NON_STRING_TYPE", { mapType });
}

/** issue 11: from_xml's schema that is not a struct (XmlToStructs.checkInputDataTypes). */
export function invalidXmlSchema(schema: { simpleString(): string }, sqlExpr: string): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.INVALID_XML_SCHEMA", {
    schema: toSQLType(schema),
    sqlExpr: toSQLExpr(sqlExpr),
  });
}

/** A column a file format cannot hold (Spark's dataTypeUnsupportedByDataSourceError). */
export function dataTypeUnsupportedByDataSource(
  format: string,
  columnName: string,
  columnType: SQLType,
): AnalysisException {
  return new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
    format,
    columnName: toSQLId(columnName),
    columnType: toSQLType(columnType),
  });
}

/** The text format writes one column (Spark's textDataSourceWithMultiColumnsError). */
export function textDataSourceWithMultiColumns(schemaSize: number): AnalysisException {
  return new AnalysisException("_LEGACY_ERROR_TEMP_1290", { schemaSize: String(schemaSize) });
}

/**
 * CheckAnalysis of Spark's CollectMetrics (`observe`): a metric is an aggregate over the rows, so a column or a
 * non-deterministic call outside an aggregate function, a window function, a DISTINCT aggregate or an aggregate
 * inside another is refused. `expr` is the whole metric, alias included, as Spark names it.
 */
export function invalidObservedMetrics(
  subClass:
    | "NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE"
    | "NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC"
    | "WINDOW_EXPRESSIONS_UNSUPPORTED"
    | "NESTED_AGGREGATES_UNSUPPORTED"
    | "AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED",
  expr: string,
): AnalysisException {
  return new AnalysisException(`INVALID_OBSERVED_METRICS.${subClass}`, { expr: toSQLExpr(expr) });
}

/** `df.to(schema)`: more than one input column or field matches a name of the schema (Spark's Project.matchSchema). */
export function ambiguousColumnOrField(path: readonly string[], n: number): AnalysisException {
  return new AnalysisException("AMBIGUOUS_COLUMN_OR_FIELD", { name: toSQLId(path), n: String(n) });
}

/** `df.to(schema)`: a nullable column or field where the schema requires a non-nullable one. */
export function nullableColumnOrField(path: readonly string[]): AnalysisException {
  return new AnalysisException("NULLABLE_COLUMN_OR_FIELD", { name: toSQLId(path) });
}

/** `df.to(schema)`: a column or field whose type cannot be stored as the schema's type under ANSI rules. */
export function invalidColumnOrFieldDataType(
  path: readonly string[],
  type: SQLType,
  expectedType: SQLType,
): AnalysisException {
  return new AnalysisException("INVALID_COLUMN_OR_FIELD_DATA_TYPE", {
    name: toSQLId(path),
    type: toSQLType(type),
    expectedType: toSQLType(expectedType),
  });
}

/** `df.to(schema)`: a struct column has no field of a name the schema's struct has. */
export function unresolvedField(
  fieldName: string,
  columnPath: readonly string[],
  fields: readonly string[],
): AnalysisException {
  return new AnalysisException("UNRESOLVED_FIELD.WITH_SUGGESTION", {
    fieldName: toSQLId(fieldName),
    columnPath: toSQLId(columnPath),
    proposal: fields.map((f) => toSQLId(f)).join(", "),
  });
}

/** `df.to(schema)`: no input column has a name of the schema; the proposal is every input column, in order. */
export function unresolvedColumnOfSchema(name: string, columns: readonly string[]): AnalysisException {
  return new AnalysisException("UNRESOLVED_COLUMN.WITH_SUGGESTION", {
    objectName: toSQLId(name),
    proposal: columns.map((c) => toSQLId(c)).join(", "),
  });
}

// ---- Number and binary formats (to_number, try_to_number, to_char, to_varchar) -----------------------------

/** INVALID_FORMAT.<subClass>: a number format string ToNumberParser refuses, quoted as Spark's toSQLValue. */
export function invalidNumberFormat(
  subClass:
    | "EMPTY"
    | "WRONG_NUM_DIGIT"
    | "CUR_MUST_BEFORE_DIGIT"
    | "CUR_MUST_BEFORE_DEC"
    | "CONT_THOUSANDS_SEPS"
    | "THOUSANDS_SEPS_MUST_BEFORE_DEC",
  format: string,
): AnalysisException {
  return new AnalysisException(`INVALID_FORMAT.${subClass}`, { format: toSQLStringValue(format) });
}

/** INVALID_FORMAT.WRONG_NUM_TOKEN / UNEXPECTED_TOKEN: a token repeated or out of Spark's order. */
export function invalidNumberFormatToken(
  subClass: "WRONG_NUM_TOKEN" | "UNEXPECTED_TOKEN",
  token: string,
  format: string,
): AnalysisException {
  return new AnalysisException(`INVALID_FORMAT.${subClass}`, { token, format: toSQLStringValue(format) });
}

/** DATATYPE_MISMATCH.NON_FOLDABLE_INPUT: an argument Spark needs as a constant is a column. */
export function nonFoldableInput(
  sqlExpr: string,
  inputName: string,
  inputType: string,
  inputExpr: string,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", {
    sqlExpr: toSQLExpr(sqlExpr),
    inputName: toSQLId(inputName),
    inputType,
    inputExpr: toSQLExpr(inputExpr),
  });
}

/** INVALID_PARAMETER_VALUE.BINARY_FORMAT: to_char of a binary in a format other than base64, hex or utf-8. */
export function invalidBinaryFormat(functionName: string, format: string): AnalysisException {
  return new AnalysisException("INVALID_PARAMETER_VALUE.BINARY_FORMAT", {
    parameter: toSQLId("format"),
    functionName: toSQLId(functionName),
    invalidFormat: toSQLStringValue(format),
  });
}

/** An inverse distribution function (percentile_cont, percentile_disc) called wrongly with or without WITHIN GROUP. */
export function invalidWithinGroupExpression(
  subClass: "DISTINCT_UNSUPPORTED" | "WITHIN_GROUP_MISSING",
  funcName: string,
): AnalysisException {
  return new AnalysisException(`INVALID_WITHIN_GROUP_EXPRESSION.${subClass}`, {
    funcName: toSQLId(funcName),
  });
}

/** WITHIN GROUP (ORDER BY ...) with other than the one ordering an inverse distribution function takes. */
export function wrongNumOrderingsForWithinGroup(funcName: string, actualNum: number): AnalysisException {
  return new AnalysisException("INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS", {
    funcName: toSQLId(funcName),
    expectedNum: "1",
    actualNum: String(actualNum),
  });
}

/** percentile_cont, percentile_disc or median over a window with ORDER BY or a frame. */
export function invalidWindowSpecForAggregationFunc(aggFunc: string): AnalysisException {
  return new AnalysisException("INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC", { aggFunc: toSQLExpr(aggFunc) });
}

/** NthValue.checkInputDataTypes: an offset that is not positive. */
export function nthValueOffsetOutOfRange(sqlExpr: string, offset: number): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", {
    sqlExpr: toSQLExpr(sqlExpr),
    exprName: toSQLId("offset"),
    valueRange: "(0, 9223372036854775807]",
    currentValue: longValue(offset),
  });
}

/** EXTRACT or date_part of a field Spark does not know (literalTypeUnsupportedForSourceTypeError). */
export function invalidExtractField(field: string, source: string): AnalysisException {
  return new AnalysisException("INVALID_EXTRACT_FIELD", { field: toSQLId(field), expr: toSQLExpr(source) });
}

/** A parameter that must be a constant is a column (Spark's nonFoldableArgumentError). */
export function nonFoldableArgument(
  funcName: string,
  paramName: string,
  paramType: string,
): AnalysisException {
  return new AnalysisException("NON_FOLDABLE_ARGUMENT", {
    funcName: toSQLId(funcName),
    paramName: toSQLId(paramName),
    paramType: `"${paramType}"`,
  });
}

// --- JSON, URL and CSV functions (issue 11) ---

/** DATATYPE_MISMATCH.UNEXPECTED_NULL: a constant argument that is null. */
export function unexpectedNullInput(sqlExpr: string, exprName: string): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.UNEXPECTED_NULL", {
    sqlExpr: toSQLExpr(sqlExpr),
    exprName: toSQLId(exprName),
  });
}

/** DATATYPE_MISMATCH.NON_STRING_TYPE: json_tuple's arguments must all be strings. */
export function nonStringTypeArguments(sqlExpr: string, funcName: string): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.NON_STRING_TYPE", {
    sqlExpr: toSQLExpr(sqlExpr),
    funcName: toSQLId(funcName),
  });
}

// --- hash, bit and number functions (issue 11) ---

/** DATATYPE_MISMATCH.HASH_MAP_TYPE: hash and xxhash64 refuse an argument that is or holds a map. */
export function hashMapType(sqlExpr: string, functionName: string): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.HASH_MAP_TYPE", {
    sqlExpr: toSQLExpr(sqlExpr),
    functionName: toSQLId(functionName),
  });
}

// ---- issue 11: stack and transpose ----

/** Stack.checkInputDataTypes: the number of rows is not positive. */
export function stackRowsOutOfRange(sqlExpr: string, value: number): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", {
    sqlExpr: toSQLExpr(sqlExpr),
    exprName: toSQLId("n"),
    valueRange: "(0, 2147483647]",
    currentValue: String(value),
  });
}

/** Stack.checkInputDataTypes: an argument whose type differs from the first row's in its column. */
export function stackColumnDiffTypes(
  sqlExpr: string,
  columnIndex: number,
  leftParamIndex: number,
  leftType: SQLType,
  rightParamIndex: number,
  rightType: SQLType,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES", {
    sqlExpr: toSQLExpr(sqlExpr),
    columnIndex: String(columnIndex),
    leftParamIndex: String(leftParamIndex),
    leftType: toSQLType(leftType),
    rightParamIndex: String(rightParamIndex),
    rightType: toSQLType(rightType),
  });
}

/** Dataset.transpose: an index column Spark cannot transpose by. */
export function transposeInvalidIndexColumn(reason: string): AnalysisException {
  return new AnalysisException("TRANSPOSE_INVALID_INDEX_COLUMN", { reason });
}

/** Dataset.transpose: non-index columns without a least common type. */
export function transposeNoLeastCommonType(dt1: SQLType, dt2: SQLType): AnalysisException {
  return new AnalysisException("TRANSPOSE_NO_LEAST_COMMON_TYPE", {
    dt1: toSQLType(dt1),
    dt2: toSQLType(dt2),
  });
}

/** Dataset.transpose: more rows than spark.sql.transposeMaxValues. */
export function transposeExceedRowLimit(maxValues: number): AnalysisException {
  return new AnalysisException("TRANSPOSE_EXCEED_ROW_LIMIT", {
    maxValues: String(maxValues),
    config: toSQLConf("spark.sql.transposeMaxValues"),
  });
}

// ---- issue 11: listagg and string_agg ----

/** ListAgg.checkInputDataTypes: a delimiter of another type than the values (a string between binaries). */
export function listaggDataDiffTypes(sqlExpr: string, types: readonly string[]): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.DATA_DIFF_TYPES", {
    sqlExpr: toSQLExpr(sqlExpr),
    functionName: toSQLId("listagg"),
    dataType: `(${types.join(" or ")})`,
  });
}

/** DISTINCT with a WITHIN GROUP ordering over other expressions than the function's input. */
export function withinGroupMismatchWithDistinctInput(
  funcName: string,
  funcArg: string,
  orderingExprs: readonly string[],
): AnalysisException {
  return new AnalysisException("INVALID_WITHIN_GROUP_EXPRESSION.MISMATCH_WITH_DISTINCT_INPUT", {
    funcName: toSQLId(funcName),
    funcArg: toSQLExpr(funcArg),
    orderingExpr: orderingExprs.map(toSQLExpr).join(", "),
  });
}

/** DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE: to_csv of what CSV cannot hold (StructsToCsv.checkInputDataTypes). */
export function unsupportedInputTypeOf(
  sqlExpr: string,
  functionName: string,
  dataType: SQLType,
): AnalysisException {
  return new AnalysisException("DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE", {
    sqlExpr: toSQLExpr(sqlExpr),
    functionName: toSQLId(functionName),
    dataType: toSQLType(dataType),
  });
}

/** A persistent function that is not in its database (Spark's NoSuchFunctionException). */
export function routineNotFound(database: string, name: string): AnalysisException {
  return new AnalysisException("ROUTINE_NOT_FOUND", {
    routineName: toSQLId([SESSION_CATALOG, database, name]),
  });
}

/** ANALYZE TABLE on a view that is not cached (Spark's analyzeTableNotSupportedOnViewsError). */
export function analyzeTableNotSupportedOnViews(): AnalysisException {
  return new AnalysisException("UNSUPPORTED_FEATURE.ANALYZE_VIEW", {});
}

// ---- Subquery expressions (df.scalar(), df.exists(), col.outer()) ---------------------------------------------

/** A plan that still holds an `outer()` reference outside any subquery when it is analysed to run. */
export function unanalyzableExpression(sql: string): AnalysisException {
  return new AnalysisException("UNANALYZABLE_EXPRESSION", { expr: toSQLExpr(sql) });
}

/** A scalar subquery whose plan has other than one column. */
export function scalarSubqueryMoreThanOneColumn(number: number): AnalysisException {
  return new AnalysisException(
    "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
    {
      number: String(number),
    },
  );
}

/** A lateral join of a type other than inner, cross and left outer. */
export function invalidLateralJoinType(joinType: string): AnalysisException {
  const names: Record<string, string> = {
    right: "RIGHT OUTER",
    full: "FULL OUTER",
    left_semi: "LEFT SEMI",
    left_anti: "LEFT ANTI",
  };
  return new AnalysisException("INVALID_LATERAL_JOIN_TYPE", { joinType: names[joinType] ?? joinType });
}
