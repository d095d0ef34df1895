import { describe, expect, it } from "vitest";
import { ERROR_CONDITIONS, type ErrorCondition, type ErrorInfo } from "./errorConditions";
import { getErrorMessage, getMessage, getMessageParameters, getSqlState } from "./SparkThrowableHelper";

/**
 * The SQL state of each condition in Spark 4's common/utils/src/main/resources/error/error-conditions.json
 * (`null`: Spark's condition has none, as every `_LEGACY_ERROR_*` one).
 */
const SPARK_SQL_STATES: Readonly<Record<string, string | null>> = {
  AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION: "42845",
  ALL_PARTITION_COLUMNS_NOT_ALLOWED: "KD005",
  AMBIGUOUS_COLUMN_OR_FIELD: "42702",
  AMBIGUOUS_REFERENCE: "42704",
  AMBIGUOUS_REFERENCE_TO_FIELDS: "42000",
  ARITHMETIC_OVERFLOW: "22003",
  CALL_ON_STREAMING_DATASET_UNSUPPORTED: "42KDE",
  CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK: "42611",
  CANNOT_DECODE_URL: "22546",
  CANNOT_PARSE_INTERVAL: "22006",
  CANNOT_PARSE_TIMESTAMP: "22007",
  CANNOT_RESOLVE_STAR_EXPAND: "42704",
  CAST_INVALID_INPUT: "22018",
  CAST_OVERFLOW: "22003",
  CATALOG_NOT_FOUND: "42P08",
  CODEC_NOT_AVAILABLE: "56038",
  COLLATION_INVALID_NAME: "42704",
  COLUMN_ALREADY_EXISTS: "42711",
  COLUMN_NOT_DEFINED_IN_TABLE: "42703",
  COLUMN_NOT_FOUND: "42703",
  CONFLICTING_PARTITION_COLUMN_NAMES: "KD009",
  CONVERSION_INVALID_INPUT: "22018",
  CREATE_VIEW_COLUMN_ARITY_MISMATCH: "21S01",
  DATA_SOURCE_NOT_FOUND: "42K02",
  DATATYPE_MISMATCH: "42K09",
  DIVIDE_BY_ZERO: "22012",
  DUPLICATE_CLAUSES: "42614",
  EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED: "42815",
  EXPECT_TABLE_NOT_VIEW: "42809",
  EXPECT_VIEW_NOT_TABLE: "42809",
  FAILED_EXECUTE_UDF: "39000",
  FAILED_READ_FILE: "KD001",
  FIELD_NOT_FOUND: "42704",
  FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR: "39000",
  FOREACH_BATCH_USER_FUNCTION_ERROR: "39000",
  FOREACH_USER_FUNCTION_ERROR: "39000",
  FOREACH_WRITER_ABORTED: null,
  GROUPING_COLUMN_MISMATCH: "42803",
  GROUPING_ID_COLUMN_MISMATCH: "42803",
  GROUP_BY_AGGREGATE: "42903",
  ILLEGAL_STATE_STORE_VALUE: "42601",
  INCOMPARABLE_PIVOT_COLUMN: "42818",
  INCOMPATIBLE_COLUMN_TYPE: "42825",
  INCOMPATIBLE_DATA_FOR_TABLE: "KD000",
  INSERT_COLUMN_ARITY_MISMATCH: "21S01",
  INSERT_PARTITION_COLUMN_ARITY_MISMATCH: "21S01",
  INTERNAL_ERROR: "XX000",
  INVALID_EXTRACT_BASE_FIELD_TYPE: "42000",
  INVALID_FORMAT: "42601",
  INVALID_EXTRACT_FIELD: "42601",
  INVALID_INLINE_TABLE: "42000",
  INVALID_PARAMETER_VALUE: "22023",
  INVALID_INTERVAL_FORMAT: "22006",
  INTERVAL_ARITHMETIC_OVERFLOW: "22015",
  INTERVAL_DIVIDED_BY_ZERO: "22012",
  INVALID_JSON_SCHEMA_MAP_TYPE: "22032",
  INVALID_OPTIONS: "42K06",
  INVALID_NON_DETERMINISTIC_EXPRESSIONS: "42K0E",
  INVALID_OBSERVED_METRICS: "42K0E",
  INVALID_PARTITION_COLUMN_DATA_TYPE: "0A000",
  INVALID_PARTITION_OPERATION: "42601",
  INVALID_SAVE_MODE: "42000",
  INVALID_SCHEMA_OR_RELATION_NAME: "42602",
  INVALID_TEMP_OBJ_REFERENCE: "42K0F",
  INVALID_URL: "22P02",
  INVALID_USAGE_OF_STAR_OR_REGEX: "42000",
  INVALID_VARIANT_CAST: "22023",
  INVALID_VARIANT_GET_PATH: "22023",
  INVALID_WHERE_CONDITION: "42903",
  INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC: "42601",
  INVALID_WITHIN_GROUP_EXPRESSION: "42K0K",
  JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE: "42K0E",
  LOCATION_ALREADY_EXISTS: "42710",
  MALFORMED_LOG_FILE: "KD002",
  MALFORMED_RECORD_IN_PARSING: "22023",
  MISSING_AGGREGATION: "42803",
  MISSING_TIMEOUT_CONFIGURATION: "HY000",
  NESTED_AGGREGATE_FUNCTION: "42607",
  NON_FOLDABLE_ARGUMENT: "42K08",
  NON_LITERAL_PIVOT_VALUES: "42K08",
  NON_PARTITION_COLUMN: "42000",
  NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING: "42KDE",
  NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT: "0A000",
  NUM_COLUMNS_MISMATCH: "42826",
  NUMERIC_OUT_OF_SUPPORTED_RANGE: "22003",
  NUMERIC_VALUE_OUT_OF_RANGE: "22003",
  ORDER_BY_POS_OUT_OF_RANGE: "42805",
  PARSE_SYNTAX_ERROR: "42601",
  PATH_ALREADY_EXISTS: "42K04",
  PATH_NOT_FOUND: "42K03",
  INVALID_EMPTY_LOCATION: "42K05",
  PIVOT_VALUE_DATA_TYPE_MISMATCH: "42K09",
  PYTHON_DATA_SOURCE_ERROR: "38000",
  PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR: "38000",
  REQUIRES_SINGLE_PART_NAMESPACE: "42K05",
  ROUTINE_NOT_FOUND: "42883",
  SCHEMA_ALREADY_EXISTS: "42P06",
  SCHEMA_NOT_EMPTY: "2BP01",
  SCHEMA_NOT_FOUND: "42704",
  SPECIFY_CLUSTER_BY_WITH_PARTITIONED_BY_IS_NOT_ALLOWED: "42908",
  SPECIFY_PARTITION_IS_NOT_ALLOWED: "42601",
  SQL_CONF_NOT_FOUND: "42K0I",
  STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE: "42802",
  STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE: "42802",
  STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY: "42802",
  STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED: "42802",
  STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE: "42802",
  STATE_STORE_HANDLE_NOT_INITIALIZED: "42802",
  STATE_STORE_INVALID_CONFIG_AFTER_RESTART: "42K06",
  STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE: "42K06",
  STDS_COMMITTED_BATCH_UNAVAILABLE: "KD006",
  STDS_FAILED_TO_READ_STATE_SCHEMA: "42K03",
  STDS_INVALID_OPTION_VALUE: "42616",
  STDS_REQUIRED_OPTION_UNSPECIFIED: "42601",
  STATE_STORE_INVALID_PROVIDER: "42K06",
  STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE: "XXKST",
  STATE_STORE_UNSUPPORTED_OPERATION_BINARY_INEQUALITY: "XXKST",
  STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE: "XXKST",
  STREAM_FAILED: "XXKST",
  STREAMING_OUTPUT_MODE: "42KDE",
  STREAMING_QUERY_EVOLUTION_ERROR: "42000",
  TABLE_OR_VIEW_ALREADY_EXISTS: "42P07",
  TABLE_OR_VIEW_NOT_FOUND: "42P01",
  TEMP_TABLE_OR_VIEW_ALREADY_EXISTS: "42P07",
  TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS: "428EK",
  UDTF_ALIAS_NUMBER_MISMATCH: "42802",
  // issue 11: stack, array_insert, transpose
  INVALID_INDEX_OF_ZERO: "22003",
  TRANSPOSE_EXCEED_ROW_LIMIT: "54006",
  TRANSPOSE_INVALID_INDEX_COLUMN: "42804",
  TRANSPOSE_NO_LEAST_COMMON_TYPE: "42K09",
  UNABLE_TO_INFER_SCHEMA: "42KD9",
  UNPIVOT_REQUIRES_VALUE_COLUMNS: "42K0A",
  UNPIVOT_VALUE_DATA_TYPE_MISMATCH: "42K09",
  UNPIVOT_VALUE_SIZE_MISMATCH: "428C4",
  UNRESOLVABLE_TABLE_VALUED_FUNCTION: "42883",
  UNRESOLVED_COLUMN: "42703",
  UNRESOLVED_FIELD: "42703",
  INVALID_COLUMN_OR_FIELD_DATA_TYPE: "42000",
  NULLABLE_COLUMN_OR_FIELD: "42000",
  INVALID_LATERAL_JOIN_TYPE: "42613",
  INVALID_LOG_VERSION: "KD002",
  INVALID_SUBQUERY_EXPRESSION: "42823",
  SCALAR_SUBQUERY_TOO_MANY_ROWS: "21000",
  UNANALYZABLE_EXPRESSION: "03000",
  UNRESOLVED_ROUTINE: "42883",
  UNRESOLVED_USING_COLUMN_FOR_JOIN: "42703",
  UNSUPPORTED_DATATYPE: "0A000",
  UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY: "0A000",
  UNSUPPORTED_EXPR_FOR_WINDOW: "42P20",
  UNSUPPORTED_FEATURE: "0A000",
  UNSUPPORTED_GENERATOR: "42K0E",
  UNSUPPORTED_GROUPING_EXPRESSION: "42K0E",
  UNSUPPORTED_INSERT: "42809",
  UNSUPPORTED_JOIN_TYPE: "0A000",
  UNSUPPORTED_OVERWRITE: "42902",
  UNSUPPORTED_SHOW_CREATE_TABLE: "0A000",
  USER_RAISED_EXCEPTION: "P0001",
  VARIANT_SIZE_LIMIT: "22023",
  WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE: "42601",
  WRITE_STREAM_NOT_ALLOWED: "42601",
  WRONG_COMMAND_FOR_OBJECT_TYPE: "42809",
  WRONG_NUM_ARGS: "42605",
  INVALID_AGGREGATE_FILTER: "42903",
  INVALID_SQL_SYNTAX: "42000",
  _LEGACY_ERROR_TEMP_0022: null,
  _LEGACY_ERROR_TEMP_0029: null,
  _LEGACY_ERROR_TEMP_0032: null,
  _LEGACY_ERROR_TEMP_0035: null,
  _LEGACY_ERROR_TEMP_0046: null,
  _LEGACY_ERROR_TEMP_0051: null,
  _LEGACY_ERROR_TEMP_1325: null,
  _LEGACY_ERROR_TEMP_3063: null,
  _LEGACY_ERROR_TEMP_0052: null,
  _LEGACY_ERROR_TEMP_0053: null,
  _LEGACY_ERROR_TEMP_0061: null,
  _LEGACY_ERROR_TEMP_1229: null,
  _LEGACY_ERROR_TEMP_1006: null,
  _LEGACY_ERROR_TEMP_1008: null,
  _LEGACY_ERROR_TEMP_1018: null,
  _LEGACY_ERROR_TEMP_1037: null,
  _LEGACY_ERROR_TEMP_1039: null,
  _LEGACY_ERROR_TEMP_1066: null,
  _LEGACY_ERROR_TEMP_1158: null,
  _LEGACY_ERROR_TEMP_1159: null,
  _LEGACY_ERROR_TEMP_1160: null,
  _LEGACY_ERROR_TEMP_1161: null,
  _LEGACY_ERROR_TEMP_1162: null,
  _LEGACY_ERROR_TEMP_1163: null,
  _LEGACY_ERROR_TEMP_1181: null,
  _LEGACY_ERROR_TEMP_1188: null,
  _LEGACY_ERROR_TEMP_1189: null,
  _LEGACY_ERROR_TEMP_1190: null,
  _LEGACY_ERROR_TEMP_1191: null,
  _LEGACY_ERROR_TEMP_1192: null,
  _LEGACY_ERROR_TEMP_1194: null,
  _LEGACY_ERROR_TEMP_1195: null,
  _LEGACY_ERROR_TEMP_1196: null,
  _LEGACY_ERROR_TEMP_1197: null,
  _LEGACY_ERROR_TEMP_1201: null,
  _LEGACY_ERROR_TEMP_1207: null,
  _LEGACY_ERROR_TEMP_1241: null,
  _LEGACY_ERROR_TEMP_1266: null,
  _LEGACY_ERROR_TEMP_1298: null,
  _LEGACY_ERROR_TEMP_1299: null,
  _LEGACY_ERROR_TEMP_1309: null,
  _LEGACY_ERROR_TEMP_1323: null,
  _LEGACY_ERROR_TEMP_2047: null,
  _LEGACY_ERROR_TEMP_2048: null,
  _LEGACY_ERROR_TEMP_2049: null,
  _LEGACY_ERROR_TEMP_2203: null,
  _LEGACY_ERROR_TEMP_2204: null,
  _LEGACY_ERROR_TEMP_2205: null,
  _LEGACY_ERROR_TEMP_2242: null,
  _LEGACY_ERROR_TEMP_3016: null,
  _LEGACY_ERROR_TEMP_3068: null,
  _LEGACY_ERROR_TEMP_3076: null,
  _LEGACY_ERROR_TEMP_3077: null,
  _LEGACY_ERROR_TEMP_3080: null,
  _LEGACY_ERROR_TEMP_3081: null,
  _LEGACY_ERROR_TEMP_1290: null,
  _LEGACY_ERROR_TEMP_1295: null,
  _LEGACY_ERROR_TEMP_1296: null,
  _LEGACY_ERROR_TEMP_1297: null,
  _LEGACY_ERROR_TEMP_3102: null,
  _LEGACY_ERROR_TEMP_3176: null,
  _LEGACY_ERROR_TEMP_3231: null,
  CONCURRENT_STREAM_LOG_UPDATE: "40000",
  INVALID_CONF_VALUE: "22022",
  INVALID_DATETIME_PATTERN: "22007",
  INVALID_SCHEMA: "42K07",
  UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE: "0A000",
  EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE: "42K09",
};

/** Conditions of PySpark's own error-conditions.json: no SQL state there. */
const PYSPARK_CONDITIONS = [
  "CANNOT_ACCEPT_OBJECT_IN_TYPE",
  "CANNOT_DETERMINE_TYPE",
  "CANNOT_INFER_EMPTY_SCHEMA",
  "CANNOT_INFER_TYPE_FOR_FIELD",
  "CANNOT_MERGE_TYPE",
  "CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF",
  "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME",
  "FIELD_NOT_NULLABLE_WITH_NAME",
  "LENGTH_SHOULD_BE_THE_SAME",
  "NOT_COLUMN",
  "ONLY_ALLOW_SINGLE_TRIGGER",
  "UNSUPPORTED_DATA_TYPE",
];

const catalogue = ERROR_CONDITIONS as Readonly<Record<string, ErrorInfo>>;

/** Every condition as raised: the main name, or `MAIN.SUB` for each sub-class. */
const conditions: ErrorCondition[] = Object.entries(catalogue).flatMap(([main, info]) =>
  info.subClass ? Object.keys(info.subClass).map((sub) => `${main}.${sub}`) : [main],
) as ErrorCondition[];

/** A value for each parameter, distinct enough to find in the message. */
const parametersOf = (condition: ErrorCondition) =>
  Object.fromEntries(getMessageParameters(condition).map((name) => [name, `{${name}}`]));

describe("the error catalogue", () => {
  it("has Spark's file shape: message lines, optional sub-classes with message lines, optional sqlState", () => {
    const json = JSON.parse(JSON.stringify(ERROR_CONDITIONS)) as Record<string, Record<string, unknown>>;
    for (const [name, info] of Object.entries(json)) {
      expect(
        Object.keys(info).every((k) => ["message", "subClass", "sqlState"].includes(k)),
        name,
      ).toBe(true);
      expect(Array.isArray(info.message) && info.message.every((l) => typeof l === "string"), name).toBe(
        true,
      );
      for (const sub of Object.values((info.subClass ?? {}) as Record<string, { message: unknown }>)) {
        expect(Array.isArray(sub.message), name).toBe(true);
      }
      if (info.sqlState !== undefined) expect(info.sqlState, name).toMatch(/^[0-9A-Z]{5}$/);
    }
  });

  it.each(conditions)("%s renders every placeholder from its parameters", (condition) => {
    const parameters = parametersOf(condition);
    const text = getErrorMessage(condition, parameters);
    expect(text).not.toMatch(/<[a-zA-Z0-9_-]+>/);
    for (const value of Object.values(parameters)) expect(text).toContain(value);
    const message = getMessage(condition, parameters);
    expect(message.startsWith(condition.startsWith("_LEGACY_ERROR_") ? text : `[${condition}] ${text}`)).toBe(
      true,
    );
    const sqlState = getSqlState(condition);
    expect(message.endsWith(sqlState ? ` SQLSTATE: ${sqlState}` : text)).toBe(true);
  });

  it.each(conditions.filter((c) => getMessageParameters(c).length > 0))(
    "%s refuses to render without one of its parameters",
    (condition) => {
      const [first, ...rest] = [...new Set(getMessageParameters(condition))];
      const parameters = parametersOf(condition);
      delete parameters[first];
      expect(() => getErrorMessage(condition, parameters)).toThrow(first);
      expect(rest.every((name) => name in parameters)).toBe(true);
    },
  );

  it("carries Spark's SQL state for every condition Spark has, none for PySpark's", () => {
    for (const name of Object.keys(catalogue)) {
      if (PYSPARK_CONDITIONS.includes(name)) {
        expect(catalogue[name].sqlState, name).toBeUndefined();
      } else if (name in SPARK_SQL_STATES) {
        expect(catalogue[name].sqlState ?? null, name).toBe(SPARK_SQL_STATES[name]);
      } else {
        // Not a condition of Spark or PySpark: it says so in its name.
        expect(name).toMatch(/^SLUICE_/);
      }
    }
  });

  it("a Sluice gap (what Spark does and Sluice cannot, SQL state 0A000) says so, and what to do instead", () => {
    const gaps = Object.keys(catalogue).filter(
      (n) => n.startsWith("SLUICE_") && catalogue[n].sqlState === "0A000",
    );
    expect(gaps).toEqual(
      expect.arrayContaining([
        "SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH",
        "SLUICE_RANGE_ARGUMENTS",
        "SLUICE_UNSUPPORTED_SYNTAX",
        "SLUICE_UNSUPPORTED_STREAMING_AGGREGATE",
        "SLUICE_UNSUPPORTED_WINDOW_AGGREGATE",
      ]),
    );
    for (const name of gaps.filter(
      (n) => n !== "SLUICE_UNSUPPORTED_FEATURE" && n !== "SLUICE_UNSUPPORTED_SYNTAX",
    )) {
      const text = catalogue[name].message.join("\n");
      expect(text, name).toMatch(/Spark/);
      // The advice: a sentence after the one that names the gap.
      expect(text.split(/[.:;] /).length, name).toBeGreaterThan(1);
    }
    expect(getMessage("SLUICE_UNSUPPORTED_SYNTAX", { syntax: "PIVOT" })).toBe(
      "[SLUICE_UNSUPPORTED_SYNTAX] PIVOT is not supported by Sluice's SQL planner yet, though Spark runs it. SQLSTATE: 0A000",
    );
  });

  it("takes a sub-class's state from its main condition, as Spark 4 does", () => {
    expect(getSqlState("UNRESOLVED_COLUMN.WITH_SUGGESTION")).toBe("42703");
    expect(getSqlState("NOT_A_CONDITION")).toBeUndefined();
  });

  it("renders as Spark's getMessage: condition, message lines joined by newlines, SQLSTATE", () => {
    expect(
      getMessage("MISSING_AGGREGATION", { expression: '"x"', expressionAnyValue: '"any_value(x)"' }),
    ).toBe(
      '[MISSING_AGGREGATION] The non-aggregating expression "x" is based on columns which are not participating in the GROUP BY clause.\nAdd the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(x)" if you do not care which of the values within a group is returned. SQLSTATE: 42803',
    );
    expect(getMessage("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", { objectName: "`a`" })).toBe(
      "[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with name `a` cannot be resolved.  SQLSTATE: 42703",
    );
    expect(getMessage("_LEGACY_ERROR_TEMP_3102", { msg: "m" })).toBe("m");
  });
});
