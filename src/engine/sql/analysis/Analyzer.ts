/**
 * Analysis as Spark does it, eagerly: every DataFrame operator is checked when it is built. Names are resolved
 * by the compiler, Spark's structural rules by checkAnalysis; types are checked by asking DuckDB to bind the
 * operator's SQL over typed empty inputs. Where DuckDB refuses, the expression at fault is found and the
 * error is worded as Spark's (DATATYPE_MISMATCH naming the expression and the types).
 */

import type { DuckDB } from "../../duckdb/DuckDB";
import { DuckDBError } from "../../duckdb/DuckDB";
import { AnalysisException } from "../../errors";
import {
  binaryOpDiffTypes,
  castWithoutSuggestion,
  duckdbDataTypeMismatch,
  filterNotBoolean,
  joinConditionNotBoolean,
  missingAggregation,
  tableOrViewNotFound,
  typeCheckFailure,
  unexpectedInputType,
  unresolvedColumn,
  untranslatedDuckDBError,
  wrongNumArgs,
} from "../../errors/QueryCompilationErrors";
import {
  arithmeticOverflow,
  cannotParseTimestamp,
  castInvalidInput,
  duckdbConversionError,
  raisedError,
  scalarSubqueryTooManyRows,
  userRaisedException,
} from "../../errors/QueryExecutionErrors";
import { duckdbSyntaxError } from "../../errors/QueryParsingErrors";
import { isUtc } from "../codegen/castSql";
import { LEGACY_NEGATIVE_INDEX } from "../codegen/collectionExtras";
import { compileExpression } from "../codegen/expressionCompiler";
import { CAST_ALIASES, lookupFunction } from "../codegen/functionRegistry";
import {
  type CompiledOperator,
  compileOperator,
  inlineViews,
  joinScope,
  placeholderSql,
  scopeOver,
} from "../codegen/planCompiler";
import { isZoneAwareFunction } from "../codegen/sessionTimeZone";
import { rowZoneFailure } from "../codegen/timeZones";
import { childrenOf, type Expression, transformExpression } from "../expressions";
import type { LogicalPlan } from "../plan";
import {
  AtomicType,
  type DataType,
  declaredType,
  fromArrowSchema,
  IntegerType,
  NullType,
  parseDataType,
  StructField,
  StructType,
  TimestampNTZType,
  withDeclaredType,
} from "../types";
import { resolveRegisteredFunctions } from "../udf/UDFRegistration";
import type { UDFSpec } from "../udf/UserDefinedFunction";
import { addMetadataColumns } from "./AddMetadataColumns";
import { checkOperator } from "./checkAnalysis";
import type { Scope } from "./columnResolution";
import { resolveLiteralFunctions } from "./LiteralFunctionResolution";
import { expressionSql } from "./naming";
import { hasSubquery, planExpressions, typeSubqueries } from "./subqueries";

/** The session's settings of time the analyzer reads: `spark.sql.session.timeZone`, `spark.sql.timestampType`. */
export interface TimeConf {
  readonly timeZone: string;
  readonly timestampType: string;
}

/** Distributes `Omit` over the plan union, so a node can be described before its schema is known. */
export type UnanalysedPlan = LogicalPlan extends infer P
  ? P extends LogicalPlan
    ? Omit<P, "schema">
    : never
  : never;

export class Analyzer {
  constructor(
    private readonly db: DuckDB,
    /** `spark.sql.ansi.enabled`: read as each operator is analysed, as Spark's casts read it when built. */
    private readonly ansiEnabled: () => boolean = () => true,
    /** The session's registered user-defined functions, by name (`spark.udf.register`). */
    private readonly lookupFunction: (name: string) => UDFSpec | undefined = () => undefined,
    /** issue 11: `spark.sql.legacy.negativeIndexInArrayInsert`, read as each operator is analysed. */
    private readonly legacyNegativeIndexInArrayInsert: () => boolean = () => false,
    /** `spark.sql.decimalOperations.allowPrecisionLoss`, read as each operator is analysed. */
    private readonly allowPrecisionLoss: () => boolean = () => true,
    /** `spark.sql.session.timeZone` and `spark.sql.timestampType`, read as each operator is analysed. */
    private readonly timeConf: () => TimeConf = () => ({ timeZone: "UTC", timestampType: "TIMESTAMP_LTZ" }),
  ) {}

  /**
   * An operator's SQL for analysis: its children stand as typed empty rows of their schemas, so analysing an
   * operator costs the same however deep the plan below it (DuckDB binds one level, not the whole chain).
   */
  private sqlOf(plan: LogicalPlan): CompiledOperator {
    return compileOperator(
      plan,
      (leaf) => this.leafSql(leaf),
      this.schemaOf,
      (node) => (node === plan ? undefined : placeholderSql(node.schema)),
    );
  }

  /** The schema of a query's result, without running it. */
  readonly schemaOf = (sql: string): StructType => {
    const result = this.db.query(`SELECT * FROM (${sql}) AS __schema LIMIT 0`);
    return withNullTypes(fromArrowSchema(result.schema), sql, this.db);
  };

  /** Checks a new operator over analysed children and gives it its output schema. */
  analyse(unresolved: UnanalysedPlan, _candidates?: readonly string[]): LogicalPlan {
    const withMetadata = addMetadataColumns(unresolved, (p) => this.analyse(p));
    if (withMetadata) return withMetadata;
    const withSubqueries = planExpressions(unresolved as LogicalPlan).some(hasSubquery)
      ? typeSubqueries(unresolved, (n) => this.analyse(n))
      : unresolved;
    const resolved = resolveRegisteredFunctions(resolveLiteralFunctions(withSubqueries), this.lookupFunction);
    checkOperator(resolved);
    const node = withCastModes(
      resolved,
      this.ansiEnabled(),
      this.legacyNegativeIndexInArrayInsert(),
      this.allowPrecisionLoss(),
      this.timeConf(),
    );
    const draft = { ...node, schema: undefined } as unknown as LogicalPlan;
    if (draft.kind === "relation") return { ...node, schema: this.relationSchema(draft) } as LogicalPlan;
    let schema: StructType;
    try {
      const compiled = this.sqlOf(draft);
      const types = this.schemaOf(compiled.sql);
      schema = new StructType(
        compiled.names.map((n, i) => {
          const type = types.fields[i].dataType;
          return new StructField(n, withDeclaredType(type, compiled.declared?.[i]), compiled.nullable[i]);
        }),
      );
    } catch (error) {
      if (error instanceof DuckDBError) throw this.explain(draft, error);
      throw error;
    }
    const plan = { ...node, schema } as LogicalPlan;
    this.checkConditionTypes(plan);
    return plan;
  }

  /** SQL standing in for a leaf during analysis: the table itself, or typed empty rows. */
  leafSql(leaf: Extract<LogicalPlan, { kind: "relation" }>): string {
    switch (leaf.relation.type) {
      case "table":
        return `SELECT * FROM "${leaf.relation.name.replaceAll('"', '""')}"`;
      case "sql":
        return inlineViews(leaf.relation.sql, leaf.relation.views, (l) => this.leafSql(l), this.schemaOf);
      default:
        return placeholderSql(leaf.schema);
    }
  }

  private relationSchema(leaf: Extract<LogicalPlan, { kind: "relation" }>): StructType {
    try {
      const schema = this.schemaOf(this.leafSql(leaf));
      // A relation's declared types (TIMESTAMP_NTZ, intervals, collations) that DuckDB's types do not say.
      const declared = (leaf as { schema?: StructType }).schema;
      if (!(declared instanceof StructType) || declared.fields.length !== schema.fields.length) return schema;
      return new StructType(
        schema.fields.map(
          (f, i) =>
            new StructField(
              f.name,
              withDeclaredType(f.dataType, declaredType(declared.fields[i].dataType)),
              f.nullable,
              f.metadata,
            ),
        ),
      );
    } catch (error) {
      throw translateDuckDBError(error);
    }
  }

  /** The scope the operator's own expressions are compiled in, over its children's typed empty rows. */
  private scopeOf(node: LogicalPlan): Scope | undefined {
    const sqlOf = (p: LogicalPlan) => placeholderSql(p.schema);
    if (node.kind === "join") {
      const from = `(${sqlOf(node.left)}) AS __l0 CROSS JOIN (${sqlOf(node.right)}) AS __r0`;
      return joinScope(node, "__l0", "__r0", from, this.schemaOf);
    }
    if (node.kind === "relation" || node.kind === "union") return undefined;
    const child = node.child;
    return scopeOver(child, `(${sqlOf(child)}) AS __s0`, this.schemaOf);
  }

  /** Spark's words for a DuckDB refusal: the innermost expression DuckDB cannot bind, and why. */
  private explain(node: LogicalPlan, error: DuckDBError): unknown {
    const translated = translateDuckDBError(error);
    if (!(translated instanceof AnalysisException) || !/DATATYPE_MISMATCH/.test(translated.errorClass ?? ""))
      return translated;
    const scope = this.scopeOf(node);
    if (!scope?.typeOf) return translated;
    for (const e of operatorExpressions(node)) {
      const culprit = findUnbindable(e, scope);
      if (culprit) return mismatchFor(culprit, scope, error) ?? translated;
    }
    return translated;
  }

  /** A filter's and a join's conditions must be boolean. */
  private checkConditionTypes(plan: LogicalPlan): void {
    const condition =
      plan.kind === "filter" ? plan.condition : plan.kind === "join" ? plan.condition : undefined;
    if (!condition) return;
    const scope = this.scopeOf(plan);
    if (!scope?.typeOf) return;
    const type = scope.typeOf(compileExpression(condition, scope));
    if (type instanceof AtomicType && (type.name === "boolean" || type.name === "null")) return;
    const sql = expressionSql(condition);
    if (plan.kind === "filter") throw filterNotBoolean(sql, type);
    throw joinConditionNotBoolean(sql, type);
  }
}

const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "div"]);

/** The operator with its casts' evaluation mode fixed: ANSI or legacy, as the session says now. */
function withCastModes(
  node: UnanalysedPlan,
  ansi: boolean,
  legacyArrayInsert = false,
  allowPrecisionLoss = true,
  time: TimeConf = { timeZone: "UTC", timestampType: "TIMESTAMP_LTZ" },
): UnanalysedPlan {
  const ntz = time.timestampType === "TIMESTAMP_NTZ";
  const fix = (e: Expression): Expression =>
    transformExpression(e, (x) => {
      if (x.kind === "cast" && x.ansi === undefined) {
        // spark.sql.timestampType: the type the keyword TIMESTAMP names (Spark's SqlApiConf.timestampType).
        const dataType = ntz && x.timestampKeyword ? TimestampNTZType : x.dataType;
        return { ...x, dataType, ansi, timeZone: time.timeZone, child: fix(x.child) };
      }
      // ParseToTimestamp is typed spark.sql.timestampType.
      // (An invisible cast, in UTC: the wall clock to_timestamp reads is kept.)
      if (ntz && x.kind === "call" && x.name === "to_timestamp")
        return {
          kind: "cast",
          child: { ...x, args: x.args.map(fix) },
          dataType: TimestampNTZType,
          ansi,
          timeZone: "UTC",
        };
      // A datetime function reads wall clocks in the session time zone when analysed (sessionTimeZone.ts).
      if (
        x.kind === "call" &&
        x.timeZone === undefined &&
        !isUtc(time.timeZone) &&
        isZoneAwareFunction(x.name)
      )
        return { ...x, timeZone: time.timeZone, args: x.args.map(fix) };
      // Decimal arithmetic's overflow and result types follow the session's settings when analysed.
      if (x.kind === "binary" && x.ansi === undefined && ARITHMETIC.has(x.op)) {
        // A timestamp subtraction counts between wall clocks in the session time zone (SubtractTimestamps).
        const zoned = x.op === "-" && !isUtc(time.timeZone) ? { timeZone: time.timeZone } : {};
        return { ...x, ansi, allowPrecisionLoss, ...zoned, left: fix(x.left), right: fix(x.right) };
      }
      // pmod, and sum and avg of decimals (CheckOverflowInSum): spark.sql.ansi.enabled when analysed.
      if (x.kind === "call" && ["pmod", "sum", "avg", "mean"].includes(x.name) && x.ansi === undefined)
        return { ...x, ansi, args: x.args.map(fix) };
      // issue 11: array_insert built under the legacy negative index (Spark's ArrayInsert.legacyNegativeIndex).
      if (legacyArrayInsert && x.kind === "call" && x.name === "array_insert" && x.args.length === 3)
        return { ...x, args: [...x.args.map(fix), LEGACY_NEGATIVE_INDEX] };
      // Spark's cast aliases: int(x) is CAST(x AS INT).
      if (x.kind === "call" && Object.hasOwn(CAST_ALIASES, x.name) && !lookupFunction(x.name)) {
        if (x.args.length !== 1) throw wrongNumArgs(x.name, "1", x.args.length);
        const dataType = parseDataType(CAST_ALIASES[x.name]);
        return { kind: "cast", child: fix(x.args[0]), dataType, ansi, userSpecified: true };
      }
      return undefined;
    });
  switch (node.kind) {
    case "project":
      return { ...node, exprs: node.exprs.map(fix) };
    case "filter":
      return { ...node, condition: fix(node.condition) };
    case "aggregate":
      return { ...node, groupBy: node.groupBy.map(fix), aggregates: node.aggregates.map(fix) };
    case "sort":
      return { ...node, orders: node.orders.map(fix) };
    case "expand":
      return { ...node, groupingExprs: node.groupingExprs.map(fix) };
    case "join":
      return node.condition ? { ...node, condition: fix(node.condition) } : node;
    default:
      return node;
  }
}

/** The expressions an operator evaluates (not those of its children). */
export function operatorExpressions(node: LogicalPlan): readonly Expression[] {
  switch (node.kind) {
    case "project":
      return node.exprs;
    case "filter":
      return [node.condition];
    case "aggregate":
      return [...node.groupBy, ...node.aggregates];
    case "sort":
      return node.orders;
    case "expand":
      return node.groupingExprs;
    case "join":
      return node.condition ? [node.condition] : [];
    default:
      return [];
  }
}

/** Whether DuckDB can type `e` over the scope. */
function binds(e: Expression, scope: Scope): boolean {
  try {
    scope.typeOf!(compileExpression(e, scope));
    return true;
  } catch (error) {
    if (error instanceof DuckDBError) return false;
    throw error;
  }
}

/** The innermost sub-expression of `e` DuckDB cannot bind while all its inputs bind. */
function findUnbindable(e: Expression, scope: Scope): Expression | undefined {
  if (e.kind === "lambda" || e.kind === "star") return undefined;
  for (const child of childrenOf(e)) {
    const found = findUnbindable(child, scope);
    if (found) return found;
  }
  if (e.kind === "alias" || e.kind === "sortOrder") return undefined;
  return binds(e, scope) ? undefined : e;
}

/** DuckDB's type names as Spark writes them. */
const SPARK_TYPE_NAMES: Record<string, string> = {
  VARCHAR: "STRING",
  INTEGER: "INT",
  BIGINT: "BIGINT",
  SMALLINT: "SMALLINT",
  TINYINT: "TINYINT",
  DOUBLE: "DOUBLE",
  FLOAT: "FLOAT",
  BOOLEAN: "BOOLEAN",
  DATE: "DATE",
  TIMESTAMP: "TIMESTAMP",
  BLOB: "BINARY",
};

function sparkTypeOfDuckDB(name: string): string {
  const upper = name.toUpperCase();
  if (SPARK_TYPE_NAMES[upper]) return `"${SPARK_TYPE_NAMES[upper]}"`;
  if (upper.endsWith("[]")) return '"ARRAY"';
  if (upper.startsWith("STRUCT")) return '"STRUCT"';
  if (upper.startsWith("MAP")) return '"MAP"';
  if (upper.startsWith("DECIMAL")) return '"DECIMAL"';
  return `"${upper}"`;
}

function mismatchFor(e: Expression, scope: Scope, error: DuckDBError): AnalysisException | undefined {
  const typeOf = (x: Expression): DataType => scope.typeOf!(compileExpression(x, scope));
  const sql = expressionSql(e);
  if (e.kind === "binary") return binaryOpDiffTypes(sql, typeOf(e.left), typeOf(e.right));
  if (e.kind === "cast") return castWithoutSuggestion(sql, typeOf(e.child), e.dataType);
  if (e.kind === "call") {
    // DuckDB lists the signatures it has: compare the arguments with the first one.
    const candidate = /Candidate functions:\s*\n\s*[^(\n]*\(([^)]*)\)/.exec(error.message)?.[1];
    const expected = candidate?.split(",").map((t) => t.trim()) ?? [];
    for (const [i, arg] of e.args.entries()) {
      if (arg.kind === "star" || arg.kind === "lambda" || expected[i] === undefined) continue;
      const actual = typeOf(arg);
      if (actual.sql().toUpperCase() === expected[i].toUpperCase() || expected[i] === "ANY") continue;
      return unexpectedInputType(sql, i, sparkTypeOfDuckDB(expected[i]), expressionSql(arg), actual);
    }
  }
  const detail = error.message.split("\n")[0].replace(/^[A-Za-z ]+Error: /, "");
  return typeCheckFailure(sql, detail, error);
}

/** DuckDB's error for a query, in Spark's words where Spark has words for it. */
export function translateDuckDBError(error: unknown, candidates: readonly string[] = []): unknown {
  if (!(error instanceof DuckDBError)) return error;
  const message = error.message;
  // A zone id read from a row that getZoneId refuses: its own error, which DuckDB reports only as text.
  const zone = rowZoneFailure();
  if (zone && message.includes(zone.message)) return zone;
  const firstLine = message.split("\n")[0];
  const column = /Referenced column "([^"]+)" not found/.exec(message);
  if (column) {
    const bindings = /Candidate bindings: (.*)/.exec(message)?.[1];
    const names =
      candidates.length > 0
        ? candidates
        : [...(bindings ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1].replace(/^.*\./, ""));
    return unresolvedColumn(column[1], names);
  }
  const table = /Table with name (\S+) does not exist/.exec(message);
  if (table) return tableOrViewNotFound(table[1]);
  const grouping = /column "([^"]+)" must appear in the GROUP BY clause/.exec(message);
  if (grouping) return missingAggregation(grouping[1], error);
  if (/^Parser Error/.test(message)) {
    const near = /at or near "(.*)"/.exec(firstLine)?.[1];
    return duckdbSyntaxError(near === undefined ? "end of input" : `'${near}'`, error);
  }
  if (/^(Binder Error|Catalog Error)/.test(message)) {
    const detail = message
      .replace(/^(Binder|Catalog) Error: /, "")
      .split("\n\nLINE")[0]
      .split("\n")[0]
      .trim();
    if (
      /No function matches|Cannot compare|Could not choose a best candidate|cannot be cast|Cannot mix|Cannot deduce|Unimplemented type/.test(
        detail,
      )
    ) {
      return duckdbDataTypeMismatch(detail, error);
    }
    return untranslatedDuckDBError(detail, error);
  }
  const conversion = /^Conversion Error: Could not convert string '(.*)' to (\w+)/.exec(firstLine);
  if (conversion) {
    const target = { INT32: "INT", INT64: "BIGINT", INT16: "SMALLINT", INT8: "TINYINT", BOOL: "BOOLEAN" }[
      conversion[2]
    ];
    return castInvalidInput(conversion[1], "STRING", target ?? conversion[2], error);
  }
  // Errors raised from SQL with error(): the engine's (DIVIDE_BY_ZERO, casts...), or raise_error(message).
  if (/^Invalid Input Error: More than one row returned by a subquery/.test(message))
    return scalarSubqueryTooManyRows(error);
  const raised = /^Invalid Input Error: ([\s\S]*)/.exec(message);
  if (raised) return raisedError(raised[1], error) ?? userRaisedException(raised[1].split("\n")[0], error);
  const datetime = /^Conversion Error: invalid (timestamp|date) field format: "(.*)"/.exec(firstLine);
  if (datetime) {
    return castInvalidInput(datetime[2], "STRING", datetime[1].toUpperCase(), error);
  }
  const parse = /Could not parse string "(.*)" according to format specifier "(.*)"/.exec(firstLine);
  if (parse) {
    return cannotParseTimestamp(parse[1], error);
  }
  if (/^Conversion Error/.test(message)) {
    return duckdbConversionError(firstLine.replace(/^Conversion Error: /, ""), error);
  }
  if (/^Out of Range Error/.test(message)) {
    return arithmeticOverflow(firstLine.replace(/^Out of Range Error: /, ""), error);
  }
  return error;
}

/**
 * Spark types a bare NULL as NullType (`void`); DuckDB has the same type while it binds ("NULL") but hands it out
 * as INTEGER. For a result with an INTEGER column whose SQL may hold a bare NULL, one more bind asks DuckDB for
 * each column's own type (`typeof` over a row of nulls) and takes back NullType where it says "NULL".
 */
function withNullTypes(schema: StructType, sql: string, db: DuckDB): StructType {
  if (!schema.fields.some((f) => f.dataType === IntegerType)) return schema;
  if (!/\bNULL\b/i.test(sql.replace(/CAST\(NULL AS|IS (NOT )?NULL/gi, ""))) return schema;
  const probe = db.query(
    `SELECT typeof(COLUMNS(__probe.*)) FROM (SELECT 1) AS __one LEFT JOIN (SELECT * FROM (${sql}) AS __schema LIMIT 0) AS __probe ON TRUE`,
  );
  const types = probe.schema.fields.map((_, i) => probe.getChildAt(i)?.get(0));
  if (!types.includes('"NULL"')) return schema;
  return new StructType(
    schema.fields.map((f, i) => (types[i] === '"NULL"' ? new StructField(f.name, NullType, true) : f)),
  );
}
