/**
 * Spark's StreamingQueryDeduplicationResolutionSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming):
 * the hidden `_metadata` column of a file source and the keys of a key-less dropDuplicates, streaming and batch.
 * The cases live in StreamingDeduplicationMetadataCases, shared with StreamingDeduplicationWithMetadataSuite.
 */
import { afterEach, beforeEach, describe } from "vitest";
import { ManualClock } from "../../../streaming/runtime/ManualClock";
import { newTestSession, type TestSession } from "../../../testing/fixtures";
import { deduplicationMetadataCases } from "./StreamingDeduplicationMetadataCases";

describe("StreamingQueryDeduplicationResolutionSuite", () => {
  let t: TestSession;
  beforeEach(async () => {
    t = await newTestSession(new ManualClock(0));
  });
  afterEach(() => t.cleanup());

  deduplicationMetadataCases(() => t);
});
