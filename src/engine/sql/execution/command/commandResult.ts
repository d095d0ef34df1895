/** What `spark.sql` returns for a command: its rows (SHOW, DESCRIBE), or no columns and no rows. */
import type { SparkSession } from "../../../session/SparkSession";
import { DataFrame } from "../../api/DataFrame";
import type { LocalRow } from "../../api/LocalRelation";
import { type LogicalPlan, newPlanId } from "../../plan";
import { StructType } from "../../types";

/**
 * A command's result. Where it still writes (`done`), the DataFrame is pending until the writes finish: an
 * action on it, or `resolve()`, waits for them and fails as they do.
 */
export function commandResult(
  session: SparkSession,
  done?: Promise<unknown>,
  rows?: { readonly rows: readonly LocalRow[]; readonly schema: string },
): DataFrame {
  const df = rows ? session.createDataFrame(rows.rows, rows.schema) : new DataFrame(session, emptyPlan());
  return done
    ? new DataFrame(
        session,
        done.then(() => df.plan),
      )
    : df;
}

/** No columns, no rows. */
function emptyPlan(): LogicalPlan {
  return {
    kind: "relation",
    id: newPlanId(),
    isStreaming: false,
    relation: { type: "sql", sql: "SELECT NULL AS __empty WHERE FALSE", views: new Map() },
    schema: new StructType([]),
  };
}
