/**
 * The error catalogue: every error condition the engine raises, in the shape of Spark 4's
 * `common/utils/src/main/resources/error/error-conditions.json` (condition → `message` lines with `<param>`
 * placeholders, `subClass`, `sqlState`). Only the conditions Sluice raises are here, under Spark's names and with
 * Spark's SQL states; conditions of PySpark's own `error-conditions.json` carry no SQL state, as in PySpark.
 * Conditions named `SLUICE_*` are errors Spark has no condition for, each with a line saying why: a situation that
 * cannot arise on Spark (browser storage, DuckDB limits, Sluice's own features) or a Sluice gap where Spark succeeds.
 *
 * A TypeScript module rather than a JSON file: `as const` keeps every template a literal type, so each condition's
 * parameters are checked where the error is built (see `MessageParameters`). `JSON.stringify(ERROR_CONDITIONS)` is
 * Spark's file format.
 */
export const ERROR_CONDITIONS = {
  AGGREGATE_FUNCTION_WITH_NONDETERMINISTIC_EXPRESSION: {
    message: [
      "Non-deterministic expression <sqlExpr> should not appear in the arguments of an aggregate function.",
    ],
    sqlState: "42845",
  },
  ALL_PARTITION_COLUMNS_NOT_ALLOWED: {
    message: ["Cannot use all columns for partition columns."],
    sqlState: "KD005",
  },
  AMBIGUOUS_COLUMN_OR_FIELD: {
    message: ["Column or field <name> is ambiguous and has <n> matches."],
    sqlState: "42702",
  },
  AMBIGUOUS_REFERENCE: {
    message: ["Reference <name> is ambiguous, could be: <referenceNames>."],
    sqlState: "42704",
  },
  AMBIGUOUS_REFERENCE_TO_FIELDS: {
    message: ["Ambiguous reference to the field <field>. It appears <count> times in the schema."],
    sqlState: "42000",
  },
  ARITHMETIC_OVERFLOW: {
    message: ['<message>.<alternative> If necessary set <config> to "false" to bypass this error.'],
    sqlState: "22003",
  },
  CALL_ON_STREAMING_DATASET_UNSUPPORTED: {
    message: ["The method <methodName> can not be called on streaming Dataset/DataFrame."],
    sqlState: "42KDE",
  },
  CANNOT_ACCEPT_OBJECT_IN_TYPE: {
    message: ["<data_type> can not accept object <obj_name> in type <obj_type>."],
  },
  CANNOT_ASSIGN_EVENT_TIME_COLUMN_WITHOUT_WATERMARK: {
    message: [
      "Watermark needs to be defined to reassign event time column. Failed to find watermark definition in the streaming query.",
    ],
    sqlState: "42611",
  },
  CANNOT_DECODE_URL: {
    message: [
      "The provided URL cannot be decoded: <url>. Please ensure that the URL is properly formatted and try again.",
    ],
    sqlState: "22546",
  },
  CANNOT_DETERMINE_TYPE: {
    message: ["Some of types cannot be determined after inferring."],
  },
  CANNOT_INFER_EMPTY_SCHEMA: {
    message: ["Can not infer schema from an empty dataset."],
  },
  CANNOT_INFER_TYPE_FOR_FIELD: {
    message: ["Unable to infer the type of the field `<field_name>`."],
  },
  CANNOT_MERGE_TYPE: {
    message: ["Can not merge type `<data_type1>` and `<data_type2>`."],
  },
  CANNOT_PARSE_INTERVAL: {
    message: [
      "Unable to parse <intervalString>. Please ensure that the value provided is in a valid format for defining an interval. You can reference the documentation for the correct format. If the issue persists, please double check that the input value is not null or empty and try again.",
    ],
    sqlState: "22006",
  },
  CANNOT_PARSE_TIMESTAMP: {
    message: ["<message>. Use <func> to tolerate invalid input string and return NULL instead."],
    sqlState: "22007",
  },
  CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF: {
    message: [
      "returnType can not be specified when `<arg_name>` is a user-defined function, but got <return_type>.",
    ],
  },
  CANNOT_RESOLVE_STAR_EXPAND: {
    message: [
      "Cannot resolve <targetString>.* given input columns <columns>. Please check that the specified table or struct exists and is accessible in the input columns.",
    ],
    sqlState: "42704",
  },
  CAST_INVALID_INPUT: {
    message: [
      "The value <expression> of the type <sourceType> cannot be cast to <targetType> because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead.",
    ],
    sqlState: "22018",
  },
  CAST_OVERFLOW: {
    message: [
      "The value <value> of the type <sourceType> cannot be cast to <targetType> due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead.",
    ],
    sqlState: "22003",
  },
  CATALOG_NOT_FOUND: {
    message: [
      "The catalog <catalogName> not found. Consider to set the SQL config <config> to a catalog plugin.",
    ],
    sqlState: "42P08",
  },
  CODEC_NOT_AVAILABLE: {
    message: ["The codec <codecName> is not available."],
    subClass: {
      WITH_AVAILABLE_CODECS_SUGGESTION: {
        message: ["Available codecs are <availableCodecs>."],
      },
    },
    sqlState: "56038",
  },
  COLLATION_INVALID_NAME: {
    message: [
      "The value <collationName> does not represent a correct collation name. Suggested valid collation names: [<proposals>].",
    ],
    sqlState: "42704",
  },
  COLUMN_ALREADY_EXISTS: {
    message: ["The column <columnName> already exists. Choose another name or rename the existing column."],
    sqlState: "42711",
  },
  COLUMN_NOT_DEFINED_IN_TABLE: {
    message: [
      "<colType> column <colName> is not defined in table <tableName>, defined table columns are: <tableCols>.",
    ],
    sqlState: "42703",
  },
  COLUMN_NOT_FOUND: {
    message: [
      "The column <colName> cannot be found. Verify the spelling and correctness of the column name according to the SQL config <caseSensitiveConfig>.",
    ],
    sqlState: "42703",
  },
  CONCURRENT_STREAM_LOG_UPDATE: {
    message: [
      "Concurrent update to the log. Multiple streaming jobs detected for <batchId>.",
      "Please make sure only one streaming job runs on a specific checkpoint location at a time.",
    ],
    sqlState: "40000",
  },
  CONFLICTING_PARTITION_COLUMN_NAMES: {
    message: [
      "Conflicting partition column names detected:",
      "<distinctPartColLists>",
      "For partitioned table directories, data files should only live in leaf directories.",
      "And directories at the same level should have the same partition column name.",
      "Please check the following directories for unexpected files or inconsistent partition column names:",
      "<suspiciousPaths>",
    ],
    sqlState: "KD009",
  },
  // issue 11: to_binary of malformed hex or base64 (binaryFunctions.ts)
  CONVERSION_INVALID_INPUT: {
    message: [
      "The value <str> (<fmt>) cannot be converted to <targetType> because it is malformed. Correct the value as per the syntax, or change its format. Use <suggestion> to tolerate malformed input and return NULL instead.",
    ],
    sqlState: "22018",
  },
  CREATE_VIEW_COLUMN_ARITY_MISMATCH: {
    message: ["Cannot create view <viewName>, the reason is"],
    subClass: {
      NOT_ENOUGH_DATA_COLUMNS: {
        message: ["not enough data columns:", "View columns: <viewColumns>.", "Data columns: <dataColumns>."],
      },
      TOO_MANY_DATA_COLUMNS: {
        message: ["too many data columns:", "View columns: <viewColumns>.", "Data columns: <dataColumns>."],
      },
    },
    sqlState: "21S01",
  },
  DATA_SOURCE_NOT_FOUND: {
    message: [
      "Failed to find the data source: <provider>. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version.",
    ],
    sqlState: "42K02",
  },
  DATATYPE_MISMATCH: {
    message: ["Cannot resolve <sqlExpr> due to data type mismatch:"],
    subClass: {
      BINARY_OP_DIFF_TYPES: {
        message: [
          "the left and right operands of the binary operator have incompatible types (<left> and <right>).",
        ],
      },
      CANNOT_DROP_ALL_FIELDS: {
        message: ["Cannot drop all fields in struct."],
      },
      CAST_WITH_CONF_SUGGESTION: {
        message: [
          "cannot cast <srcType> to <targetType> with ANSI mode on.",
          "If you have to cast <srcType> to <targetType>, you can set <config> as <configVal>.",
        ],
      },
      CAST_WITH_FUNC_SUGGESTION: {
        message: [
          "cannot cast <srcType> to <targetType>.",
          "To convert values from <srcType> to <targetType>, you can use the functions <functionNames> instead.",
        ],
      },
      CAST_WITHOUT_SUGGESTION: {
        message: ["cannot cast <srcType> to <targetType>."],
      },
      DATA_DIFF_TYPES: {
        message: ["Input to <functionName> should all be the same type, but it's <dataType>."],
      },
      FILTER_NOT_BOOLEAN: {
        message: ["Filter expression <filter> of type <type> is not a boolean."],
      },
      NON_FOLDABLE_INPUT: {
        message: [
          "the input <inputName> should be a foldable <inputType> expression; however, got <inputExpr>.",
        ],
      },
      NON_STRING_TYPE: {
        message: ["all arguments of the function <funcName> must be strings."],
      },
      STACK_COLUMN_DIFF_TYPES: {
        message: [
          "The data type of the column (<columnIndex>) do not have the same type: <leftType> (<leftParamIndex>) <> <rightType> (<rightParamIndex>).",
        ],
      },
      TYPE_CHECK_FAILURE_WITH_HINT: {
        message: ["<msg><hint>."],
      },
      PARAMETER_CONSTRAINT_VIOLATION: {
        message: [
          "The <leftExprName>(<leftExprValue>) must be <constraint> the <rightExprName>(<rightExprValue>).",
        ],
      },
      // issue 11: hash and xxhash64 refuse maps (hashFunctions.ts)
      HASH_MAP_TYPE: {
        message: [
          'Input to the function <functionName> cannot contain elements of the "MAP" type. In Spark, same maps may have different hashcode, thus hash expressions are prohibited on "MAP" elements. To restore previous behavior set "spark.sql.legacy.allowHashOnMapType" to "true".',
        ],
      },
      UNEXPECTED_NULL: {
        message: ["The <exprName> must not be null."],
      },
      // issue 11: from_xml's schema must be a struct (xml/xmlFunctions.ts)
      INVALID_XML_SCHEMA: {
        message: ["Input schema <schema> must be a struct or a variant."],
      },
      UNEXPECTED_INPUT_TYPE: {
        message: [
          "The <paramIndex> parameter requires the <requiredType> type, however <inputSql> has the type <inputType>.",
        ],
      },
      UNSUPPORTED_INPUT_TYPE: {
        message: ["The input of <functionName> can't be <dataType> type data."],
      },
      VALUE_OUT_OF_RANGE: {
        message: ["The <exprName> must be between <valueRange> (current value = <currentValue>)."],
      },
    },
    sqlState: "42K09",
  },
  DIVIDE_BY_ZERO: {
    message: [
      'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set <config> to "false" to bypass this error.',
    ],
    sqlState: "22012",
  },
  DUPLICATE_CLAUSES: {
    message: ["Found duplicate clauses: <clauseName>. Please, remove one of them."],
    sqlState: "42614",
  },
  EMITTING_ROWS_OLDER_THAN_WATERMARK_NOT_ALLOWED: {
    message: [
      "Previous node emitted a row with eventTime=<emittedRowEventTime> which is older than current_watermark_value=<currentWatermark>",
      "This can lead to correctness issues in the stateful operators downstream in the execution pipeline.",
      "Please correct the operator logic to emit rows after current global watermark value.",
    ],
    sqlState: "42815",
  },
  EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE: {
    message: ['The event time <eventName> has the invalid type <eventType>, but expected "TIMESTAMP".'],
    sqlState: "42K09",
  },
  EXPECT_TABLE_NOT_VIEW: {
    message: ["'<operation>' expects a table but <viewName> is a view."],
    subClass: {
      NO_ALTERNATIVE: {
        message: [""],
      },
      USE_ALTER_VIEW: {
        message: ["Please use ALTER VIEW instead."],
      },
    },
    sqlState: "42809",
  },
  EXPECT_VIEW_NOT_TABLE: {
    message: ["The table <tableName> does not support <operation>."],
    subClass: {
      NO_ALTERNATIVE: {
        message: [""],
      },
      USE_ALTER_TABLE: {
        message: ["Please use ALTER TABLE instead."],
      },
    },
    sqlState: "42809",
  },
  FAILED_EXECUTE_UDF: {
    message: ["User defined function (<functionName>: (<signature>) => <result>) failed due to: <reason>."],
    sqlState: "39000",
  },
  FAILED_READ_FILE: {
    message: ["Encountered error while reading file <path>."],
    subClass: {
      NO_HINT: {
        message: [""],
      },
      PARQUET_COLUMN_DATA_TYPE_MISMATCH: {
        message: [
          "Data type mismatches when reading Parquet column <column>. Expected Spark type <expectedType>, actual Parquet type <actualType>.",
        ],
      },
    },
    sqlState: "KD001",
  },
  FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME: {
    message: ["<field_name>: <data_type> can not accept object <obj> in type <obj_type>."],
  },
  FIELD_NOT_FOUND: {
    message: ["No such struct field <fieldName> in <fields>."],
    sqlState: "42704",
  },
  FIELD_NOT_NULLABLE_WITH_NAME: {
    message: ["<field_name>: This field is not nullable, but got None."],
  },
  FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR: {
    message: ["An error occurred in the user provided function in flatMapGroupsWithState. Reason: <reason>"],
    sqlState: "39000",
  },
  FOREACH_BATCH_USER_FUNCTION_ERROR: {
    message: ["An error occurred in the user provided function in foreach batch sink. Reason: <reason>"],
    sqlState: "39000",
  },
  FOREACH_USER_FUNCTION_ERROR: {
    message: ["An error occurred in the user provided function in foreach sink. Reason: <reason>"],
    sqlState: "39000",
  },
  // Spark 4's successor of _LEGACY_ERROR_TEMP_2256, whose text and (absent) state it keeps.
  FOREACH_WRITER_ABORTED: {
    message: ["Foreach writer has been aborted due to a task failure."],
  },
  GROUPING_COLUMN_MISMATCH: {
    message: ["Column of grouping (<grouping>) can't be found in grouping columns <groupingColumns>."],
    sqlState: "42803",
  },
  GROUPING_ID_COLUMN_MISMATCH: {
    message: [
      "Columns of grouping_id (<groupingIdColumn>) does not match grouping columns (<groupByColumns>).",
    ],
    sqlState: "42803",
  },
  GROUP_BY_AGGREGATE: {
    message: ["Aggregate functions are not allowed in GROUP BY, but found <sqlExpr>."],
    sqlState: "42903",
  },
  ILLEGAL_STATE_STORE_VALUE: {
    message: ["Illegal value provided to the State Store"],
    subClass: {
      EMPTY_LIST_VALUE: {
        message: ["Cannot write empty list values to State Store for StateName <stateName>."],
      },
      NULL_VALUE: {
        message: ["Cannot write null values to State Store for StateName <stateName>."],
      },
    },
    sqlState: "42601",
  },
  INCOMPARABLE_PIVOT_COLUMN: {
    message: ["Invalid pivot column <columnName>. Pivot columns must be comparable."],
    sqlState: "42818",
  },
  INCOMPATIBLE_COLUMN_TYPE: {
    message: [
      "<operator> can only be performed on tables with compatible column types. The <columnOrdinalNumber> column of the <tableOrdinalNumber> table is <dataType1> type which is not compatible with <dataType2> at the same column of the first table.<hint>.",
    ],
    sqlState: "42825",
  },
  INCOMPATIBLE_DATA_FOR_TABLE: {
    message: ["Cannot write incompatible data for the table <tableName>:"],
    subClass: {
      CANNOT_FIND_DATA: {
        message: ["Cannot find data for the output column <colName>."],
      },
      CANNOT_SAFELY_CAST: {
        message: ["Cannot safely cast <colName> <srcType> to <targetType>."],
      },
      EXTRA_COLUMNS: {
        message: ["Cannot write extra columns <extraColumns>."],
      },
    },
    sqlState: "KD000",
  },
  INSERT_COLUMN_ARITY_MISMATCH: {
    message: ["Cannot write to <tableName>, the reason is"],
    subClass: {
      NOT_ENOUGH_DATA_COLUMNS: {
        message: [
          "not enough data columns:",
          "Table columns: <tableColumns>.",
          "Data columns: <dataColumns>.",
        ],
      },
      TOO_MANY_DATA_COLUMNS: {
        message: ["too many data columns:", "Table columns: <tableColumns>.", "Data columns: <dataColumns>."],
      },
    },
    sqlState: "21S01",
  },
  INSERT_PARTITION_COLUMN_ARITY_MISMATCH: {
    message: [
      "Cannot write to '<tableName>', <reason>:",
      "Table columns: <tableColumns>.",
      "Partition columns with static values: <staticPartCols>.",
      "Data columns: <dataColumns>.",
    ],
    sqlState: "21S01",
  },
  INTERNAL_ERROR: {
    message: ["<message>"],
    sqlState: "XX000",
  },
  INVALID_AGGREGATE_FILTER: {
    message: ["The FILTER expression <filterExpr> in an aggregate function is invalid."],
    subClass: {
      CONTAINS_AGGREGATE: {
        message: ["Expected a FILTER expression without an aggregation, but found <aggExpr>."],
      },
      CONTAINS_WINDOW_FUNCTION: {
        message: ["Expected a FILTER expression without a window function, but found <windowExpr>."],
      },
      NON_DETERMINISTIC: {
        message: ["Expected a deterministic FILTER expression."],
      },
    },
    sqlState: "42903",
  },
  INVALID_EXTRACT_BASE_FIELD_TYPE: {
    message: ["Can't extract a value from <base>. Need a complex type [STRUCT, ARRAY, MAP] but got <other>."],
    sqlState: "42000",
  },
  INVALID_FORMAT: {
    message: ["The format is invalid: <format>."],
    subClass: {
      CONT_THOUSANDS_SEPS: {
        message: ["Thousands separators (, or G) must have digits in between them in the number format."],
      },
      CUR_MUST_BEFORE_DEC: {
        message: ["Currency characters must appear before any decimal point in the number format."],
      },
      CUR_MUST_BEFORE_DIGIT: {
        message: ["Currency characters must appear before digits in the number format."],
      },
      EMPTY: {
        message: ["The number format string cannot be empty."],
      },
      MISMATCH_INPUT: {
        message: ["The input <inputType> '<input>' does not match the format."],
      },
      THOUSANDS_SEPS_MUST_BEFORE_DEC: {
        message: [
          "Thousands separators (, or G) may not appear after the decimal point in the number format.",
        ],
      },
      UNEXPECTED_TOKEN: {
        message: [
          "Found the unexpected <token> in the format string; the structure of the format string must match: `[MI|S]` `[$]` `[0|9|G|,]*` `[.|D]` `[0|9]*` `[$]` `[PR|MI|S]`.",
        ],
      },
      WRONG_NUM_DIGIT: {
        message: ["The format string requires at least one number digit."],
      },
      WRONG_NUM_TOKEN: {
        message: ["At most one <token> is allowed in the number format."],
      },
    },
    sqlState: "42601",
  },
  INVALID_EXTRACT_FIELD: {
    message: ["Cannot extract <field> from <expr>."],
    sqlState: "42601",
  },
  INVALID_INDEX_OF_ZERO: {
    message: ["The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1)."],
    sqlState: "22003",
  },
  INVALID_INLINE_TABLE: {
    message: ["Invalid inline table."],
    subClass: {
      NUM_COLUMNS_MISMATCH: {
        message: [
          "Inline table expected <expectedNumCols> columns but found <actualNumCols> columns in row <rowIndex>.",
        ],
      },
    },
    sqlState: "42000",
  },
  INTERVAL_ARITHMETIC_OVERFLOW: {
    message: ["Integer overflow while operating with intervals."],
    subClass: {
      WITHOUT_SUGGESTION: {
        message: ["Try devising appropriate values for the interval parameters."],
      },
      WITH_SUGGESTION: {
        message: ["Use <functionName> to tolerate overflow and return NULL instead."],
      },
    },
    sqlState: "22015",
  },
  INTERVAL_DIVIDED_BY_ZERO: {
    message: ["Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead."],
    sqlState: "22012",
  },
  INVALID_INTERVAL_FORMAT: {
    message: [
      "Error parsing '<input>' to interval. Please ensure that the value provided is in a valid format for defining an interval. You can reference the documentation for the correct format.",
    ],
    subClass: {
      // issue 11: casts of strings to ANSI intervals (intervalCasts.ts)
      UNMATCHED_FORMAT_STRING: {
        message: [
          "Interval string does not match <intervalStr> format of <supportedFormat> when cast to <typeName>: <input>.",
        ],
      },
      UNMATCHED_FORMAT_STRING_WITH_NOTICE: {
        message: [
          'Interval string does not match <intervalStr> format of <supportedFormat> when cast to <typeName>: <input>. Set "spark.sql.legacy.fromDayTimeString.enabled" to "true" to restore the behavior before Spark 3.0.',
        ],
      },
      UNRECOGNIZED_NUMBER: {
        message: ["Unrecognized number <number>."],
      },
    },
    sqlState: "22006",
  },
  // issue 11: from_xml, to_xml and schema_of_xml options (xml/xmlFunctions.ts)
  INVALID_OPTIONS: {
    message: ["Invalid options:"],
    subClass: {
      NON_MAP_FUNCTION: {
        message: ["Must use the `map()` function for options."],
      },
      NON_STRING_TYPE: {
        message: ["A type of keys and values in `map()` must be string, but got <mapType>."],
      },
    },
    sqlState: "42K06",
  },
  INVALID_JSON_SCHEMA_MAP_TYPE: {
    message: ["Input schema <jsonSchema> can only contain STRING as a key type for a MAP."],
    sqlState: "22032",
  },
  INVALID_NON_DETERMINISTIC_EXPRESSIONS: {
    message: ["The operator expects a deterministic expression, but the actual expression is <sqlExprs>."],
    sqlState: "42K0E",
  },
  INVALID_OBSERVED_METRICS: {
    message: ["Invalid observed metrics."],
    subClass: {
      AGGREGATE_EXPRESSION_WITH_DISTINCT_UNSUPPORTED: {
        message: [
          "Aggregate expressions with DISTINCT are not allowed in observed metrics, but found: <expr>.",
        ],
      },
      NESTED_AGGREGATES_UNSUPPORTED: {
        message: ["Nested aggregates are not allowed in observed metrics, but found: <expr>."],
      },
      NON_AGGREGATE_FUNC_ARG_IS_ATTRIBUTE: {
        message: ["Attribute <expr> can only be used as an argument to an aggregate function."],
      },
      NON_AGGREGATE_FUNC_ARG_IS_NON_DETERMINISTIC: {
        message: [
          "Non-deterministic expression <expr> can only be used as an argument to an aggregate function.",
        ],
      },
      WINDOW_EXPRESSIONS_UNSUPPORTED: {
        message: ["Window expressions are not allowed in observed metrics, but found: <expr>."],
      },
    },
    sqlState: "42K0E",
  },
  INVALID_LATERAL_JOIN_TYPE: {
    message: [
      "The <joinType> JOIN with LATERAL correlation is not allowed because an OUTER subquery cannot correlate to its join partner. Remove the LATERAL correlation or use an INNER JOIN, or LEFT OUTER JOIN instead.",
    ],
    sqlState: "42613",
  },
  INVALID_LOG_VERSION: {
    message: ["UnsupportedLogVersion."],
    subClass: {
      EXACT_MATCH_VERSION: {
        message: ["The only supported log version is v<matchVersion>, but encountered v<version>."],
      },
      MAX_SUPPORTED_VERSION: {
        message: [
          "The maximum supported log version is v<maxSupportedVersion>, but encountered v<version>. The log file was produced by a newer version of Spark and cannot be read by this version. You need to upgrade.",
        ],
      },
    },
    sqlState: "KD002",
  },
  INVALID_PARAMETER_VALUE: {
    message: ["The value of parameter(s) <parameter> in <functionName> is invalid:"],
    subClass: {
      // issue 11: aes_encrypt / aes_decrypt (crypto/aesFunctions.ts)
      AES_CRYPTO_ERROR: {
        message: ["detail message: <detailMessage>"],
      },
      AES_IV_LENGTH: {
        message: ["supports 16-byte CBC IVs and 12-byte GCM IVs, but got <actualLength> bytes for <mode>."],
      },
      AES_KEY_LENGTH: {
        message: ["expects a binary value with 16, 24 or 32 bytes, but got <actualLength> bytes."],
      },
      BINARY_FORMAT: {
        message: ["expects one of binary formats 'base64', 'hex', 'utf-8', but got <invalidFormat>."],
      },
      // issue 11: bit_get / getbit (bitFunctions.ts)
      BIT_POSITION_RANGE: {
        message: ["expects an integer value in [0, <upper>), but got <invalidValue>."],
      },
    },
    sqlState: "22023",
  },
  INVALID_PARTITION_COLUMN_DATA_TYPE: {
    message: ["Cannot use <type> for partition column."],
    sqlState: "0A000",
  },
  INVALID_PARTITION_OPERATION: {
    message: ["The partition command is invalid."],
    subClass: {
      PARTITION_SCHEMA_IS_EMPTY: {
        message: ["Table <name> is not partitioned."],
      },
    },
    sqlState: "42601",
  },
  INVALID_SAVE_MODE: {
    message: [
      'The specified save mode <mode> is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default".',
    ],
    sqlState: "42000",
  },
  INVALID_CONF_VALUE: {
    message: ["The value '<confValue>' in the config \"<confName>\" is invalid."],
    subClass: {
      TIME_ZONE: {
        message: ["Cannot resolve the given timezone."],
      },
    },
    sqlState: "22022",
  },
  INVALID_EMPTY_LOCATION: {
    message: ["The location name cannot be empty string, but `<location>` was given."],
    sqlState: "42K05",
  },
  INVALID_COLUMN_OR_FIELD_DATA_TYPE: {
    message: ["Column or field <name> is of type <type> while it's required to be <expectedType>."],
    sqlState: "42000",
  },
  INVALID_DATETIME_PATTERN: {
    message: ["Unrecognized datetime pattern: <pattern>."],
    subClass: {
      ILLEGAL_CHARACTER: {
        message: [
          "Illegal pattern character found in datetime pattern: <c>. Please provide legal character.",
        ],
      },
    },
    sqlState: "22007",
  },
  INVALID_SCHEMA: {
    message: ["The input schema <inputSchema> is not a valid schema string."],
    subClass: {
      NON_STRING_LITERAL: {
        message: ["The input expression must be string literal and not null."],
      },
    },
    sqlState: "42K07",
  },
  INVALID_SCHEMA_OR_RELATION_NAME: {
    message: [
      "<name> is not a valid name for tables/schemas. Valid names only contain alphabet characters, numbers and _.",
    ],
    sqlState: "42602",
  },
  INVALID_URL: {
    message: [
      "The url is invalid: <url>. Use `try_parse_url` to tolerate invalid URL and return NULL instead.",
    ],
    sqlState: "22P02",
  },
  INVALID_SQL_SYNTAX: {
    message: ["Invalid SQL syntax:"],
    subClass: {
      FUNCTION_WITH_UNSUPPORTED_SYNTAX: {
        message: ["The function <prettyName> does not support <syntax>."],
      },
    },
    sqlState: "42000",
  },
  INVALID_USAGE_OF_STAR_OR_REGEX: {
    message: ["Invalid usage of <elem> in <prettyName>."],
    sqlState: "42000",
  },
  INVALID_VARIANT_CAST: {
    message: [
      "The variant value `<value>` cannot be cast into `<dataType>`. Please use `try_variant_get` instead.",
    ],
    sqlState: "22023",
  },
  INVALID_VARIANT_GET_PATH: {
    message: [
      "The path `<path>` is not a valid variant extraction path in `<functionName>`.",
      "A valid path should start with `$` and is followed by zero or more segments like `[123]`, `.name`, `['name']`, or `[\"name\"]`.",
    ],
    sqlState: "22023",
  },
  INVALID_WHERE_CONDITION: {
    message: [
      "The WHERE condition <condition> contains invalid expressions: <expressionList>.",
      "Rewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause.",
    ],
    sqlState: "42903",
  },
  INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC: {
    message: ["Cannot specify ORDER BY or a window frame for <aggFunc>."],
    sqlState: "42601",
  },
  INVALID_WITHIN_GROUP_EXPRESSION: {
    message: ["Invalid function <funcName> with WITHIN GROUP."],
    subClass: {
      DISTINCT_UNSUPPORTED: {
        message: ["The function does not support DISTINCT with WITHIN GROUP."],
      },
      MISMATCH_WITH_DISTINCT_INPUT: {
        message: [
          "The function is invoked with DISTINCT and WITHIN GROUP but expressions <funcArg> and <orderingExpr> do not match. The WITHIN GROUP ordering expression must be picked from the function inputs.",
        ],
      },
      WITHIN_GROUP_MISSING: {
        message: ["WITHIN GROUP is required for the function."],
      },
      WRONG_NUM_ORDERINGS: {
        message: ["The function requires <expectedNum> orderings in WITHIN GROUP but got <actualNum>."],
      },
    },
    sqlState: "42K0K",
  },
  INVALID_SUBQUERY_EXPRESSION: {
    message: ["Invalid subquery:"],
    subClass: {
      SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN: {
        message: ["Scalar subquery must return only one column, but got <number>."],
      },
    },
    sqlState: "42823",
  },
  INVALID_TEMP_OBJ_REFERENCE: {
    message: [
      "Cannot create the persistent object <objName> of the type <obj> because it references to the temporary object <tempObjName> of the type <tempObj>. Please make the temporary object <tempObjName> persistent, or make the persistent object <objName> temporary.",
    ],
    sqlState: "42K0F",
  },
  JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE: {
    message: ['The join condition <joinCondition> has the invalid type <conditionType>, expected "BOOLEAN".'],
    sqlState: "42K0E",
  },
  LENGTH_SHOULD_BE_THE_SAME: {
    message: ["<arg1> and <arg2> should be of the same length, got <arg1_length> and <arg2_length>."],
  },
  LOCATION_ALREADY_EXISTS: {
    message: [
      "Cannot name the managed table as <identifier>, as its associated location <location> already exists. Please pick a different table name, or remove the existing location first.",
    ],
    sqlState: "42710",
  },
  MALFORMED_LOG_FILE: {
    message: ["Log file was malformed: failed to read correct log version from <text>."],
    sqlState: "KD002",
  },
  MALFORMED_RECORD_IN_PARSING: {
    message: [
      "Malformed records are detected in record parsing: <badRecord>.",
      "Parse Mode: <failFastMode>. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.",
    ],
    subClass: {
      WITHOUT_SUGGESTION: {
        message: [""],
      },
    },
    sqlState: "22023",
  },
  MISSING_TIMEOUT_CONFIGURATION: {
    message: [
      "The operation has timed out, but no timeout duration is configured. To set a processing time-based timeout, use 'GroupState.setTimeoutDuration()' in your 'mapGroupsWithState' or 'flatMapGroupsWithState' operation. For event-time-based timeout, use 'GroupState.setTimeoutTimestamp()' and define a watermark using 'Dataset.withWatermark()'.",
    ],
    sqlState: "HY000",
  },
  MISSING_AGGREGATION: {
    message: [
      "The non-aggregating expression <expression> is based on columns which are not participating in the GROUP BY clause.",
      "Add the columns or the expression to the GROUP BY, aggregate the expression, or use <expressionAnyValue> if you do not care which of the values within a group is returned.",
    ],
    sqlState: "42803",
  },
  NESTED_AGGREGATE_FUNCTION: {
    message: [
      "It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.",
    ],
    sqlState: "42607",
  },
  NON_FOLDABLE_ARGUMENT: {
    message: [
      "The function <funcName> requires the parameter <paramName> to be a foldable expression of the type <paramType>, but the actual argument is a non-foldable.",
    ],
    sqlState: "42K08",
  },
  NON_LITERAL_PIVOT_VALUES: {
    message: ["Literal expressions required for pivot values, found <expression>."],
    sqlState: "42K08",
  },
  NON_PARTITION_COLUMN: {
    message: ["PARTITION clause cannot contain the non-partition column: <columnName>."],
    sqlState: "42000",
  },
  NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING: {
    message: [
      "Window function is not supported in <windowFunc> (as column <columnName>) on streaming DataFrames/Datasets.",
      "Structured Streaming only supports time-window aggregation using the WINDOW function. (window specification: <windowSpec>)",
    ],
    sqlState: "42KDE",
  },
  NULLABLE_COLUMN_OR_FIELD: {
    message: ["Column or field <name> is nullable while it's required to be non-nullable."],
    sqlState: "42000",
  },
  NOT_COLUMN: {
    message: ["Argument `<arg_name>` should be a Column, got <arg_type>."],
  },
  NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT: {
    message: [
      '<cmd> is not supported, if you want to enable it, please set "spark.sql.catalogImplementation" to "hive".',
    ],
    sqlState: "0A000",
  },
  NUM_COLUMNS_MISMATCH: {
    message: [
      "<operator> can only be performed on inputs with the same number of columns, but the first input has <firstNumColumns> columns and the <invalidOrdinalNum> input has <invalidNumColumns> columns.",
    ],
    sqlState: "42826",
  },
  NUMERIC_OUT_OF_SUPPORTED_RANGE: {
    message: ["The value <value> cannot be interpreted as a numeric since it has more than 38 digits."],
    sqlState: "22003",
  },
  NUMERIC_VALUE_OUT_OF_RANGE: {
    message: [""],
    subClass: {
      WITH_SUGGESTION: {
        message: [
          '<value> cannot be represented as Decimal(<precision>, <scale>). If necessary set <config> to "false" to bypass this error, and return NULL instead.',
        ],
      },
    },
    sqlState: "22003",
  },
  ONLY_ALLOW_SINGLE_TRIGGER: {
    message: ["Only a single trigger is allowed."],
  },
  ORDER_BY_POS_OUT_OF_RANGE: {
    message: ["ORDER BY position <index> is not in select list (valid range is [1, <size>])."],
    sqlState: "42805",
  },
  PARSE_SYNTAX_ERROR: {
    message: ["Syntax error at or near <error><hint>."],
    sqlState: "42601",
  },
  PATH_ALREADY_EXISTS: {
    message: ['Path <outputPath> already exists. Set mode as "overwrite" to overwrite the existing path.'],
    sqlState: "42K04",
  },
  PATH_NOT_FOUND: {
    message: ["Path does not exist: <path>."],
    sqlState: "42K03",
  },
  PIVOT_VALUE_DATA_TYPE_MISMATCH: {
    message: [
      "Invalid pivot value '<value>': value data type <valueType> does not match pivot column data type <pivotType>.",
    ],
    sqlState: "42K09",
  },
  PYTHON_DATA_SOURCE_ERROR: {
    message: ["Failed to <action> Python data source <type>: <msg>"],
    sqlState: "38000",
  },
  PYTHON_STREAMING_DATA_SOURCE_RUNTIME_ERROR: {
    message: ["Failed when Python streaming data source perform <action>: <msg>"],
    sqlState: "38000",
  },
  REQUIRES_SINGLE_PART_NAMESPACE: {
    message: ["<sessionCatalog> requires a single-part namespace, but got <namespace>."],
    sqlState: "42K05",
  },
  ROUTINE_NOT_FOUND: {
    message: [
      "The routine <routineName> cannot be found. Verify the spelling and correctness of the schema and catalog.",
      "If you did not qualify the name with a schema and catalog, verify the current_schema() output, or qualify the name with the correct schema and catalog.",
      "To tolerate the error on drop use DROP FUNCTION IF EXISTS.",
    ],
    sqlState: "42883",
  },
  SCALAR_SUBQUERY_TOO_MANY_ROWS: {
    message: ["More than one row returned by a subquery used as an expression."],
    sqlState: "21000",
  },
  SCHEMA_ALREADY_EXISTS: {
    message: [
      "Cannot create schema <schemaName> because it already exists.",
      "Choose a different name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema.",
    ],
    sqlState: "42P06",
  },
  SCHEMA_NOT_EMPTY: {
    message: [
      "Cannot drop a schema <schemaName> because it contains objects.",
      "Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.",
    ],
    sqlState: "2BP01",
  },
  SCHEMA_NOT_FOUND: {
    message: [
      "The schema <schemaName> cannot be found. Verify the spelling and correctness of the schema and catalog.",
      "If you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.",
      "To tolerate the error on drop use DROP SCHEMA IF EXISTS.",
    ],
    sqlState: "42704",
  },
  SPECIFY_CLUSTER_BY_WITH_PARTITIONED_BY_IS_NOT_ALLOWED: {
    message: ["Cannot specify both CLUSTER BY and PARTITIONED BY."],
    sqlState: "42908",
  },
  SPECIFY_PARTITION_IS_NOT_ALLOWED: {
    message: [
      "A CREATE TABLE without explicit column list cannot specify PARTITIONED BY.",
      "Please use the form with explicit column list and specify PARTITIONED BY.",
      "Alternatively, allow partitioning to be inferred by omitting the PARTITION BY clause.",
    ],
    sqlState: "42601",
  },
  SQL_CONF_NOT_FOUND: {
    message: ["The SQL config <sqlConf> cannot be found. Please verify that the config exists."],
    sqlState: "42K0I",
  },
  STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE: {
    message: [
      "Failed to perform stateful processor operation=<operationType> with invalid handle state=<handleState>.",
    ],
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE: {
    message: [
      "Failed to perform stateful processor operation=<operationType> with invalid timeMode=<timeMode>",
    ],
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_CANNOT_REINITIALIZE_STATE_ON_KEY: {
    message: [
      "Cannot re-initialize state on the same grouping key during initial state handling for stateful processor. Invalid grouping key=<groupingKey>. Please check your initial state, remove duplicate rows and restart query.",
    ],
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED: {
    message: ["State variable with name <stateVarName> has already been defined in the StatefulProcessor."],
    sqlState: "42802",
  },
  STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE: {
    message: [
      "Unknown time mode <timeMode>. Accepted timeMode modes are 'none', 'processingTime', 'eventTime'",
    ],
    sqlState: "42802",
  },
  STATE_STORE_HANDLE_NOT_INITIALIZED: {
    message: [
      "The handle has not been initialized for this StatefulProcessor.",
      "Please only use the StatefulProcessor within the transformWithState operator.",
    ],
    sqlState: "42802",
  },
  STATE_STORE_INVALID_CONFIG_AFTER_RESTART: {
    message: [
      "Cannot change <configName> from <oldConfig> to <newConfig> between restarts. Please set <configName> to <oldConfig>, or restart with a new checkpoint directory.",
    ],
    sqlState: "42K06",
  },
  STATE_STORE_INVALID_VARIABLE_TYPE_CHANGE: {
    message: [
      "Cannot change <stateVarName> to <newType> between query restarts. Please set <stateVarName> to <oldType>, or restart with a new checkpoint directory.",
    ],
    sqlState: "42K06",
  },
  STATE_STORE_UNSUPPORTED_OPERATION_BINARY_INEQUALITY: {
    message: ["Binary inequality column is not supported with state store. Provided schema: <schema>."],
    sqlState: "XXKST",
  },
  STDS_COMMITTED_BATCH_UNAVAILABLE: {
    message: [
      "No committed batch found, checkpoint location: <checkpointLocation>. Ensure that the query has run and committed any microbatch before stopping.",
    ],
    sqlState: "KD006",
  },
  STDS_FAILED_TO_READ_STATE_SCHEMA: {
    message: [
      "Failed to read the state schema. Either the file does not exist, or the file is corrupted. options: <sourceOptions>.",
      "Rerun the streaming query to construct the state schema, and report to the corresponding communities or vendors if the error persists.",
    ],
    sqlState: "42K03",
  },
  STDS_INVALID_OPTION_VALUE: {
    message: ["Invalid value for source option '<optionName>':"],
    subClass: {
      IS_NEGATIVE: {
        message: ["cannot be negative."],
      },
      WITH_MESSAGE: {
        message: ["<message>"],
      },
    },
    sqlState: "42616",
  },
  STATE_STORE_INVALID_PROVIDER: {
    message: [
      "The given State Store Provider <inputClass> does not extend org.apache.spark.sql.execution.streaming.state.StateStoreProvider.",
    ],
    sqlState: "42K06",
  },
  STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE: {
    message: [
      "Provided key schema does not match existing state key schema.",
      "Please check number and type of fields.",
      "Existing key_schema=<storedKeySchema> and new key_schema=<newKeySchema>.",
      "If you want to force running the query without schema validation, please set spark.sql.streaming.stateStore.stateSchemaCheck to false.",
      "However, running the query with incompatible schema could cause non-deterministic behavior.",
    ],
    sqlState: "XXKST",
  },
  STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE: {
    message: [
      "Provided value schema does not match existing state value schema.",
      "Please check number and type of fields.",
      "Existing value_schema=<storedValueSchema> and new value_schema=<newValueSchema>.",
      "If you want to force running the query without schema validation, please set spark.sql.streaming.stateStore.stateSchemaCheck to false.",
      "However, running the query with incompatible schema could cause non-deterministic behavior.",
    ],
    sqlState: "XXKST",
  },
  STDS_REQUIRED_OPTION_UNSPECIFIED: {
    message: ["'<optionName>' must be specified."],
    sqlState: "42601",
  },
  STREAM_FAILED: {
    message: ["Query [id = <id>, runId = <runId>] terminated with exception: <message>"],
    sqlState: "XXKST",
  },
  STREAMING_QUERY_EVOLUTION_ERROR: {
    message: ["Streaming query evolution error:"],
    subClass: {
      INVALID_SOURCE_NAME: {
        message: [
          "Invalid streaming source name: '<sourceName>'. Source names must only contain ASCII letters ('a'-'z', 'A'-'Z'), digits ('0'-'9'), and underscores ('_'). Use backticks to quote names with special characters if needed.",
        ],
      },
    },
    sqlState: "42000",
  },
  STREAMING_OUTPUT_MODE: {
    message: ["Invalid streaming output mode: <outputMode>."],
    subClass: {
      INVALID: {
        message: ["Accepted output modes are 'Append', 'Complete', 'Update'."],
      },
      UNSUPPORTED_DATASOURCE: {
        message: ["This output mode is not supported in Data Source <className>."],
      },
      UNSUPPORTED_OPERATION: {
        message: ["This output mode is not supported for <operation> on streaming DataFrames/DataSets."],
      },
    },
    sqlState: "42KDE",
  },
  TABLE_OR_VIEW_ALREADY_EXISTS: {
    message: [
      "Cannot create table or view <relationName> because it already exists.",
      "Choose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.",
    ],
    sqlState: "42P07",
  },
  TABLE_OR_VIEW_NOT_FOUND: {
    message: [
      "The table or view <relationName> cannot be found. Verify the spelling and correctness of the schema and catalog.",
      "If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.",
      "To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.",
    ],
    sqlState: "42P01",
  },
  TEMP_TABLE_OR_VIEW_ALREADY_EXISTS: {
    message: [
      "Cannot create the temporary view <relationName> because it already exists.",
      "Choose a different name, drop or replace the existing view,  or add the IF NOT EXISTS clause to tolerate pre-existing views.",
    ],
    sqlState: "42P07",
  },
  TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS: {
    message: [
      "CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: <actualName>.",
    ],
    sqlState: "428EK",
  },
  TRANSPOSE_EXCEED_ROW_LIMIT: {
    message: [
      "Number of rows exceeds the allowed limit of <maxValues> for TRANSPOSE. If this was intended, set <config> to at least the current row count.",
    ],
    sqlState: "54006",
  },
  TRANSPOSE_INVALID_INDEX_COLUMN: {
    message: ["Invalid index column for TRANSPOSE because: <reason>"],
    sqlState: "42804",
  },
  TRANSPOSE_NO_LEAST_COMMON_TYPE: {
    message: [
      "Transpose requires non-index columns to share a least common type, but <dt1> and <dt2> do not.",
    ],
    sqlState: "42K09",
  },
  UDTF_ALIAS_NUMBER_MISMATCH: {
    message: [
      "The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF.",
      "Expected <aliasesSize> aliases, but got <aliasesNames>.",
      "Please ensure that the number of aliases provided matches the number of columns output by the UDTF.",
    ],
    sqlState: "42802",
  },
  UNANALYZABLE_EXPRESSION: {
    message: ["The plan contains an unanalyzable expression <expr> that holds the analysis."],
    sqlState: "03000",
  },
  UNABLE_TO_INFER_SCHEMA: {
    message: ["Unable to infer schema for <format>. It must be specified manually."],
    sqlState: "42KD9",
  },
  UNPIVOT_REQUIRES_VALUE_COLUMNS: {
    message: ["At least one value column needs to be specified for UNPIVOT, all columns specified as ids."],
    sqlState: "42K0A",
  },
  UNPIVOT_VALUE_DATA_TYPE_MISMATCH: {
    message: ["Unpivot value columns must share a least common type, some types do not: [<types>]."],
    sqlState: "42K09",
  },
  UNPIVOT_VALUE_SIZE_MISMATCH: {
    message: ["All unpivot value columns must have the same size as there are value column names (<names>)."],
    sqlState: "428C4",
  },
  UNRESOLVABLE_TABLE_VALUED_FUNCTION: {
    message: [
      "Could not resolve <name> to a table-valued function.",
      "Please make sure that <name> is defined as a table-valued function and that all required parameters are provided correctly.",
      "If <name> is not defined, please create the table-valued function before using it.",
      "For more information about defining table-valued functions, please refer to the Apache Spark documentation.",
    ],
    sqlState: "42883",
  },
  UNRESOLVED_COLUMN: {
    message: ["A column, variable, or function parameter with name <objectName> cannot be resolved."],
    subClass: {
      WITHOUT_SUGGESTION: {
        message: [""],
      },
      WITH_SUGGESTION: {
        message: ["Did you mean one of the following? [<proposal>]."],
      },
    },
    sqlState: "42703",
  },
  UNRESOLVED_FIELD: {
    message: ["A field with name <fieldName> cannot be resolved with the struct-type column <columnPath>."],
    subClass: {
      WITH_SUGGESTION: {
        message: ["Did you mean one of the following? [<proposal>]."],
      },
    },
    sqlState: "42703",
  },
  UNRESOLVED_ROUTINE: {
    message: ["Cannot resolve routine <routineName> on search path <searchPath>."],
    sqlState: "42883",
  },
  UNRESOLVED_USING_COLUMN_FOR_JOIN: {
    message: [
      "USING column <colName> cannot be resolved on the <side> side of the join. The <side>-side columns: [<suggestion>].",
    ],
    sqlState: "42703",
  },
  UNSUPPORTED_DATA_TYPE: {
    message: ["Unsupported DataType `<data_type>`."],
  },
  UNSUPPORTED_DATASOURCE_FOR_DIRECT_QUERY: {
    message: ["Unsupported data source type for direct query on files: <dataSourceType>"],
    sqlState: "0A000",
  },
  UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE: {
    message: ["The <format> datasource doesn't support the column <columnName> of the type <columnType>."],
    sqlState: "0A000",
  },
  UNSUPPORTED_DATATYPE: {
    message: ["Unsupported data type <typeName>."],
    sqlState: "0A000",
  },
  UNSUPPORTED_EXPR_FOR_WINDOW: {
    message: ["Expression <sqlExpr> not supported within a window function."],
    sqlState: "42P20",
  },
  UNSUPPORTED_FEATURE: {
    message: ["The feature is not supported:"],
    subClass: {
      // issue 11: aes_encrypt / aes_decrypt (crypto/aesFunctions.ts)
      AES_MODE: {
        message: ["AES-<mode> with the padding <padding> by the <functionName> function."],
      },
      AES_MODE_AAD: {
        message: ["<functionName> with AES-<mode> does not support additional authenticate data (AAD)."],
      },
      AES_MODE_IV: {
        message: ["<functionName> with AES-<mode> does not support initialization vectors (IVs)."],
      },
      ANALYZE_VIEW: {
        message: ["The ANALYZE TABLE command does not support views."],
      },
      DROP_DATABASE: {
        message: ["Drop the default database <database>."],
      },
      LITERAL_TYPE: {
        message: ["Literal for '<value>' of <type>."],
      },
      PYTHON_UDF_IN_ON_CLAUSE: {
        message: [
          "Python UDF in the ON clause of a <joinType> JOIN. In case of an INNER JOIN consider rewriting to a CROSS JOIN with a WHERE clause.",
        ],
      },
      TABLE_OPERATION: {
        message: [
          'Table <tableName> does not support <operation>. Please check the current catalog and namespace to make sure the qualified table name is expected, and also check the catalog implementation which is configured by "spark.sql.catalog".',
        ],
      },
    },
    sqlState: "0A000",
  },
  UNSUPPORTED_GENERATOR: {
    message: ["The generator is not supported:"],
    subClass: {
      MULTI_GENERATOR: {
        message: ["only one generator allowed per SELECT clause but found <num>: <generators>."],
      },
      NESTED_IN_EXPRESSIONS: {
        message: ["nested in expressions <expression>."],
      },
    },
    sqlState: "42K0E",
  },
  UNSUPPORTED_GROUPING_EXPRESSION: {
    message: ["grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup."],
    sqlState: "42K0E",
  },
  UNSUPPORTED_INSERT: {
    message: ["Can't insert into the target."],
    subClass: {
      NOT_ALLOWED: {
        message: ["The target relation <relationId> does not allow insertion."],
      },
      RDD_BASED: {
        message: ["An RDD-based table is not allowed."],
      },
    },
    sqlState: "42809",
  },
  UNSUPPORTED_JOIN_TYPE: {
    message: ["Unsupported join type '<typ>'. Supported join types include: <supported>."],
    sqlState: "0A000",
  },
  UNSUPPORTED_SHOW_CREATE_TABLE: {
    message: ["Unsupported a SHOW CREATE TABLE command."],
    subClass: {
      ON_TEMPORARY_VIEW: {
        message: ["The command is not supported on a temporary view <tableName>."],
      },
    },
    sqlState: "0A000",
  },
  UNSUPPORTED_OVERWRITE: {
    message: ["Can't overwrite the target that is also being read from."],
    subClass: {
      TABLE: {
        message: ["The target table is <table>."],
      },
    },
    sqlState: "42902",
  },
  VARIANT_SIZE_LIMIT: {
    message: [
      "Cannot build variant bigger than <sizeLimit> in <functionName>.",
      "Please avoid large input strings to this expression (for example, add function calls(s) to check the expression size and convert it to NULL first if it is too big).",
    ],
    sqlState: "22023",
  },
  USER_RAISED_EXCEPTION: {
    message: ["<errorMessage>"],
    sqlState: "P0001",
  },
  WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE: {
    message: ["Window function <funcName> requires an OVER clause."],
    sqlState: "42601",
  },
  WRITE_STREAM_NOT_ALLOWED: {
    message: ["`writeStream` can be called only on streaming Dataset/DataFrame."],
    sqlState: "42601",
  },
  WRONG_COMMAND_FOR_OBJECT_TYPE: {
    message: [
      "The operation <operation> requires a <requiredType>. But <objectName> is a <foundType>. Use <alternative> instead.",
    ],
    sqlState: "42809",
  },
  WRONG_NUM_ARGS: {
    message: ["The <functionName> requires <expectedNum> parameters but the actual number is <actualNum>."],
    subClass: {
      WITHOUT_SUGGESTION: {
        message: ["Please, refer to '<docroot>/sql-ref-functions.html' for a fix."],
      },
    },
    sqlState: "42605",
  },
  _LEGACY_ERROR_TEMP_0022: {
    message: ["<msg>."],
  },
  _LEGACY_ERROR_TEMP_0029: {
    message: ["Cannot mix year-month and day-time fields: <literal>."],
  },
  _LEGACY_ERROR_TEMP_0032: {
    message: [
      "Duplicated table paths found: '<pathOne>' and '<pathTwo>'. LOCATION and the case insensitive key 'path' in OPTIONS are all used to indicate the custom table path, you can only specify one of them.",
    ],
  },
  _LEGACY_ERROR_TEMP_0035: {
    message: ["Operation not allowed: <message>."],
  },
  _LEGACY_ERROR_TEMP_0046: {
    message: ["CREATE TEMPORARY TABLE without a provider is not allowed."],
  },
  _LEGACY_ERROR_TEMP_0051: {
    message: ["Empty set in <element> grouping sets is not supported."],
  },
  _LEGACY_ERROR_TEMP_0052: {
    message: ["CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed."],
  },
  _LEGACY_ERROR_TEMP_0053: {
    message: ["It is not allowed to define a TEMPORARY view with IF NOT EXISTS."],
  },
  _LEGACY_ERROR_TEMP_0061: {
    message: ["<msg>."],
  },
  _LEGACY_ERROR_TEMP_1229: {
    message: ["<decimalType> can only support precision up to <precision>."],
  },
  _LEGACY_ERROR_TEMP_1325: {
    message: [
      "The pivot column <pivotColumn> has more than <maxValues> distinct values, this could indicate an error. If this was intended, set <config> to at least the number of distinct values of the pivot column.",
    ],
  },
  _LEGACY_ERROR_TEMP_1006: {
    message: [
      "Aggregate expression required for pivot, but '<sql>' did not appear in any aggregate function.",
    ],
  },
  _LEGACY_ERROR_TEMP_1008: {
    message: [
      "<quoted> is not a temp view of streaming logical plan, please use batch API such as `DataFrameReader.table` to read it.",
    ],
  },
  _LEGACY_ERROR_TEMP_1018: {
    message: [
      "<quoted> is a permanent view, which is not supported by streaming reading API such as `DataStreamReader.table` yet.",
    ],
  },
  _LEGACY_ERROR_TEMP_1037: {
    message: [
      "Window function <wf> requires window to be ordered, please add ORDER BY clause. For example SELECT <wf>(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table.",
    ],
  },
  _LEGACY_ERROR_TEMP_1039: {
    message: [
      "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.",
    ],
  },
  _LEGACY_ERROR_TEMP_1066: {
    message: ["<database> is a system preserved database, you cannot create a database with this name."],
  },
  _LEGACY_ERROR_TEMP_1158: {
    message: ["Saving data into a view is not allowed."],
  },
  _LEGACY_ERROR_TEMP_1159: {
    message: [
      "The format of the existing table <tableName> is `<existingProvider>`. It doesn't match the specified format `<specifiedProvider>`.",
    ],
  },
  _LEGACY_ERROR_TEMP_1160: {
    message: [
      "The location of the existing table <identifier> is `<existingTableLoc>`. It doesn't match the specified location `<tableDescLoc>`.",
    ],
  },
  _LEGACY_ERROR_TEMP_1161: {
    message: [
      "The column number of the existing table <tableName> (<existingTableSchema>) doesn't match the data schema (<querySchema>).",
    ],
  },
  _LEGACY_ERROR_TEMP_1162: {
    message: ["Cannot resolve '<col>' given input columns: [<inputColumns>]."],
  },
  _LEGACY_ERROR_TEMP_1163: {
    message: [
      "Specified partitioning does not match that of the existing table <tableName>.",
      "Specified partition columns: [<specifiedPartCols>].",
      "Existing partition columns: [<existingPartCols>].",
    ],
  },
  _LEGACY_ERROR_TEMP_1181: {
    message: ["Stream-stream join without equality predicate is not supported."],
  },
  _LEGACY_ERROR_TEMP_1188: {
    message: [
      "There is a 'path' option set and <method>() is called with a path parameter. Either remove the path option, or call <method>() without the parameter. To ignore this check, set '<config>' to 'true'.",
    ],
  },
  _LEGACY_ERROR_TEMP_1189: {
    message: ["User specified schema not supported with `<operation>`."],
  },
  _LEGACY_ERROR_TEMP_1190: {
    message: ["Temporary view <viewName> doesn't support streaming write."],
  },
  _LEGACY_ERROR_TEMP_1191: {
    message: ["Streaming into views <viewName> is not supported."],
  },
  _LEGACY_ERROR_TEMP_1192: {
    message: [
      "The input source(<source>) is different from the table <tableName>'s data source provider(<provider>).",
    ],
  },
  _LEGACY_ERROR_TEMP_1194: {
    message: ["queryName must be specified for memory sink."],
  },
  // DataStreamWriter.start: foreachBatch has no continuous mode.
  _LEGACY_ERROR_TEMP_1195: {
    message: ["'<source>' is not supported with continuous trigger."],
  },
  _LEGACY_ERROR_TEMP_1196: {
    message: ["<columnType> column <columnName> not found in existing columns (<validColumnNames>)."],
  },
  _LEGACY_ERROR_TEMP_1197: {
    message: ["'<operation>' does not support partitioning."],
  },
  _LEGACY_ERROR_TEMP_1201: {
    message: ['Cannot resolve column name "<colName>" among (<fieldNames>).'],
  },
  // TimeWindow.parseExpression: a window() duration that is not a literal.
  _LEGACY_ERROR_TEMP_1207: {
    message: ["The duration and time inputs to window must be an integer, long or string literal."],
  },
  _LEGACY_ERROR_TEMP_1241: {
    message: [
      "CREATE-TABLE-AS-SELECT cannot create table with location to a non-empty directory <tablePath>. To allow overwriting the existing non-empty directory, set '<config>' to true.",
    ],
  },
  _LEGACY_ERROR_TEMP_1266: {
    message: ["Operation not allowed: TRUNCATE TABLE on external tables: <tableIdentWithDB>."],
  },
  _LEGACY_ERROR_TEMP_1290: {
    message: ["Text data source supports only a single column, and you have <schemaSize> columns."],
  },
  // TextSocketSourceProvider.checkParameters.
  _LEGACY_ERROR_TEMP_1295: {
    message: ['Set a host to read from with option("host", ...).'],
  },
  _LEGACY_ERROR_TEMP_1296: {
    message: ['Set a port to read from with option("port", ...).'],
  },
  _LEGACY_ERROR_TEMP_1297: {
    message: ['includeTimestamp must be set to either "true" or "false"'],
  },
  _LEGACY_ERROR_TEMP_1298: {
    message: [
      'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("<config>", ...).',
    ],
  },
  _LEGACY_ERROR_TEMP_1299: {
    message: [
      "This query does not support recovering from checkpoint location. Delete <checkpointPath> to start over.",
    ],
  },
  _LEGACY_ERROR_TEMP_1309: {
    message: [
      "insertInto() can't be used together with partitionBy(). Partition columns have already been defined for the table. It is not necessary to use partitionBy().",
    ],
  },
  // RelationalGroupedDataset's sum, avg, mean, max, min of named columns: each must be numeric.
  _LEGACY_ERROR_TEMP_1323: {
    message: [
      '"<colName>" is not a numeric column. Aggregation function can only be applied on a numeric column.',
    ],
  },
  _LEGACY_ERROR_TEMP_2047: {
    message: ["'path' is not specified."],
  },
  _LEGACY_ERROR_TEMP_2048: {
    message: [
      "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.",
    ],
  },
  // DataSource.createSink: a format with no streaming sink (a SparkUnsupportedOperationException).
  _LEGACY_ERROR_TEMP_2049: {
    message: ["Data source <className> does not support streamed <operator>."],
  },
  // GroupState misuse (GroupStateImpl): a timeout its timeout conf does not allow; the watermark without one.
  _LEGACY_ERROR_TEMP_2203: {
    message: [
      "Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState.",
    ],
  },
  _LEGACY_ERROR_TEMP_2204: {
    message: [
      "Cannot get event time watermark timestamp without setting watermark before [map|flatMap]GroupsWithState.",
    ],
  },
  // Spark's text, its missing bracket included.
  _LEGACY_ERROR_TEMP_2205: {
    message: [
      "Cannot set timeout timestamp without enabling event time timeout in [map|flatMapGroupsWithState.",
    ],
  },
  // DataSourceV2Utils.getTableFromProvider: rate and socket have a fixed schema.
  _LEGACY_ERROR_TEMP_2242: {
    message: ["<provider> source does not support user-specified schema."],
  },
  _LEGACY_ERROR_TEMP_3063: {
    message: ["pivot is not supported on a streaming DataFrames/Datasets"],
  },
  _LEGACY_ERROR_TEMP_3076: {
    message: [
      "Redefining watermark is disallowed. You can set the config '<config>' to 'false' to restore the previous behavior. Note that multiple stateful operators will be disallowed.",
    ],
  },
  _LEGACY_ERROR_TEMP_3077: {
    message: [
      "More than one event time columns are available. Please ensure there is at most one event time column per stream. event time columns: <eventTimeCols>",
    ],
  },
  // Spark's Kafka connector: KafkaWriter.validateQuery.
  _LEGACY_ERROR_TEMP_3080: {
    message: ["<msg>"],
  },
  // Spark's SparkCoreErrors.checkpointDirectoryHasNotBeenSetInSparkContextError (Dataset.checkpoint).
  _LEGACY_ERROR_TEMP_3016: {
    message: ["Checkpoint directory has not been set in the SparkContext"],
  },
  // AggUtils.planStreamingAggregationForSession: a streaming session window with no other grouping key.
  _LEGACY_ERROR_TEMP_3068: {
    message: ["Global aggregation with session window in streaming query is not supported."],
  },
  // Spark's Kafka connector: a batch write in a save mode it cannot honour.
  _LEGACY_ERROR_TEMP_3081: {
    message: [
      "Save mode <mode> not allowed for Kafka. Allowed save modes are <append> and <errorIfExists> (default).",
    ],
  },
  _LEGACY_ERROR_TEMP_3102: {
    message: ["<msg>"],
  },
  // SparkStrategies: applyInPandasWithState planned in a batch query (SPARK-40443).
  _LEGACY_ERROR_TEMP_3176: {
    message: ["applyInPandasWithState is unsupported in batch query. Use applyInPandas instead."],
  },
  // TimeWindow.getIntervalInMicroSeconds, a SparkIllegalArgumentException.
  _LEGACY_ERROR_TEMP_3231: {
    message: ["Intervals greater than a month is not supported (<interval>)."],
  },
  // Sluice's query history (re-running a past batch) has no Spark counterpart.
  SLUICE_BATCH_NOT_IN_HISTORY: {
    message: [
      "Batch <batchId> is not in the history of the query at <checkpointLocation>: it keeps <retained>. The history keeps the committed batches still within spark.sql.streaming.minBatchesToRetain (less one, so each batch's state before it is kept too), while sluice.sql.streaming.history.enabled is true.",
    ],
    sqlState: "KD006",
  },
  // State kept in Sluice's own store format, which Spark's checkpoints never hold.
  SLUICE_CHECKPOINT_STATE_FORMAT: {
    message: [
      "The checkpoint <checkpointLocation> keeps state in a format this version of Sluice does not read (<offsetLog> has <conf>=<found>, this version writes <expected>). Start the query on a new checkpoint location.",
    ],
  },
  // Another browser tab holds the checkpoint's lock.
  SLUICE_CHECKPOINT_IN_USE: {
    message: [
      "The checkpoint <checkpointLocation> is in use by another query (in another tab or window). Stop that query first, or use another checkpoint location.",
    ],
  },
  // A checkpoint file in browser storage is unreadable; Spark's Hadoop I/O errors have no condition.
  SLUICE_CORRUPT_CHECKPOINT: {
    message: [
      "Checkpoint file <path> is corrupt: <reason>. The checkpoint was left untouched; restore the file or start the query on a new checkpoint location.",
    ],
  },
  // A DuckDB conversion error with no closer Spark condition.
  SLUICE_DUCKDB_CONVERSION_ERROR: {
    message: ["<message>"],
    sqlState: "22018",
  },
  // A DuckDB binder type error Sluice cannot map to an expression.
  SLUICE_DUCKDB_DATATYPE_MISMATCH: {
    message: ["Cannot resolve due to data type mismatch: <message>"],
    sqlState: "42K09",
  },
  // A DuckDB error passed on as DuckDB says it.
  SLUICE_DUCKDB_ERROR: {
    message: ["<message>"],
  },
  // Sluice gap, not Spark's: Spark runs transformWithState on batch DataFrames too.
  SLUICE_MAP_GROUPS_WITH_STATE_ON_BATCH: {
    message: [
      "Sluice runs transformWithState on streaming DataFrames only (Spark runs it on batch DataFrames too). Read the input with spark.readStream, with trigger availableNow to process it once, and run the same processor there.",
    ],
    sqlState: "0A000",
  },
  // TypeScript agg() with no argument: Scala's signature forbids it, PySpark asserts.
  SLUICE_NO_AGGREGATE_EXPRESSIONS: {
    message: [
      'agg() needs at least one aggregate expression, such as agg(count("*")): Spark\'s Scala signature requires one and PySpark asserts that exprs is not empty.',
    ],
  },
  // Sluice gap, not Spark's: SQL range() takes foldable expressions and numSlices there.
  SLUICE_RANGE_ARGUMENTS: {
    message: [
      "Sluice's SQL range() takes 1 to 3 integer literals: range(end), range(start, end), range(start, end, step). Spark also takes constant expressions and numSlices; compute the bounds first, or call spark.range(...).",
    ],
    sqlState: "0A000",
  },
  // DuckDB-WASM's 4 GiB memory limit.
  SLUICE_STATE_EXCEEDS_MEMORY: {
    message: [
      "The state in <stateLocation> has grown to <numKeys> keys, and DuckDB now holds <memoryUsed> of memory: past the <memoryLimit> Sluice lets state reach, since DuckDB-WASM can never hold more than 4 GiB. Bound the state (a watermark that lets old keys go, fewer or coarser keys), or run the query on Spark.",
    ],
  },
  // Sluice's replay of a query over the input it read has no Spark counterpart.
  SLUICE_REPLAY_UNSUPPORTED_SOURCE: {
    message: [
      "The query cannot be run again on the input it read: its source <source> does not replay (a socket's lines are read once, as Spark's TextSocketSource).",
    ],
    sqlState: "0A000",
  },
  // A file schema still being read asynchronously in the browser.
  SLUICE_SCHEMA_NOT_YET_KNOWN: {
    message: [
      "The schema of this DataFrame is not known yet: it is being read from the files. Await `df.resolve()` first, or give the reader a schema with `.schema(...)`.",
    ],
  },
  // SQL over a streaming view that Sluice's incremental SQL planner cannot run.
  SLUICE_STREAMING_SQL: {
    message: [
      "This SQL over a streaming view cannot run incrementally in Sluice (<reason>), though Spark plans it. Express it with the DataFrame API, or read the view as a batch.",
    ],
    sqlState: "0A000",
  },
  // Sluice gap, not Spark's: a Spark feature Sluice does not have yet.
  SLUICE_UNSUPPORTED_FEATURE: {
    message: ["<feature> is not supported in Sluice."],
    sqlState: "0A000",
  },
  // Sluice gap, not Spark's: valid Spark SQL Sluice's parser does not plan.
  SLUICE_UNSUPPORTED_SYNTAX: {
    message: ["<syntax> is not supported by Sluice's SQL planner yet, though Spark runs it."],
    sqlState: "0A000",
  },
  // Sluice gap, not Spark's: an aggregate whose buffer Sluice cannot keep in state.
  SLUICE_UNSUPPORTED_STREAMING_AGGREGATE: {
    message: [
      "The aggregate function <functionName>() is not supported on streaming DataFrames/Datasets in Sluice, which cannot keep its buffer in state (Spark can). Compute it per micro-batch in foreachBatch, or aggregate the stream with another function.",
    ],
    sqlState: "0A000",
  },
  // Sluice gap, not Spark's: an aggregate DuckDB cannot run over a window.
  SLUICE_UNSUPPORTED_WINDOW_AGGREGATE: {
    message: [
      "The aggregate function <functionName>() is not supported over a window in Sluice (Spark supports it). Aggregate with groupBy, then join the result back to the rows.",
    ],
    sqlState: "0A000",
  },
} as const satisfies Record<string, ErrorInfo>;

/** One condition of the catalogue, as Spark's `ErrorInfo`. */
export interface ErrorInfo {
  readonly message: readonly string[];
  readonly subClass?: Readonly<Record<string, { readonly message: readonly string[] }>>;
  readonly sqlState?: string;
}

type Catalogue = typeof ERROR_CONDITIONS;

/** A condition as raised: `MAIN` for a condition without sub-classes, `MAIN.SUB` for one with them. */
export type ErrorCondition = {
  [K in keyof Catalogue]: Catalogue[K] extends { readonly subClass: infer S }
    ? `${K & string}.${keyof S & string}`
    : K & string;
}[keyof Catalogue];

/** The `<param>` names in one template line (Spark's `<([a-zA-Z0-9_-]+)>`). */
type Placeholders<T extends string> = T extends `${string}<${infer P}>${infer Rest}`
  ? (P extends "" | `${string} ${string}` ? never : P) | Placeholders<Rest>
  : never;

type Lines<L> = L extends readonly string[] ? L[number] : never;

type TemplateLines<C extends string> = C extends `${infer M extends keyof Catalogue & string}.${infer S}`
  ? Catalogue[M] extends { readonly subClass: infer Subs }
    ?
        | Lines<Catalogue[M]["message"]>
        | (S extends keyof Subs ? Lines<Subs[S] extends { message: infer L } ? L : never> : never)
    : never
  : C extends keyof Catalogue
    ? Lines<Catalogue[C]["message"]>
    : never;

/** The parameters a condition's template asks for, by name. */
export type MessageParameters<C extends ErrorCondition> = {
  readonly [P in Placeholders<TemplateLines<C>>]: string;
};
