/**
 * A DataFrame's logical plan as PySpark code: what a TypeScript cell built, written as a Spark user would write
 * it (`events.filter(col("event_name") == "finalize").groupBy("traffic_source").count()`). Plans already held
 * by a variable of an earlier cell are referred to by its name.
 */

import type { Expression, FrameBound, LogicalPlan } from "../engine/internal";
import {
  cubeSets,
  expressionName,
  expressionSql,
  GROUPING_ID_COLUMN,
  rollupSets,
  transformExpression,
} from "../engine/internal";
import { type ParamKind, pysparkFunctions } from "./functionParams";
import type { PathParameters } from "./PathParameters";
import { bare, pyString, pyValue, Untranslatable } from "./python";

export interface ExportScope {
  /** DataFrames already named: plan node id → Python variable. */
  readonly dataFrames: Map<number, string>;
  readonly paths: PathParameters;
  /** pyspark.sql.functions the code uses, for the import line. */
  readonly functions: Set<string>;
  /** Other import lines the code needs ("from pyspark.sql import Window", "import datetime"). */
  readonly imports: Set<string>;
  /** Names declared by TypeScript statements left untranslated, and why: their uses are left too. */
  readonly untranslatedNames: Map<string, string>;
  /** Values of Sluice-only names that are plain constants, by "object.property" (the teaching data's schema). */
  readonly constants?: ReadonlyMap<string, string | number | boolean>;
}

/** File formats the readers have a method for (`.parquet(path)`). */
const FILE_FORMATS = new Set(["parquet", "csv", "json", "text"]);

export function planToPySpark(plan: LogicalPlan, scope: ExportScope): string {
  const named = scope.dataFrames.get(plan.id);
  if (named) return named;
  const child = (p: LogicalPlan) => planToPySpark(p, scope);
  const e = (x: Expression) => argument(x, scope);
  switch (plan.kind) {
    case "relation":
      return relation(plan, scope);
    case "filter":
      return `${child(plan.child)}.filter(${e(plan.condition)})`;
    case "project":
      return project(plan, scope);
    case "aggregate":
      return aggregate(plan, scope);
    case "join": {
      const on = plan.usingColumns
        ? plan.usingColumns.length === 1
          ? pyString(plan.usingColumns[0])
          : `[${plan.usingColumns.map(pyString).join(", ")}]`
        : plan.condition
          ? e(plan.condition)
          : "None";
      const how =
        { full: "full_outer", left: "left_outer", right: "right_outer" }[plan.how as string] ?? plan.how;
      if (plan.how === "cross") return `${child(plan.left)}.crossJoin(${child(plan.right)})`;
      return `${child(plan.left)}.join(${child(plan.right)}, ${on}, ${pyString(how)})`;
    }
    case "union":
      return `${child(plan.left)}.${plan.byName ? "unionByName" : "union"}(${child(plan.right)})`;
    case "sort":
      return `${child(plan.child)}.orderBy(${plan.orders.map(e).join(", ")})`;
    case "limit":
      return `${child(plan.child)}.limit(${plan.limit})`;
    case "offset":
      return `${child(plan.child)}.offset(${plan.offset})`;
    case "sample":
      return samplePython(child(plan.child), plan);
    case "distinct":
      return `${child(plan.child)}.distinct()`;
    case "deduplicate": {
      const method = plan.withinWatermark ? "dropDuplicatesWithinWatermark" : "dropDuplicates";
      return `${child(plan.child)}.${method}(${plan.keys.length ? `[${plan.keys.map(pyString).join(", ")}]` : ""})`;
    }
    case "watermark":
      return `${child(plan.child)}.withWatermark(${pyString(plan.eventTime)}, ${pyString(plan.delay)})`;
    case "alias":
      return `${child(plan.child)}.alias(${pyString(plan.alias)})`;
    case "collectMetrics":
      return `${child(plan.child)}.observe(${[pyString(plan.name), ...plan.metrics.map(e)].join(", ")})`;
    case "flatMapGroupsWithState":
      throw new Untranslatable("arbitrary stateful processing runs a TypeScript function per group");
    case "expand":
      throw new Untranslatable("grouping sets without their aggregate");
    case "batchEvalUDF":
      throw new Untranslatable("user-defined functions run TypeScript per row");
  }
}

function relation(plan: Extract<LogicalPlan, { kind: "relation" }>, scope: ExportScope): string {
  const r = plan.relation;
  if (r.type === "stream") {
    const { format, path, options } = r.source;
    if (r.source.memoryStream) throw new Untranslatable("a MemoryStream holds rows given from TypeScript");
    let code = "spark.readStream";
    if (!FILE_FORMATS.has(format) || !path) code += `.format(${pyString(format)})`;
    if (FILE_FORMATS.has(format)) code += `.schema(${pyString(plan.schema.toDDL())})`;
    code += optionCalls(options, scope, path);
    const target = path ? scope.paths.literal(path) : "";
    return FILE_FORMATS.has(format) && path ? `${code}.${format}(${target})` : `${code}.load(${target})`;
  }
  if (r.type === "files") {
    let code = "spark.read";
    const single = r.paths.length === 1;
    if (!FILE_FORMATS.has(r.format)) code += `.format(${pyString(r.format)})`;
    if (r.format === "csv" || r.format === "json") code += `.schema(${pyString(plan.schema.toDDL())})`;
    code += optionCalls(r.options, scope);
    const paths = r.paths.map((p) => scope.paths.literal(p));
    const target = single ? paths[0] : `[${paths.join(", ")}]`;
    return FILE_FORMATS.has(r.format) ? `${code}.${r.format}(${target})` : `${code}.load(${target})`;
  }
  throw new Untranslatable(
    r.type === "table" ? "data made in the notebook (createDataFrame, a memory table)" : "a SQL statement",
  );
}

function optionCalls(options: Readonly<Record<string, string>>, scope: ExportScope, path?: string): string {
  return Object.entries(options)
    .filter(([k, v]) => !(k === "path" && v === path))
    .map(
      ([k, v]) =>
        `.option(${pyString(k)}, ${k === KAFKA_SERVERS_OPTION ? scope.paths.kafkaServers(v) : optionValue(v)})`,
    )
    .join("");
}

/** The option naming the Kafka cluster: a parameter of the exported notebook. */
export const KAFKA_SERVERS_OPTION = "kafka.bootstrap.servers";

/** Options are strings in the plan; numbers and booleans read better as themselves. */
function optionValue(value: string): string {
  if (/^-?\d+(\.\d+)?$/.test(value)) return value;
  if (value === "true" || value === "false") return value === "true" ? "True" : "False";
  return pyString(value);
}

const isColumn = (e: Expression, name?: string): e is Extract<Expression, { kind: "column" }> =>
  e.kind === "column" && e.parts.length === 1 && (name === undefined || e.parts[0] === name);

/** select, or what reads as withColumn / drop / withColumnRenamed where the projection is one of those. */
function project(plan: Extract<LogicalPlan, { kind: "project" }>, scope: ExportScope): string {
  const input = planToPySpark(plan.child, scope);
  const inputs = plan.child.schema.fieldNames;
  const exprs = plan.exprs;
  // withColumn: the input's columns in order (one may be replaced in place), then new ones.
  const added: string[] = [];
  let kept = 0;
  for (let i = 0; i < exprs.length; i++) {
    const x = exprs[i];
    if (i < inputs.length && isColumn(x, inputs[i])) {
      kept += 1;
      continue;
    }
    if (x.kind !== "alias" || x.names) break;
    if (i < inputs.length && x.name !== inputs[i]) break;
    if (i >= inputs.length && inputs.includes(x.name)) break;
    added.push(`.withColumn(${pyString(x.name)}, ${argument(x.child, scope)})`);
  }
  if (kept + added.length === exprs.length && exprs.length >= inputs.length && added.length > 0)
    return input + added.join("");
  // drop: a subsequence of the input's columns.
  const names = exprs.map((x) => (isColumn(x) ? x.parts[0] : undefined));
  if (names.every((n) => n !== undefined) && exprs.length < inputs.length) {
    const order = names.map((n) => inputs.indexOf(n!));
    if (order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]))) {
      const dropped = inputs.filter((n) => !names.includes(n));
      if (dropped.length <= names.length) return `${input}.drop(${dropped.map(pyString).join(", ")})`;
    }
  }
  const columns = exprs.map((x) => (isColumn(x) ? pyString(x.parts[0]) : argument(x, scope)));
  return `${input}.select(${columns.join(", ")})`;
}

function aggregate(plan: Extract<LogicalPlan, { kind: "aggregate" }>, scope: ExportScope): string {
  if (plan.child.kind === "expand") return groupingAnalytics(plan, plan.child, scope);
  // A window (or session window) is computed by a projection below the aggregation: group by the call itself.
  let child: LogicalPlan = plan.child;
  let windowColumn: { name: string; call: Expression } | undefined;
  if (child.kind === "project") {
    const last = child.exprs.at(-1);
    const keep = child.exprs.slice(0, -1);
    const inputs = child.child.schema.fieldNames;
    if (
      last?.kind === "alias" &&
      last.child.kind === "call" &&
      (last.child.name === "window" || last.child.name === "session_window") &&
      keep.length === inputs.length &&
      keep.every((x, i) => isColumn(x, inputs[i]))
    ) {
      windowColumn = { name: last.name, call: last.child };
      child = child.child;
    }
  }
  const input = planToPySpark(child, scope);
  const unalias = (x: Expression) => (x.kind === "alias" && isColumn(x.child, x.name) ? x.child : x);
  const key = (x: Expression): string => {
    const k = unalias(x);
    if (windowColumn && isColumn(k, windowColumn.name)) return expressionToPySpark(windowColumn.call, scope);
    return isColumn(k) ? pyString(k.parts[0]) : expressionToPySpark(k, scope);
  };
  const keys = plan.groupBy.map(key);
  const leading = plan.aggregates.slice(0, plan.groupBy.length);
  if (!leading.every((x, i) => expressionSql(unalias(x)) === expressionSql(unalias(plan.groupBy[i]))))
    throw new Untranslatable("an aggregation whose output does not start with its grouping keys");
  const values = plan.aggregates.slice(plan.groupBy.length);
  if (plan.groupBy.length === 0) return `${input}.agg(${values.map((x) => argument(x, scope)).join(", ")})`;
  return groupedAggregation(`${input}.groupBy(${keys.join(", ")})`, values, scope);
}

/** `grouped.count()` where the one aggregate is Spark's count column, otherwise `grouped.agg(...)`. */
function groupedAggregation(group: string, values: readonly Expression[], scope: ExportScope): string {
  const only = values[0];
  if (
    values.length === 1 &&
    only.kind === "alias" &&
    only.name === "count" &&
    only.child.kind === "call" &&
    only.child.name === "count" &&
    !only.child.distinct &&
    (only.child.args.length === 0 ||
      only.child.args[0].kind === "star" ||
      (only.child.args[0].kind === "literal" && only.child.args[0].value === 1))
  )
    return `${group}.count()`;
  return `${group}.agg(${values.map((x) => argument(x, scope)).join(", ")})`;
}

const sameSets = (a: readonly (readonly number[])[], b: readonly (readonly number[])[]) =>
  a.length === b.length &&
  a.every((set, i) => set.length === b[i].length && set.every((k, j) => k === b[i][j]));

/**
 * Spark's grouping analytics as PySpark writes them: the Expand below the aggregate (groupingSets.ts) becomes
 * `cube(...)`, `rollup(...)` or `groupingSets([...], ...)`, and the aggregates read the grouping expressions,
 * `grouping(col)` and `grouping_id()` again where the plan reads the Expand's columns. SQL's GROUP BY CUBE,
 * ROLLUP and GROUPING SETS build the same plan, so they export the same way.
 */
function groupingAnalytics(
  plan: Extract<LogicalPlan, { kind: "aggregate" }>,
  expand: Extract<LogicalPlan, { kind: "expand" }>,
  scope: ExportScope,
): string {
  const input = planToPySpark(expand.child, scope);
  const exprs = expand.groupingExprs;
  const count = exprs.length;
  const keyAt = (x: Expression) => (isColumn(x) ? expand.groupingNames.indexOf(x.parts[0]) : -1);
  const isGroupingId = (x: Expression) => isColumn(x, GROUPING_ID_COLUMN);
  const restore = (e: Expression): Expression =>
    transformExpression(e, (x) => {
      const key = keyAt(x);
      if (key >= 0) return exprs[key];
      // Spark's grouping_id(): the id as a long.
      if (x.kind === "cast" && isGroupingId(x.child)) return { kind: "call", name: "grouping_id", args: [] };
      // Spark's grouping(col): the column's bit of the id, shiftright(id, n - 1 - i) & 1, as a byte.
      if (x.kind === "cast" && x.child.kind === "binary" && x.child.op === "&") {
        const shifted = x.child.left;
        if (shifted.kind === "call" && shifted.name === "shiftright" && isGroupingId(shifted.args[0])) {
          const by = shifted.args[1];
          const i = by?.kind === "literal" ? count - 1 - Number(by.value) : -1;
          if (i >= 0 && i < count) return { kind: "call", name: "grouping", args: [exprs[i]] };
        }
      }
      if (isGroupingId(x))
        throw new Untranslatable("a grouping id read other than by grouping() or grouping_id()");
      return undefined;
    });
  // The output starts with the grouping expressions, in order, as cube(...).agg(...) has them.
  const leading = plan.aggregates.slice(0, count);
  const keys = leading.map((out, i) => {
    const inner = out.kind === "alias" ? out.child : out;
    if (keyAt(inner) !== i)
      throw new Untranslatable("an aggregation whose output does not start with its grouping keys");
    const name = out.kind === "alias" ? out.name : expressionName(exprs[i]);
    if (isColumn(exprs[i], name)) return pyString(name);
    return expressionToPySpark({ kind: "alias", child: exprs[i], name }, scope);
  });
  const values = plan.aggregates.slice(count).map(restore);
  const sets = expand.groupingSets;
  let group: string;
  if (sameSets(sets, cubeSets(count))) group = `${input}.cube(${keys.join(", ")})`;
  else if (sameSets(sets, rollupSets(count))) group = `${input}.rollup(${keys.join(", ")})`;
  else {
    const member = (i: number) =>
      isColumn(exprs[i]) ? pyString(exprs[i].parts[0]) : argument(exprs[i], scope);
    const listed = sets.map((set) => `[${set.map(member).join(", ")}]`).join(", ");
    group = `${input}.groupingSets([${listed}]${keys.map((k) => `, ${k}`).join("")})`;
  }
  return groupedAggregation(group, values, scope);
}

/** An expression as a call's argument (no parentheses around the whole of it). */
function argument(e: Expression, scope: ExportScope): string {
  return bare(expressionToPySpark(e, scope));
}

// ── expressions ─────────────────────────────────────────────────────────────────────────────────────────────

const OPERATORS: Partial<Record<string, string>> = {
  "=": "==",
  "!=": "!=",
  "<": "<",
  "<=": "<=",
  ">": ">",
  ">=": ">=",
  and: "&",
  or: "|",
  "+": "+",
  "-": "-",
  "*": "*",
  "/": "/",
  "%": "%",
};

const METHOD_OPERATORS: Partial<Record<string, string>> = {
  like: "like",
  ilike: "ilike",
  rlike: "rlike",
  "<=>": "eqNullSafe",
  "&": "bitwiseAND",
  "|": "bitwiseOR",
  "^": "bitwiseXOR",
};

/** Names the engine gives lambda parameters (`__x3`), as Python's. */
const lambdaNames = new Map<string, string>();

/**
 * An expression as PySpark code. `operand`: where Python's operators take a plain value (`col("a") == "x"`);
 * elsewhere a literal is `lit(...)`.
 */
export function expressionToPySpark(e: Expression, scope: ExportScope, operand = false): string {
  const x = (c: Expression, asOperand = false) => expressionToPySpark(c, scope, asOperand);
  const fn = (name: string) => {
    scope.functions.add(name);
    return name;
  };
  switch (e.kind) {
    case "column": {
      const lambda = lambdaNames.get(e.parts[0]);
      if (lambda) return [lambda, ...e.parts.slice(1).map((p) => `[${pyString(p)}]`)].join("");
      const name = e.parts.map((p) => (p.includes(".") ? `\`${p}\`` : p)).join(".");
      const owner = e.planId !== undefined ? scope.dataFrames.get(e.planId) : undefined;
      return owner ? `${owner}[${pyString(name)}]` : `${fn("col")}(${pyString(name)})`;
    }
    case "star":
      return `${fn("col")}(${pyString(e.qualifier ? `${e.qualifier}.*` : "*")})`;
    case "literal":
      return operand ? literal(e.value, scope) : `${fn("lit")}(${literal(e.value, scope)})`;
    case "interval":
      return `${fn("expr")}(${pyString(expressionSql(e))})`;
    case "binary": {
      const op = OPERATORS[e.op];
      const leftIsValue = e.left.kind === "literal";
      if (op) {
        const left = leftIsValue && e.right.kind === "literal" ? x(e.left) : x(e.left, true);
        return `(${left} ${op} ${x(e.right, true)})`;
      }
      const method = METHOD_OPERATORS[e.op];
      if (method) return `${x(e.left)}.${method}(${x(e.right, true)})`;
      if (e.op === "||") return `${fn("concat")}(${x(e.left)}, ${x(e.right)})`;
      return `${fn("expr")}(${pyString(expressionSql(e))})`;
    }
    case "not":
      return `~${wrap(x(e.child))}`;
    case "negate":
      return `-${wrap(x(e.child))}`;
    case "isNull":
      return `${x(e.child)}.${e.negated ? "isNotNull" : "isNull"}()`;
    case "in": {
      const test = `${x(e.child)}.isin([${e.list.map((v) => x(v, true)).join(", ")}])`;
      return e.negated ? `~${test}` : test;
    }
    case "between": {
      const test = `${x(e.child)}.between(${x(e.low, true)}, ${x(e.high, true)})`;
      return e.negated ? `~${test}` : test;
    }
    case "alias": {
      const inner = x(e.child);
      if (
        !e.names &&
        (e.name === expressionName(e.child) || (isColumn(e.child) && e.child.parts[0] === e.name))
      )
        return inner;
      const names = (e.names ?? [e.name]).map(pyString).join(", ");
      return `${inner}.alias(${names})`;
    }
    case "cast":
      return `${x(e.child)}.${e.tryCast ? "try_cast" : "cast"}(${pyString(e.dataType.simpleString())})`;
    case "case": {
      const [first, ...rest] = e.branches;
      let code = `${fn("when")}(${bare(x(first[0]))}, ${x(first[1], true)})`;
      for (const [c, v] of rest) code += `.when(${bare(x(c))}, ${x(v, true)})`;
      return e.otherwise ? `${code}.otherwise(${x(e.otherwise, true)})` : code;
    }
    case "extract":
      return `${x(e.child)}[${x(e.key, true)}]`;
    case "sortOrder": {
      const defaultNulls = e.ascending === e.nullsFirst;
      const method = e.ascending ? "asc" : "desc";
      return `${x(e.child)}.${defaultNulls ? method : `${method}_nulls_${e.nullsFirst ? "first" : "last"}`}()`;
    }
    case "udf":
      throw new Untranslatable(`the user-defined function ${e.udf.name} runs TypeScript per row`);
    case "subquery":
    case "outer":
      throw new Untranslatable("a subquery expression built from a DataFrame");
    case "lambda": {
      const names = e.params.map((p, i) => {
        const name = ["x", "y", "z"][i] ?? `p${i}`;
        lambdaNames.set(p, name);
        return name;
      });
      try {
        return `lambda ${names.join(", ")}: ${x(e.body)}`;
      } finally {
        for (const p of e.params) lambdaNames.delete(p);
      }
    }
    case "call":
      return call(e, scope);
    case "windowFunction": {
      scope.imports.add("from pyspark.sql import Window");
      let spec = "Window";
      if (e.partitionBy.length) spec += `.partitionBy(${e.partitionBy.map((p) => x(p)).join(", ")})`;
      if (e.orderBy.length) spec += `.orderBy(${e.orderBy.map((o) => x(o)).join(", ")})`;
      if (e.frame) {
        const method = e.frame.type === "rows" ? "rowsBetween" : "rangeBetween";
        spec += `.${method}(${frameBound(e.frame.start)}, ${frameBound(e.frame.end)})`;
      }
      return `${x(e.function)}.over(${spec})`;
    }
  }
}

function frameBound(bound: FrameBound): string {
  return typeof bound === "number" ? String(bound) : `Window.${bound}`;
}

/** A literal value; a timestamp needs Python's datetime. */
function literal(value: unknown, scope: ExportScope): string {
  if (value instanceof Date) scope.imports.add("import datetime");
  return pyValue(value);
}

function wrap(code: string): string {
  return code.startsWith("(") ? code : `(${code})`;
}

function call(e: Extract<Expression, { kind: "call" }>, scope: ExportScope): string {
  const x = (c: Expression, asOperand = false) => expressionToPySpark(c, scope, asOperand);
  const use = (name: string) => {
    scope.functions.add(name);
    return name;
  };
  const countsRows =
    e.args.length === 0 ||
    e.args[0].kind === "star" ||
    (e.args[0].kind === "literal" && e.args[0].value === 1);
  if (e.name === "count" && !e.distinct && countsRows) return `${use("count")}("*")`;
  if (e.name === "count" && e.distinct)
    return `${use("countDistinct")}(${e.args.map((a) => x(a)).join(", ")})`;
  const params = e.distinct ? undefined : pysparkFunctions().get(e.name);
  if (!params) return `${use("expr")}(${pyString(expressionSql(e))})`;
  const kindAt = (i: number): ParamKind => params[i] ?? (params.at(-1) === "columns" ? "columns" : "column");
  // A plain value where the function takes one (a duration, a format); a Column (lit(...)) where it takes columns.
  const args = e.args.map((arg, i) =>
    kindAt(i) === "value" && arg.kind === "literal" ? literal(arg.value, scope) : bare(x(arg)),
  );
  return `${use(e.name)}(${args.join(", ")})`;
}

/** A Sample as PySpark writes it: `sample`, or the one split of `randomSplit` whose bounds it has. */
function samplePython(df: string, plan: Extract<LogicalPlan, { kind: "sample" }>): string {
  const { lowerBound: lo, upperBound: hi } = plan;
  if (!plan.ordered)
    return `${df}.sample(${plan.withReplacement ? "True" : "False"}, ${hi - lo}, ${plan.seed})`;
  return `${df}.randomSplit([${lo}, ${hi - lo}, ${1 - hi}], ${plan.seed})[1]`;
}
