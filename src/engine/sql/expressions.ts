/**
 * The expression tree behind every Column. Column-API calls, `expr("...")` strings and SQL filter strings all
 * end up here, so analysis, SQL generation and export see one representation.
 */
import type { LogicalPlan } from "./plan";
import type { DataType } from "./types";
import type { UDFSpec } from "./udf/UserDefinedFunction";

export type BinaryOperator =
  | "="
  | "<=>"
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "and"
  | "or"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "div"
  | "like"
  | "ilike"
  | "rlike"
  | "||"
  | "&"
  | "|"
  | "^";

export type Expression =
  /** A column, possibly nested (`window.start` is ["window", "start"]); resolved case-insensitively. */
  | {
      readonly kind: "column";
      readonly parts: readonly string[];
      readonly planId?: number;
      /** The input column at this position (columns of a join may share a name; the API keeps them apart). */
      readonly index?: number;
    }
  /** `*` or `t.*`. */
  | { readonly kind: "star"; readonly qualifier?: string }
  | { readonly kind: "literal"; readonly value: unknown; readonly dataType?: DataType }
  /**
   * `INTERVAL 10 MINUTES`, kept in microseconds plus months as Spark's CalendarInterval, with the Spark type the
   * parser gives it (`interval minute`; unset is `interval day to second`).
   */
  | {
      readonly kind: "interval";
      readonly months: number;
      readonly micros: number;
      readonly text: string;
      readonly dataType?: DataType;
    }
  | {
      readonly kind: "call";
      /** Spark's function name, lower case. */
      readonly name: string;
      readonly args: readonly Expression[];
      readonly distinct?: boolean;
      /** An aggregate's `FILTER (WHERE cond)`: only rows where `cond` is true reach the aggregate. */
      readonly filter?: Expression;
      /** pmod: spark.sql.ansi.enabled when analysed (a decimal divisor of zero fails, else is null). */
      readonly ansi?: boolean;
      /**
       * A datetime function's session time zone (`spark.sql.session.timeZone` when analysed, as Spark's
       * ResolveTimeZone gives a TimeZoneAwareExpression its zone; sessionTimeZone.ts). Unset is UTC.
       */
      readonly timeZone?: string;
    }
  | {
      readonly kind: "binary";
      readonly op: BinaryOperator;
      readonly left: Expression;
      readonly right: Expression;
      /** Arithmetic: spark.sql.ansi.enabled when analysed (a decimal overflow fails, else is null). */
      readonly ansi?: boolean;
      /** Arithmetic: spark.sql.decimalOperations.allowPrecisionLoss when analysed. */
      readonly allowPrecisionLoss?: boolean;
      /**
       * `-`: the session time zone when analysed, whose wall clocks a timestamp subtraction counts between (Spark's
       * SubtractTimestamps is a TimeZoneAwareExpression). Unset is UTC.
       */
      readonly timeZone?: string;
    }
  | { readonly kind: "not"; readonly child: Expression }
  | { readonly kind: "negate"; readonly child: Expression }
  | { readonly kind: "isNull"; readonly child: Expression; readonly negated: boolean }
  | {
      readonly kind: "in";
      readonly child: Expression;
      readonly list: readonly Expression[];
      readonly negated: boolean;
    }
  | {
      readonly kind: "between";
      readonly child: Expression;
      readonly low: Expression;
      readonly high: Expression;
      readonly negated: boolean;
    }
  /** `name`; a generator with several outputs (`explode(map) AS (k, v)`) also has `names`. */
  | {
      readonly kind: "alias";
      readonly child: Expression;
      readonly name: string;
      readonly names?: readonly string[];
    }
  | {
      readonly kind: "cast";
      readonly child: Expression;
      readonly dataType: DataType;
      readonly tryCast?: boolean;
      /** A typed literal of SQL (`DATE '2001-01-01'`), which Spark names as written rather than by its text. */
      readonly typedLiteral?: boolean;
      /**
       * Whether the cast follows ANSI rules (`spark.sql.ansi.enabled` when the DataFrame was analysed, as Spark's
       * Cast takes its evalMode from the session when built); unset is Spark 4's default, ANSI.
       */
      readonly ansi?: boolean;
      /**
       * The session time zone (`spark.sql.session.timeZone`) when the DataFrame was analysed, as Spark's
       * ResolveTimeZone gives a TimeZoneAwareExpression its zone: what a cast between TIMESTAMP and TIMESTAMP_NTZ
       * reads the wall clock in. Unset is UTC.
       */
      readonly timeZone?: string;
      /** The type was written as the bare keyword TIMESTAMP, which names `spark.sql.timestampType`'s type. */
      readonly timestampKeyword?: boolean;
      /** Written as CAST(...) in SQL: named by its SQL inside other expressions, where `col.cast()` is not. */
      readonly userSpecified?: boolean;
    }
  | {
      readonly kind: "case";
      readonly branches: readonly (readonly [Expression, Expression])[];
      readonly otherwise?: Expression;
    }
  /** `s.field` on a computed struct, `a[0]` on an array, `m['k']` on a map. */
  | { readonly kind: "extract"; readonly child: Expression; readonly key: Expression }
  | {
      readonly kind: "sortOrder";
      readonly child: Expression;
      readonly ascending: boolean;
      readonly nullsFirst: boolean;
    }
  /** `f(...) OVER (PARTITION BY ... ORDER BY ... frame)`: a ranking, offset or aggregate function over a window. */
  | {
      readonly kind: "windowFunction";
      readonly function: Expression;
      readonly partitionBy: readonly Expression[];
      /** Sort orders. */
      readonly orderBy: readonly Expression[];
      readonly frame?: WindowFrame;
    }
  /** `x -> x + 1` inside higher-order functions (transform, filter, exists, aggregate). */
  | { readonly kind: "lambda"; readonly params: readonly string[]; readonly body: Expression }
  /**
   * A user-defined function of JavaScript or Python called per row (Spark's ScalaUDF and PythonUDF). It never
   * compiles to SQL: before a plan runs, ExtractUDFs moves each call into a BatchEvalUDF node below it.
   */
  | { readonly kind: "udf"; readonly udf: UDFSpec; readonly args: readonly Expression[] }
  /**
   * Spark 4's subquery expressions built from a DataFrame: `df.scalar()` (ScalarSubquery: the one value of a
   * one-column plan, null for no rows) and `df.exists()` (Exists). `plan` is the analysed subquery, whose `outer`
   * references bind to the operator that holds the expression. `sql` is the subquery's SQL once the plan compiler
   * has bound it; before, the expression stands as a typed NULL (what analysis needs).
   */
  | {
      readonly kind: "subquery";
      readonly subqueryType: "scalar" | "exists";
      readonly plan: LogicalPlan;
      readonly sql?: string;
    }
  /**
   * `col.outer()`: a reference to a column of the query outside the subquery (Spark's UnresolvedOuterReference).
   * `sql` is set where the plan compiler binds it to the outer operator's input; unbound it is a NULL.
   */
  | { readonly kind: "outer"; readonly child: Expression; readonly sql?: string };

/** A window frame bound: rows or values before (negative) or after (positive) the current row, or unbounded. */
export type FrameBound = number | "unboundedPreceding" | "unboundedFollowing" | "currentRow";

export interface WindowFrame {
  readonly type: "rows" | "range";
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export type ExpressionKind = Expression["kind"];

/** Every direct child of an expression, for walks. */
export function childrenOf(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case "column":
    case "star":
    case "literal":
    case "interval":
    case "subquery":
    case "outer":
      return [];
    case "call":
      return e.filter ? [...e.args, e.filter] : e.args;
    case "udf":
      return e.args;
    case "binary":
      return [e.left, e.right];
    case "not":
    case "negate":
    case "isNull":
    case "alias":
    case "cast":
    case "sortOrder":
      return [e.child];
    case "in":
      return [e.child, ...e.list];
    case "between":
      return [e.child, e.low, e.high];
    case "case":
      return [...e.branches.flat(), ...(e.otherwise ? [e.otherwise] : [])];
    case "extract":
      return [e.child, e.key];
    case "lambda":
      return [e.body];
    case "windowFunction":
      return [e.function, ...e.partitionBy, ...e.orderBy];
  }
}

/** True where `test` holds for the expression or any expression under it. */
export function anyExpression(e: Expression, test: (e: Expression) => boolean): boolean {
  return test(e) || childrenOf(e).some((c) => anyExpression(c, test));
}

/** Rebuilds an expression bottom-up, replacing nodes where `rule` returns one. */
export function transformExpression(
  e: Expression,
  rule: (e: Expression) => Expression | undefined,
): Expression {
  const replaced = rule(e);
  if (replaced) return replaced;
  const t = (c: Expression) => transformExpression(c, rule);
  switch (e.kind) {
    case "column":
    case "star":
    case "literal":
    case "interval":
    case "subquery":
    case "outer":
      return e;
    case "call":
      return e.filter ? { ...e, args: e.args.map(t), filter: t(e.filter) } : { ...e, args: e.args.map(t) };
    case "udf":
      return { ...e, args: e.args.map(t) };
    case "binary":
      return { ...e, left: t(e.left), right: t(e.right) };
    case "not":
    case "negate":
    case "isNull":
    case "alias":
    case "cast":
    case "sortOrder":
      return { ...e, child: t(e.child) };
    case "in":
      return { ...e, child: t(e.child), list: e.list.map(t) };
    case "between":
      return { ...e, child: t(e.child), low: t(e.low), high: t(e.high) };
    case "case":
      return {
        ...e,
        branches: e.branches.map(([c, v]) => [t(c), t(v)] as const),
        otherwise: e.otherwise && t(e.otherwise),
      };
    case "extract":
      return { ...e, child: t(e.child), key: t(e.key) };
    case "lambda":
      return { ...e, body: t(e.body) };
    case "windowFunction":
      return { ...e, function: t(e.function), partitionBy: e.partitionBy.map(t), orderBy: e.orderBy.map(t) };
  }
}

/** Removes the alias around an expression, if any. */
export function stripAlias(e: Expression): Expression {
  return e.kind === "alias" ? stripAlias(e.child) : e;
}

/** Spark's `semanticEquals`: the same expression tree, aliases and DataFrame ids aside; never a nondeterministic one. */
export function semanticEquals(a: Expression, b: Expression): boolean {
  if (!isDeterministic(a) || !isDeterministic(b)) return a === b;
  const canonical = (e: Expression) =>
    JSON.stringify(stripAlias(e), (k, v) =>
      k === "planId" ? undefined : typeof v === "bigint" ? `${v}n` : k === "udf" ? v.id : v,
    );
  return canonical(a) === canonical(b);
}

/** Whether `e` gives the same result for the same input each time: no nondeterministic user-defined function in it. */
export function isDeterministic(e: Expression): boolean {
  return !anyExpression(e, (x) => x.kind === "udf" && !x.udf.deterministic);
}
