/**
 * Spark's QueryExecution: how a batch plan runs. The current-time functions become the time it runs at
 * (ComputeCurrentTime), the plan's `spark.read` files are loaded into DuckDB, its user-defined functions are
 * evaluated (ExtractUDFs, BatchEvalUDF), the plan is compiled to one DuckDB query over them, and the result
 * comes back under Spark's column names.
 */

import type * as arrow from "apache-arrow";
import { quoteIdentifier } from "../../duckdb/DuckDB";
import { internalError } from "../../errors/QueryExecutionErrors";
import type { DataFormat, LoadedFile } from "../../io/DataFileReader";
import { KafkaRelation } from "../../kafka/KafkaRelation";
import { relationFiles } from "../../session/dataFiles";
import type { SparkSession } from "../../session/SparkSession";
import { flatMapGroupsWithStateOnBatch } from "../../streaming/operators/FlatMapGroupsWithState";
import { translateDuckDBError } from "../analysis/Analyzer";
import { uniqueSqlNames } from "../analysis/columnResolution";
import { checkNoOuterReferences, subqueryPlans } from "../analysis/subqueries";
import { materializeCheckpoint } from "../api/checkpoint";
import { type Observation, pendingObservation } from "../api/Observation";
import { type Row, toRows } from "../api/rows";
import { compilePlan, inlineViews } from "../codegen/planCompiler";
import { computeCurrentTime } from "../optimizer/ComputeCurrentTime";
import { type LogicalPlan, newPlanId, planNodes } from "../plan";
import type { StructType } from "../types";
import { BatchEvalUDF } from "../udf/BatchEvalUDF";
import { extractUDFs } from "../udf/ExtractUDFs";
import { observedMetricsOf } from "./observedMetrics";

type Relation = Extract<LogicalPlan, { kind: "relation" }>;

export class QueryExecution {
  constructor(
    private readonly session: SparkSession,
    /** The analysed plan to run. */
    readonly logical: LogicalPlan,
    /**
     * Whether to wait for the commands queued before (so a table reads what an earlier INSERT wrote); a command
     * running its own query is already past them and must not wait for itself.
     */
    private readonly afterCommands = true,
  ) {}

  /** Runs the plan on DuckDB and returns its result as Arrow. */
  async toArrow(): Promise<arrow.Table> {
    return this.execute((sql) => this.session.db.query(sql));
  }

  /**
   * Runs the plan into a new DuckDB table of the session's database (Dataset.checkpoint's materialised rows), its
   * columns named as the plan's, deduplicated as a query's result is.
   */
  async materialize(table: string): Promise<void> {
    await this.execute(
      (sql) => this.session.db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${sql}`),
      false,
    );
  }

  private async execute<T>(run: (sql: string) => T, sparkNames = true): Promise<T> {
    const { session } = this;
    checkNoOuterReferences(this.logical);
    if (this.afterCommands) await session.commands.idle();
    const now = computeCurrentTime(
      this.logical,
      session.clock.getTimeMillis(),
      session.conf.get("spark.sql.session.timeZone"),
    );
    const plan = extractUDFs(now, session.analyzer);
    const loaded = await loadFileRelations(session, plan);
    const udfs = new BatchEvalUDF(session);
    const observedTables: string[] = [];
    try {
      const evaluated = new Map<number, string>();
      const compile = (node: LogicalPlan) =>
        compilePlan(
          node,
          (leaf) => leafSql(session, leaf, loaded),
          session.analyzer.schemaOf,
          (n) => evaluated.get(n.id),
        );
      const observed: [Observation, Row][] = [];
      for (const node of planNodes(plan)) {
        if (node.kind === "batchEvalUDF" && !evaluated.has(node.id))
          evaluated.set(node.id, await udfs.evaluate(node, compile(node.child)));
        if (node.kind === "flatMapGroupsWithState" && !evaluated.has(node.id)) {
          // [flat]MapGroupsWithState on a batch DataFrame: the function runs here, once per group.
          const { sql, tables } = await flatMapGroupsWithStateOnBatch(session, node, compile(node.child));
          observedTables.push(...tables);
          evaluated.set(node.id, sql);
        }
        const observation = node.kind === "collectMetrics" ? pendingObservation(node.id) : undefined;
        if (node.kind === "collectMetrics" && observation && !evaluated.has(node.id)) {
          // The rows that pass the operator, kept to measure them as the query reads them.
          const table = session.db.uniqueName("observed_in");
          observedTables.push(table);
          session.db.exec(`CREATE TABLE ${quoteIdentifier(table)} AS ${compile(node.child)}`);
          observed.push([observation, observedMetricsOf(session.db, table, node, compile)]);
          evaluated.set(node.id, `SELECT * FROM ${quoteIdentifier(table)}`);
        }
      }
      const sql = compile(plan);
      const result = run(sparkNames ? withSparkNames(sql, plan.schema) : sql);
      // Spark fills an Observation when the action has finished.
      for (const [observation, metrics] of observed) observation.setMetrics(metrics);
      return result;
    } catch (error) {
      throw translateDuckDBError(error);
    } finally {
      session.db.dropTables(observedTables);
      udfs.drop();
      for (const files of loaded.values())
        for (const f of files) for (const t of f.tables) session.db.dropTable(t);
    }
  }

  /** Runs the plan and returns its rows as plain objects. */
  async collect(): Promise<Row[]> {
    return toRows(await this.toArrow());
  }

  /** Runs the plan's row count (an aggregate over it) and returns it. */
  async count(): Promise<number> {
    const node = {
      kind: "aggregate",
      id: newPlanId(),
      child: this.logical,
      groupBy: [],
      aggregates: [
        { kind: "alias", child: { kind: "call", name: "count", args: [{ kind: "star" }] }, name: "count" },
      ],
    } as const;
    const analysed = this.session.analyzer.analyse(node);
    const rows = await new QueryExecution(this.session, analysed, this.afterCommands).collect();
    return Number(rows[0].count);
  }
}

/** SQL reading a leaf's data: a table, a loaded file set, or a SQL statement with its views inlined. */
export function leafSql(
  session: SparkSession,
  leaf: Relation,
  loaded: ReadonlyMap<number, readonly LoadedFile[]>,
  bindStream?: (leaf: Relation) => string,
): string {
  const relation = leaf.relation;
  switch (relation.type) {
    case "table":
      return `SELECT * FROM "${relation.name.replaceAll('"', '""')}"`;
    case "files": {
      const files = loaded.get(leaf.id) ?? [];
      return files.length > 0 ? files.map((f) => f.sql).join(" UNION ALL ") : session.analyzer.leafSql(leaf);
    }
    case "sql":
      return inlineViews(
        relation.sql,
        relation.views,
        (inner) => leafSql(session, inner, loaded, bindStream),
        session.analyzer.schemaOf,
      );
    case "stream":
      if (!bindStream) throw internalError("a streaming relation can only be read by a streaming query");
      return bindStream(leaf);
  }
}

/** Loads the files of every `spark.read` relation in the plan into DuckDB. */
async function loadFileRelations(
  session: SparkSession,
  plan: LogicalPlan,
): Promise<Map<number, LoadedFile[]>> {
  const loaded = new Map<number, LoadedFile[]>();
  const visit = async (node: LogicalPlan) => {
    for (const n of planNodes(node)) {
      for (const subquery of subqueryPlans(n)) await visit(subquery);
      if (n.kind !== "relation") continue;
      if (n.relation.type === "files") {
        const { format, options } = n.relation;
        const files: LoadedFile[] = [];
        loaded.set(n.id, files);
        if (format === "kafka") {
          files.push(
            await new KafkaRelation(session, options, (m) => session.write(`WARN ${m}`)).loadedFile(),
          );
          continue;
        }
        const ignoreSinkMetadata = session.conf.getBoolean(
          "spark.sql.streaming.fileStreamSink.ignoreMetadata",
        );
        for (const f of await relationFiles(session.fs, n.relation, ignoreSinkMetadata)) {
          files.push(
            await session.files.load(f.path, format as DataFormat, n.schema, options, f.partitionValues),
          );
        }
      } else if (n.relation.type === "sql") {
        for (const view of n.relation.views.values()) await visit(view);
      } else if (n.relation.type === "table") {
        await materializeCheckpoint(session, n.relation.name);
      }
    }
  };
  try {
    await visit(plan);
  } catch (error) {
    // A file that fails to load leaves none of the others behind.
    for (const files of loaded.values()) session.files.dropTables(files.flatMap((f) => f.tables));
    throw error;
  }
  return loaded;
}

/** The result under Spark's column names (inside a query, columns sharing a name have unique SQL names). */
function withSparkNames(sql: string, schema: StructType): string {
  const names = uniqueSqlNames(schema.fieldNames);
  if (names.every((n, i) => n === schema.fields[i].name)) return sql;
  const columns = names.map((n, i) => `${quoteIdentifier(n)} AS ${quoteIdentifier(schema.fields[i].name)}`);
  return `SELECT ${columns.join(", ")} FROM (${sql}) AS __result`;
}
