/**
 * Spark's StreamingDeduplicationWithMetadataSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming): the
 * hidden `_metadata` column of a file source and the keys of key-less dropDuplicates and
 * dropDuplicatesWithinWatermark, streaming and batch (cases in StreamingDeduplicationMetadataCases).
 *
 * Spark runs each case under spark.sql's DROP_DUPLICATES_DETERMINISTIC_KEY_ORDER false and true. Sluice has
 * one key order, the input's column order (the conf's default, true), so each case runs once, as the `true` one.
 * Not ported: "metadata propagation preserves key order from a Spark 4.2 checkpoint" restarts from a checkpoint
 * Spark 4.2 wrote (a test resource of Spark's, with its binary state files), which Sluice cannot read.
 */
import { afterEach, beforeEach, describe } from "vitest";
import { ManualClock } from "../../../streaming/runtime/ManualClock";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { deduplicationMetadataCases } from "./StreamingDeduplicationMetadataCases";

describe("StreamingDeduplicationWithMetadataSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());

  deduplicationMetadataCases(() => t, " (orderDeterministically = true)", true);
});
