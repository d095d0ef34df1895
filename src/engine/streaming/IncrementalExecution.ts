/**
 * Runs one micro-batch of a streaming plan: the batch's source rows stand in for the streaming relations,
 * each stateful operator (bottom-up) turns its input into output through its state, and the stateless rest
 * of the plan is one SQL query over those results.
 */
import { quoteIdentifier } from "../duckdb/DuckDB";
import type { LoadedFile } from "../io/DataFileReader";
import { listDataFiles } from "../session/dataFiles";
import type { SparkSession } from "../session/SparkSession";
import { translateDuckDBError } from "../sql/Analyzer";
import { compilePlan, placeholderSql } from "../sql/compiler";
import { AnalysisException } from "../sql/errors";
import { type LogicalPlan, planNodes } from "../sql/plan";
import type { OutputMode } from "./OutputMode";
import type { StateOperatorProgress } from "./progress";
import { StatefulAggregate } from "./StatefulAggregate";

type Relation = Extract<LogicalPlan, { kind: "relation" }>;

export class IncrementalExecution {
  readonly streamingRelations: Relation[];
  readonly operators: StatefulAggregate[] = [];
  private previousOutput: string | undefined;

  constructor(
    private readonly session: SparkSession,
    readonly plan: LogicalPlan,
    readonly outputMode: OutputMode,
    checkpoint: string,
  ) {
    this.streamingRelations = planNodes(plan).filter(
      (n): n is Relation => n.kind === "relation" && n.relation.type === "stream",
    );
    for (const node of planNodes(plan)) {
      if (node.kind === "aggregate" && planNodes(node).some((n) => n.kind === "relation" && n.isStreaming)) {
        this.operators.push(
          new StatefulAggregate(session, node, this.operators.length, checkpoint, outputMode),
        );
      } else if (node.kind === "deduplicate" || node.kind === "join") {
        if (planNodes(node).some((n) => n.kind === "relation" && n.isStreaming)) {
          throw new AnalysisException(
            `${node.kind === "join" ? "Joins" : "dropDuplicates"} on streaming DataFrames are not supported yet by Sluice.`,
            "UNSUPPORTED_STREAMING_OPERATION",
          );
        }
      }
    }
  }

  /** Loads every stateful operator's state as of `version` (the last committed batch). */
  async restore(version: number | undefined): Promise<void> {
    for (const op of this.operators) await op.restore(version);
  }

  /**
   * Runs the plan over one batch: `inputs` maps each streaming relation to SQL reading its rows (relations with
   * no new rows read nothing). Returns the table holding the rows for the sink.
   */
  async runBatch(inputs: ReadonlyMap<number, string>): Promise<{ table: string; numRows: number }> {
    if (this.previousOutput) this.session.db.dropTable(this.previousOutput);
    const loaded = await this.loadStaticFiles();
    try {
      const resolveLeaf = (leaf: Relation): string =>
        this.session.leafSql(
          leaf,
          loaded,
          (stream) => inputs.get(stream.id) ?? placeholderSql(stream.schema),
        );
      const replaced = new Map<number, string>();
      const replace = (node: LogicalPlan) => replaced.get(node.id);
      for (const op of this.operators) {
        const input = compilePlan(op.node.child, resolveLeaf, this.session.analyzer.schemaOf, replace);
        replaced.set(op.node.id, `SELECT * FROM ${quoteIdentifier(op.process(input))}`);
      }
      const sql = compilePlan(this.plan, resolveLeaf, this.session.analyzer.schemaOf, replace);
      const output = this.session.db.uniqueName("batch_out");
      this.session.db.exec(`CREATE TABLE ${quoteIdentifier(output)} AS ${sql}`);
      this.previousOutput = output;
      const numRows = Number(
        this.session.db
          .query(`SELECT count(*) FROM ${quoteIdentifier(output)}`)
          .getChildAt(0)!
          .get(0),
      );
      return { table: output, numRows };
    } catch (error) {
      throw translateDuckDBError(error);
    } finally {
      for (const files of loaded.values()) this.session.files.dropTables(files.flatMap((f) => f.tables));
    }
  }

  /** Writes each operator's state changes for `batchId`; returns Spark's stateOperators progress. */
  async commit(batchId: number): Promise<StateOperatorProgress[]> {
    const partitions = this.session.conf.getNumber("spark.sql.shuffle.partitions");
    const out: StateOperatorProgress[] = [];
    for (const op of this.operators) {
      const m = await op.commit(batchId);
      out.push({
        operatorName: "stateStoreSave",
        numRowsTotal: m.numRowsTotal,
        numRowsUpdated: m.numRowsUpdated,
        allUpdatesTimeMs: m.allUpdatesTimeMs,
        numRowsRemoved: m.numRowsRemoved,
        allRemovalsTimeMs: m.allRemovalsTimeMs,
        commitTimeMs: m.commitTimeMs,
        memoryUsedBytes: m.memoryUsedBytes,
        numRowsDroppedByWatermark: 0,
        numShufflePartitions: partitions,
        numStateStoreInstances: 1,
        customMetrics: {},
      });
    }
    return out;
  }

  /** Forgets what a failed batch did to the in-memory state (the checkpoint never saw it). */
  discard(): void {
    for (const op of this.operators) op.store.discard();
  }

  close(): void {
    if (this.previousOutput) this.session.db.dropTable(this.previousOutput);
    for (const op of this.operators) op.close();
  }

  /** Static DataFrames joined with the stream are read again each batch, as Spark does. */
  private async loadStaticFiles(): Promise<Map<number, LoadedFile[]>> {
    const loaded = new Map<number, LoadedFile[]>();
    for (const n of planNodes(this.plan)) {
      if (n.kind === "relation" && n.relation.type === "files") {
        const files = await listDataFiles(this.session.fs, n.relation.paths);
        const { format, options } = n.relation;
        loaded.set(
          n.id,
          await Promise.all(
            files.map((f) => this.session.files.load(f.path, format as never, n.schema, options)),
          ),
        );
      }
    }
    return loaded;
  }
}
