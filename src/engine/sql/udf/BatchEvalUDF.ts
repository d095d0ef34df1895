/**
 * Runs BatchEvalUDF nodes, as Spark's BatchEvalPythonExec runs BatchEvalPython: the node's input rows go to a
 * DuckDB table; the arguments of all its calls come back in one Arrow result; each function gets them a batch
 * at a time (`spark.sql.execution.arrow.maxRecordsPerBatch` rows), so a batch crosses into JavaScript or Python
 * once and the function is called per row on the other side; the results go back to DuckDB as Arrow, and the
 * node's rows are the input beside its results, row for row (DuckDB's POSITIONAL JOIN).
 *
 * JavaScript scalar functions registered in DuckDB would be called per row from inside DuckDB and cannot return
 * strings intact (duckdb-wasm #1720); this way a function may return any type and is called from plain
 * JavaScript.
 */
import * as arrow from "apache-arrow";
import { quoteIdentifier } from "../../duckdb/DuckDB";
import { udfExecutionFailed } from "../../errors/QueryExecutionErrors";
import type { SparkSession } from "../../session/SparkSession";
import { expressionSql } from "../analysis/naming";
import { converterFor } from "../api/rows";
import { arrowVectorFromValues } from "../arrowTypes";
import { compileExpression } from "../codegen/expressionCompiler";
import { scopeOver } from "../codegen/planCompiler";
import type { LogicalPlan } from "../plan";
import { type DataType, fromArrowType } from "../types";
import { describeInput, type UDFBatch } from "./UserDefinedFunction";
import { toSparkValue, UDFResultError } from "./udfResults";

type EvalNode = Extract<LogicalPlan, { kind: "batchEvalUDF" }>;
type UdfCall = EvalNode["udfs"][number];

const q = quoteIdentifier;

/** The tables one run of a plan made for its user-defined functions; dropped when the run is done with them. */
export class BatchEvalUDF {
  private readonly tables: string[] = [];

  constructor(private readonly session: SparkSession) {}

  /** Evaluates `node`'s calls over the rows `childSql` reads; returns SQL reading the node's rows. */
  async evaluate(node: EvalNode, childSql: string): Promise<string> {
    const db = this.session.db;
    const input = this.table("udf_input");
    db.exec(`CREATE TABLE ${q(input)} AS ${childSql}`);
    const scope = scopeOver(node.child, q(input), this.session.analyzer.schemaOf);
    const argSql = node.udfs.map((u) => u.args.map((a) => compileExpression(a, scope)));
    const flat = argSql.flat();
    const args =
      flat.length > 0
        ? db.query(`SELECT ${flat.map((sql, i) => `${sql} AS "a${i}"`).join(", ")} FROM ${q(input)}`)
        : undefined;
    const numRows = args?.numRows ?? db.queryNumber(`SELECT count(*) FROM ${q(input)}`);
    const types = args ? args.schema.fields.map((f) => fromArrowType(f.type)) : [];
    const results = this.table("udf_results");
    const batchSize = Math.max(
      1,
      this.session.conf.getNumber("spark.sql.execution.arrow.maxRecordsPerBatch"),
    );
    const argColumns = flat.map((_, i) => columnValues(args!.getChildAt(i)!));
    // Each function's results, column by column: they go back to DuckDB as one Arrow table.
    const resultColumns = node.udfs.map(() => new Array<unknown>(numRows));
    for (let start = 0; start < numRows; start += batchSize) {
      const end = Math.min(numRows, start + batchSize);
      const columns = argColumns.map((values) => values.slice(start, end));
      let offset = 0;
      for (const [k, call] of node.udfs.entries()) {
        const count = call.args.length;
        const batch: UDFBatch = {
          columns: columns.slice(offset, offset + count),
          types: types.slice(offset, offset + count),
          numRows: end - start,
        };
        const values = await this.call(call, batch, start, numRows);
        const column = resultColumns[k];
        for (let r = 0; r < values.length; r++) column[start + r] = values[r];
        offset += count;
      }
    }
    if (numRows === 0) {
      const columns = node.udfs.map((u, k) => `${q(`r${k}`)} ${u.udf.dataType.sql()}`);
      db.exec(`CREATE TABLE ${q(results)} (${columns.join(", ")})`);
    } else {
      const vectors = Object.fromEntries(
        node.udfs.map((u, k) => [`r${k}`, arrowVectorFromValues(resultColumns[k], u.udf.dataType)]),
      );
      db.insertArrowIPC(results, arrow.tableToIPC(new arrow.Table(vectors), "stream"), true);
    }
    const names = node.schema.fieldNames.slice(node.child.schema.fields.length);
    const outputs = node.udfs.map(
      (u, k) => `CAST(${q(results)}.${q(`r${k}`)} AS ${u.udf.dataType.sql()}) AS ${q(names[k])}`,
    );
    return `SELECT ${q(input)}.*, ${outputs.join(", ")} FROM ${q(input)} POSITIONAL JOIN ${q(results)}`;
  }

  /** Drops the tables this run made. */
  drop(): void {
    this.session.db.dropTables(this.tables.splice(0));
  }

  private table(prefix: string): string {
    const name = this.session.db.uniqueName(prefix);
    this.tables.push(name);
    return name;
  }

  /** One function over one batch: its results as values of its type, or the error naming the failing row. */
  private async call(call: UdfCall, batch: UDFBatch, first: number, total: number): Promise<unknown[]> {
    const spec = call.udf;
    const outcome = await spec.evaluate(batch);
    const fail = (row: number, cause: unknown): never => {
      const input = describeInput(batch, row, call.args.map(expressionSql), { first, total });
      throw spec.failure
        ? spec.failure(cause, input)
        : udfExecutionFailed(spec.name, signatureOf(batch.types, spec.dataType), cause, input);
    };
    if ("failedRow" in outcome) return fail(outcome.failedRow, outcome.cause);
    const values = new Array<unknown>(batch.numRows);
    for (let r = 0; r < batch.numRows; r++) {
      try {
        values[r] = toSparkValue(outcome.results[r], spec.dataType);
      } catch (error) {
        if (error instanceof UDFResultError) fail(r, error);
        throw error;
      }
    }
    return values;
  }
}

/** Spark's signature of a function in FAILED_EXECUTE_UDF: `string, int` and `string`. */
function signatureOf(inputs: readonly DataType[], result: DataType): { inputs: string; result: string } {
  return { inputs: inputs.map((t) => t.simpleString()).join(", "), result: result.simpleString() };
}

/** An Arrow column's values as rows carry them (read in one pass over its chunks). */
function columnValues(vector: arrow.Vector): unknown[] {
  const convert = converterFor(vector.type);
  const out = new Array<unknown>(vector.length);
  let r = 0;
  for (const value of vector) out[r++] = convert(value);
  return out;
}
