/**
 * Spark's StreamingQueryProgress and StreamingQueryStatus, with Spark's JSON field names and order
 * (sql/core/.../streaming/progress.scala). NaN/Infinity and empty maps are left out of the JSON, as Spark does.
 */
import { rowSchemaOf, withRowSchema } from "../../sql/api/rows";
import { DoubleType, FloatType } from "../../sql/types";
export interface StateOperatorProgress {
  operatorName: string;
  numRowsTotal: number;
  numRowsUpdated: number;
  allUpdatesTimeMs: number;
  numRowsRemoved: number;
  allRemovalsTimeMs: number;
  commitTimeMs: number;
  memoryUsedBytes: number;
  numRowsDroppedByWatermark: number;
  numShufflePartitions: number;
  numStateStoreInstances: number;
  customMetrics: Record<string, number>;
}

export interface SourceProgress {
  description: string;
  startOffset: unknown;
  endOffset: unknown;
  latestOffset: unknown;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  metrics: Record<string, string>;
}

export interface SinkProgress {
  description: string;
  numOutputRows: number;
  metrics: Record<string, string>;
}

/** The query's trigger as a progress reports it: `{ type: "ProcessingTime", intervalMs: 5000 }`. */
export interface ProgressTrigger {
  /** "ProcessingTime", "AvailableNow", "Once" or "Continuous". */
  type: string;
  intervalMs?: number;
}

export interface StreamingQueryProgress {
  id: string;
  runId: string;
  name: string | null;
  /** ISO-8601 UTC time the trigger started. */
  timestamp: string;
  batchId: number;
  batchDuration: number;
  /** The configured trigger (Spark 4.4's progress `trigger`); absent where unknown. */
  trigger?: ProgressTrigger;
  numInputRows: number;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  durationMs: Record<string, number>;
  eventTime: Record<string, string>;
  stateOperators: StateOperatorProgress[];
  sources: SourceProgress[];
  sink: SinkProgress;
  /** The `observe` metrics of the batch: name → its row (Spark's Row.jsonValue in the JSON). */
  observedMetrics: Record<string, Record<string, unknown>>;
}

export interface StreamingQueryStatus {
  message: string;
  isDataAvailable: boolean;
  isTriggerActive: boolean;
}

/** The map-valued fields: Spark writes their keys sorted (safeMapToJValue); the others keep their order. */
const MAP_FIELDS = new Set(["durationMs", "eventTime", "metrics", "customMetrics", "observedMetrics"]);

/** Drops NaN/Infinity numbers and empty maps, recursively, and sorts map keys, as Spark's JSON. */
function clean(value: unknown, key?: string): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v));
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, clean(v, k)] as const)
      .filter(
        ([, v]) =>
          v !== undefined &&
          !(v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0),
      );
    if (key !== undefined && MAP_FIELDS.has(key)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const cleaned = Object.fromEntries(entries);
    const schema = rowSchemaOf(value);
    return schema ? withRowSchema(cleaned, schema) : cleaned;
  }
  return value;
}

/** The progress as Spark's `json` renders it. */
export function progressToJSON(progress: StreamingQueryProgress): Record<string, unknown> {
  return clean(progress) as Record<string, unknown>;
}

/**
 * Spark's rates: written as a decimal rounded half up to one place, never in scientific notation (Spark's
 * safeDecimalToJValue, SPARK-53491): `10.0`, `692307692.3`, `0.1` for 0.05.
 */
const DOUBLE_FIELDS = new Set(["inputRowsPerSecond", "processedRowsPerSecond"]);

/** The digits of a finite number's shortest decimal form, without exponent: `1e-7` → `0.0000001`. */
function plainDecimal(n: number): string {
  const text = String(Math.abs(n));
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const digits = match[1] + (match[2] ?? "");
  const point = match[1].length + Number(match[3]);
  if (point <= 0) return `0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + "0".repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Scala's BigDecimal(value).setScale(scale, HALF_UP).toString, from the double's shortest decimal form. */
function decimalHalfUp(n: number, scale = 1): string {
  const [whole, fraction = ""] = plainDecimal(n).split(".");
  const kept = (fraction + "0".repeat(scale)).slice(0, scale);
  let digits = BigInt(whole + kept);
  if (fraction.length > scale && fraction[scale] >= "5") digits += 1n;
  const text = digits.toString().padStart(scale + 1, "0");
  const sign = n < 0 && digits !== 0n ? "-" : "";
  return scale === 0 ? sign + text : `${sign}${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/** A source metric Java wrote as a double in scientific notation (`2.70941269E8`): Spark writes it plain. */
const SCIENTIFIC = /^-?\d+(?:\.\d+)?E-?\d+$/;

/** A double as Java's Double.toString writes it (json4s writes doubles so): `10.0`, `0.5`, `1.0E7`, `1.0E-4`. */
function javaDouble(n: number): string {
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) return Number.isInteger(n) ? `${n}.0` : String(n);
  const [mantissa, exponent] = n.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A Row's double and float fields (an observed metric's row): Spark's Row.jsonValue writes them as JDouble. */
function doubleFieldsOf(value: object): Set<string> | undefined {
  const schema = rowSchemaOf(value);
  if (!schema) return undefined;
  return new Set(
    schema.fields.filter((f) => f.dataType === DoubleType || f.dataType === FloatType).map((f) => f.name),
  );
}

/** One JSON value as json4s renders it: compact, or pretty as Jackson's default pretty printer. */
function render(
  value: unknown,
  pretty: boolean,
  depth: number,
  key?: string,
  doubles?: Set<string>,
  /** A value of a source's or sink's `metrics` map. */
  inMetrics = false,
): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number") {
    if (key !== undefined && DOUBLE_FIELDS.has(key) && !doubles?.has(key)) return decimalHalfUp(value);
    return key !== undefined && doubles?.has(key) ? javaDouble(value) : String(value);
  }
  if (typeof value === "string" && inMetrics && SCIENTIFIC.test(value))
    return JSON.stringify(decimalHalfUp(Number(value)));
  if (typeof value !== "object") return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    const items = value.map((v) => render(v, pretty, depth));
    if (!pretty) return `[${items.join(",")}]`;
    return items.length === 0 ? "[ ]" : `[ ${items.join(", ")} ]`;
  }
  const entries = Object.entries(value);
  const rowDoubles = doubleFieldsOf(value);
  const metrics = key === "metrics";
  if (!pretty)
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${render(v, false, depth + 1, k, rowDoubles, metrics)}`).join(",")}}`;
  if (entries.length === 0) return "{ }";
  const indent = "  ".repeat(depth + 1);
  const fields = entries.map(
    ([k, v]) => `${indent}${JSON.stringify(k)} : ${render(v, true, depth + 1, k, rowDoubles, metrics)}`,
  );
  return `{\n${fields.join(",\n")}\n${"  ".repeat(depth)}}`;
}

/** Spark's `json` of a progress (or of its source, sink or state operator progress, or a status). */
export function sparkJson(value: object): string {
  return render(clean(value), false, 0);
}

/** Spark's `prettyJson` (and `toString`): the JSON indented as Jackson's default pretty printer does. */
export function sparkPrettyJson(value: object): string {
  return render(clean(value), true, 0);
}

/** Spark's progress and status objects have `json`, `prettyJson` and `toString` (the pretty JSON). */
export interface SparkJson {
  readonly json: string;
  readonly prettyJson: string;
}

/**
 * Gives a progress (its source, sink and state operator progress too) or a status Spark's `json`, `prettyJson`
 * and `toString`, as properties that are not enumerated: the object still spreads, compares, posts to a worker
 * and serialises as its fields alone.
 */
export function withSparkJson<T extends object>(value: T): T & SparkJson {
  const progress = value as Partial<StreamingQueryProgress>;
  for (const nested of [...(progress.sources ?? []), ...(progress.stateOperators ?? [])])
    withSparkJson(nested);
  if (progress.sink && typeof progress.sink === "object") withSparkJson(progress.sink);
  if (!Object.hasOwn(value, "json")) {
    Object.defineProperties(value, {
      json: { get: () => sparkJson(value) },
      prettyJson: { get: () => sparkPrettyJson(value) },
      toString: { value: () => sparkPrettyJson(value) },
    });
  }
  return value as T & SparkJson;
}

/**
 * A progress read back from its JSON (Spark's JsonProtocol reading an event log): the maps the JSON leaves out
 * when empty are empty again, and the rates it leaves out (not finite) are NaN.
 */
export function progressFromJSON(json: Record<string, unknown>): StreamingQueryProgress {
  const p = json as unknown as StreamingQueryProgress;
  const rate = (v: number | undefined) => v ?? Number.NaN;
  return {
    ...p,
    name: p.name ?? null,
    inputRowsPerSecond: rate(p.inputRowsPerSecond),
    processedRowsPerSecond: rate(p.processedRowsPerSecond),
    durationMs: p.durationMs ?? {},
    eventTime: p.eventTime ?? {},
    stateOperators: (p.stateOperators ?? []).map((op) => ({ ...op, customMetrics: op.customMetrics ?? {} })),
    sources: (p.sources ?? []).map((s) => ({
      ...s,
      inputRowsPerSecond: rate(s.inputRowsPerSecond),
      processedRowsPerSecond: rate(s.processedRowsPerSecond),
      metrics: s.metrics ?? {},
    })),
    sink: { ...p.sink, metrics: p.sink?.metrics ?? {} },
    observedMetrics: p.observedMetrics ?? {},
  };
}
