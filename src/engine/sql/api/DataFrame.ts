/**
 * Spark's DataFrame: an analysed logical plan plus the session that runs it. Transformations return new
 * DataFrames and are checked as they are built; actions (collect, count, show...) run the plan on DuckDB.
 */

import type * as arrow from "apache-arrow";
import { AnalysisException, IllegalArgumentException } from "../../errors";
import { notColumn } from "../../errors/PySparkErrors";
import {
  applyInPandasWithStateOnBatch,
  batchActionOnStreamingDataFrame,
  callOnStreamingDatasetUnsupported,
  cannotParseInterval,
  dropDuplicatesWithinWatermarkOnBatch,
  incompatibleColumnType,
  invalidLateralJoinType,
  mapGroupsWithStateOnBatch,
  numColumnsMismatch,
  scalarSubqueryMoreThanOneColumn,
  schemaNotYetKnown,
  unresolvedColumn,
  unresolvedColumnAmongFieldNames,
  unresolvedUsingColumnForJoin,
  unsupportedJoinType,
  watermarkEventTimeType,
} from "../../errors/QueryCompilationErrors";
import { toDFColumnCountMismatch } from "../../errors/QueryExecutionErrors";
import type { DataFrameWriter } from "../../session/DataFrameWriter";
import type { DataFrameWriterV2 } from "../../session/DataFrameWriterV2";
import type { DataStreamWriter } from "../../session/DataStreamWriter";
import { listDataFiles } from "../../session/dataFiles";
import type { SparkSession } from "../../session/SparkSession";
import { watermarkDelayMs } from "../../streaming/runtime/EventTimeWatermark";
import { METADATA_NAME, metadataOutput } from "../analysis/AddMetadataColumns";
import type { UnanalysedPlan } from "../analysis/Analyzer";
import { checkObservedMetric, containsAggregate } from "../analysis/checkAnalysis";
import { fieldOrigins } from "../analysis/columnResolution";
import { deduplicateRelations, resolveSelfJoinCondition } from "../analysis/DeduplicateRelations";
import { expressionName } from "../analysis/naming";
import { checkNoOuterReferences, typeOuterReferences } from "../analysis/subqueries";
import { pullOutTimeWindow } from "../analysis/TimeWindowing";
import { explainMode, explainString } from "../execution/explain";
import type { Expression } from "../expressions";
import { parseExpression, parseNamedExpression } from "../parser/ExpressionParser";
import { parseIntervalString } from "../parser/intervals";
import { isStreamingPlan, type JoinType, type LogicalPlan, newPlanId, planNodes } from "../plan";
import {
  AtomicType,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  StructField,
  StructType,
  sameName,
  YearMonthIntervalType,
} from "../types";
import { Column, type ColumnOrName, columnExpression, toColumn } from "./Column";
import { checkpointed } from "./checkpoint";
import { DataFrameNaFunctions } from "./DataFrameNaFunctions";
import { DataFrameStatFunctions, type Stratum } from "./DataFrameStatFunctions";
import { col, struct, to_json } from "./functions";
import { GroupedData } from "./GroupedData";
import { cubeSets, groupingSetsOf, rollupSets } from "./groupingSets";
import { Observation, observeWith } from "./Observation";
import { type Row, toRowArrays } from "./rows";
import { StorageLevel } from "./StorageLevel";
import { randomSeed, randomSplit, sample } from "./sample";
import { setOperation } from "./setOperations";
import { showString } from "./showString";
import { summary } from "./summary";
import { TableArg } from "./TableArg";
import { matchSchema } from "./toSchema";
import { transpose } from "./transpose";
import { unpivot } from "./unpivot";

/** Where Spark takes a list or varargs, both are accepted: f("a", "b") and f(["a", "b"]). */
export function flattenArgs<T>(args: readonly (T | readonly T[])[]): T[] {
  return args.flatMap((a) => (Array.isArray(a) ? (a as T[]) : [a as T]));
}

const JOIN_TYPES: Record<string, JoinType> = {
  inner: "inner",
  cross: "cross",
  outer: "full",
  full: "full",
  fullouter: "full",
  full_outer: "full",
  left: "left",
  leftouter: "left",
  left_outer: "left",
  right: "right",
  rightouter: "right",
  right_outer: "right",
  semi: "left_semi",
  leftsemi: "left_semi",
  left_semi: "left_semi",
  anti: "left_anti",
  leftanti: "left_anti",
  left_anti: "left_anti",
};

/** The join types Spark's UNSUPPORTED_JOIN_TYPE lists, in its order. */
const SUPPORTED_JOIN_TYPES = [
  "inner",
  "outer",
  "full",
  "fullouter",
  "full_outer",
  "leftouter",
  "left",
  "left_outer",
  "rightouter",
  "right",
  "right_outer",
  "leftsemi",
  "left_semi",
  "semi",
  "leftanti",
  "left_anti",
  "anti",
  "cross",
];

/**
 * A distributed table in Spark; here, a query over DuckDB. Transformations (`select`, `filter`, `groupBy`...)
 * return new DataFrames and are checked as they are built; actions (`collect`, `count`, `show`) run a batch
 * DataFrame, and `writeStream.start()` runs a streaming one.
 */
export class DataFrame {
  private readonly resolved: LogicalPlan | undefined;
  private readonly pending: Promise<LogicalPlan> | undefined;

  /**
   * `plan` is a Promise only where the schema needs file I/O the platform cannot do synchronously (reading
   * files without a declared schema from OPFS): transformations then queue up and actions wait for it.
   */
  constructor(
    /** The session that created this DataFrame and runs it. */
    readonly sparkSession: SparkSession,
    plan: LogicalPlan | Promise<LogicalPlan>,
  ) {
    if (plan instanceof Promise) {
      this.pending = plan;
      plan.catch(() => {});
    } else this.resolved = plan;
  }

  /** The analysed plan; throws where it still waits for file I/O (see `resolve()`). */
  get plan(): LogicalPlan {
    if (this.resolved) return this.resolved;
    throw schemaNotYetKnown();
  }

  /** Waits for the schema where it is read from files; resolves to a DataFrame whose schema is known. */
  async resolve(): Promise<DataFrame> {
    return this.pending ? new DataFrame(this.sparkSession, await this.pending) : this;
  }

  /** Runs `f` now, or once the schema is known. */
  private whenResolved(f: (df: DataFrame) => DataFrame): DataFrame {
    if (!this.pending) return f(this);
    return new DataFrame(
      this.sparkSession,
      this.pending.then((plan) => f(new DataFrame(this.sparkSession, plan)).plan),
    );
  }

  // ---- description
  /**
   * True when the DataFrame reads from a streaming source: it then runs only through `writeStream.start()`.
   */
  get isStreaming(): boolean {
    return isStreamingPlan(this.plan);
  }
  /** The DataFrame's columns and their types, as a StructType. */
  get schema(): StructType {
    // A DataFrame holding `outer()` columns outside a subquery cannot be analysed on its own (Spark's
    // UNANALYZABLE_EXPRESSION); a subquery's DataFrame is analysed with its outer query.
    checkNoOuterReferences(this.plan);
    return this.plan.schema;
  }
  /** The column names, in order. */
  get columns(): string[] {
    return this.plan.schema.fieldNames;
  }
  /** Each column's name and type, as `[name, type]` pairs: `[["id", "bigint"], ...]`. */
  get dtypes(): [string, string][] {
    return this.plan.schema.fields.map((f) => [f.name, f.dataType.simpleString()]);
  }
  /** Prints the schema as a tree, as Spark does. */
  printSchema(): void {
    this.sparkSession.write(this.schema.treeString());
  }

  /** Prints the plan as Spark does: `explain()`, `explain(true)`, `explain("formatted")` (see explain.ts). */
  explain(extendedOrMode: boolean | string = false): void {
    const mode =
      typeof extendedOrMode === "string"
        ? explainMode(extendedOrMode)
        : extendedOrMode
          ? "extended"
          : "simple";
    this.sparkSession.write(explainString(this.plan, mode));
  }

  /** A column of this DataFrame; in a join it picks this side (`df1.col("id")`). */
  col(name: string): Column {
    const e = columnExpression(name);
    if (e.kind === "column") {
      // Spark's LogicalPlan.resolve falls back to the metadata output (`df.col("_metadata.file_name")`).
      const isMetadata =
        !this.schema.field(e.parts[0]) &&
        metadataOutput(this.plan).some((m) => m.toLowerCase() === e.parts[0].toLowerCase());
      if (!isMetadata) this.resolveName(e.parts[0]);
      return new Column({ ...e, planId: this.plan.id });
    }
    return new Column(e);
  }

  /**
   * Spark's `metadataColumn`: the hidden metadata column `colName` of this DataFrame (`_metadata` over a file
   * source), usable where its output no longer has it (`df.select("name").withColumn("f",
   * df.metadataColumn("_metadata").getField("file_name"))`). A name that is no metadata column is
   * UNRESOLVED_COLUMN, proposing the metadata columns there are.
   */
  metadataColumn(colName: string): Column {
    const available = metadataOutput(this.plan);
    if (!available.some((name) => name.toLowerCase() === colName.toLowerCase()))
      throw unresolvedColumn(colName, available);
    return new Column({ kind: "column", parts: [METADATA_NAME] });
  }

  /**
   * Spark's `colRegex`: a name in backticks is a regular expression (Java's syntax), and the column stands for
   * every column whose whole name it matches (case-insensitively, as Spark's default) in `select`; any other name
   * is the column of that name, as `col` gives.
   */
  colRegex(colName: string): Column {
    const quoted = /^`([\s\S]+)`$/.exec(colName) ?? /^[\s\S]+.`([\s\S]+)`$/.exec(colName);
    if (!quoted) return this.col(colName);
    const caseSensitive = this.sparkSession.conf.getBoolean("spark.sql.caseSensitive");
    const pattern = new RegExp(`^(?:${javaRegex(quoted[1])})$`, caseSensitive ? "u" : "iu");
    const matched = this.plan.schema.fields.flatMap((f, index) =>
      pattern.test(f.name)
        ? [new Column({ kind: "column", parts: [f.name], index, planId: this.plan.id })]
        : [],
    );
    const column = matched[0] ?? new Column({ kind: "column", parts: [colName] });
    REGEX_COLUMNS.set(column, matched);
    return column;
  }

  /** Spark's `isLocal`: whether `collect` and `take` can run without executors, over local rows. */
  isLocal(): boolean {
    const plan = this.plan;
    return (
      plan.kind === "relation" && plan.relation.type === "table" && plan.relation.name.startsWith("__local_")
    );
  }

  /**
   * Spark's `inputFiles`: the files the DataFrame's file relations read now (a best effort: a streaming source
   * lists none), each once, sorted.
   */
  async inputFiles(): Promise<string[]> {
    const plan = this.pending ? await this.pending : this.plan;
    const files = new Set<string>();
    const visit = async (p: LogicalPlan): Promise<void> => {
      for (const n of planNodes(p)) {
        if (n.kind !== "relation") continue;
        if (n.relation.type === "files" && n.relation.format !== "kafka") {
          const present: string[] = [];
          for (const path of n.relation.paths) if (await this.sparkSession.fs.stat(path)) present.push(path);
          for (const f of await listDataFiles(this.sparkSession.fs, present, n.relation.options))
            files.add(f.path);
        } else if (n.relation.type === "sql") {
          for (const view of n.relation.views.values()) await visit(view);
        }
      }
    };
    await visit(plan);
    return [...files].sort();
  }

  /**
   * Spark's `sameSemantics`: whether the two DataFrames' plans compute the same result, whatever their output
   * names and the ids of their nodes.
   */
  sameSemantics(other: DataFrame): boolean {
    return canonicalPlan(this.plan) === canonicalPlan(other.plan);
  }

  /** Spark's `semanticHash`: a hash of the canonical plan, equal for DataFrames of the same semantics. */
  semanticHash(): number {
    let hash = 0;
    for (const ch of canonicalPlan(this.plan)) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
    return hash;
  }

  /** The DataFrame's columns matched to `schema` by name, cast to its types (Spark's `Dataset.to`). */
  to(schema: StructType): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.to(schema));
    const matched = matchSchema(this.schema, schema);
    const out = this.select(...matched.columns);
    return new DataFrame(this.sparkSession, { ...out.plan, schema: matched.schema } as LogicalPlan);
  }

  /** Spark's `withMetadata`: the column with its metadata replaced by `metadata`. */
  withMetadata(columnName: string, metadata: Record<string, unknown>): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.withMetadata(columnName, metadata));
    const out = this.withColumn(columnName, this.col(columnName));
    const fields = out.schema.fields.map((f) =>
      sameName(f.name, columnName) ? new StructField(f.name, f.dataType, f.nullable, { ...metadata }) : f,
    );
    return new DataFrame(this.sparkSession, { ...out.plan, schema: new StructType(fields) } as LogicalPlan);
  }

  // ---- transformations
  /**
   * Projects columns or expressions: `select("a", col("b").plus(1).alias("c"))`; `"*"` keeps every column.
   */
  select(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.select(...cols));
    const exprs = flattenArgs(cols)
      .flatMap((c): ColumnOrName[] => (c instanceof Column ? (REGEX_COLUMNS.get(c) ?? [c]) : [c]))
      .map((c) => toColumn(c).expr);
    if (exprs.some(containsAggregate)) {
      return this.build({ kind: "aggregate", child: this.plan, groupBy: [], aggregates: exprs });
    }
    return this.build({ kind: "project", child: this.plan, exprs });
  }

  /** Projects SQL expression strings: `selectExpr("a", "b * 2 AS doubled")`. */
  selectExpr(...exprs: (string | string[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.selectExpr(...exprs));
    return this.select(...flattenArgs(exprs).map((e) => new Column(this.parse(e, parseNamedExpression))));
  }

  /**
   * Keeps the rows where the condition holds, given as a Column or a SQL string.
   * @example df.filter(col("event_name").eq("finalize")) // or df.filter("event_name = 'finalize'")
   */
  filter(condition: Column | string): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.filter(condition));
    const expr = typeof condition === "string" ? this.parse(condition, parseExpression) : condition.expr;
    return this.build({ kind: "filter", child: this.plan, condition: expr });
  }

  /** Keeps the rows where the condition holds; same as `filter`. */
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /** Adds a column, or replaces the one of the same name, computed by `column`. */
  withColumn(name: string, column: Column): DataFrame {
    if (!(column instanceof Column)) {
      throw notColumn("col", column === null ? "null" : typeof column);
    }
    return this.withColumns({ [name]: column });
  }

  /** Adds or replaces several columns at once: `withColumns({ total: col("a").plus(col("b")) })`. */
  withColumns(columns: Record<string, Column>): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.withColumns(columns));
    const replaced = new Set<string>();
    const exprs: Expression[] = this.columns.map((existing, i) => {
      const key = Object.keys(columns).find((k) => sameName(k, existing));
      if (key === undefined) return columnAt(this.columns, i);
      replaced.add(key);
      return { kind: "alias", child: columns[key].expr, name: key };
    });
    for (const [name, column] of Object.entries(columns)) {
      if (!replaced.has(name)) exprs.push({ kind: "alias", child: column.expr, name });
    }
    return this.build({ kind: "project", child: this.plan, exprs });
  }

  /** Renames a column; does nothing where there is no such column. */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [existing]: newName });
  }

  /** Renames several columns: `withColumnsRenamed({ old: "new" })`. */
  withColumnsRenamed(renames: Record<string, string>): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.withColumnsRenamed(renames));
    const exprs: Expression[] = this.columns.map((name, i) => {
      const key = Object.keys(renames).find((k) => sameName(k, name));
      const column = columnAt(this.columns, i);
      return key === undefined ? column : { kind: "alias", child: column, name: renames[key] };
    });
    return this.build({ kind: "project", child: this.plan, exprs });
  }

  /** Drops columns by name (unknown names are ignored, as in Spark) or by Column. */
  drop(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.drop(...cols));
    const dropped = new Set<number>();
    const origins = fieldOrigins(this.plan);
    for (const c of flattenArgs(cols)) {
      if (typeof c === "string") {
        for (const [i, n] of this.columns.entries()) if (sameName(n, c)) dropped.add(i);
        continue;
      }
      const e = c.expr;
      // Spark's ResolveDataFrameDropColumns drops the input columns an expression is; any other drops nothing.
      if (e.kind !== "column") continue;
      // df.col("x") drops that DataFrame's x only.
      const name = e.parts.join(".");
      const matches = this.columns.flatMap((n, i) => (sameName(n, name) ? [i] : []));
      const picked = e.planId === undefined ? matches : matches.filter((i) => origins[i]?.has(e.planId!));
      for (const i of picked.length > 0 ? picked : matches) dropped.add(i);
    }
    return this.build({
      kind: "project",
      child: this.plan,
      exprs: this.columns.flatMap((_, i) => (dropped.has(i) ? [] : [columnAt(this.columns, i)])),
    });
  }

  /**
   * Groups the rows by the given columns for aggregation: `groupBy("traffic_source").count()`.
   * On a stream, the aggregate's state is kept across micro-batches.
   */
  groupBy(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    const exprs = flattenArgs(cols).map((c) => toColumn(c).expr);
    return new GroupedData(this, exprs);
  }

  /** Groups the rows by the given columns; same as `groupBy`. */
  groupby(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    return this.groupBy(...cols);
  }

  /**
   * Groups the rows by every subset of the given columns (Spark's cube): `cube("city", "year").sum("amount")`
   * gives each (city, year), each city, each year and the grand total; a column a set leaves out is null.
   */
  cube(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    const exprs = flattenArgs(cols).map((c) => toColumn(c).expr);
    return new GroupedData(this, exprs, cubeSets(exprs.length));
  }

  /**
   * Groups the rows by each prefix of the given columns (Spark's rollup): `rollup("city", "year")` gives each
   * (city, year), each city and the grand total; a column a set leaves out is null.
   */
  rollup(...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    const exprs = flattenArgs(cols).map((c) => toColumn(c).expr);
    return new GroupedData(this, exprs, rollupSets(exprs.length));
  }

  /**
   * Groups the rows once per given set of columns (Spark's groupingSets): `groupingSets([["city"], []],
   * "city")`; `cols` are the grouping columns in the output (a set's columns are added where missing).
   */
  groupingSets(groupingSets: ColumnOrName[][], ...cols: (ColumnOrName | ColumnOrName[])[]): GroupedData {
    const { exprs, sets } = groupingSetsOf(
      groupingSets.map((set) => set.map((c) => toColumn(c).expr)),
      flattenArgs(cols).map((c) => toColumn(c).expr),
    );
    return new GroupedData(this, exprs, sets);
  }

  /**
   * Turns columns into rows (Spark's unpivot): each row becomes one row per value column, with the `ids`, the
   * column's name in `variableColumnName` and its value in `valueColumnName`; `values` null is every non-id column.
   */
  unpivot(
    ids: ColumnOrName | ColumnOrName[],
    values: ColumnOrName | ColumnOrName[] | null | undefined,
    variableColumnName: string,
    valueColumnName: string,
  ): DataFrame {
    if (this.pending)
      return this.whenResolved((df) => df.unpivot(ids, values, variableColumnName, valueColumnName));
    return unpivot(this, ids, values, variableColumnName, valueColumnName);
  }

  /** Turns columns into rows; same as `unpivot`. */
  melt(
    ids: ColumnOrName | ColumnOrName[],
    values: ColumnOrName | ColumnOrName[] | null | undefined,
    variableColumnName: string,
    valueColumnName: string,
  ): DataFrame {
    return this.unpivot(ids, values, variableColumnName, valueColumnName);
  }

  /**
   * Spark 4's transpose: the index column's values (the first column unless given), sorted, become the
   * columns, and the other columns' names the values of a `key` column (see transpose.ts).
   */
  transpose(indexColumn?: ColumnOrName): DataFrame {
    if (this.pending)
      return new DataFrame(
        this.sparkSession,
        this.resolve().then(async (df) => (await df.transpose(indexColumn).resolve()).plan),
      );
    return transpose(this, indexColumn);
  }

  /** Aggregates over the whole DataFrame: `df.agg(max("x"))`. */
  agg(...exprs: (Column | Record<string, string>)[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  /**
   * Sorts by the given columns or sort orders (`col("n").desc()`), ascending by default. On a stream, only
   * after an aggregation in complete mode.
   */
  orderBy(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.orderBy(...cols));
    const orders = flattenArgs(cols).map((c) => {
      const e = toColumn(c).expr;
      return e.kind === "sortOrder"
        ? e
        : ({ kind: "sortOrder", child: e, ascending: true, nullsFirst: true } as const);
    });
    try {
      return this.build({ kind: "sort", child: this.plan, orders });
    } catch (error) {
      // Sorting by a column the last select dropped sorts below that select, as Spark resolves it.
      const plan = this.plan;
      if (
        plan.kind !== "project" ||
        !(error instanceof AnalysisException) ||
        !/UNRESOLVED_COLUMN/.test(error.errorClass ?? "")
      )
        throw error;
      const sorted = new DataFrame(this.sparkSession, plan.child).orderBy(...cols);
      return sorted.build({ kind: "project", child: sorted.plan, exprs: plan.exprs });
    }
  }

  /** Sorts by the given columns; same as `orderBy`. */
  sort(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    return this.orderBy(...cols);
  }

  /**
   * Sorts each partition by the given columns. Sluice's DataFrame is one partition, so it sorts the whole result;
   * on a stream it is refused as Spark refuses any sort outside complete mode.
   */
  sortWithinPartitions(...cols: (ColumnOrName | ColumnOrName[])[]): DataFrame {
    return this.orderBy(...cols);
  }

  /** At most `n` rows. */
  limit(n: number): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.limit(n));
    return this.build({ kind: "limit", child: this.plan, limit: n });
  }

  /** Every row after the first `n` (batch DataFrames; Spark refuses it on a stream). */
  offset(n: number): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.offset(n));
    return this.build({ kind: "offset", child: this.plan, offset: n });
  }

  /**
   * A random sample of the rows: each kept with probability `fraction` (or, with replacement, repeated a Poisson
   * number of times of mean `fraction`). As in PySpark: `sample(0.5)`, `sample(0.5, seed)`,
   * `sample(false, 0.5, seed)`. The same seed over the same input gives the same rows; it works on a stream too.
   */
  sample(fraction: number, seed?: number): DataFrame;
  sample(withReplacement: boolean | undefined, fraction: number, seed?: number): DataFrame;
  sample(first: boolean | number | undefined, second?: number, third?: number): DataFrame {
    const [withReplacement, fraction, seed] =
      typeof first === "number" ? [false, first, second] : [first ?? false, second as number, third];
    return sample(this, 0, fraction, withReplacement, seed ?? randomSeed());
  }

  /**
   * Splits the rows at random by `weights` (normalised to add up to 1): disjoint DataFrames whose union is this
   * one, the same with the same seed.
   */
  randomSplit(weights: number[], seed?: number): DataFrame[] {
    return randomSplit(this, weights, seed ?? randomSeed());
  }

  /** Statistics of the columns (`df.stat`): approxQuantile, corr, cov, crosstab, freqItems, sampleBy. */
  get stat(): DataFrameStatFunctions {
    return new DataFrameStatFunctions(this);
  }

  /** The values at `probabilities` of numeric columns, within `relativeError` (see `stat.approxQuantile`). */
  approxQuantile(
    col: string | string[],
    probabilities: number[],
    relativeError: number,
  ): Promise<number[] | number[][]> {
    return this.stat.approxQuantile(col, probabilities, relativeError);
  }

  /** The Pearson correlation coefficient of two numeric columns. */
  corr(col1: string, col2: string, method?: string): Promise<number> {
    return this.stat.corr(col1, col2, method);
  }

  /** The sample covariance of two numeric columns. */
  cov(col1: string, col2: string): Promise<number> {
    return this.stat.cov(col1, col2);
  }

  /** The contingency table of two columns (see `stat.crosstab`). */
  crosstab(col1: string, col2: string): DataFrame {
    return this.stat.crosstab(col1, col2);
  }

  /** The frequent values of columns, in one row of `<c>_freqItems` arrays (see `stat.freqItems`). */
  freqItems(cols: string[], support?: number): DataFrame {
    return this.stat.freqItems(cols, support);
  }

  /** A stratified sample: rows of each `col` value kept with its fraction (see `stat.sampleBy`). */
  sampleBy(
    col: string | Column,
    fractions: Record<string, number> | ReadonlyMap<Stratum, number>,
    seed?: number,
  ): DataFrame {
    return this.stat.sampleBy(col, fractions, seed);
  }

  /**
   * Count, mean, stddev, min and max of the given columns (every numeric and string column if none), as Spark's
   * `describe`: string values, the statistic in the first column `summary`.
   */
  describe(...cols: (string | string[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.describe(...cols));
    const names = flattenArgs(cols);
    const stats = ["count", "mean", "stddev", "min", "max"];
    return summary(names.length > 0 ? this.select(...names) : this, stats);
  }

  /**
   * The given statistics of every numeric and string column (`count`, `mean`, `stddev`, `min`, `max`,
   * percentiles such as `"75%"`, `count_distinct`, `approx_count_distinct`); Spark's eight by default.
   */
  summary(...statistics: (string | string[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.summary(...statistics));
    return summary(this, flattenArgs(statistics));
  }

  /** The distinct rows. */
  distinct(): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.distinct());
    return this.build({ kind: "distinct", child: this.plan });
  }

  /**
   * Drops rows that repeat the values of the given columns (all columns by default). On a stream, the seen
   * keys are kept as state; add a watermark to bound it.
   */
  dropDuplicates(...cols: (string | string[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.dropDuplicates(...cols));
    return this.build({
      kind: "deduplicate",
      child: this.plan,
      keys: this.deduplicationKeys(cols),
      withinWatermark: false,
    });
  }

  /** Drops duplicate rows; same as `dropDuplicates`. */
  drop_duplicates(...cols: (string | string[])[]): DataFrame {
    return this.dropDuplicates(...cols);
  }

  /**
   * Streaming deduplication bounded by the watermark: a duplicate is dropped when it arrives within the
   * watermark delay of the first one, after which its key's state is dropped.
   */
  dropDuplicatesWithinWatermark(...cols: (string | string[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.dropDuplicatesWithinWatermark(...cols));
    return this.build({
      kind: "deduplicate",
      child: this.plan,
      keys: this.deduplicationKeys(cols),
      withinWatermark: true,
    });
  }

  /** The distinct rows that are also in `other` (Spark's INTERSECT): whole rows, by position, nulls equal. */
  intersect(other: DataFrame): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.intersect(other));
    return setOperation(this, other, "intersect", false);
  }

  /** The rows that are also in `other`, each as many times as it is in both (Spark's INTERSECT ALL). */
  intersectAll(other: DataFrame): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.intersectAll(other));
    return setOperation(this, other, "intersect", true);
  }

  /** The distinct rows that are not in `other` (Spark's EXCEPT DISTINCT). */
  subtract(other: DataFrame): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.subtract(other));
    return setOperation(this, other, "except", false);
  }

  /** The rows not in `other`, keeping duplicates: each row as many more times as it is here (EXCEPT ALL). */
  exceptAll(other: DataFrame): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.exceptAll(other));
    return setOperation(this, other, "except", true);
  }

  /** Rows of both, matched by position (Spark's UNION ALL); column types must be compatible. */
  union(other: DataFrame): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.union(other));
    if (other.columns.length !== this.columns.length) {
      throw numColumnsMismatch("UNION", this.columns.length, other.columns.length);
    }
    checkUnionTypes(this.schema, other.schema);
    return this.build({ kind: "union", left: this.plan, right: other.plan, byName: false });
  }

  /** Rows of both DataFrames, matched by position; same as `union`. */
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /**
   * Rows of both, matched by column name. Columns one side lacks are an error, or nulls with
   * `allowMissingColumns` (then the other side's extra columns come last).
   */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.unionByName(other, allowMissingColumns));
    const missing = (from: DataFrame, to: DataFrame) => from.columns.filter((c) => !to.schema.field(c));
    const leftOnly = missing(this, other);
    const rightOnly = missing(other, this);
    if (!allowMissingColumns && (leftOnly.length > 0 || rightOnly.length > 0)) {
      const name = leftOnly[0] ?? rightOnly[0];
      const side = leftOnly.length > 0 ? other : this;
      throw unresolvedColumnAmongFieldNames(name, side.columns);
    }
    const nullOf = (df: DataFrame, name: string) =>
      new Column({ kind: "literal", value: null, dataType: df.schema.field(name)!.dataType }).alias(name);
    const left =
      rightOnly.length > 0 ? this.select(...this.columns, ...rightOnly.map((n) => nullOf(other, n))) : this;
    const right = other.select(
      ...left.columns.map((n) => (other.schema.field(n) ? other.col(n) : nullOf(this, n))),
    );
    return left.union(right);
  }

  /**
   * `join(other, "id")`, `join(other, ["a", "b"], "left")`, `join(other, df1.col("a").eq(df2.col("b")))`, or a
   * list of Columns that must all hold.
   */
  join(other: DataFrame, on?: string | string[] | Column | Column[], how = "inner"): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.join(other, on, how));
    if (Array.isArray(on) && on.length > 0 && on.every((c) => c instanceof Column)) {
      return this.join(
        other,
        (on as Column[]).reduce((a, b) => a.and(b)),
        how,
      );
    }
    const type = JOIN_TYPES[how.toLowerCase().replaceAll("-", "_")];
    if (!type) {
      throw unsupportedJoinType(how, SUPPORTED_JOIN_TYPES);
    }
    // A self-join's right side gets its own ids, as Spark's DeduplicateRelations gives it new attributes.
    const { right, renamed } = deduplicateRelations(this.plan, other.plan);
    const base = {
      kind: "join",
      left: this.plan,
      right,
      how: on === undefined && how === "inner" ? "cross" : type,
    } as const;
    if (on instanceof Column) {
      return this.build({ ...base, condition: resolveSelfJoinCondition(on.expr, renamed) });
    }
    if (on === undefined) return this.build(base);
    const usingColumns = (typeof on === "string" ? [on] : (on as string[])).map((c) => {
      const left = this.schema.field(c);
      if (!left || !other.schema.field(c)) {
        throw unresolvedUsingColumnForJoin(c, left ? "right" : "left", (left ? other : this).columns);
      }
      return left.name;
    });
    return this.build({ ...base, usingColumns });
  }

  /** The same rows under new column names. */
  toDF(...names: (string | string[])[]): DataFrame {
    const list = flattenArgs(names);
    if (list.length !== this.columns.length) {
      throw toDFColumnCountMismatch(this.columns, list);
    }
    return this.select(...this.columns.map((c, i) => col(c).alias(list[i])));
  }

  /**
   * Each row as one JSON object in a string column `value`, as Spark's `Dataset.toJSON` (its options' defaults:
   * null fields left out, timestamps in ISO 8601 with the session's time zone). A stream stays a stream.
   */
  toJSON(): DataFrame {
    return this.select(to_json(struct(col("*"))).alias("value"));
  }

  /** Missing-value functions: `df.na.fill(0)`, `df.na.drop()`, `df.na.replace(...)`. */
  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this);
  }

  /** Nulls replaced by `value` in the columns of its type (all, or `subset`), as `na.fill` does. */
  fillna(value: number | string | boolean | Record<string, unknown>, subset?: string | string[]): DataFrame {
    const targets: Record<string, unknown> =
      typeof value === "object"
        ? value
        : Object.fromEntries(
            (subset === undefined ? this.columns : flattenArgs([subset]))
              .filter((c) => fillable(this.schema.field(c)?.dataType, value))
              .map((c) => [c, value]),
          );
    const keys = Object.keys(targets);
    return this.select(
      ...this.columns.map((c) => {
        const key = keys.find((k) => sameName(k, c));
        return key === undefined
          ? col(c)
          : new Column({
              kind: "call",
              name: "coalesce",
              args: [col(c).expr, castTo(Column.of(targets[key]), this.schema.field(c)?.dataType).expr],
            }).alias(c);
      }),
    );
  }

  /** Rows without nulls (`how` "any"), not all null ("all"), or with at least `thresh` non-nulls. */
  dropna(how: "any" | "all" = "any", thresh?: number, subset?: string | string[]): DataFrame {
    const columns = subset === undefined ? this.columns : flattenArgs([subset]);
    const nonNull = columns.map((c) => col(c).isNotNull());
    if (nonNull.length === 0) return this;
    const count = nonNull
      .map(
        (c) =>
          new Column({
            kind: "case",
            branches: [[c.expr, { kind: "literal", value: 1 }]],
            otherwise: { kind: "literal", value: 0 },
          }),
      )
      .reduce((a, b) => a.plus(b));
    const needed = thresh ?? (how === "any" ? columns.length : 1);
    return this.filter(count.geq(needed));
  }

  /**
   * Values replaced by others (`na.replace`): `toReplace` a value, a list (with `value` one value or a list of the
   * same length), or old to new values as a Map (or an object, for string keys); only in the columns (all, `"*"`,
   * or `subset`) of the old values' type.
   */
  replace(
    toReplace: Scalar | Scalar[] | Record<string, Scalar> | ReadonlyMap<Scalar, Scalar>,
    value?: Scalar | Scalar[],
    subset?: string | string[],
  ): DataFrame {
    const pairs = replacementPairs(toReplace, value);
    if (pairs.length === 0) return this;
    const named = subset === undefined ? ["*"] : flattenArgs([subset]);
    const columns = named.includes("*") ? this.columns : named;
    return this.select(
      ...this.columns.map((c) => {
        const type = this.schema.field(c)?.dataType;
        const chosen = columns.some((k) => sameName(k, c));
        if (!chosen || !type || !pairs.every(([from]) => from === null || fillable(type, from)))
          return col(c);
        return new Column({
          kind: "case",
          branches: pairs.map(([from, to]) => [col(c).eqNullSafe(from).expr, Column.of(to).cast(type).expr]),
          otherwise: col(c).expr,
        }).alias(c);
      }),
    );
  }

  /** Spark's performance hints; one process in the browser has nothing to distribute or cache. */
  repartition(..._args: unknown[]): DataFrame {
    return this;
  }
  /** Spark's range partitioning; one process in the browser has nothing to partition. */
  repartitionByRange(..._args: unknown[]): DataFrame {
    return this;
  }
  /** A hint for Spark's distributed plan; Sluice runs in one process, so it returns this DataFrame. */
  coalesce(_numPartitions: number): DataFrame {
    return this;
  }
  /**
   * Spark keeps the result in memory and on disk; Sluice keeps nothing and returns this DataFrame, whose
   * `storageLevel` then says MEMORY_AND_DISK as on Spark.
   */
  cache(): DataFrame {
    return this.persist();
  }
  /**
   * Spark keeps the result at a storage level (MEMORY_AND_DISK by default); Sluice keeps nothing and returns this
   * DataFrame, whose `storageLevel` then reports the level asked for.
   */
  persist(storageLevel: StorageLevel = StorageLevel.MEMORY_AND_DISK): DataFrame {
    if (this.pending) return this;
    const key = canonicalPlan(this.plan);
    if (!this.persisted.has(key)) this.persisted.set(key, storageLevel);
    return this;
  }
  /**
   * Spark's `checkpoint(eager = true)`: the rows computed once and kept (here, in a table of the session's
   * database), so later actions read them; needs `spark.sparkContext.setCheckpointDir`. Eager starts the plan now
   * (actions wait for it); otherwise the first action runs it.
   */
  checkpoint(eager = true): DataFrame {
    if (this.pending)
      return new DataFrame(
        this.sparkSession,
        this.resolve().then(async (df) => (await df.checkpoint(eager).resolve()).plan),
      );
    return checkpointed(this, eager, true);
  }

  /** Spark's `localCheckpoint(eager = true)`: `checkpoint` without a checkpoint directory. */
  localCheckpoint(eager = true, _storageLevel?: StorageLevel): DataFrame {
    if (this.pending)
      return new DataFrame(
        this.sparkSession,
        this.resolve().then(async (df) => (await df.localCheckpoint(eager).resolve()).plan),
      );
    return checkpointed(this, eager, false);
  }

  /** Releases a cached result; in Sluice it returns this DataFrame, its `storageLevel` NONE again. */
  unpersist(_blocking?: boolean): DataFrame {
    if (!this.pending) this.persisted.delete(canonicalPlan(this.plan));
    return this;
  }
  /**
   * The level `persist` or `cache` asked for on this DataFrame or one of the same semantics (Spark's cache is
   * looked up by plan, shared by the sessions of one application); `StorageLevel.NONE` where none was.
   */
  get storageLevel(): StorageLevel {
    return this.persisted.get(canonicalPlan(this.plan)) ?? StorageLevel.NONE;
  }
  /** The levels persisted plans asked for, by canonical plan (Spark's CacheManager, which here keeps no data). */
  private get persisted(): Map<string, StorageLevel> {
    const shared = this.sparkSession.sessionCatalog.external;
    const levels = PERSISTED.get(shared) ?? new Map<string, StorageLevel>();
    PERSISTED.set(shared, levels);
    return levels;
  }
  /** A hint for Spark's optimizer; Sluice ignores it and returns this DataFrame. */
  hint(_name: string, ..._parameters: unknown[]): DataFrame {
    return this;
  }

  /**
   * Spark 4's `Dataset.scalar()`: this one-column DataFrame as a scalar subquery expression, its one value per
   * outer row (null where it has no rows; SCALAR_SUBQUERY_TOO_MANY_ROWS where it has several). Columns marked
   * `outer()` in it read the outer query's row.
   * @example df.where(col("x").gt(spark.table("t").select(max("v")).scalar()))
   */
  scalar(): Column {
    const plan = this.plan;
    if (plan.schema.fields.length !== 1) throw scalarSubqueryMoreThanOneColumn(plan.schema.fields.length);
    return new Column({ kind: "subquery", subqueryType: "scalar", plan });
  }

  /**
   * Spark 4's `asTable()`: this DataFrame as a table argument (TableArg) for table-valued functions, with
   * `partitionBy`, `orderBy` and `withSinglePartition`. No Sluice table function takes a table argument yet.
   */
  asTable(): TableArg {
    return new TableArg(this);
  }

  /**
   * Spark 4's `Dataset.exists()`: an EXISTS predicate, true for an outer row where this DataFrame, with its
   * `outer()` columns read from that row, has a row.
   * @example l.where(r.where(col("a").outer().eq(col("c"))).exists())
   */
  exists(): Column {
    return new Column({ kind: "subquery", subqueryType: "exists", plan: this.plan });
  }

  /**
   * Spark 4's `lateralJoin`: each row of this DataFrame joined with the rows `other` gives for it, where
   * `other`'s `outer()` columns read this DataFrame's row. `on` is a join condition (or, as a string, the join
   * type); `how` is "inner" (the default), "cross" or "left".
   * @example t1.lateralJoin(t2.where(col("t1.c1").outer().eq(col("t2.c1"))).select("c2"), "left")
   */
  lateralJoin(other: DataFrame, on?: Column | string, how?: string): DataFrame {
    if (typeof on === "string") return this.lateralJoin(other, undefined, on);
    if (this.pending) return this.whenResolved((df) => df.lateralJoin(other, on, how));
    const name = (how ?? "inner").toLowerCase().replaceAll("-", "_");
    const type = JOIN_TYPES[name];
    if (!type) throw unsupportedJoinType(how ?? "inner", SUPPORTED_JOIN_TYPES);
    if (type !== "inner" && type !== "cross" && type !== "left") throw invalidLateralJoinType(type);
    const analyzer = this.sparkSession.analyzer;
    const right = typeOuterReferences(other.plan, this.plan, (n) => analyzer.analyse(n));
    return this.build({
      kind: "join",
      left: this.plan,
      right,
      how: type === "inner" && on === undefined ? "inner" : type,
      lateral: true,
      ...(on ? { condition: on.expr } : {}),
    });
  }

  /** Every row of this DataFrame paired with every row of `other`. */
  crossJoin(other: DataFrame): DataFrame {
    return this.join(other, undefined, "cross");
  }

  /**
   * Names this DataFrame for qualified column references (`a.id`) in joins. `qualifiers` (engine internal) are
   * a catalog relation's names (`t`, `default.t`, `spark_catalog.default.t`), as Spark's SubqueryAlias has them.
   */
  alias(name: string, qualifiers?: readonly string[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.alias(name, qualifiers));
    return new DataFrame(this.sparkSession, {
      kind: "alias",
      id: newPlanId(),
      child: this.plan,
      alias: name,
      ...(qualifiers ? { qualifiers } : {}),
      schema: this.schema,
    });
  }

  /**
   * Declares the event-time column and how late data may arrive: state for windows older than the watermark
   * (max event time seen minus `delayThreshold`) is dropped.
   */
  withWatermark(eventTime: string, delayThreshold: string): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.withWatermark(eventTime, delayThreshold));
    // As Spark: the delay is parsed and checked before the column is resolved.
    const interval = parseIntervalString(delayThreshold);
    if (!interval) throw cannotParseInterval(delayThreshold);
    const delayMs = watermarkDelayMs(delayThreshold, interval);
    const field = this.schema.field(eventTime);
    if (!field && !eventTime.includes(".")) throw unresolvedColumn(eventTime, this.columns);
    const type: DataType | undefined = field?.dataType;
    if (
      type &&
      !(type instanceof AtomicType && type.name.startsWith("timestamp")) &&
      type.simpleString() !== "struct<start:timestamp,end:timestamp>"
    ) {
      throw watermarkEventTimeType(eventTime, type);
    }
    return new DataFrame(this.sparkSession, {
      kind: "watermark",
      id: newPlanId(),
      child: this.plan,
      eventTime: field?.name ?? eventTime,
      delay: delayThreshold,
      delayMs,
      schema: field ? withWatermarkDelayMetadata(this.schema, field, delayMs) : this.schema,
    });
  }

  /**
   * Spark's `observe`: named aggregates over the rows that pass here, the rows unchanged. On a stream they are
   * computed per micro-batch and reported in its progress as `observedMetrics[name]`; with an `Observation` (batch
   * DataFrames), the first action fills `observation.get`.
   */
  observe(observation: string | Observation, ...exprs: (Column | Column[])[]): DataFrame {
    if (this.pending) return this.whenResolved((df) => df.observe(observation, ...exprs));
    if (observation instanceof Observation) return observeWith(this, observation, flattenArgs(exprs));
    const name = observation;
    const metrics = flattenArgs(exprs);
    for (const m of metrics) checkObservedMetric(toColumn(m).expr);
    // Analysed as the global aggregate Spark computes them with.
    const aggregated = this.agg(...metrics).plan as Extract<LogicalPlan, { kind: "aggregate" }>;
    return new DataFrame(this.sparkSession, {
      kind: "collectMetrics",
      id: newPlanId(),
      child: this.plan,
      name,
      metrics: aggregated.aggregates,
      metricsSchema: aggregated.schema,
      schema: this.schema,
    });
  }

  /**
   * Names this DataFrame as a temporary view for `spark.sql` and `spark.table`, replacing one of that name.
   * A streaming DataFrame gives a streaming view.
   */
  createOrReplaceTempView(name: string): void {
    this.sparkSession.sessionCatalog.createTempView(name, this, true);
  }

  /** Spark's deprecated name for `createOrReplaceTempView`. */
  registerTempTable(name: string): void {
    this.createOrReplaceTempView(name);
  }

  /** Names this DataFrame as a temporary view; an error if the name is taken. */
  createTempView(name: string): void {
    this.sparkSession.sessionCatalog.createTempView(name, this, false);
  }

  /**
   * Names this DataFrame as a global temporary view, read as `global_temp.<name>`, replacing one of that name.
   */
  createOrReplaceGlobalTempView(name: string): void {
    this.sparkSession.sessionCatalog.createGlobalTempView(name, this, true);
  }

  /** Names this DataFrame as a global temporary view (`global_temp.<name>`); an error if the name is taken. */
  createGlobalTempView(name: string): void {
    this.sparkSession.sessionCatalog.createGlobalTempView(name, this, false);
  }

  // ---- streaming and batch output
  /**
   * The DataStreamWriter that starts this streaming DataFrame as a query: sink format, output mode,
   * trigger, checkpoint, then `start()`.
   */
  get writeStream(): DataStreamWriter {
    return this.sparkSession.newStreamWriter(this);
  }

  /** The DataFrameWriter that saves this (batch) DataFrame to files or a table. */
  get write(): DataFrameWriter {
    if (this.isStreaming) throw callOnStreamingDatasetUnsupported("write");
    return this.sparkSession.newBatchWriter(this);
  }

  /**
   * Spark's `writeTo(table)`: a DataFrameWriterV2 that creates, replaces, appends to or overwrites a table of
   * the catalog (`create()`, `replace()`, `createOrReplace()`, `append()`, `overwrite(condition)`,
   * `overwritePartitions()`).
   */
  writeTo(table: string): DataFrameWriterV2 {
    return this.sparkSession.newWriterV2(this, table);
  }

  // ---- actions
  /** The result as an Arrow table (DuckDB's own result, no conversion). */
  async toArrow(): Promise<arrow.Table> {
    if (this.pending) return (await this.resolve()).toArrow();
    this.assertBatch();
    return this.sparkSession.execute(this.plan);
  }

  /** Runs the query and returns every row as a plain object (batch DataFrames only). */
  async collect(): Promise<Row[]> {
    if (this.pending) return (await this.resolve()).collect();
    this.assertBatch();
    return this.sparkSession.executeRows(this.plan);
  }

  /** Runs the query and returns the rows to iterate over (batch DataFrames only). */
  async toLocalIterator(): Promise<Iterable<Row>> {
    return this.collect();
  }

  /** Runs the query and returns the number of rows (batch DataFrames only). */
  async count(): Promise<number> {
    if (this.pending) return (await this.resolve()).count();
    this.assertBatch();
    return this.sparkSession.executeCount(this.plan);
  }

  /** The last `num` rows, in order. */
  async tail(num: number): Promise<Row[]> {
    const rows = await this.collect();
    return num <= 0 ? [] : rows.slice(-num);
  }

  /** `func(this, ...args)`: chains a function of DataFrames as a method, as Spark's `transform` does. */
  transform<A extends unknown[]>(func: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    return func(this, ...args);
  }

  /** Runs the query and returns the first `n` rows. */
  async take(n: number): Promise<Row[]> {
    return this.limit(n).collect();
  }

  /** The first row (no argument), or the first `n` rows. */
  async head(n?: number): Promise<Row | Row[] | undefined> {
    const rows = await this.take(n ?? 1);
    return n === undefined ? rows[0] : rows;
  }

  /** The first row, or undefined where there are none. */
  async first(): Promise<Row | undefined> {
    return (await this.take(1))[0];
  }

  /** Whether the DataFrame has no rows. */
  async isEmpty(): Promise<boolean> {
    return (await this.take(1)).length === 0;
  }

  /** Prints the first `n` rows as Spark's `show()` does. */
  async show(n = 20, truncate: boolean | number = true, vertical = false): Promise<void> {
    if (this.pending) return (await this.resolve()).show(n, truncate, vertical);
    this.assertBatch();
    const rows = toRowArrays(await this.limit(n + 1).toArrow());
    const timeZone = this.sparkSession.conf.get("spark.sql.session.timeZone");
    this.sparkSession.write(showString(rows, this.schema, n, truncate, vertical, timeZone));
  }

  // ---- internals
  /** A new DataFrame over a new operator on top of this one's plan, analysed now. */
  derive(node: UnanalysedPlanWithoutId | ((plan: LogicalPlan) => UnanalysedPlanWithoutId)): DataFrame {
    if (typeof node === "function") return this.whenResolved((df) => df.build(node(df.plan)));
    return this.build(node);
  }

  private build(node: UnanalysedPlanWithoutId): DataFrame {
    const analyzer = this.sparkSession.analyzer;
    const withWindow = pullOutTimeWindow({ ...node, id: newPlanId() } as UnanalysedPlan, (p) =>
      analyzer.analyse(p),
    );
    const plan = analyzer.analyse(withWindow, this.columns);
    return new DataFrame(this.sparkSession, plan);
  }

  private parse(text: string, parser: (t: string) => Expression): Expression {
    return this.sparkSession.parseExpression(text, parser);
  }

  /**
   * Spark's groupColsFromDropDuplicates: all columns by default, else each name given once (a repeated name is one
   * key), as the column it names; a name that is no column is Spark's "Cannot resolve column name ... among".
   */
  private deduplicationKeys(cols: (string | string[])[]): string[] {
    const names = [...new Set(flattenArgs(cols))];
    if (names.length === 0) return this.columns;
    return names.map((name) => {
      const field = this.schema.field(name);
      if (!field) throw unresolvedColumnAmongFieldNames(name, this.columns);
      return field.name;
    });
  }

  private resolveName(name: string): string {
    const field = this.schema.field(name);
    if (!field) throw unresolvedColumn(name, this.columns);
    return field.name;
  }

  private assertBatch(): void {
    if (this.isStreaming) {
      throw batchActionOnStreamingDataFrame();
    }
    // Spark runs [flat]MapGroupsWithState on batch DataFrames too (QueryExecution), refuses applyInPandasWithState
    // there; Sluice does not yet run transformWithState there.
    const groupsWithState = planNodes(this.plan).filter((n) => n.kind === "flatMapGroupsWithState");
    if (groupsWithState.some((n) => n.spec.apiName === "applyInPandasWithState")) {
      throw applyInPandasWithStateOnBatch();
    }
    if (groupsWithState.some((n) => n.spec.processor !== undefined)) {
      throw mapGroupsWithStateOnBatch();
    }
    if (planNodes(this.plan).some((n) => n.kind === "deduplicate" && n.withinWatermark)) {
      throw dropDuplicatesWithinWatermarkOnBatch();
    }
  }

  /** Output name of a column expression, as Spark names it. */
  static nameOf(c: Column): string {
    return expressionName(c.expr);
  }
}

export type UnanalysedPlanWithoutId = UnanalysedPlan extends infer P
  ? P extends UnanalysedPlan
    ? Omit<P, "id">
    : never
  : never;

/** Whether `fillna(value)` fills a column of `type`: numbers fill numeric columns, strings string ones. */
/** `value` as a column of `type` (na.fill's 50.6 is 50 in an INT column, as in Spark). */
function castTo(value: Column, type: DataType | undefined): Column {
  return type instanceof AtomicType ? value.cast(type) : value;
}

/** A value `na.fill` / `na.replace` take. */
type Scalar = number | string | boolean | null;

/** `replace`'s arguments as (old, new) pairs, refused as PySpark refuses them. */
function replacementPairs(
  toReplace: Scalar | Scalar[] | Record<string, Scalar> | ReadonlyMap<Scalar, Scalar>,
  value: Scalar | Scalar[] | undefined,
): [Scalar, Scalar][] {
  if (toReplace instanceof Map) return [...toReplace.entries()];
  if (toReplace !== null && typeof toReplace === "object" && !Array.isArray(toReplace))
    return Object.entries(toReplace);
  const olds = Array.isArray(toReplace) ? toReplace : [toReplace];
  if (Array.isArray(value)) {
    if (value.length !== olds.length)
      throw new IllegalArgumentException(
        `toReplace and value lists should be of the same length. Got ${olds.length} and ${value.length}`,
      );
    return olds.map((o, i) => [o, value[i]]);
  }
  return olds.map((o) => [o, value ?? null]);
}

function fillable(type: DataType | undefined, value: unknown): boolean {
  if (!(type instanceof AtomicType)) return false;
  if (typeof value === "number") return type.isNumeric();
  if (typeof value === "string") return type.name === "string";
  if (typeof value === "boolean") return type.name === "boolean";
  return false;
}

/** Spark's union type check: each column pair must share a type, numbers widening, nulls fitting anything. */
function checkUnionTypes(left: StructType, right: StructType): void {
  const kind = (t: DataType) =>
    t instanceof DecimalType
      ? "numeric"
      : t instanceof DayTimeIntervalType
        ? "day-time interval"
        : t instanceof YearMonthIntervalType
          ? "year-month interval"
          : t instanceof AtomicType
            ? t.isNumeric()
              ? "numeric"
              : t.name.startsWith("timestamp") || t.name === "date"
                ? "datetime"
                : t.name
            : t.simpleString().replace(/<.*/, "");
  for (const [i, l] of left.fields.entries()) {
    const r = right.fields[i];
    const ok =
      l.dataType.equals(r.dataType) ||
      kind(l.dataType) === kind(r.dataType) ||
      kind(l.dataType) === "null" ||
      kind(r.dataType) === "null";
    if (!ok) {
      throw incompatibleColumnType("UNION", i, r.dataType, l.dataType);
    }
  }
}

/** A reference to the input column at `index` (by position: a join's columns may share a name). */
function columnAt(names: readonly string[], index: number): Expression {
  return { kind: "column", parts: [names[index]], index };
}

/** Per application (the sessions sharing one external catalog): the storage level of each persisted plan. */
const PERSISTED = new WeakMap<object, Map<string, StorageLevel>>();

/** The columns a `colRegex` column stands for in `select`. */
const REGEX_COLUMNS = new WeakMap<Column, Column[]>();

/**
 * A Java regular expression as JavaScript's: possessive quantifiers (`X?+`, `X*+`, `X++`, `X{n,m}+`) become the
 * atomic group JavaScript spells as a lookahead and a back-reference.
 */
export function javaRegex(source: string): string {
  let out = "";
  let atomicGroups = 0;
  let i = 0;
  while (i < source.length) {
    const start = i;
    const c = source[i];
    if (c === "\\") i += 2;
    else if (c === "[") {
      i++;
      if (source[i] === "^") i++;
      if (source[i] === "]") i++;
      while (i < source.length && source[i] !== "]") i += source[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "(") {
      let depth = 0;
      while (i < source.length) {
        const d = source[i];
        if (d === "\\") i++;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
        i++;
      }
      i++;
    } else i++;
    let atom = source.slice(start, i);
    if (atom.startsWith("(") && atom.endsWith(")")) {
      const head = /^\((\?[:=!]|\?<[=!]|\?<[A-Za-z][A-Za-z0-9]*>)?/.exec(atom)?.[0] ?? "(";
      atom = `${head}${javaRegex(atom.slice(head.length, -1))})`;
    }
    const quantifier = /^(\?|\*|\+|\{\d+(,\d*)?\})/.exec(source.slice(i))?.[0];
    if (!quantifier) {
      out += atom;
      continue;
    }
    i += quantifier.length;
    if (source[i] === "+") {
      i++;
      const name = `sluicePossessive${atomicGroups++}`;
      out += `(?=(?<${name}>(?:${atom})${quantifier}))\\k<${name}>`;
    } else out += atom + quantifier;
  }
  return out;
}

/** A plan without what Spark's canonicalization drops: node ids, output names, metadata. */
function canonicalPlan(plan: LogicalPlan): string {
  const identities = new Map<object, number>();
  const canonical = (value: unknown, key?: string): unknown => {
    if (key === "id" || key === "planId" || key === "schema" || key === "metricsSchema") return undefined;
    if (value === null || typeof value !== "object") return typeof value === "function" ? "fn" : value;
    if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, canonical(v)]);
    if (Array.isArray(value)) return value.map((v) => canonical(v));
    if ("simpleString" in value && typeof value.simpleString === "function") return value.simpleString();
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      if (!identities.has(value)) identities.set(value, identities.size);
      return `object#${identities.get(value)}`;
    }
    const record = value as Record<string, unknown>;
    const kind = record.kind;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .filter((k) => !(kind === "alias" && k === "name" && !("alias" in record)))
        .map((k) => [k, canonical(record[k], k)]),
    );
  };
  return JSON.stringify(canonical(plan));
}

/** Spark's EventTimeWatermark.delayKey: the metadata key that marks the event-time column with its delay. */
const WATERMARK_DELAY_KEY = "spark.watermarkDelayMs";

/**
 * The schema below a `withWatermark`, as Spark's EventTimeWatermark outputs it: the event-time column's metadata
 * holds the delay in milliseconds under `spark.watermarkDelayMs`, and no other column keeps an earlier one.
 */
function withWatermarkDelayMetadata(schema: StructType, eventTime: StructField, delayMs: number): StructType {
  return new StructType(
    schema.fields.map((f) => {
      if (f === eventTime) {
        return new StructField(f.name, f.dataType, f.nullable, {
          ...f.metadata,
          [WATERMARK_DELAY_KEY]: delayMs,
        });
      }
      if (!(WATERMARK_DELAY_KEY in f.metadata)) return f;
      const { [WATERMARK_DELAY_KEY]: _, ...rest } = f.metadata;
      return new StructField(f.name, f.dataType, f.nullable, rest);
    }),
  );
}
