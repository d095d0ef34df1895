/**
 * Spark's rate-micro-batch source: `rowsPerBatch` rows in every micro-batch, whatever the time, with columns
 * `timestamp` and `value`. Batch N holds values N·rowsPerBatch up to the next batch's, all stamped
 * `startTimestamp + N·advanceMillisPerBatch`. The offset carries both (`{"offset":…,"timestamp":…}`), so a
 * re-run batch regenerates exactly the same rows and nothing needs keeping besides the offset log.
 * Trigger.AvailableNow runs one batch (the offset fixed when the query starts), as Spark's.
 */
import type { DuckDB } from "../duckdb/DuckDB";
import { quoteIdentifier } from "../duckdb/DuckDB";
import { invalidRateOption, invalidRatePerMicroBatchOffset } from "../errors/QueryExecutionErrors";
import { RATE_SCHEMA } from "./RateStreamSource";
import { EMPTY_BATCH, longOption, optionOf, type Source, type SourceBatch } from "./Source";

export interface RatePerMicroBatchOptions {
  readonly rowsPerBatch: number;
  readonly numPartitions: string;
  readonly startTimestamp: number;
  readonly advanceMillisPerBatch: number;
}

/** Spark's RatePerMicroBatchProvider checks, with its messages (raised by `load()`). */
export function parseRatePerMicroBatchOptions(
  options: Readonly<Record<string, string>>,
): RatePerMicroBatchOptions {
  const integer = (key: string, fallback: number, atLeast: number, must: string) => {
    const value = longOption(options, key, fallback);
    if (value < atLeast) throw invalidRateOption(key, value, `must be ${must}`);
    return value;
  };
  const rowsPerBatch = integer("rowsPerBatch", 0, 1, "positive");
  integer("numPartitions", 1, 1, "positive");
  const startTimestamp = integer("startTimestamp", 0, 0, "non-negative");
  const advanceMillisPerBatch = integer("advanceMillisPerBatch", 1000, 0, "non-negative");
  return {
    rowsPerBatch,
    numPartitions: optionOf(options, "numPartitions") ?? "default",
    startTimestamp,
    advanceMillisPerBatch,
  };
}

interface Offset {
  offset: number;
  timestamp: number;
}

export class RatePerMicroBatchSource implements Source {
  readonly schema = RATE_SCHEMA;
  readonly description: string;
  private readonly options: RatePerMicroBatchOptions;

  constructor(
    private readonly db: DuckDB,
    options: Readonly<Record<string, string>>,
  ) {
    this.options = parseRatePerMicroBatchOptions(options);
    const { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch } = this.options;
    this.description = `RatePerMicroBatchStream[rowsPerBatch=${rowsPerBatch}, numPartitions=${numPartitions}, startTimestamp=${startTimestamp}, advanceMillisPerBatch=${advanceMillisPerBatch}]`;
  }

  /** Trigger.AvailableNow: the first batch's end, fixed once, is where the query stops (as Spark's). */
  private availableNow: { end: string | undefined } | undefined;

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNow = { end: undefined };
  }

  /** There is always a next batch: the start offset moved on by one batch. */
  async latestOffset(start: string | undefined): Promise<string> {
    if (this.availableNow) {
      this.availableNow.end ??= this.nextOffset(start);
      return this.availableNow.end;
    }
    return this.nextOffset(start);
  }

  private nextOffset(start: string | undefined): string {
    const from = this.offsetOf(start);
    return JSON.stringify({
      offset: from.offset + this.options.rowsPerBatch,
      timestamp: from.timestamp + this.options.advanceMillisPerBatch,
    });
  }

  async getBatch(start: string | undefined, end: string): Promise<SourceBatch> {
    const from = this.offsetOf(start);
    const to = this.offsetOf(end);
    if (to.offset <= from.offset) return EMPTY_BATCH;
    const table = this.db.uniqueName("rate_micro_batch");
    this.db.exec(
      `CREATE TABLE ${quoteIdentifier(table)} AS SELECT make_timestamp(CAST(${from.timestamp} AS BIGINT) * 1000) AS "timestamp", CAST(range AS BIGINT) AS "value" FROM range(${from.offset}, ${to.offset})`,
    );
    return {
      sql: `SELECT "timestamp", "value" FROM ${quoteIdentifier(table)}`,
      numRows: to.offset - from.offset,
      tables: [table],
    };
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}

  /** An offset from the log; none yet is where the stream starts. */
  private offsetOf(json: string | undefined): Offset {
    if (json === undefined) return { offset: 0, timestamp: this.options.startTimestamp };
    const parsed = JSON.parse(json) as Partial<Offset>;
    if (!Number.isSafeInteger(parsed.offset) || !Number.isSafeInteger(parsed.timestamp))
      throw invalidRatePerMicroBatchOffset(json);
    return { offset: parsed.offset!, timestamp: parsed.timestamp! };
  }
}
