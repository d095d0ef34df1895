/**
 * The StatefulProcessors of Spark's transformWithState suites (TransformWithStateSuite.scala, TestProcessors.scala,
 * TransformWithListStateSuite.scala, TransformWithMapStateSuite.scala), written again in TypeScript with the same
 * logic, so the ported cases read as Spark's. Keys arrive as `[key]`; rows as objects of the input's columns; a
 * Scala tuple output is a row of `_1`, `_2`, ... as Spark's encoders name it.
 */
import { expect } from "vitest";
import type { Row } from "../../../sql/api/rows";
import {
  type ListState,
  type MapState,
  StatefulProcessor,
  type TimerValues,
  type ValueState,
} from "../../operators/StatefulProcessor";

/** Spark's RunningCountStatefulProcessor: a running count per key, cleared (and silent) when it reaches 3. */
export class RunningCountStatefulProcessor extends StatefulProcessor {
  protected countState!: ValueState<number>;

  override init(): void {
    this.countState = this.getHandle().getValueState<number>("countState");
  }

  handleInputRows([key]: unknown[], _rows: Row[], _timerValues: TimerValues): Row[] {
    const count = (this.countState.get() ?? 0) + 1;
    if (count === 3) {
      this.countState.clear();
      return [];
    }
    this.countState.update(count);
    return [{ _1: key, _2: String(count) }];
  }
}

/** Spark's RunningCountStatefulProcessorWithProcTimeTimer: keys "a" and "c" get a timer 5 s after their first row. */
export class RunningCountStatefulProcessorWithProcTimeTimer extends RunningCountStatefulProcessor {
  override handleInputRows([key]: unknown[], _rows: Row[], timerValues: TimerValues): Row[] {
    const currCount = this.countState.get() ?? 0;
    if (currCount === 0 && (key === "a" || key === "c")) {
      this.getHandle().registerTimer(timerValues.getCurrentProcessingTimeInMs() + 5000);
    }
    const count = currCount + 1;
    if (count === 3) {
      this.countState.clear();
      return [];
    }
    this.countState.update(count);
    return [{ _1: key, _2: String(count) }];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    this.countState.clear();
    return [{ _1: key, _2: "-1" }];
  }
}

/** Spark's RunningCountStatefulProcessorWithProcTimeTimerUpdates: key "a"'s timer is moved on its second row. */
export class RunningCountStatefulProcessorWithProcTimeTimerUpdates extends RunningCountStatefulProcessor {
  private timerState!: ValueState<number>;

  override init(): void {
    super.init();
    this.timerState = this.getHandle().getValueState<number>("timerState");
  }

  override handleInputRows([key]: unknown[], rows: Row[], timerValues: TimerValues): Row[] {
    const currCount = this.countState.get() ?? 0;
    const count = currCount + rows.length;
    this.countState.update(count);
    if (key === "a") {
      const handle = this.getHandle();
      if (currCount === 0) {
        const next = timerValues.getCurrentProcessingTimeInMs() + 5000;
        handle.registerTimer(next);
        this.timerState.update(next);
      } else if (currCount === 1) {
        handle.deleteTimer(this.timerState.get()!);
        const next = timerValues.getCurrentProcessingTimeInMs() + 7500;
        handle.registerTimer(next);
        this.timerState.update(next);
      }
    }
    return [{ _1: key, _2: String(count) }];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    this.timerState.clear();
    return [{ _1: key, _2: "-1" }];
  }
}

/** Spark's RunningCountStatefulProcessorWithMultipleTimers: three timers per key, 5, 10 and 15 s on. */
export class RunningCountStatefulProcessorWithMultipleTimers extends RunningCountStatefulProcessor {
  override handleInputRows(_key: unknown[], rows: Row[], timerValues: TimerValues): Row[] {
    const count = (this.countState.get() ?? 0) + rows.length;
    this.countState.update(count);
    const handle = this.getHandle();
    if (handle.listTimers().length === 0) {
      const now = timerValues.getCurrentProcessingTimeInMs();
      handle.registerTimer(now + 5000);
      handle.registerTimer(now + 10000);
      handle.registerTimer(now + 15000);
      expect(handle.listTimers()).toHaveLength(3);
    }
    return [];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    const currCount = this.countState.get() ?? 0;
    if (this.getHandle().listTimers().length === 1) this.countState.clear();
    return [{ _1: key, _2: String(currCount) }];
  }
}

/** An event time as Spark's `.as[(String, Long)]` reads a timestamp: whole seconds since the epoch. */
const seconds = (row: Row) => Math.floor((row.eventTime as Date).getTime() / 1000);

/** Spark's MaxEventTimeStatefulProcessor: the key's max event time; a timer 5 s past it emits -1. */
export class MaxEventTimeStatefulProcessor extends StatefulProcessor {
  private maxEventTimeState!: ValueState<number>;
  private timerState!: ValueState<number>;

  override init(): void {
    this.maxEventTimeState = this.getHandle().getValueState<number>("maxEventTimeState");
    this.timerState = this.getHandle().getValueState<number>("timerState");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const maxEventTimeSec = Math.max(...rows.map(seconds), this.maxEventTimeState.get() ?? 0);
    const timeoutTimestampMs = (maxEventTimeSec + 5) * 1000;
    this.maxEventTimeState.update(maxEventTimeSec);
    const registeredTimerMs = this.timerState.get() ?? 0;
    if (registeredTimerMs < timeoutTimestampMs) {
      this.getHandle().deleteTimer(registeredTimerMs);
      this.getHandle().registerTimer(timeoutTimestampMs);
      this.timerState.update(timeoutTimestampMs);
    }
    return [{ _1: key, _2: maxEventTimeSec }];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    this.maxEventTimeState.clear();
    return [{ _1: key, _2: -1 }];
  }
}

/** Spark's MinEventTimeStatefulProcessor: the key's min event time. */
export class MinEventTimeStatefulProcessor extends StatefulProcessor {
  private minEventTimeState!: ValueState<number>;

  override init(): void {
    this.minEventTimeState = this.getHandle().getValueState<number>("minEventTimeState");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const minEventTimeSec = Math.min(
      ...rows.map(seconds),
      this.minEventTimeState.get() ?? Number.MAX_SAFE_INTEGER,
    );
    this.minEventTimeState.update(minEventTimeSec);
    return [{ _1: key, _2: minEventTimeSec }];
  }
}

/** Spark's SleepingTimerProcessor without its Thread.sleep: each row sets a timer 10 s on, which emits the key. */
export class TimerPerRowProcessor extends StatefulProcessor {
  handleInputRows(_key: unknown[], rows: Row[], timerValues: TimerValues): Row[] {
    for (const _ of rows) this.getHandle().registerTimer(timerValues.getCurrentProcessingTimeInMs() + 10000);
    return [];
  }

  override handleExpiredTimer([key]: unknown[]): Row[] {
    return [{ value: key }];
  }
}

/** Spark's RunningCountStatefulProcessorWithError: declares a state variable outside `init`. */
export class RunningCountStatefulProcessorWithError extends RunningCountStatefulProcessor {
  override handleInputRows(): Row[] {
    this.getHandle().getValueState<number>("tempState");
    return [];
  }
}

/** Spark's RunningCountListStatefulProcessor: `countState` as a ListState (a type change for a restart). */
export class RunningCountListStatefulProcessor extends StatefulProcessor {
  override init(): void {
    this.getHandle().getListState<number>("countState");
  }

  handleInputRows(): Row[] {
    return [];
  }
}

/** Spark's StatefulProcessorWithCompositeTypes: a value, a list and a map state variable. */
export class StatefulProcessorWithCompositeTypes extends RunningCountStatefulProcessor {
  override init(): void {
    super.init();
    this.getHandle().getListState<{ id: number; name: string }>("listState");
    this.getHandle().getMapState<number, string>("mapState");
  }
}

/** Spark's TestValueStateExistsInInit / TestListStateExistsInInit / TestMapStateExistsInInit. */
export class StateExistsInInit extends StatefulProcessor {
  constructor(private readonly kind: "value" | "list" | "map") {
    super();
  }

  override init(): void {
    const handle = this.getHandle();
    const state =
      this.kind === "value"
        ? handle.getValueState<string>("valueState")
        : this.kind === "list"
          ? handle.getListState<string>("listState")
          : handle.getMapState<string, string>("mapState");
    // This should fail as exists() cannot be called during init.
    state.exists();
  }

  handleInputRows(): Row[] {
    return [];
  }
}

/** Spark's ProcessorWithLazyIterators: state read and written while the output is produced, lazily. */
export class ProcessorWithLazyIterators extends StatefulProcessor {
  private myValueState!: ValueState<number>;
  private hasSetTimer = false;

  override init(): void {
    this.myValueState = this.getHandle().getValueState<number>("myValueState");
  }

  *handleInputRows(_key: unknown[], rows: Row[]): Generator<Row> {
    this.myValueState.get();
    this.myValueState.update(1);
    if (!this.hasSetTimer) {
      this.getHandle().registerTimer(0);
      this.hasSetTimer = true;
    }
    for (const r of rows) {
      const value = Math.floor((r.timestamp as Date).getTime() / 1000);
      this.myValueState.get();
      this.myValueState.update(value);
      yield { value };
    }
  }

  override *handleExpiredTimer(): Generator<Row> {
    for (const r of [42]) {
      this.myValueState.get();
      this.myValueState.update(r);
      yield { value: r };
    }
  }
}

/** Spark's TestListStateProcessor (TransformWithListStateSuite): each row's `action` on a list of strings. */
export class TestListStateProcessor extends StatefulProcessor {
  private listState!: ListState<string>;

  override init(): void {
    this.listState = this.getHandle().getListState<string>("testListState");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const output: Row[] = [];
    const list = this.listState as ListState<string | null>;
    for (const row of rows) {
      const value = row.value as string;
      switch (row.action) {
        case "emit":
          output.push({ _1: key, _2: value });
          break;
        case "emitAllInState":
          for (const v of this.listState.get()) output.push({ _1: key, _2: v });
          this.listState.clear();
          break;
        case "append":
          this.listState.appendValue(value);
          break;
        case "appendAll":
          this.listState.appendList(value.split(","));
          break;
        case "put":
          this.listState.put(value.split(","));
          break;
        case "remove":
          this.listState.clear();
          break;
        case "tryAppendingNull":
          list.appendValue(null);
          break;
        case "tryAppendingNullValueInList":
          list.appendList([null]);
          break;
        case "tryAppendingNullList":
          list.appendList(null as unknown as string[]);
          break;
        case "tryPutNullList":
          list.put(null as unknown as string[]);
          break;
        case "tryPuttingNullInList":
          list.put([null]);
          break;
        case "tryPutEmptyList":
          this.listState.put([]);
          break;
        case "tryAppendingEmptyList":
          this.listState.appendList([]);
          break;
      }
    }
    return output;
  }
}

/** Spark's ToggleSaveAndEmitProcessor: saves a key's rows one batch, emits them with the next batch's rows. */
export class ToggleSaveAndEmitProcessor extends StatefulProcessor {
  private listState!: ListState<string>;
  private valueState!: ValueState<boolean>;

  override init(): void {
    this.listState = this.getHandle().getListState<string>("testListState");
    this.valueState = this.getHandle().getValueState<boolean>("testValueState");
  }

  handleInputRows(_key: unknown[], rows: Row[]): Row[] {
    const values = rows.map((r) => r.value as string);
    if (!this.valueState.get()) {
      this.listState.appendList(values);
      this.valueState.update(true);
      return [];
    }
    this.valueState.clear();
    const stored = this.listState.get();
    this.listState.clear();
    return [...values, ...stored].map((value) => ({ value }));
  }
}

/** Spark's TestMapStateProcessor (TransformWithMapStateSuite): each row's `action` on a map of strings. */
export class TestMapStateProcessor extends StatefulProcessor {
  private mapState!: MapState<string, string>;

  override init(): void {
    this.mapState = this.getHandle().getMapState<string, string>("sessionState");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const output: Row[] = [];
    const map = this.mapState;
    for (const row of rows) {
      const { _1: userKey, _2: userValue } = row.value as { _1: string; _2: string };
      switch (row.action) {
        case "exists":
          output.push({ _1: key, _2: "exists", _3: String(map.exists()) });
          break;
        case "getValue":
          output.push({ _1: key, _2: userKey, _3: map.getValue(userKey) ?? null });
          break;
        case "containsKey":
          output.push({ _1: key, _2: userKey, _3: map.containsKey(userKey) ? "true" : "false" });
          break;
        case "updateValue":
          map.updateValue(userKey, userValue);
          break;
        case "iterator":
          for (const [k, v] of map.iterator()) output.push({ _1: key, _2: k, _3: v });
          break;
        case "keys":
          for (const k of map.keys()) output.push({ _1: row.key, _2: k, _3: userValue });
          break;
        case "values":
          for (const v of map.values()) output.push({ _1: row.key, _2: userKey, _3: v });
          break;
        case "removeKey":
          map.removeKey(userKey);
          break;
        case "clear":
          map.clear();
          break;
      }
    }
    return output;
  }
}

/** Spark's RunningCountMostRecentStatefulProcessor: a count per batch and the key's previous most recent value. */
export class RunningCountMostRecentStatefulProcessor extends StatefulProcessor {
  private countState!: ValueState<number>;
  private mostRecent!: ValueState<string>;

  override init(): void {
    this.countState = this.getHandle().getValueState<number>("countState");
    this.mostRecent = this.getHandle().getValueState<string>("mostRecent");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const count = (this.countState.get() ?? 0) + 1;
    const mostRecent = this.mostRecent.get() ?? "";
    return rows.map((row) => {
      this.mostRecent.update(row._2 as string);
      this.countState.update(count);
      return { _1: key, _2: String(count), _3: mostRecent };
    });
  }
}

/** Spark's MostRecentStatefulProcessorWithDeletion: deletes `countState` in init, keeps `mostRecent`. */
export class MostRecentStatefulProcessorWithDeletion extends StatefulProcessor {
  private mostRecent!: ValueState<string>;

  override init(): void {
    this.getHandle().deleteIfExists("countState");
    this.mostRecent = this.getHandle().getValueState<string>("mostRecent");
  }

  handleInputRows([key]: unknown[], rows: Row[]): Row[] {
    const mostRecent = this.mostRecent.get() ?? "";
    return rows.map((row) => {
      this.mostRecent.update(row._2 as string);
      return { _1: key, _2: mostRecent };
    });
  }
}
