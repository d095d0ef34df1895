/** Spark's console sink: prints "Batch: N" and the batch's rows as `show()` prints them. */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { notANumber } from "../errors/QueryExecutionErrors";
import { mapBooleanOption, optionOf } from "../sources/Source";
import type { DataFrame } from "../sql/api/DataFrame";
import { toRows } from "../sql/api/rows";
import { showString } from "../sql/api/showString";
import type { BatchOutput, Sink } from "./Sink";

/**
 * Spark 4's progress names the console sink by its table, the Scala object `ConsoleTable`, whose toString is
 * the JVM's: class name and identity hash. The object is one per JVM, so the hash is one per process here.
 */
const CONSOLE_TABLE = `org.apache.spark.sql.execution.streaming.ConsoleTable$@${Math.floor(Math.random() * 0x7fffffff).toString(16)}`;

export class ConsoleSink implements Sink {
  readonly description = CONSOLE_TABLE;
  private lastBatchId = -1;

  constructor(
    private readonly db: DuckDB,
    private readonly print: (text: string) => void,
    /** The writer's options: read at each batch, as Spark builds a ConsoleWrite per micro-batch's plan. */
    private readonly options: Readonly<Record<string, string>>,
    /** The session time zone (`spark.sql.session.timeZone`) timestamps print in, read at each batch. */
    private readonly timeZone: () => string = () => "UTC",
  ) {}

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    if (batchId <= this.lastBatchId) return;
    // Spark's ConsoleWrite reads its options as CaseInsensitiveStringMap.getInt and getBoolean do, when the
    // batch is planned: a bad value fails the query at its first batch, not at start().
    const numRows = intOption(this.options, "numRows", 20);
    const truncate = mapBooleanOption(this.options, "truncate", true);
    const rows = toRows(this.db.query(`SELECT * FROM ${quoteIdentifier(output.table)} LIMIT ${numRows + 1}`));
    const rule = "-------------------------------------------";
    this.print(
      `${rule}\nBatch: ${batchId}\n${rule}\n${showString(rows, output.schema, numRows, truncate, false, this.timeZone())}\n`,
    );
    this.lastBatchId = batchId;
  }
}

/** Java's Integer.parseInt, as CaseInsensitiveStringMap.getInt uses it: a sign and digits within an int. */
function intOption(options: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const raw = optionOf(options, key);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^[+-]?\d+$/.test(raw) || value < -(2 ** 31) || value > 2 ** 31 - 1) throw notANumber(raw);
  return value;
}

/**
 * A batch `df.write.format("console").save()`: Spark's ConsoleSinkProvider.createRelation (its table has no
 * batch write, so Spark falls back to it), which shows the rows, no batch header, reading its options with
 * Scala's toInt and toBoolean.
 */
export async function showOnConsole(df: DataFrame, options: Readonly<Record<string, string>>): Promise<void> {
  const numRows = intOption(options, "numRows", 20);
  const rawTruncate = optionOf(options, "truncate");
  const truncate = rawTruncate === undefined ? true : scalaBoolean(rawTruncate);
  await df.show(numRows, truncate);
}

/** Scala's StringOps.toBoolean: "true"/"false" in any case; else the message Integer.parseInt's has too. */
function scalaBoolean(raw: string): boolean {
  if (raw.toLowerCase() === "true") return true;
  if (raw.toLowerCase() === "false") return false;
  throw notANumber(raw);
}
