/**
 * Spark's GroupState: what `flatMapGroupsWithState` / `mapGroupsWithState` / `applyInPandasWithState` give the
 * user's function for one group: its state (kept across batches), and a timeout (processing time or event time)
 * after which the function is called for the group without data, `hasTimedOut` set. As in Spark, a timeout holds
 * only for the call that sets it: each call must set it again.
 */
import {
  eventTimeTimeoutNotEnabled,
  groupsWithStateNeedsFunction,
  groupsWithStateOutputMode,
  invalidGroupStateArgument,
  invalidInterval,
  missingTimeoutConfiguration,
  negativeGroupStateDuration,
  nullStateValue,
  processingTimeTimeoutNotEnabled,
  stateNotDefinedOrAlreadyRemoved,
  timeoutDurationNotPositive,
  timeoutTimestampBeforeWatermark,
  timeoutTimestampNotPositive,
  unknownGroupStateTimeout,
  watermarkNotSet,
} from "../../errors/QueryExecutionErrors";
import type { DataFrame } from "../../sql/api/DataFrame";
import type { GroupedData } from "../../sql/api/GroupedData";
import type { Row } from "../../sql/api/rows";
import { parseIntervalString } from "../../sql/parser/intervals";
import type { StructType } from "../../sql/types";
import { type OutputMode, parseOutputMode } from "../runtime/OutputMode";
import type { StatefulProcessor, TimeMode } from "./StatefulProcessor";

export type GroupStateTimeout = "NoTimeout" | "ProcessingTimeTimeout" | "EventTimeTimeout";

/** The user's function: the group's key values, its rows in this batch, its state; returns output rows. */
export type GroupsWithStateFunction<S = unknown> = (
  key: unknown[],
  rows: Row[],
  state: GroupState<S>,
) => Iterable<Row> | Row | undefined | Promise<Iterable<Row> | Row | undefined>;

/** Everything a groups-with-state operator needs, fixed when the DataFrame is built. */
export interface GroupsWithStateSpec {
  /** The user's function (every API but transformWithState, which runs `processor`). */
  readonly func?: GroupsWithStateFunction;
  readonly outputSchema: StructType;
  /** Typed state: its fields become the state store's columns. Without it, state is kept as JSON. */
  readonly stateSchema: StructType | undefined;
  readonly outputMode: OutputMode;
  readonly timeout: GroupStateTimeout;
  /** mapGroupsWithState: exactly one output row per call, update mode only. */
  readonly isMapGroupsWithState: boolean;
  /**
   * How Spark names the operator in errors: flatMapGroupsWithState, mapGroupsWithState, applyInPandasWithState,
   * transformWithState.
   */
  readonly apiName: string;
  /**
   * Spark's `initialState` (a KeyValueGroupedDataset): a batch DataFrame with the key in columns `__k0`, `__k1`,
   * ... and the state in the others, put in the state store in the query's first batch.
   */
  readonly initialState?: InitialState;
  /** transformWithState: the processor (then `func` is unused) and its time mode. */
  readonly processor?: StatefulProcessor;
  readonly timeMode?: TimeMode;
  /** transformWithState's eventTimeColumnName: the output column that is the event time downstream. */
  readonly eventTimeColumnName?: string;
}

const TIMEOUTS: Record<string, GroupStateTimeout> = {
  notimeout: "NoTimeout",
  processingtimetimeout: "ProcessingTimeTimeout",
  eventtimetimeout: "EventTimeTimeout",
};

/** "NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout" (also GroupStateTimeout.X and any case). */
export function parseGroupStateTimeout(value: string | undefined): GroupStateTimeout {
  if (value === undefined) return "NoTimeout";
  const timeout = TIMEOUTS[value.replace(/^GroupStateTimeout\./i, "").toLowerCase()];
  if (!timeout) {
    throw unknownGroupStateTimeout(value);
  }
  return timeout;
}

/** The initial state of a groups-with-state operator: keys in `__k0`, ... and the state in `valueColumns`. */
export interface InitialState {
  readonly df: DataFrame;
  readonly valueColumns: readonly string[];
}

/** What the DataFrame methods take: PySpark's arguments, schemas as DDL strings or StructTypes. */
export interface GroupsWithStateOptions {
  outputStructType: StructType | string;
  stateStructType?: StructType | string;
  outputMode?: string;
  timeoutConf?: string;
  /**
   * Spark's `initialState`: a batch DataFrame grouped by the same number of keys (`df.groupBy("key")`), one row per
   * key, whose other columns are the key's state: the column's value where there is one, an object of them where
   * there are several (with `stateStructType`, its fields by name).
   */
  initialState?: GroupedData;
}

/** Checks the arguments of a groups-with-state call as Spark does, at the call. */
export function groupsWithStateSpec<S>(
  apiName: "flatMapGroupsWithState" | "mapGroupsWithState" | "applyInPandasWithState",
  func: GroupsWithStateFunction<S>,
  options: Omit<GroupsWithStateOptions, "initialState">,
  parseSchema: (ddl: string) => StructType,
  initialState?: InitialState,
): GroupsWithStateSpec {
  if (typeof func !== "function") {
    throw groupsWithStateNeedsFunction(apiName);
  }
  const schema = (s: StructType | string) => (typeof s === "string" ? parseSchema(s) : s);
  const isMap = apiName === "mapGroupsWithState";
  const outputMode = isMap ? "update" : parseOutputMode(options.outputMode ?? "update");
  if (outputMode === "complete") {
    throw groupsWithStateOutputMode();
  }
  return {
    // The state's type is the function's own business; the operator hands back what it stored.
    func: func as GroupsWithStateFunction,
    outputSchema: schema(options.outputStructType),
    stateSchema: options.stateStructType === undefined ? undefined : schema(options.stateStructType),
    outputMode,
    timeout: parseGroupStateTimeout(options.timeoutConf),
    isMapGroupsWithState: isMap,
    apiName,
    ...(initialState ? { initialState } : {}),
  };
}

/** Spark's NO_TIMESTAMP. */
const NO_TIMEOUT = -1;

/** Milliseconds a month counts for in a duration, as Spark's IntervalUtils.getDuration. */
const MS_PER_MONTH = 31 * 86_400_000;

/**
 * Spark's GroupStateImpl.parseDuration: an interval string ("10 seconds", "-1 month 31 days 1 second") in
 * milliseconds, a month as 31 days; a negative one is refused.
 */
function parseGroupStateDuration(duration: string): number {
  const text = duration.trim();
  const interval = text === "" ? undefined : parseIntervalString(text);
  if (!interval) throw invalidInterval(duration);
  const ms = interval.months * MS_PER_MONTH + interval.micros / 1000;
  if (ms < 0) throw negativeGroupStateDuration(duration);
  return Math.floor(ms);
}

/**
 * One group's state, as the function given to `flatMapGroupsWithState` (and its siblings) receives it: read it
 * with `get`/`getOption`, change it with `update`/`remove`, and set a timeout to be called back without data.
 */
export class GroupState<S = unknown> {
  private value: S | undefined;
  private defined: boolean;
  private updated = false;
  private removed = false;
  private timeoutMs = NO_TIMEOUT;

  constructor(
    initial: { exists: boolean; value: S | undefined },
    private readonly timeoutConf: GroupStateTimeout,
    /** Whether the function is called because the group timed out (without data). */
    readonly hasTimedOut: boolean,
    private readonly batchProcessingTimeMs: number,
    /** The event-time watermark the batch evicts by; undefined where the input has no watermark. */
    private readonly watermarkMs: number | undefined,
  ) {
    if (hasTimedOut && timeoutConf === "NoTimeout") throw missingTimeoutConfiguration();
    this.defined = initial.exists;
    this.value = initial.value;
  }

  /** Whether the group has a state value. */
  get exists(): boolean {
    return this.defined;
  }

  /** The state value; an error where there is none (check `exists`, or use `getOption`). */
  get(): S {
    if (!this.defined) throw stateNotDefinedOrAlreadyRemoved();
    return this.value as S;
  }

  /** The state value, or undefined where there is none. */
  getOption(): S | undefined {
    return this.defined ? this.value : undefined;
  }

  /** Sets the group's state value, kept for the next batches (null and undefined are not allowed). */
  update(newState: S): void {
    if (newState === null || newState === undefined) {
      throw nullStateValue();
    }
    this.value = newState;
    this.defined = true;
    this.updated = true;
    this.removed = false;
  }

  /** Removes the group's state value. */
  remove(): void {
    this.defined = false;
    this.value = undefined;
    this.updated = false;
    this.removed = true;
  }

  /** Whether this call updated the state (and did not remove it after): Spark's TestGroupState.isUpdated. */
  get isUpdated(): boolean {
    return this.updated;
  }

  /** Whether this call removed the state (and did not update it after): Spark's TestGroupState.isRemoved. */
  get isRemoved(): boolean {
    return this.removed;
  }

  /** The timeout this call set, in epoch milliseconds; undefined where none (Spark's getTimeoutTimestampMs). */
  getTimeoutTimestampMs(): number | undefined {
    return this.timeoutMs !== NO_TIMEOUT ? this.timeoutMs : undefined;
  }

  /**
   * Processing-time timeout: the group times out this long after the current batch's processing time (milliseconds,
   * or an interval string such as "10 seconds").
   */
  setTimeoutDuration(duration: number | string): void {
    const ms = typeof duration === "string" ? parseGroupStateDuration(duration) : duration;
    if (this.timeoutConf !== "ProcessingTimeTimeout") {
      throw processingTimeTimeoutNotEnabled();
    }
    if (!(ms > 0)) throw timeoutDurationNotPositive();
    this.timeoutMs = this.batchProcessingTimeMs + ms;
  }

  /** Event-time timeout: the group times out once the watermark passes this time (plus an optional duration). */
  setTimeoutTimestamp(timestamp: number | Date, additionalDuration?: string): void {
    if (this.timeoutConf !== "EventTimeTimeout") {
      throw eventTimeTimeoutNotEnabled();
    }
    let ms = timestamp instanceof Date ? timestamp.getTime() : timestamp;
    if (additionalDuration !== undefined) ms += parseGroupStateDuration(additionalDuration);
    if (!(ms > 0)) throw timeoutTimestampNotPositive();
    if (this.watermarkMs !== undefined && ms < this.watermarkMs) {
      throw timeoutTimestampBeforeWatermark(ms, this.watermarkMs);
    }
    this.timeoutMs = ms;
  }

  /** The current event-time watermark, in epoch milliseconds (needs a watermark on the input). */
  getCurrentWatermarkMs(): number {
    if (this.watermarkMs === undefined) throw watermarkNotSet();
    return this.watermarkMs;
  }

  /** The processing time of the current batch, in epoch milliseconds. */
  getCurrentProcessingTimeMs(): number {
    return this.batchProcessingTimeMs;
  }

  /** Spark's GroupStateImpl.toString: `GroupState(<value>)`, `GroupState(<undefined>)` without a state. */
  toString(): string {
    return `GroupState(${this.defined ? String(this.value) : "<undefined>"})`;
  }

  /** What the call left behind: the state (undefined: none) and the timeout it set, if any. */
  outcome(): { value: S | undefined; timeoutMs: number | undefined } {
    return {
      value: this.defined ? this.value : undefined,
      timeoutMs: this.getTimeoutTimestampMs(),
    };
  }
}

/**
 * Spark's TestGroupState: a GroupState made outside a query, to unit-test the function given to
 * `[flat]MapGroupsWithState` with a chosen state, timeout conf, processing time and watermark.
 */
export const TestGroupState = {
  create<S>(
    optionalState: S | undefined,
    timeoutConf: GroupStateTimeout | string,
    batchProcessingTimeMs: number,
    eventTimeWatermarkMs: number | undefined,
    hasTimedOut: boolean,
  ): GroupState<S> {
    if (batchProcessingTimeMs < 0) throw invalidGroupStateArgument("batchProcessingTimeMs");
    if (eventTimeWatermarkMs !== undefined && eventTimeWatermarkMs < 0) {
      throw invalidGroupStateArgument("eventTimeWatermarkMs");
    }
    return new GroupState<S>(
      { exists: optionalState !== undefined && optionalState !== null, value: optionalState ?? undefined },
      parseGroupStateTimeout(timeoutConf),
      hasTimedOut,
      batchProcessingTimeMs,
      eventTimeWatermarkMs,
    );
  },
};
