/**
 * Spark's Observation: named metrics of a batch DataFrame, filled by the first action that runs it. Attach it
 * with `df.observe(observation, ...metrics)`, run an action, then read `observation.get`.
 */
import { observationMisuse, observationNotYetObserved } from "../../errors/QueryExecutionErrors";
import type { Column } from "./Column";
import type { DataFrame } from "./DataFrame";
import { type Row, rowSchemaOf, withRowSchema } from "./rows";

/** The Observations waiting for their first action, by the id of their observe operator. */
const pending = new Map<number, Observation>();

/**
 * Named metrics of a batch DataFrame: `df.observe(observation, count(lit(1)).alias("rows"))`, then an action
 * (`await observed.collect()`), then `observation.get` is `{ rows: ... }`.
 */
export class Observation {
  /** The metrics' name, as `observe(name, ...)` takes it. */
  readonly name: string;
  private nodeId: number | undefined;
  private metrics: Row | undefined;
  private resolveFuture: (metrics: Row) => void = () => {};
  /** Resolves to the metrics once the first action on the observed DataFrame has finished. */
  readonly future: Promise<Row>;

  /** An Observation with a name, or with a random one. */
  constructor(name: string = crypto.randomUUID()) {
    if (name === "") throw observationMisuse("emptyName");
    this.name = name;
    this.future = new Promise((resolve) => {
      this.resolveFuture = resolve;
    });
  }

  /**
   * The observed metrics by name. Spark's `get` waits for the first action; in Sluice run the action first
   * (`await df.collect()`), or await `future`.
   */
  get get(): Row {
    if (this.metrics === undefined) throw observationNotYetObserved(this.name);
    const schema = rowSchemaOf(this.metrics);
    return schema ? withRowSchema({ ...this.metrics }, schema) : { ...this.metrics };
  }

  /** Engine internal: ties the Observation to the observe operator `nodeId` of a batch DataFrame, once. */
  register(nodeId: number): void {
    if (this.nodeId !== undefined) throw observationMisuse("reused");
    this.nodeId = nodeId;
    pending.set(nodeId, this);
  }

  /** Engine internal: the metrics of the first action; later actions leave them as they are. */
  setMetrics(metrics: Row): void {
    if (this.metrics !== undefined) return;
    this.metrics = metrics;
    if (this.nodeId !== undefined) pending.delete(this.nodeId);
    this.resolveFuture(metrics);
  }
}

/** Engine internal: the Observation still waiting for the metrics of observe operator `nodeId`. */
export function pendingObservation(nodeId: number): Observation | undefined {
  return pending.get(nodeId);
}

/** `df.observe(observation, ...metrics)`: the named observe, its operator tied to the Observation. */
export function observeWith(df: DataFrame, observation: Observation, metrics: Column[]): DataFrame {
  if (df.isStreaming) throw observationMisuse("streaming");
  const observed = df.observe(observation.name, ...metrics);
  observation.register(observed.plan.id);
  return observed;
}
