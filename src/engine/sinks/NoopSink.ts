/** Spark's `noop` format: runs the query and discards the output (for measuring). */
import type { Sink } from "./Sink";

export class NoopSink implements Sink {
  readonly description = "NoopTable";
  async addBatch(): Promise<void> {}
}
