/** `foreachBatch((df, batchId) => ...)`: the user's function gets each batch's output as a batch DataFrame. */
import { SparkError } from "../errors/exceptions";
import { foreachBatchUserFunctionError } from "../errors/QueryExecutionErrors";
import type { SparkSession } from "../session/SparkSession";
import { DataFrame } from "../sql/api/DataFrame";
import type { BatchOutput, Sink } from "./Sink";

export type ForeachBatchFunction = (df: DataFrame, batchId: number) => void | Promise<void>;

export class ForeachBatchSink implements Sink {
  readonly description = "ForeachBatchSink";
  readonly v1 = true;

  constructor(
    private readonly session: SparkSession,
    private readonly fn: ForeachBatchFunction,
  ) {}

  async addBatch(batchId: number, output: BatchOutput): Promise<void> {
    // The batch's DataFrame runs in the query's own session (its cloned conf), as Spark's.
    const df = this.session.table(output.table);
    try {
      await this.fn(new DataFrame(this.session, df.plan), batchId);
    } catch (error) {
      // Spark's ForeachBatchSink: what the user's code throws, unless it is Spark's own error, is wrapped.
      throw error instanceof SparkError ? error : foreachBatchUserFunctionError(error);
    }
  }
}
