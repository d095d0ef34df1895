/**
 * Expressions as DuckDB SQL. Column references are resolved here against the operator's input
 * (columnResolution.ts), so unknown names fail with Spark's message; function arguments get Spark's implicit
 * casts (typeCoercion.ts) and compile as the function registry says; generators expand in select lists
 * (generators.ts).
 */
import { quoteIdentifier, quoteString } from "../../duckdb/DuckDB";
import { SparkError } from "../../errors";
import {
  fieldNotFound,
  functionWithUnsupportedSyntax,
  invalidExtractField,
  invalidUsageOfStar,
  literalTypeUnsupported,
  typeCheckFailure,
  unresolvedRoutine,
  unsupportedExprForWindow,
  unsupportedWindowAggregate,
  windowFunctionNotOrdered,
  windowFunctionWithoutOverClause,
  wrongNumArgs,
} from "../../errors/QueryCompilationErrors";
import { divideByZeroSql } from "../../errors/QueryExecutionErrors";
import { foldAggregateFilter } from "../analysis/aggregateFilter";
import {
  expandStar,
  resolveColumn,
  type Scope,
  starArguments,
  uniqueSqlNames,
} from "../analysis/columnResolution";
import { expressionName, expressionSql } from "../analysis/naming";
import { expressionNullable } from "../analysis/nullability";
import { coerceArguments } from "../analysis/typeCoercion";
import { frameSql, OFFSET_FUNCTIONS, RANKING_FUNCTIONS } from "../api/Window";
import { Decimal, decimalOfLiteral, decimalTypeOf, plainString } from "../decimals";
import { anyExpression, type Expression } from "../expressions";
import {
  ArrayType,
  AtomicType,
  CalendarIntervalType,
  CollatedStringType,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  IntegerType,
  isTimestampNTZ,
  MapType,
  NullType,
  StructType,
  VariantType,
  withDeclaredType,
  YearMonthIntervalType,
} from "../types";
import { canCastIn, castTypeMismatch, type EvalMode } from "./Cast";
import { castSql } from "./castSql";
import { stackColumns } from "./collectionExtras";
import {
  type DecimalOperator,
  decimalArithmeticSql,
  decimalResultType,
  integralAsDecimal,
} from "./decimalArithmetic";
import { lookupFunction } from "./functionRegistry";
import { generatorColumns, isGenerator } from "./generators";
import { INTERVAL_AGGREGATES, intervalAggregateSql, isAnsiIntervalType } from "./intervalAggregates";
import {
  checkIntervalArguments,
  compileIntervalBinary,
  intervalTypeOf,
  nestedIntervalTypeOf,
} from "./intervalArithmetic";
import { jsonTupleColumns } from "./jsonTextFunctions";
import { zonedArguments, zonedResult, zonedSpecialArguments } from "./sessionTimeZone";
import { ntzTypeOf } from "./timestampNtz";
import { toJsonSql } from "./toJson";
import { decimalSumOrAverageSql } from "./tryAggregateFunctions";
import { toVariantSql, variantGetSql } from "./variantFunctions";

const BINARY_SQL: Record<string, string> = {
  "=": "=",
  "<=>": "IS NOT DISTINCT FROM",
  "!=": "<>",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  and: "AND",
  or: "OR",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "%": "%",
  div: "//",
  "||": "||",
  "&": "&",
  "|": "|",
};

const DIVIDE_BY_ZERO = divideByZeroSql();
/**
 * A user-defined function's result where the plan is only analysed: its type, never a value (ExtractUDFs and
 * BatchEvalUDF evaluate every call before a plan runs, so this never runs over rows). A typed NULL rather than
 * DuckDB's error(): error() is volatile, and DuckDB refuses a volatile function under try(), which casts use
 * (`CAST(aes_decrypt(...) AS STRING)` decodes UTF-8 in try()).
 */
export function unevaluatedUdfSql(type: DataType): string {
  return `CAST(NULL AS ${type.sql()})`;
}

function literalSql(literal: unknown, dataType?: DataType): string {
  const value =
    literal instanceof Decimal && dataType instanceof DecimalType ? literal.toPlainString() : literal;
  // A decimal literal casts its exact digits (a double's would round).
  if (dataType instanceof DecimalType && (typeof value === "number" || typeof value === "string"))
    return `CAST('${plainString(decimalOfLiteral(value, dataType.scale))}' AS ${dataType.sql()})`;
  if (value instanceof Decimal) return `CAST('${value.toPlainString()}' AS ${decimalTypeOf(value).sql()})`;
  let sql: string;
  if (value === null || value === undefined) sql = "NULL";
  else if (typeof value === "string") sql = quoteString(value);
  else if (typeof value === "boolean") sql = value ? "TRUE" : "FALSE";
  else if (typeof value === "bigint") sql = `CAST(${value} AS BIGINT)`;
  else if (typeof value === "number") {
    if (Number.isNaN(value)) sql = "CAST('NaN' AS DOUBLE)";
    else if (!Number.isFinite(value)) sql = `CAST('${value > 0 ? "Infinity" : "-Infinity"}' AS DOUBLE)`;
    else if (Number.isSafeInteger(value))
      sql = Math.abs(value) <= 2147483647 ? String(value) : `CAST(${value} AS BIGINT)`;
    else sql = `CAST(${value} AS DOUBLE)`;
  } else if (value instanceof Uint8Array)
    sql = `from_hex(${quoteString(Array.from(value, (b) => b.toString(16).padStart(2, "0")).join(""))})`;
  else if (value instanceof Date) sql = `make_timestamp(CAST(${value.getTime()} AS BIGINT) * 1000)`;
  else if (Array.isArray(value)) sql = `[${value.map((v) => literalSql(v)).join(", ")}]`;
  else if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    sql = `struct_pack(${entries.map(([k, v]) => `${quoteIdentifier(k)} := ${literalSql(v)}`).join(", ")})`;
  } else throw literalTypeUnsupported(String(value), typeof value);
  return dataType ? `CAST(${sql} AS ${dataType.sql()})` : sql;
}

const atomic = (type: DataType | undefined) => (type instanceof AtomicType ? type.name : undefined);
const isIntegral = (type: DataType | undefined) =>
  ["byte", "short", "integer", "long"].includes(atomic(type) ?? "");

/** Compiles one expression; aliases are dropped (the select list names its items). */
export function compileExpression(e: Expression, scope: Scope): string {
  const c = (x: Expression) => compileExpression(x, scope);
  switch (e.kind) {
    case "column":
      return resolveColumn(e.parts, scope, e.planId, e.index).sql;
    case "star":
      throw invalidUsageOfStar(`expression '${expressionSql(e)}'`);
    case "literal":
      return literalSql(e.value, e.dataType);
    case "interval":
      return `(to_months(${e.months}) + to_microseconds(CAST(${e.micros} AS BIGINT)))`;
    case "call":
      return compileCall(e, scope);
    case "binary": {
      const interval = compileIntervalBinary(e, scope);
      if (interval !== undefined) return interval;
      if (e.op === "rlike") return `regexp_matches(${c(e.left)}, ${c(e.right)})`;
      if (["+", "-", "*", "/", "%", "div"].includes(e.op)) {
        const decimal = compileDecimalArithmetic(e.op as DecimalOperator, e.left, e.right, scope, e);
        if (decimal !== undefined) return decimal;
      }
      // Spark 4 (ANSI) fails a division by zero, without ANSI it is null; DuckDB would give null or infinity.
      // IntegralDivide (`div`) is a bigint whatever its integral operands (DuckDB keeps their type).
      if (e.op === "/" || e.op === "%" || e.op === "div") {
        const divisor = c(e.right);
        const zero = e.ansi === false ? "NULL" : DIVIDE_BY_ZERO;
        const quotient = `(${c(e.left)} ${BINARY_SQL[e.op]} ${divisor})`;
        return `(CASE WHEN ${divisor} = 0 THEN ${zero} ELSE ${e.op === "div" ? `CAST(${quotient} AS BIGINT)` : quotient} END)`;
      }
      if (e.op === "^") return `xor(${c(e.left)}, ${c(e.right)})`;
      // Spark's LIKE escapes with a backslash by default; DuckDB's has no escape unless told.
      if (e.op === "like" || e.op === "ilike")
        return `(${c(e.left)} ${e.op.toUpperCase()} ${c(e.right)} ESCAPE '\\')`;
      return `(${c(e.left)} ${BINARY_SQL[e.op]} ${c(e.right)})`;
    }
    case "not":
      return `(NOT ${c(e.child)})`;
    case "negate":
      return `(- ${c(e.child)})`;
    case "isNull":
      return `(${c(e.child)} IS ${e.negated ? "NOT " : ""}NULL)`;
    case "in":
      if (e.list.length === 0) return e.negated ? "TRUE" : "FALSE";
      return `(${c(e.child)} ${e.negated ? "NOT " : ""}IN (${e.list.map(c).join(", ")}))`;
    case "between":
      return `(${c(e.child)} ${e.negated ? "NOT " : ""}BETWEEN ${c(e.low)} AND ${c(e.high)})`;
    case "alias":
      return c(e.child);
    case "cast":
      return compileCast(e, scope);
    case "case": {
      const branches = e.branches.map(([cond, value]) => ` WHEN ${c(cond)} THEN ${c(value)}`).join("");
      return `(CASE${branches}${e.otherwise ? ` ELSE ${c(e.otherwise)}` : ""} END)`;
    }
    case "extract": {
      const child = c(e.child);
      // A lambda's parameter has no type outside its function: a field of it is read by name.
      const params = scope.lambdaParams ?? [];
      const ofParameter = anyExpression(
        e.child,
        (x) => x.kind === "column" && x.parts.length === 1 && params.includes(x.parts[0]),
      );
      const type = ofParameter ? undefined : scope.typeOf?.(child);
      if (e.key.kind === "literal" && typeof e.key.value === "string" && !(type instanceof MapType)) {
        if (type instanceof StructType) {
          const field = type.field(e.key.value);
          if (!field) throw fieldNotFound(e.key.value, type.fieldNames);
          return `(${child}).${quoteIdentifier(field.name)}`;
        }
        return `(${child}).${quoteIdentifier(e.key.value)}`;
      }
      if (type instanceof MapType) return `${child}[${c(e.key)}]`;
      // Spark's arrays are indexed from 0, DuckDB's from 1.
      return `${child}[(${c(e.key)}) + 1]`;
    }
    case "sortOrder":
      return `${c(e.child)} ${e.ascending ? "ASC" : "DESC"} NULLS ${e.nullsFirst ? "FIRST" : "LAST"}`;
    case "lambda":
      return compileLambda(e, scope);
    case "windowFunction":
      return compileWindowFunction(e, scope);
    case "udf":
      for (const arg of e.args) c(arg);
      return unevaluatedUdfSql(e.udf.dataType);
    case "subquery": {
      // Bound by the plan compiler; until then a typed NULL, which is all analysis asks of it.
      if (e.sql !== undefined) return e.sql;
      if (e.subqueryType === "exists") return "CAST(NULL AS BOOLEAN)";
      const type = e.plan.schema.fields[0]?.dataType;
      return type === undefined || type === NullType ? "NULL" : `CAST(NULL AS ${type.sql()})`;
    }
    case "outer":
      return e.sql ?? "NULL";
  }
}

/**
 * Spark's decimal arithmetic where an operand is a decimal and the other a decimal or an integer (an integer
 * literal as the decimal of its digits): Spark's result type and HALF_UP rounding (decimalArithmetic.ts).
 * Undefined where the operands are of other types, or not typed here.
 */
function compileDecimalArithmetic(
  op: DecimalOperator,
  left: Expression,
  right: Expression,
  scope: Scope,
  modes: { readonly ansi?: boolean; readonly allowPrecisionLoss?: boolean },
): string | undefined {
  if (!scope.typeOf) return undefined;
  const l = compileExpression(left, scope);
  const r = compileExpression(right, scope);
  let lt: DataType;
  let rt: DataType;
  try {
    lt = scope.typeOf(l);
    rt = scope.typeOf(r);
  } catch {
    return undefined;
  }
  if (!(lt instanceof DecimalType) && !(rt instanceof DecimalType)) return undefined;
  const literalOf = (e: Expression) => (e.kind === "literal" ? e.value : undefined);
  const ld = lt instanceof DecimalType ? lt : integralAsDecimal(lt, literalOf(left));
  const rd = rt instanceof DecimalType ? rt : integralAsDecimal(rt, literalOf(right));
  if (!ld || !rd) return undefined;
  const to = decimalResultType(op, ld, rd, modes.allowPrecisionLoss ?? true);
  return decimalArithmeticSql(op, { sql: l, type: ld }, { sql: r, type: rd }, to, {
    ansi: modes.ansi ?? true,
  });
}

/**
 * A lambda `(p1, p2) -> body` as DuckDB's `(lambda p1, p2: body)`. Where the higher-order function gives its
 * parameters' types, the body's expressions are typed with them: a type-checked function of a parameter
 * (`concat(x, y)`, `upper(k)`) asks DuckDB its argument's type with the parameter bound to a typed null.
 */
function compileLambda(
  e: Extract<Expression, { kind: "lambda" }>,
  scope: Scope,
  types?: readonly (DataType | undefined)[],
): string {
  const outer = scope.typeOf;
  const typed = types && outer && e.params.every((_, i) => types[i] !== undefined);
  const lambdaTypes = new Map(scope.lambdaTypes);
  e.params.forEach((p, i) => {
    const type = types?.[i];
    if (typed && type) lambdaTypes.set(p.toLowerCase(), type);
    else lambdaTypes.delete(p.toLowerCase());
  });
  const inner: Scope = {
    ...scope,
    lambdaParams: [...(scope.lambdaParams ?? []), ...e.params],
    lambdaTypes,
    typeOf: typed ? (sql) => outer(bindTypedParams(sql, e.params, types as DataType[])) : outer,
  };
  return `(lambda ${e.params.map(quoteIdentifier).join(", ")}: ${compileExpression(e.body, inner)})`;
}

/** SQL of `sql` with each lambda parameter bound to a null of its type (for DuckDB to type, never to run). */
function bindTypedParams(sql: string, params: readonly string[], types: readonly DataType[]): string {
  let body = sql;
  for (let i = params.length - 1; i >= 0; i--)
    body = `list_transform([CAST(NULL AS ${types[i].sql()})], lambda ${quoteIdentifier(params[i])}: ${body})[1]`;
  return body;
}

/**
 * The types of the parameters of the lambda that is argument `index` of higher-order function `name`, from the
 * types of the arguments before it (Spark's HigherOrderFunction.bind): an array's element (and its index), a
 * map's key and value, an aggregate's accumulator.
 */
function lambdaParamTypes(
  name: string,
  index: number,
  argTypes: readonly (DataType | undefined)[],
): (DataType | undefined)[] {
  const first = argTypes[0];
  const element = first instanceof ArrayType ? first.elementType : undefined;
  switch (name) {
    case "aggregate":
    case "reduce":
      return index === 2 ? [argTypes[1], element] : [argTypes[1]];
    case "zip_with": {
      const second = argTypes[1];
      return [element, second instanceof ArrayType ? second.elementType : undefined];
    }
    case "array_sort":
      return [element, element];
    // issue 11: map_zip_with's lambda takes the key and both maps' values.
    case "map_zip_with": {
      const second = argTypes[1];
      if (!(first instanceof MapType)) return [undefined, undefined, undefined];
      return [first.keyType, first.valueType, second instanceof MapType ? second.valueType : undefined];
    }
    default:
      if (first instanceof MapType) return [first.keyType, first.valueType];
      return [element, IntegerType];
  }
}

/** The evaluation mode of a cast: TRY for try_cast, else what the session's ANSI setting was at analysis. */
export function castEvalMode(e: Extract<Expression, { kind: "cast" }>): EvalMode {
  if (e.tryCast) return "TRY";
  return e.ansi === false ? "LEGACY" : "ANSI";
}

/** Spark's Cast: refused at analysis where the mode does not allow it, else each cell as Spark computes it. */
function compileCast(e: Extract<Expression, { kind: "cast" }>, scope: Scope): string {
  // A bare NULL is Spark's NullType, which casts to any type (DuckDB would type it INTEGER).
  if (e.child.kind === "literal" && e.child.value == null && e.child.dataType === undefined) {
    return `CAST(NULL AS ${e.dataType.sql()})`;
  }
  const child = compileExpression(e.child, scope);
  if (!scope.typeOf) return `${e.tryCast ? "TRY_CAST" : "CAST"}(${child} AS ${e.dataType.sql()})`;
  // DuckDB has one INTERVAL (and one TIMESTAMP): the analyzer knows which of Spark's types the child is.
  const from =
    intervalTypeOf(e.child, scope) ?? withDeclaredType(scope.typeOf(child), ntzTypeOf(e.child, scope));
  const mode = castEvalMode(e);
  // Spark 4's VARIANT: a cast from it is variant_get at `$` (failing as the mode fails), one to it builds it.
  if (from instanceof VariantType) return variantGetSql(child, [], e.dataType, mode !== "TRY");
  if (e.dataType instanceof VariantType) return toVariantSql(child, from);
  if (!canCastIn(mode, from, e.dataType)) throw castTypeMismatch(mode, expressionSql(e), from, e.dataType);
  return castSql(child, from, e.dataType, mode, e.timeZone);
}

/** `f(...) OVER (...)`: ranking and offset functions, or an aggregate over the window's rows. */
function compileWindowFunction(e: Extract<Expression, { kind: "windowFunction" }>, scope: Scope): string {
  const f = e.function;
  if (f.kind !== "call") {
    throw unsupportedExprForWindow(expressionSql(f));
  }
  const isRanking = RANKING_FUNCTIONS.has(f.name) || OFFSET_FUNCTIONS.has(f.name);
  if (isRanking && e.orderBy.length === 0) {
    throw windowFunctionNotOrdered(f.name);
  }
  const clause = [
    ...(e.partitionBy.length > 0
      ? [`PARTITION BY ${e.partitionBy.map((p) => compileExpression(p, scope)).join(", ")}`]
      : []),
    ...(e.orderBy.length > 0
      ? [`ORDER BY ${e.orderBy.map((o) => compileExpression(o, scope)).join(", ")}`]
      : []),
    // DuckDB's default frames are Spark's; ranking and offset functions take none.
    ...(e.frame && !isRanking ? [frameSql(e.frame)] : []),
  ].join(" ");
  return compileCall(f, scope, clause);
}

/** A function call; `over` is the window clause where it is computed over a window. */
function compileCall(call: Extract<Expression, { kind: "call" }>, scope: Scope, over?: string): string {
  if (call.filter) {
    if (lookupFunction(call.name)?.aggregate !== true) {
      if (!lookupFunction(call.name)) throw unresolvedRoutine(call.name);
      throw functionWithUnsupportedSyntax(call.name, "FILTER clause");
    }
    const folded = foldAggregateFilter(call);
    if (folded.kind === "call") return compileCall(folded, scope, over);
    if (over !== undefined) throw unsupportedWindowAggregate(call.name);
    return compileExpression(folded, scope);
  }
  // `count(*)` counts rows; elsewhere a star stands for the columns it expands to.
  const e =
    call.name !== "count" && call.args.some((a) => a.kind === "star")
      ? {
          ...call,
          args: call.args.flatMap((a) => (a.kind === "star" ? starArguments(a.qualifier, scope) : [a])),
        }
      : call;
  const spec = lookupFunction(e.name);
  if (!spec) throw unresolvedRoutine(e.name);
  checkIntervalArguments(e, scope);
  // extract / date_part of an interval: only its kind's fields (ExtractIntervalPart.parseExtractField).
  if (EXTRACT_FUNCTIONS.has(e.name) && e.args.length === 2) {
    const checked = checkIntervalExtract(e, scope);
    if (checked !== undefined) return checked;
  }
  // sum and avg of ANSI intervals (DuckDB's INTERVAL has no sum that keeps Spark's range and overflow).
  if (INTERVAL_AGGREGATES.has(e.name) && e.args.length === 1) {
    const type = intervalTypeOf(e.args[0], scope);
    if (isAnsiIntervalType(type)) {
      return intervalAggregateSql(
        e.name,
        compileExpression(e.args[0], scope),
        type,
        e.distinct === true,
        over,
      );
    }
  }
  const windowOnly = RANKING_FUNCTIONS.has(e.name) || OFFSET_FUNCTIONS.has(e.name);
  if (windowOnly && over === undefined) {
    throw windowFunctionWithoutOverClause(e.name);
  }
  if (e.args.length < spec.minArgs || e.args.length > spec.maxArgs) {
    const expected =
      spec.minArgs === spec.maxArgs
        ? String(spec.minArgs)
        : spec.maxArgs === Number.POSITIVE_INFINITY
          ? `> ${spec.minArgs - 1}`
          : `[${spec.minArgs}, ${spec.maxArgs}]`;
    throw wrongNumArgs(e.name, expected, e.args.length);
  }
  // collation(str) names the collation of its argument's Spark type, which DuckDB's types do not carry.
  if (e.name === "collation") {
    compileArguments(e, scope);
    const collated = expressionCollation(e.args[0], scope);
    return quoteString(`SYSTEM.BUILTIN.${collated?.collation ?? "UTF8_BINARY"}`);
  }
  if (e.name === "pmod" && e.args.length === 2 && over === undefined) {
    const decimal = compileDecimalArithmetic("pmod", e.args[0], e.args[1], scope, { ansi: e.ansi });
    if (decimal !== undefined) return decimal;
  }
  let args = compileArguments(e, scope);
  // to_json writes an interval inside a struct, an array or a map as its declared type's literal, a type DuckDB's
  // INTERVAL does not carry.
  if (e.name === "to_json" && scope.typeOf && e.args[0]) {
    const declared = nestedIntervalTypeOf(e.args[0], scope);
    if (declared !== undefined) return toJsonSql(args[0], withDeclaredType(scope.typeOf(args[0]), declared));
  }
  // The session time zone of a TimeZoneAwareExpression (sessionTimeZone.ts): its wall clocks are read there.
  const timeZone = e.timeZone;
  const zoned =
    timeZone !== undefined && scope.typeOf
      ? { call: e, isNtz: (i: number) => isTimestampNTZ(ntzTypeOf(e.args[i], scope)), typeOf: scope.typeOf }
      : undefined;
  if (zoned && timeZone !== undefined)
    args = zonedSpecialArguments(zoned, zonedArguments(zoned, args, timeZone), timeZone);
  const uncoerced = args;
  if (spec.inputTypes && scope.typeOf) args = coerceArguments(e, args, spec.inputTypes, scope.typeOf);
  if (over !== undefined && spec.windowed) return spec.windowed(args, e.args, over);
  let sql: string;
  try {
    sql = spec.sql(args, e.args, e.distinct === true, scope.typeOf);
  } catch (error) {
    if (error instanceof SparkError) throw error;
    throw typeCheckFailure(expressionSql(e), (error as Error).message, error);
  }
  if (zoned && timeZone !== undefined) sql = zonedResult(zoned, uncoerced, sql, timeZone);
  if (over !== undefined) {
    // Over a window only a plain call takes the OVER clause (not DuckDB SQL built around the aggregate).
    if (!windowOnly && (!spec.aggregate || !/^\w+\((.|\n)*\)$/.test(sql) || /FILTER|ORDER BY/.test(sql))) {
      throw unsupportedWindowAggregate(e.name);
    }
    sql = `${sql} OVER (${over})`;
    if (["row_number", "rank", "dense_rank", "ntile"].includes(e.name)) return `CAST(${sql} AS INTEGER)`;
  }
  // Spark's sum keeps integers as bigint (DuckDB widens to a 128-bit integer) and decimals at precision + 10.
  if (e.name === "sum" && scope.typeOf) {
    const type = scope.typeOf(args[0]);
    if (isIntegral(type)) return `CAST(${sql} AS BIGINT)`;
    if (type instanceof DecimalType) {
      if (over !== undefined)
        return `CAST(${sql} AS DECIMAL(${Math.min(38, type.precision + 10)}, ${type.scale}))`;
      // DuckDB's sum of decimals wraps past 128 bits; Spark's overflow is an error under ANSI, else null.
      return decimalSumOrAverageSql("sum", args[0], type, e.distinct === true, e.ansi !== false);
    }
  }
  // Spark's avg of decimal(p, s) is decimal(p + 4, s + 4), the decimal sum over the count rounded half up
  // (DuckDB's is a double).
  if (e.name === "avg" && over === undefined && scope.typeOf) {
    const type = scope.typeOf(args[0]);
    if (type instanceof DecimalType)
      return decimalSumOrAverageSql("avg", args[0], type, e.distinct === true, e.ansi !== false);
  }
  return sql;
}

/** A call's arguments as SQL; a lambda's parameters typed by the arguments before it, where they are known. */
function compileArguments(e: Extract<Expression, { kind: "call" }>, scope: Scope): string[] {
  const args: string[] = [];
  const types: (DataType | undefined)[] = [];
  const typeOf = (sql: string): DataType | undefined => {
    try {
      return scope.typeOf?.(sql);
    } catch {
      return undefined;
    }
  };
  for (const [i, a] of e.args.entries()) {
    if (a.kind === "star") {
      args.push("*");
      types.push(undefined);
    } else if (a.kind === "lambda") {
      args.push(compileLambda(a, scope, scope.typeOf ? lambdaParamTypes(e.name, i, types) : undefined));
      types.push(undefined);
    } else {
      const sql = compileExpression(a, scope);
      args.push(sql);
      types.push(e.args.slice(i + 1).some((x) => x.kind === "lambda") ? typeOf(sql) : undefined);
    }
  }
  return args;
}

/** One output column of a select list. */
export interface SelectItem {
  readonly sql: string;
  readonly name: string;
  readonly nullable: boolean;
  /** The column's Spark type where DuckDB's does not say it (a collated string, an interval type). */
  readonly declared?: DataType;
}

/**
 * The collated string type of an expression where Spark's would be one: a cast to it (`collate()` is one), or a
 * column of one, through aliases. Other expressions are UTF8_BINARY strings or not strings.
 */
export function expressionCollation(e: Expression, scope: Scope): CollatedStringType | undefined {
  switch (e.kind) {
    case "cast":
      return e.dataType instanceof CollatedStringType ? e.dataType : undefined;
    case "alias":
      return expressionCollation(e.child, scope);
    case "column":
      try {
        const type = resolveColumn(e.parts, scope, e.planId, e.index).dataType;
        return type instanceof CollatedStringType ? type : undefined;
      } catch {
        return undefined;
      }
    default:
      return undefined;
  }
}

/** An expression's Spark type where DuckDB's result type does not say it (a collation, an interval, NTZ). */
export function expressionDeclaredType(e: Expression, scope: Scope): DataType | undefined {
  return (
    expressionCollation(e, scope) ??
    intervalTypeOf(e, scope) ??
    nestedIntervalTypeOf(e, scope) ??
    ntzTypeOf(e, scope)
  );
}

/** A select list's output columns: `*` expanded, generators unnested, each named as Spark names it. */
export function selectItems(exprs: readonly Expression[], scope: Scope): SelectItem[] {
  return exprs.flatMap((e): SelectItem[] => {
    if (e.kind === "star") return expandStar(e.qualifier, scope);
    if (isGenerator(e)) {
      const call = (e.kind === "alias" ? e.child : e) as Extract<Expression, { kind: "call" }>;
      if (call.name === "json_tuple") {
        const args = call.args.map((a) => compileExpression(a, scope));
        return jsonTupleColumns(e, args, scope.typeOf).map((g) => ({ ...g, nullable: true }));
      }
      if (call.name === "stack") {
        const args = call.args.map((a) => compileExpression(a, scope));
        return stackColumns(e, args, scope.typeOf).map((g) => ({ ...g, nullable: true }));
      }
      const arg = compileExpression(call.args[0], scope);
      const type = scope.typeOf?.(arg) ?? new AtomicType("null");
      return generatorColumns(e, arg, type).map((g) => ({ ...g, nullable: g.name !== "pos" }));
    }
    return [
      {
        sql: compileExpression(e, scope),
        name: expressionName(e),
        nullable: expressionNullable(e, scope),
        declared: expressionDeclaredType(e, scope),
      },
    ];
  });
}

/** `sql AS name` for each item, names made unique for DuckDB. */
export function aliased(items: readonly SelectItem[]): string[] {
  const names = uniqueSqlNames(items.map((i) => i.name));
  return items.map((item, i) => `${item.sql} AS ${quoteIdentifier(names[i])}`);
}

/** A select list: every item compiled and named as Spark names it, `*` expanded. */
export function compileSelectList(exprs: readonly Expression[], scope: Scope): string[] {
  return aliased(selectItems(exprs, scope));
}

const EXTRACT_FUNCTIONS = new Set(["extract", "date_part", "datepart"]);
const YEAR_MONTH_NAMES = new Set("YEAR Y YEARS YR YRS MONTH MON MONS MONTHS".split(" "));
const DAY_TIME_NAMES = new Set(
  "DAY D DAYS HOUR H HOURS HR HRS MINUTE M MIN MINS MINUTES SECOND S SEC SECONDS SECS".split(" "),
);

/**
 * Spark refuses a field of the other interval kind (YEAR of a day-time interval) with INVALID_EXTRACT_FIELD, and
 * reads a calendar interval's DAY from its days alone. Undefined where the call compiles as any other.
 */
function checkIntervalExtract(e: Extract<Expression, { kind: "call" }>, scope: Scope): string | undefined {
  const field = e.args[0];
  if (field.kind !== "literal" || typeof field.value !== "string") return undefined;
  const type = intervalTypeOf(e.args[1], scope);
  const name = field.value.toUpperCase();
  if (type instanceof DayTimeIntervalType && YEAR_MONTH_NAMES.has(name))
    throw invalidExtractField(field.value, expressionSql(e.args[1]));
  if (type instanceof YearMonthIntervalType && DAY_TIME_NAMES.has(name))
    throw invalidExtractField(field.value, expressionSql(e.args[1]));
  if (type instanceof CalendarIntervalType && ["DAY", "D", "DAYS"].includes(name))
    return `CAST(datepart('day', ${compileExpression(e.args[1], scope)}) AS INTEGER)`;
  return undefined;
}
