/**
 * Spark's OffsetSeqMetadata conf: the settings a checkpoint fixes for the life of its query. Each batch's
 * offset log entry records them; a query restarted from the checkpoint runs with the recorded values, not the
 * session's (Spark's setSessionConf), so a restart cannot change how state is partitioned or how watermarks
 * combine. A key missing from an older checkpoint takes the value that checkpoint was written with.
 */
import type { RuntimeConfig } from "../../session/RuntimeConfig";

/** Spark's relevantSQLConfs (those Sluice reads), with the value a checkpoint without them was written with. */
const RELEVANT_CONFS: Readonly<Record<string, string | undefined>> = {
  "spark.sql.shuffle.partitions": undefined,
  "spark.sql.streaming.multipleWatermarkPolicy": "min",
  "spark.sql.streaming.stateStore.providerClass": undefined,
  // Spark 4 logs the state encoding; a checkpoint from before it was written with UnsafeRow.
  "spark.sql.streaming.stateStore.encodingFormat": "unsaferow",
};

/**
 * Sluice's own checkpoint format markers, logged with every batch. The state key encoding (StateStore.stateKeySql):
 * a checkpoint whose state was keyed another way is refused rather than read into wrong groups.
 */
export const STATE_KEY_FORMAT_CONF = "sluice.sql.streaming.stateStore.keyFormatVersion";
export const STATE_KEY_FORMAT_VERSION = "2";

/**
 * How stateful operators are numbered (their `state/<id>` directories): top-down as Spark numbers them, the
 * operator nearest the sink being 0. Checkpoints without this key were numbered bottom-up.
 */
export const OPERATOR_ID_ORDER_CONF = "sluice.sql.streaming.stateOperatorIdOrder";
export type OperatorIdOrder = "topDown" | "bottomUp";

/** The conf entries a batch's offset log records. */
export function loggedConf(conf: RuntimeConfig): Record<string, string> {
  return {
    ...Object.fromEntries(Object.keys(RELEVANT_CONFS).map((k) => [k, conf.get(k)])),
    [STATE_KEY_FORMAT_CONF]: STATE_KEY_FORMAT_VERSION,
    [OPERATOR_ID_ORDER_CONF]: "topDown",
  };
}

/** Sets the query's conf from a checkpoint's logged conf (Spark's OffsetSeqMetadata.setSessionConf). */
export function restoreConf(conf: RuntimeConfig, logged: Readonly<Record<string, string>>): void {
  for (const [key, legacyValue] of Object.entries(RELEVANT_CONFS)) {
    const value = logged[key] ?? legacyValue;
    if (value !== undefined && value !== conf.getOption(key)) {
      console.warn(
        `Updating the value of conf '${key}' in current session from '${conf.getOption(key)}' to '${value}'.`,
      );
      conf.set(key, value);
    }
  }
}

/** The operator numbering of a checkpoint (undefined: a new query, numbered as Spark numbers). */
export function operatorIdOrder(logged: Readonly<Record<string, string>> | undefined): OperatorIdOrder {
  return logged === undefined || logged[OPERATOR_ID_ORDER_CONF] === "topDown" ? "topDown" : "bottomUp";
}
