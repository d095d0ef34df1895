/**
 * Spark's KafkaWriter: a DataFrame's rows as Kafka records. `value` (string or binary) is required; `key`
 * (string or binary), `headers` (array<struct<key: string, value: binary>>), `partition` (int) and `topic`
 * (string; the `topic` option wins over it) are optional. The schema is checked before anything is written,
 * with Spark's messages; then every row is sent and the producer flushed. As Spark documents, this is
 * at-least-once: a batch written again after a failure writes its records again.
 */
import { type DuckDB, quoteIdentifier } from "../duckdb/DuckDB";
import { toRows } from "../sql/api/rows";
import { BinaryType, type DataType, IntegerType, StringType, type StructType } from "../sql/types";
import { invalidWriteSchema, nullTopicInData } from "./KafkaExceptions";
import type { KafkaProducer } from "./KafkaProducer";
import type { Header } from "./KafkaRecord";
import { HEADERS_TYPE } from "./KafkaSourceProvider";

/** Spark's KafkaWriter.validateQuery: what is wrong, as an AnalysisException, before any row is written. */
export function validateQuery(schema: StructType, topic: string | undefined): void {
  const check = (name: string, desired: DataType[], required: string | undefined) => {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) {
      if (required !== undefined) throw invalidWriteSchema(required);
      return;
    }
    if (!desired.some((d) => d.equals(field.dataType)))
      throw invalidWriteSchema(
        `${name} attribute unsupported type ${field.dataType.simpleString()}. ${name} must be a(n) ${desired.map((d) => d.simpleString()).join(" or ")}`,
      );
  };
  if (topic === undefined)
    check(
      "topic",
      [StringType],
      "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.",
    );
  check("key", [StringType, BinaryType], undefined);
  check("value", [StringType, BinaryType], "Required attribute 'value' not found");
  check("headers", [HEADERS_TYPE], undefined);
  check("partition", [IntegerType], undefined);
}

/** Sends the rows of a DuckDB table as records; resolves once all are in the log. Returns how many. */
export async function writeTable(
  db: DuckDB,
  table: string,
  schema: StructType,
  producer: KafkaProducer,
  topic: string | undefined,
): Promise<number> {
  validateQuery(schema, topic);
  const has = (name: string) => schema.fields.some((f) => f.name === name);
  const columns = ["topic", "key", "value", "headers", "partition"].filter(has);
  if (columns.length === 0) return 0;
  const rows = toRows(
    db.query(`SELECT ${columns.map(quoteIdentifier).join(", ")} FROM ${quoteIdentifier(table)}`),
  );
  const sends = rows.map((row) => {
    const rowTopic = topic ?? (row.topic as string | null);
    if (rowTopic === null || rowTopic === undefined) throw nullTopicInData();
    const headers = row.headers as { key: string; value: Uint8Array | null }[] | null | undefined;
    return producer.send({
      topic: rowTopic,
      partition: (row.partition as number | null | undefined) ?? undefined,
      key: row.key as Uint8Array | string | null | undefined,
      value: row.value as Uint8Array | string | null,
      headers: headers?.map((h): Header => ({ key: h.key, value: h.value })) ?? undefined,
    });
  });
  await producer.flush();
  await Promise.all(sends);
  return rows.length;
}
