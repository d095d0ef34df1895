/**
 * A streaming aggregation: each batch's rows are aggregated per group into partial buffers, merged into the
 * state store by key, and the result rows the output mode asks for are produced (complete: all groups;
 * update: the groups this batch changed).
 */
import * as arrow from "apache-arrow";
import { quoteIdentifier } from "../duckdb/DuckDB";
import { joinPath } from "../io/FileSystem";
import type { SparkSession } from "../session/SparkSession";
import { compileExpression, compileSelectList, placeholderSql, type Scope } from "../sql/compiler";
import { AnalysisException } from "../sql/errors";
import { type Expression, stripAlias, transformExpression } from "../sql/expressions";
import { isAggregateFunction } from "../sql/functionRegistry";
import { expressionName, expressionSql } from "../sql/naming";
import type { LogicalPlan } from "../sql/plan";
import { type AggregateBuffers, aggregateBuffers } from "../state/aggregateBuffers";
import { StateStore, type StateStoreMetrics } from "../state/StateStore";
import type { OutputMode } from "./OutputMode";

type AggregateNode = Extract<LogicalPlan, { kind: "aggregate" }>;
type Call = Extract<Expression, { kind: "call" }>;

const keyColumn = (i: number) => `__k${i}`;
const bufferColumn = (i: number) => `__b${i}`;
const aggColumn = (i: number) => `__agg${i}`;

export class StatefulAggregate {
  readonly store: StateStore;
  private readonly calls: Call[] = [];
  private readonly buffers: AggregateBuffers[] = [];
  private readonly bufferOffsets: number[] = [];
  private readonly groupNames: string[];
  private previousOutput: string | undefined;
  private previousChanged: string | undefined;

  constructor(
    private readonly session: SparkSession,
    readonly node: AggregateNode,
    readonly operatorId: number,
    checkpoint: string,
    private readonly outputMode: OutputMode,
  ) {
    this.groupNames = node.groupBy.map((g) => expressionName(g));
    const scope = this.inputScope(placeholderSql(node.child.schema));
    let offset = 0;
    for (const out of node.aggregates) {
      for (const call of aggregateCalls(out)) {
        if (this.calls.some((c) => sameExpression(c, call))) continue;
        const args = call.args.map((a) => (a.kind === "star" ? "*" : compileExpression(a, scope)));
        const buffers = aggregateBuffers(call, args, compileExpression(call, scope));
        if (!buffers) {
          throw new AnalysisException(
            `The aggregate function ${call.name}() is not supported on streaming DataFrames/Datasets.`,
            "UNSUPPORTED_STREAMING_AGGREGATE",
          );
        }
        this.calls.push(call);
        this.buffers.push(buffers);
        this.bufferOffsets.push(offset);
        offset += buffers.partial.length;
      }
    }
    const partialSchema = session.analyzer.schemaOf(this.partialSql(placeholderSql(node.child.schema)));
    const columns = partialSchema.fields
      .filter((f) => f.name !== "__key")
      .map((f) => ({ name: f.name, sqlType: f.dataType.sql() }));
    this.store = new StateStore(
      session.db,
      session.fs,
      joinPath(checkpoint, "state", String(operatorId)),
      columns,
      {
        minDeltasForSnapshot: session.conf.getNumber("spark.sql.streaming.stateStore.minDeltasForSnapshot"),
        minBatchesToRetain: session.conf.getNumber("spark.sql.streaming.minBatchesToRetain"),
      },
    );
  }

  /** Merges a batch into state; returns the table of rows this batch emits. */
  process(inputSql: string): string {
    this.dropPrevious();
    const changedRows = this.store.upsert(this.partialSql(inputSql), this.mergeSet());
    let source: string;
    if (this.outputMode === "complete") {
      source = quoteIdentifier(this.store.table);
    } else {
      this.previousChanged = this.session.db.uniqueName("agg_changed");
      if (changedRows.numRows === 0) {
        this.session.db.exec(
          `CREATE TABLE ${quoteIdentifier(this.previousChanged)} AS ${this.emptyStateSql()}`,
        );
      } else {
        this.session.db.insertArrowIPC(this.previousChanged, arrow.tableToIPC(changedRows, "stream"), true);
      }
      source = quoteIdentifier(this.previousChanged);
    }
    const output = this.session.db.uniqueName("agg_out");
    this.session.db.exec(`CREATE TABLE ${quoteIdentifier(output)} AS ${this.finalSql(source)}`);
    this.previousOutput = output;
    return output;
  }

  async restore(version: number | undefined): Promise<void> {
    await this.store.load(version);
  }

  commit(batchId: number): Promise<StateStoreMetrics> {
    return this.store.commit(batchId);
  }

  close(): void {
    this.dropPrevious();
    this.store.drop();
  }

  /** Keys and partial buffers of one batch: `__key` (the group as text, NULL-safe), `__k*`, `__b*`. */
  private partialSql(inputSql: string): string {
    const from = `(${inputSql}) AS __in`;
    const scope = this.inputScope(from);
    const keys = this.node.groupBy.map((g, i) => `${compileExpression(g, scope)} AS ${keyColumn(i)}`);
    const buffers = this.buffers.flatMap((b, j) =>
      b.partial.map((sql, k) => `${sql} AS ${bufferColumn(this.bufferOffsets[j] + k)}`),
    );
    const groupBy = keys.length > 0 ? ` GROUP BY ${keys.map((_, i) => i + 1).join(", ")}` : "";
    const inner = `SELECT ${[...keys, ...buffers].join(", ")} FROM ${from}${groupBy}`;
    const key =
      keys.length > 0
        ? `CAST(struct_pack(${keys.map((_, i) => `${keyColumn(i)} := ${keyColumn(i)}`).join(", ")}) AS VARCHAR)`
        : "'{}'";
    return `SELECT ${key} AS __key, * FROM (${inner}) AS __partial`;
  }

  private mergeSet(): string {
    return this.buffers
      .flatMap((b, j) => {
        const columns = b.partial.map((_, k) => bufferColumn(this.bufferOffsets[j] + k));
        const merged = b.merge(
          columns,
          columns.map((c) => `EXCLUDED.${c}`),
        );
        return merged.map((sql, k) => `${columns[k]} = ${sql}`);
      })
      .join(", ");
  }

  /** The aggregate's output rows from state rows (`source` has the state table's columns). */
  private finalSql(source: string): string {
    const stage1 = [
      ...this.node.groupBy.map((_, i) => `${keyColumn(i)} AS ${quoteIdentifier(this.groupNames[i])}`),
      ...this.buffers.map(
        (b, j) =>
          `${b.final(b.partial.map((_, k) => bufferColumn(this.bufferOffsets[j] + k)))} AS ${aggColumn(j)}`,
      ),
    ].join(", ");
    const inner = `SELECT ${stage1} FROM ${source}`;
    const scope: Scope = {
      schema: this.session.analyzer.schemaOf(`SELECT ${stage1} FROM (${this.emptyStateSql()})`),
    };
    const outputs = this.node.aggregates.map((out) => {
      const name = expressionName(out);
      const rewritten = transformExpression(stripAlias(out), (e) => {
        const group = this.node.groupBy.findIndex((g) => sameExpression(g, e));
        if (group >= 0) return { kind: "column", parts: [this.groupNames[group]] };
        const call = this.calls.findIndex((c) => sameExpression(c, e));
        if (call >= 0) return { kind: "column", parts: [aggColumn(call)] };
        return undefined;
      });
      return { kind: "alias", child: rewritten, name } as const;
    });
    return `SELECT ${compileSelectList(outputs, scope).join(", ")} FROM (${inner}) AS __final`;
  }

  private emptyStateSql(): string {
    return `SELECT * FROM ${quoteIdentifier(this.store.table)} LIMIT 0`;
  }

  private inputScope(from: string): Scope {
    return {
      schema: this.node.child.schema,
      typeOf: (sql) =>
        this.session.analyzer.schemaOf(`SELECT ${sql} AS __t FROM ${from} LIMIT 0`).fields[0].dataType,
    };
  }

  private dropPrevious(): void {
    if (this.previousOutput) this.session.db.dropTable(this.previousOutput);
    if (this.previousChanged) this.session.db.dropTable(this.previousChanged);
    this.previousOutput = undefined;
    this.previousChanged = undefined;
  }
}

/** The aggregate calls inside an output expression (not inside another aggregate). */
export function aggregateCalls(e: Expression): Call[] {
  if (e.kind === "call" && isAggregateFunction(e.name)) return [e];
  const out: Call[] = [];
  transformExpression(e, (x) => {
    if (x !== e && x.kind === "call" && isAggregateFunction(x.name)) {
      out.push(x);
      return x;
    }
    return undefined;
  });
  return out;
}

function sameExpression(a: Expression, b: Expression): boolean {
  return (
    expressionSql(stripAlias(a)) === expressionSql(stripAlias(b)) &&
    JSON.stringify(strip(a)) === JSON.stringify(strip(b))
  );
}

function strip(e: Expression): unknown {
  return JSON.parse(
    JSON.stringify(stripAlias(e), (k, v) =>
      k === "planId" ? undefined : typeof v === "bigint" ? `${v}n` : v,
    ),
  );
}
