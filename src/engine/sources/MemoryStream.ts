/**
 * Spark's MemoryStream, for tests and teaching: rows added from code become the next batches.
 * `const input = new MemoryStream(spark, "word STRING"); input.addData([{ word: "a" }]); input.toDF()`.
 */
import { quoteIdentifier } from "../duckdb/DuckDB";
import type { SparkSession } from "../session/SparkSession";
import { DataFrame } from "../sql/api/DataFrame";
import { newPlanId } from "../sql/plan";
import { parseSchema, StructType } from "../sql/types";
import type { Source, SourceBatch } from "./Source";

let nextStreamId = 0;

/**
 * A stream fed from code, for tests and teaching: `toDF()` is a streaming DataFrame, each `addData(rows)`
 * becomes new input for the next trigger.
 */
export class MemoryStream implements Source {
  /** The schema of the rows `addData` takes. */
  readonly schema: StructType;
  /** A number identifying the stream within the page or process. */
  readonly id: number;
  /** How progress names the source: `MemoryStream[col1,col2]`. */
  readonly description: string;
  /** One DuckDB table per addData call; offset N means "up to and including table N". */
  private readonly tables: { name: string; rows: number }[] = [];
  /** Trigger.AvailableNow: where the running query stops reading. */
  private availableNow = false;
  private availableNowEnd: string | undefined;

  constructor(
    private readonly spark: SparkSession,
    schema: StructType | string,
  ) {
    this.schema =
      typeof schema === "string"
        ? spark.parseSchema(schema)
        : schema instanceof StructType
          ? schema
          : parseSchema(String(schema));
    nextStreamId += 1;
    this.id = nextStreamId;
    this.description = `MemoryStream[${this.schema.fieldNames.join(",")}]`;
  }

  /** A streaming DataFrame over the rows added so far and from now on. */
  toDF(): DataFrame {
    const relation = {
      type: "stream",
      source: { format: "memory", options: {}, memoryStream: this },
    } as const;
    return new DataFrame(this.spark, {
      kind: "relation",
      id: newPlanId(),
      isStreaming: true,
      relation,
      schema: this.schema,
    });
  }

  /** Adds rows (objects, or arrays in schema order) as one batch; returns its offset. */
  addData(rows: readonly (Record<string, unknown> | readonly unknown[])[]): number {
    const objects = rows.map((r) =>
      Array.isArray(r)
        ? Object.fromEntries(this.schema.fieldNames.map((n, i) => [n, r[i]]))
        : (r as Record<string, unknown>),
    );
    const name = this.spark.db.uniqueName(`memory_stream_${this.id}`);
    this.spark.files.insertRows(name, objects, this.schema);
    this.tables.push({ name, rows: objects.length });
    return this.tables.length - 1;
  }

  async latestOffset(start: string | undefined): Promise<string | undefined> {
    if (this.availableNow) return this.availableNowEnd ?? start;
    return this.tables.length === 0 ? start : String(this.tables.length - 1);
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    const from = start === undefined ? 0 : Number(start) + 1;
    const parts = this.tables.slice(from, Number(end) + 1);
    const columns = this.schema.fieldNames.map(quoteIdentifier).join(", ");
    return {
      sql: parts.map((t) => `SELECT ${columns} FROM ${quoteIdentifier(t.name)}`).join(" UNION ALL "),
      numRows: parts.reduce((n, t) => n + t.rows, 0),
      // The stream keeps its tables: a restarted query may read them again.
      tables: [],
    };
  }

  async commit(): Promise<void> {}

  /**
   * Trigger.AvailableNow (Spark's MemoryStream supports it): the rows added so far, as of the query's start, are
   * what the query reads before it stops.
   */
  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowEnd = this.tables.length === 0 ? undefined : String(this.tables.length - 1);
    this.availableNow = true;
  }

  /** Engine internal: the query stopped; the stream keeps its rows for a restart. */
  async stop(): Promise<void> {
    this.availableNow = false;
  }
}
