/**
 * Spark's Kafka sink: each batch's rows become records (KafkaWriter.ts). As Spark's KafkaSink it remembers only
 * in memory which batch it wrote last, so a batch re-run after a restart is written again: at-least-once, as
 * Spark documents. The schema is checked by `open()`, before the first batch.
 */
import type { DuckDB } from "../duckdb/DuckDB";
import type { KafkaContext } from "../kafka/KafkaContext";
import { KafkaProducer } from "../kafka/KafkaProducer";
import { validateWriteOptions } from "../kafka/KafkaSourceProvider";
import { validateQuery, writeTable } from "../kafka/KafkaWriter";
import type { StructType } from "../sql/types";
import type { BatchOutput, Sink } from "./Sink";

export class KafkaSink implements Sink {
  readonly description = "KafkaSink";
  /** Options given that Sluice does not honour, for the query's log. */
  readonly ignored: readonly string[];
  private readonly producer: KafkaProducer;
  private readonly topic: string | undefined;
  private latestBatchId = -1;

  constructor(
    private readonly session: KafkaContext & { readonly db: DuckDB },
    options: Readonly<Record<string, string>>,
    /** The query's output schema, checked before the first batch. */
    schema: StructType,
    /** Where the sink's notes go (options it does not honour); the console by default. */
    log: (message: string) => void = (m) => console.warn(m),
  ) {
    const parsed = validateWriteOptions(options);
    this.topic = parsed.topic;
    this.ignored = parsed.ignored;
    if (this.ignored.length > 0)
      log(
        `KafkaSink: options not honoured by Sluice's in-browser Kafka (accepted and ignored): ${this.ignored.join(", ")}`,
      );
    validateQuery(schema, this.topic);
    this.producer = new KafkaProducer(session, { "bootstrap.servers": parsed.servers });
  }

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    if (batchId <= this.latestBatchId) return;
    await writeTable(this.session.db, output.table, output.schema, this.producer, this.topic);
    this.latestBatchId = batchId;
  }

  async stop(): Promise<void> {
    await this.producer.flush();
  }
}
