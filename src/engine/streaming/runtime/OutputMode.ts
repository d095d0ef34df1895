/** Spark's output modes: what a trigger hands to the sink. */
import { unknownOutputMode } from "../../errors/QueryExecutionErrors";

/** append: only new rows; update: rows changed in the trigger; complete: the whole result every trigger. */
export type OutputMode = "append" | "update" | "complete";

export function parseOutputMode(mode: string): OutputMode {
  const m = mode.toLowerCase();
  if (m === "append" || m === "update" || m === "complete") return m;
  throw unknownOutputMode(mode);
}
