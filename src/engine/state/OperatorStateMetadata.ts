/**
 * What a stateful operator keeps, written once to `<checkpoint>/state/<op>/_metadata/metadata` (as Spark 3.5+
 * records its operator metadata): the operator's name and, per state store, which columns make the key and the
 * value. The state reader (`spark.read.format("statestore")`) shows state through it.
 */

import { CorruptCheckpointError, type SparkUnsupportedOperationException } from "../errors/exceptions";
import {
  stateStoreKeySchemaNotCompatible,
  stateStoreValueSchemaNotCompatible,
} from "../errors/QueryExecutionErrors";
import type { FileSystem } from "../io/FileSystem";
import { joinPath } from "../io/FileSystem";
import type { StateColumn } from "./StateStore";

/** A key or value field: its name for readers and the SQL reading it from the state table. */
export interface StateField {
  readonly name: string;
  readonly sql: string;
}

export interface StateStoreInfo {
  /** "default", or "left"/"right" for a join's two buffers. */
  readonly storeName: string;
  /** The state table's columns (besides `__key`). */
  readonly columns: readonly StateColumn[];
  /**
   * The key's fields and types where they are not among the table's columns (a join's keys, hashed into one
   * column): what a restart's key schema is checked against.
   */
  readonly keyColumns?: readonly StateColumn[];
  readonly key: readonly StateField[];
  readonly value: readonly StateField[];
}

export interface OperatorStateMetadata {
  readonly operatorInfo: { readonly operatorId: number; readonly operatorName: string };
  readonly stateStoreInfo: readonly StateStoreInfo[];
  /**
   * Spark's OperatorStateMetadataV2 operatorPropertiesJson (transformWithState's time mode, output mode and state
   * variables): rewritten by every run that commits, as Spark writes V2 metadata per run.
   */
  readonly operatorProperties?: string;
}

export function operatorMetadataPath(checkpoint: string, operatorId: number): string {
  return joinPath(checkpoint, "state", String(operatorId), "_metadata", "metadata");
}

/** Writes the operator's metadata unless it is there already (or, with operator properties, over it). */
export async function writeOperatorMetadata(
  fs: FileSystem,
  checkpoint: string,
  metadata: OperatorStateMetadata,
): Promise<void> {
  const path = operatorMetadataPath(checkpoint, metadata.operatorInfo.operatorId);
  if (metadata.operatorProperties === undefined && (await fs.stat(path))) return;
  await fs.writeFile(path, new TextEncoder().encode(`v1\n${JSON.stringify(metadata)}`));
}

/** The operator's metadata, or undefined where the operator has not committed state yet. */
export async function readOperatorMetadata(
  fs: FileSystem,
  checkpoint: string,
  operatorId: number,
): Promise<OperatorStateMetadata | undefined> {
  const path = operatorMetadataPath(checkpoint, operatorId);
  if (!(await fs.stat(path))) return undefined;
  const [version, json] = new TextDecoder().decode(await fs.readFile(path)).split("\n");
  if (version !== "v1") throw new CorruptCheckpointError(path, "the operator metadata is not v1 JSON");
  try {
    return JSON.parse(json) as OperatorStateMetadata;
  } catch (error) {
    throw new CorruptCheckpointError(path, "the operator metadata is not v1 JSON", error);
  }
}

/** Writes an operator's metadata at its first commit (and never again in this run). */
export class OperatorMetadataWriter {
  private written = false;

  constructor(
    private readonly fs: FileSystem,
    private readonly checkpoint: string,
    private readonly metadata: OperatorStateMetadata,
  ) {}

  /**
   * Where the checkpoint holds this operator's state with other key or value columns (a restarted query that
   * groups or aggregates differently), Spark's STATE_STORE_KEY/VALUE_SCHEMA_NOT_COMPATIBLE error; else undefined.
   */
  async incompatibility(): Promise<SparkUnsupportedOperationException | undefined> {
    const stored = await readOperatorMetadata(
      this.fs,
      this.checkpoint,
      this.metadata.operatorInfo.operatorId,
    );
    if (!stored) return undefined;
    for (const store of this.metadata.stateStoreInfo) {
      const old = stored.stateStoreInfo.find((s) => s.storeName === store.storeName);
      if (!old) continue;
      for (const key of [true, false]) {
        // Metadata written before a join recorded its key types is checked on its values only.
        if (key && (old.keyColumns === undefined) !== (store.keyColumns === undefined)) continue;
        const before = schemaString((key && old.keyColumns) || old.columns, key);
        const now = schemaString((key && store.keyColumns) || store.columns, key);
        if (before === now) continue;
        return key
          ? stateStoreKeySchemaNotCompatible(before, now)
          : stateStoreValueSchemaNotCompatible(before, now);
      }
    }
    return undefined;
  }

  async ensure(): Promise<void> {
    if (this.written) return;
    await writeOperatorMetadata(this.fs, this.checkpoint, this.metadata);
    this.written = true;
  }
}

/** The key (or value) columns of a state store, as Spark prints a StructType. */
function schemaString(columns: readonly StateColumn[], key: boolean): string {
  const fields = columns
    .filter((c) => Boolean(c.key) === key)
    .map((c) => `StructField(${c.name},${c.sqlType},true)`);
  return `StructType(${fields.join(",")})`;
}
