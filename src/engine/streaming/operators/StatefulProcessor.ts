/**
 * Spark 4's transformWithState: a StatefulProcessor declares named state variables (value, list, map) in `init`,
 * then `handleInputRows` runs per group with rows and `handleExpiredTimer` per timer that has passed (processing
 * time: the batch's time; event time: the watermark). State variables read and write the current group's state,
 * as in Spark. A group's variables and timers are kept as one JSON value in the state store.
 */
import {
  cannotPerformOperationWithInvalidHandleState,
  cannotPerformOperationWithInvalidTimeMode,
  duplicateStateVariableDefined,
  illegalStateStoreEmptyListValue,
  illegalStateStoreNullValue,
  stateStoreHandleNotInitialized,
  transformWithStateNeedsProcessor,
  transformWithStateOutputMode,
  unknownTimeMode,
} from "../../errors/QueryExecutionErrors";
import type { GroupedData } from "../../sql/api/GroupedData";
import type { Row } from "../../sql/api/rows";
import type { StructType } from "../../sql/types";
import { parseOutputMode } from "../runtime/OutputMode";
import type { GroupStateTimeout, GroupsWithStateSpec, InitialState } from "./GroupState";

export type TimeMode = "None" | "ProcessingTime" | "EventTime";

export function parseTimeMode(value: string | undefined): TimeMode {
  const mode = (value ?? "None").replace(/^TimeMode\./i, "").toLowerCase();
  if (mode === "none") return "None";
  if (mode === "processingtime") return "ProcessingTime";
  if (mode === "eventtime") return "EventTime";
  throw unknownTimeMode(String(value));
}

/** The timeout conf that makes the operator look for due timers, per time mode. */
export function timeoutOf(mode: TimeMode): GroupStateTimeout {
  return mode === "ProcessingTime"
    ? "ProcessingTimeTimeout"
    : mode === "EventTime"
      ? "EventTimeTimeout"
      : "NoTimeout";
}

/** The current times, as the processor's handlers see them. */
export interface TimerValues {
  /** The processing time of the current batch, in epoch milliseconds. */
  getCurrentProcessingTimeInMs(): number;
  /** The current event-time watermark, in epoch milliseconds. */
  getCurrentWatermarkInMs(): number;
}

/** About the timer that fired. */
export interface ExpiredTimerInfo {
  /** When the timer was set to fire, in epoch milliseconds. */
  getExpiryTimeInMs(): number;
}

/** What `init` gets: state variables and timers of the group being processed. */
export interface StatefulProcessorHandle {
  /** A named state variable holding one value per group. */
  getValueState<T>(name: string): ValueState<T>;
  /** A named state variable holding a list per group. */
  getListState<T>(name: string): ListState<T>;
  /** A named state variable holding a map per group. */
  getMapState<K extends string | number, V>(name: string): MapState<K, V>;
  /** Sets a timer for the current group: `handleExpiredTimer` runs once time passes it (epoch ms). */
  registerTimer(expiryTimestampMs: number): void;
  /** Removes the current group's timer set for that time. */
  deleteTimer(expiryTimestampMs: number): void;
  /** The current group's timers (epoch ms). */
  listTimers(): number[];
  /** Removes a state variable, and every group's value of it, that an earlier run declared (only in `init`). */
  deleteIfExists(stateName: string): void;
}

/** One value per group, kept across batches. */
export interface ValueState<T> {
  /** Whether the current group has a value. */
  exists(): boolean;
  /** The current group's value, or undefined. */
  get(): T | undefined;
  /** Sets the current group's value. */
  update(value: T): void;
  /** Removes the current group's value. */
  clear(): void;
}

/** A list per group, kept across batches. */
export interface ListState<T> {
  /** Whether the current group's list has elements. */
  exists(): boolean;
  /** The current group's list. */
  get(): T[];
  /** Replaces the current group's list. */
  put(values: T[]): void;
  /** Adds one element to the current group's list. */
  appendValue(value: T): void;
  /** Adds elements to the current group's list. */
  appendList(values: T[]): void;
  /** Empties the current group's list. */
  clear(): void;
}

/** A map per group, kept across batches. */
export interface MapState<K extends string | number, V> {
  /** Whether the current group's map has entries. */
  exists(): boolean;
  /** The value for `key` in the current group's map, or undefined. */
  getValue(key: K): V | undefined;
  /** Whether the current group's map has `key`. */
  containsKey(key: K): boolean;
  /** Sets the value for `key` in the current group's map. */
  updateValue(key: K, value: V): void;
  /** The current group's entries, as [key, value] pairs. */
  iterator(): [K, V][];
  /** The current group's keys. */
  keys(): K[];
  /** The current group's values. */
  values(): V[];
  /** Removes `key` from the current group's map. */
  removeKey(key: K): void;
  /** Empties the current group's map. */
  clear(): void;
}

type Output = Iterable<Row> | undefined | Promise<Iterable<Row> | undefined>;

/** Spark's StatefulProcessor. Keep state variables from `init` in fields; they follow the current group. */
export abstract class StatefulProcessor {
  // An ES private field: subclasses keep their own `handle` fields, as Spark's examples name them.
  #handle: StatefulProcessorHandle | undefined;

  /** Spark's setHandle: transformWithState gives the processor its handle before `init`. */
  setHandle(handle: StatefulProcessorHandle): void {
    this.#handle = handle;
  }

  /** Spark's getHandle: the handle transformWithState gave; STATE_STORE_HANDLE_NOT_INITIALIZED outside one. */
  getHandle(): StatefulProcessorHandle {
    if (!this.#handle) throw stateStoreHandleNotInitialized();
    return this.#handle;
  }

  /** Called once before any group, with the handle that declares state variables (also `getHandle()`). */
  init(_handle: StatefulProcessorHandle, _outputMode: string, _timeMode: TimeMode): void {}
  /** Called for each group with rows in the batch: returns the output rows (or a Promise of them). */
  abstract handleInputRows(key: unknown[], rows: Row[], timerValues: TimerValues): Output;
  /** Called for each group's timer that has passed; returns output rows. By default, none. */
  handleExpiredTimer(
    _key: unknown[],
    _timerValues: TimerValues,
    _expiredTimerInfo: ExpiredTimerInfo,
  ): Output {
    return undefined;
  }
  /**
   * PySpark's handleInitialState (Spark's StatefulProcessorWithInitialState): with an `initialState`, called in the
   * query's first batch once per key of it, before that key's `handleInputRows`. By default, nothing.
   */
  handleInitialState(_key: unknown[], _initialState: Row, _timerValues: TimerValues): void | Promise<void> {}
  /** In Spark, called when the processor is done with its partition; Sluice does not call it. */
  close(): void {}
}

/** Spark's StatefulProcessorWithInitialState: a processor that must say how a key's initial state is taken. */
export abstract class StatefulProcessorWithInitialState extends StatefulProcessor {
  /** The key's row of the initial state (all of its columns); set state variables and timers from it here. */
  abstract override handleInitialState(
    key: unknown[],
    initialState: Row,
    timerValues: TimerValues,
  ): void | Promise<void>;
}

/** One group's stored state: named variables and timers (epoch ms). */
export interface ProcessorState {
  values: Record<string, unknown>;
  lists: Record<string, unknown[]>;
  maps: Record<string, [unknown, unknown][]>;
  timers: number[];
}

const emptyState = (): ProcessorState => ({ values: {}, lists: {}, maps: {}, timers: [] });

/**
 * Spark's StatefulProcessorHandleState, in the order a batch goes through them: state variables are declared in
 * PRE_INIT (during `init`); timers are set while groups are handled (INITIALIZED, DATA_PROCESSED).
 */
export type HandleState =
  | "CREATED"
  | "PRE_INIT"
  | "INITIALIZED"
  | "DATA_PROCESSED"
  | "TIMER_PROCESSED"
  | "CLOSED";
const HANDLE_STATES: readonly HandleState[] = [
  "CREATED",
  "PRE_INIT",
  "INITIALIZED",
  "DATA_PROCESSED",
  "TIMER_PROCESSED",
  "CLOSED",
];

/** Spark's StateVariableType: what kind of state a variable name was declared as. */
export type StateVariableType = "ValueState" | "ListState" | "MapState";

/** The custom metrics a batch's handle counts (Spark's TransformWithStateExec metrics around timers). */
export interface HandleMetrics {
  numRegisteredTimers: number;
  numDeletedTimers: number;
  numExpiredTimers: number;
}

/**
 * The handle given to `init`: its state variables act on whichever group is current (`bind` before each call),
 * and check timers against the query's time mode and the handle's state, as Spark's StatefulProcessorHandleImpl.
 */
export class GroupBoundHandle implements StatefulProcessorHandle {
  private state: ProcessorState = emptyState();
  private handleState: HandleState = "CREATED";
  /** The state variables `init` declared, by name, in declaration order. */
  readonly variables = new Map<string, StateVariableType>();
  /** The state variables `init` deleted (deleteIfExists). */
  readonly deleted = new Set<string>();
  metrics: HandleMetrics = { numRegisteredTimers: 0, numDeletedTimers: 0, numExpiredTimers: 0 };

  constructor(private readonly timeMode: TimeMode) {}

  setHandleState(state: HandleState): void {
    this.handleState = state;
  }

  /** A state variable's declaration: only in `init`, once per name. */
  private declare(name: string, type: StateVariableType, operationType: string): void {
    if (this.handleState !== "PRE_INIT") {
      throw cannotPerformOperationWithInvalidHandleState(operationType, this.handleState);
    }
    if (this.variables.has(name)) throw duplicateStateVariableDefined(name);
    this.variables.set(name, type);
  }

  /** A state variable's operation needs a current group: none is while `init` runs. */
  private checkGroup(operationType: string): void {
    if (this.handleState === "PRE_INIT" || this.handleState === "CREATED") {
      throw cannotPerformOperationWithInvalidHandleState(operationType, this.handleState);
    }
  }

  bind(state: ProcessorState | undefined): void {
    this.state = state ?? emptyState();
    // A deleted variable's values go as each group is next handled (untouched groups keep bytes nobody reads).
    for (const name of this.deleted) {
      if (this.variables.has(name)) continue;
      delete this.state.values[name];
      delete this.state.lists[name];
      delete this.state.maps[name];
    }
  }

  /** Spark's deleteIfExists: in `init`, drops a state variable an earlier run kept. */
  deleteIfExists(stateName: string): void {
    if (this.handleState !== "PRE_INIT") {
      throw cannotPerformOperationWithInvalidHandleState("delete_if_exists", this.handleState);
    }
    this.deleted.add(stateName);
  }

  /** The current group's state, or undefined where nothing is left. */
  current(): ProcessorState | undefined {
    const s = this.state;
    const empty =
      Object.keys(s.values).length === 0 &&
      Object.keys(s.lists).length === 0 &&
      Object.keys(s.maps).length === 0 &&
      s.timers.length === 0;
    return empty ? undefined : s;
  }

  getValueState<T>(name: string): ValueState<T> {
    this.declare(name, "ValueState", "get_value_state");
    const op = (operation: string) => this.checkGroup(`valueState.${operation}`);
    return {
      exists: () => {
        op("exists");
        return name in this.state.values;
      },
      get: () => {
        op("get");
        return this.state.values[name] as T | undefined;
      },
      update: (value) => {
        op("update");
        if (value === null || value === undefined) throw illegalStateStoreNullValue(name);
        this.state.values[name] = value;
      },
      clear: () => {
        op("clear");
        delete this.state.values[name];
      },
    };
  }

  getListState<T>(name: string): ListState<T> {
    this.declare(name, "ListState", "get_list_state");
    const list = (operation: string) => {
      this.checkGroup(`listState.${operation}`);
      return (this.state.lists[name] ?? []) as T[];
    };
    const set = (values: T[]) => {
      if (values.length === 0) delete this.state.lists[name];
      else this.state.lists[name] = values;
    };
    // Spark's ListStateImpl.validateNewState: no null list, no null element, no empty list.
    const valid = (values: T[] | null | undefined): T[] => {
      if (values === null || values === undefined) throw illegalStateStoreNullValue(name);
      if (values.length === 0) throw illegalStateStoreEmptyListValue(name);
      if (values.some((v) => v === null || v === undefined)) throw illegalStateStoreNullValue(name);
      return values;
    };
    return {
      exists: () => list("exists").length > 0,
      get: () => [...list("get")],
      put: (values) => {
        list("put");
        set([...valid(values)]);
      },
      appendValue: (value) => set([...list("appendValue"), ...valid([value])]),
      appendList: (values) => set([...list("appendList"), ...valid(values)]),
      clear: () => {
        list("clear");
        set([]);
      },
    };
  }

  getMapState<K extends string | number, V>(name: string): MapState<K, V> {
    this.declare(name, "MapState", "get_map_state");
    const entries = (operation: string) => {
      this.checkGroup(`mapState.${operation}`);
      return (this.state.maps[name] ?? []) as [K, V][];
    };
    const set = (values: [K, V][]) => {
      if (values.length === 0) delete this.state.maps[name];
      else this.state.maps[name] = values;
    };
    // Spark's MapStateImpl: a null user key or value is refused.
    const nonNull = <X>(value: X): X => {
      if (value === null || value === undefined) throw illegalStateStoreNullValue(name);
      return value;
    };
    return {
      exists: () => entries("exists").length > 0,
      getValue: (key) => {
        const current = entries("getValue");
        nonNull(key);
        return current.find(([k]) => k === key)?.[1];
      },
      containsKey: (key) => {
        const current = entries("containsKey");
        nonNull(key);
        return current.some(([k]) => k === key);
      },
      updateValue: (key, value) => {
        const current = entries("updateValue");
        nonNull(key);
        nonNull(value);
        set([...current.filter(([k]) => k !== key), [key, value]]);
      },
      iterator: () => [...entries("iterator")],
      keys: () => entries("keys").map(([k]) => k),
      values: () => entries("values").map(([, v]) => v),
      removeKey: (key) => {
        const current = entries("removeKey");
        nonNull(key);
        set(current.filter(([k]) => k !== key));
      },
      clear: () => {
        entries("clear");
        set([]);
      },
    };
  }

  registerTimer(expiryTimestampMs: number): void {
    this.verifyTimerOperations("register_timer");
    this.metrics.numRegisteredTimers += 1;
    if (!this.state.timers.includes(expiryTimestampMs)) {
      this.state.timers = [...this.state.timers, expiryTimestampMs].sort((a, b) => a - b);
    }
  }

  deleteTimer(expiryTimestampMs: number): void {
    this.verifyTimerOperations("delete_timer");
    this.metrics.numDeletedTimers += 1;
    this.state.timers = this.state.timers.filter((t) => t !== expiryTimestampMs);
  }

  listTimers(): number[] {
    this.verifyTimerOperations("list_timers");
    return [...this.state.timers];
  }

  /** Spark's verifyTimerOperations: timers need a time mode, and a group being handled. */
  private verifyTimerOperations(operationType: string): void {
    if (this.timeMode === "None") {
      throw cannotPerformOperationWithInvalidTimeMode(operationType, "NoTime");
    }
    const at = HANDLE_STATES.indexOf(this.handleState);
    if (at < HANDLE_STATES.indexOf("INITIALIZED") || at >= HANDLE_STATES.indexOf("TIMER_PROCESSED")) {
      throw cannotPerformOperationWithInvalidHandleState(operationType, this.handleState);
    }
  }
}

/** What `transformWithState` takes besides the processor (PySpark's arguments; schemas as DDL or StructType). */
export interface TransformWithStateOptions {
  /** The output rows' schema, as DDL or a StructType. */
  outputStructType: StructType | string;
  /** "append" (the default) or "update". */
  outputMode?: string;
  /** "None" (the default), "ProcessingTime" or "EventTime": which clock the timers follow. */
  timeMode?: string;
  /**
   * Spark's `initialState` (a KeyValueGroupedDataset): a batch DataFrame grouped by as many keys
   * (`df.groupBy("key")`), one row per key; `handleInitialState` gets each key's row in the query's first batch.
   */
  initialState?: GroupedData;
  /**
   * Spark's eventTimeColumnName: the output column that is the event time for the stateful operators after this
   * one (the input needs a watermark); an output row behind the watermark fails the batch.
   */
  eventTimeColumnName?: string;
}

/** Checks transformWithState's arguments as Spark does, at the call. */
export function transformWithStateSpec(
  processor: StatefulProcessor,
  options: Omit<TransformWithStateOptions, "initialState">,
  parseSchema: (ddl: string) => StructType,
  initialState?: InitialState,
): GroupsWithStateSpec {
  if (!(processor instanceof StatefulProcessor)) {
    throw transformWithStateNeedsProcessor();
  }
  const timeMode = parseTimeMode(options.timeMode);
  const outputMode = parseOutputMode(options.outputMode ?? "append");
  if (outputMode === "complete") {
    throw transformWithStateOutputMode();
  }
  const schema = options.outputStructType;
  return {
    processor,
    timeMode,
    outputSchema: typeof schema === "string" ? parseSchema(schema) : schema,
    stateSchema: undefined,
    outputMode,
    timeout: timeoutOf(timeMode),
    isMapGroupsWithState: false,
    apiName: "transformWithState",
    ...(initialState ? { initialState } : {}),
    ...(options.eventTimeColumnName ? { eventTimeColumnName: options.eventTimeColumnName } : {}),
  };
}
