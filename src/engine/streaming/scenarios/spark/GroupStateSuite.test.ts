/**
 * Cases of Spark's GroupStateSuite (sql/core/src/test/scala/org/apache/spark/sql/streaming), each named as there,
 * with Spark's inputs and expected answers, through `TestGroupState.create` (Spark's public TestGroupState):
 * `Optional.empty` is `undefined`, `getTimeoutTimestampMs` is undefined where Spark's Optional is empty, and Java's
 * `new Date(ms)` is a JavaScript Date.
 *
 * Not ported, as they cannot apply to Sluice:
 * - "SPARK-35800: ensure TestGroupState creates instances the same as prod": compares TestGroupState with
 *   GroupStateImpl.createForStreaming, an internal Spark class; Sluice's TestGroupState makes the GroupState the
 *   operator itself makes, which every case below exercises.
 * - The `GroupStateImpl.createForBatch` halves of the cases: they build the state Spark gives a batch
 *   (non-streaming) `[flat]MapGroupsWithState`, an internal constructor with no public counterpart.
 */
import { describe, expect, it } from "vitest";
import {
  IllegalArgumentException,
  NoSuchElementException,
  SparkUnsupportedOperationException,
  UnsupportedOperationException,
} from "../../../errors/exceptions";
import { thrownBy } from "../../../testing/thrown";
import { type GroupState, type GroupStateTimeout, TestGroupState } from "../../operators/GroupState";

const TIMEOUTS: GroupStateTimeout[] = ["NoTimeout", "ProcessingTimeTimeout", "EventTimeTimeout"];

/** Spark's testTimeoutDurationNotAllowed: both setTimeoutDuration forms fail and leave the timeout as it was. */
function testTimeoutDurationNotAllowed(state: GroupState<unknown>): void {
  const previous = state.getTimeoutTimestampMs();
  expect(() => state.setTimeoutDuration(1000)).toThrow(UnsupportedOperationException);
  expect(state.getTimeoutTimestampMs()).toBe(previous);
  expect(() => state.setTimeoutDuration("2 second")).toThrow(UnsupportedOperationException);
  expect(state.getTimeoutTimestampMs()).toBe(previous);
}

/** Spark's testTimeoutTimestampNotAllowed: the four setTimeoutTimestamp forms fail and change nothing. */
function testTimeoutTimestampNotAllowed(state: GroupState<unknown>): void {
  const previous = state.getTimeoutTimestampMs();
  for (const set of [
    () => state.setTimeoutTimestamp(2000),
    () => state.setTimeoutTimestamp(2000, "1 second"),
    () => state.setTimeoutTimestamp(new Date(2000)),
    () => state.setTimeoutTimestamp(new Date(2000), "1 second"),
  ]) {
    expect(set).toThrow(UnsupportedOperationException);
    expect(state.getTimeoutTimestampMs()).toBe(previous);
  }
}

describe("GroupStateSuite", () => {
  it("GroupState - get, exists, update, remove", () => {
    let state: GroupState<string>;
    const testState = (
      expectedData: string | undefined,
      shouldBeUpdated = false,
      shouldBeRemoved = false,
    ) => {
      if (expectedData !== undefined) {
        expect(state.exists).toBe(true);
        expect(state.get()).toBe(expectedData);
      } else {
        expect(state.exists).toBe(false);
        expect(() => state.get()).toThrow(NoSuchElementException);
      }
      expect(state.getOption()).toBe(expectedData);
      expect(state.isUpdated).toBe(shouldBeUpdated);
      expect(state.isRemoved).toBe(shouldBeRemoved);
    };

    // Updating empty state
    state = TestGroupState.create<string>(undefined, "NoTimeout", 1, undefined, false);
    testState(undefined);
    state.update("");
    testState("", true);

    // Updating exiting state
    state = TestGroupState.create<string>("2", "NoTimeout", 1, undefined, false);
    testState("2");
    state.update("3");
    testState("3", true);

    // Removing state
    state.remove();
    testState(undefined, false, true);
    state.remove(); // should be still callable
    state.update("4");
    testState("4", true, false);

    // Updating by null throw exception
    expect(() => state.update(null as unknown as string)).toThrow(IllegalArgumentException);
  });

  it("GroupState - setTimeout - with NoTimeout", () => {
    for (const initValue of [undefined, 5]) {
      const state = TestGroupState.create<number>(initValue, "NoTimeout", 1000, undefined, false);
      testTimeoutDurationNotAllowed(state);
      testTimeoutTimestampNotAllowed(state);
    }
  });

  it("GroupState - setTimeout - with ProcessingTimeTimeout", () => {
    const state = TestGroupState.create<number>(undefined, "ProcessingTimeTimeout", 1000, undefined, false);
    expect(state.getTimeoutTimestampMs()).toBeUndefined();
    state.setTimeoutDuration("-1 month 31 days 1 second");
    expect(state.getTimeoutTimestampMs()).toBe(2000);
    state.setTimeoutDuration(500);
    expect(state.getTimeoutTimestampMs()).toBe(1500); // can be set without initializing state
    testTimeoutTimestampNotAllowed(state);

    state.update(5);
    expect(state.getTimeoutTimestampMs()).toBe(1500); // does not change
    state.setTimeoutDuration(1000);
    expect(state.getTimeoutTimestampMs()).toBe(2000);
    state.setTimeoutDuration("2 second");
    expect(state.getTimeoutTimestampMs()).toBe(3000);
    testTimeoutTimestampNotAllowed(state);

    state.remove();
    expect(state.getTimeoutTimestampMs()).toBe(3000); // does not change
    state.setTimeoutDuration(500); // can still be set
    expect(state.getTimeoutTimestampMs()).toBe(1500);
    testTimeoutTimestampNotAllowed(state);
  });

  it("GroupState - setTimeout - with EventTimeTimeout", () => {
    const state = TestGroupState.create<number>(undefined, "EventTimeTimeout", 1000, 1000, false);
    expect(state.getTimeoutTimestampMs()).toBeUndefined();
    testTimeoutDurationNotAllowed(state);
    state.setTimeoutTimestamp(5000);
    expect(state.getTimeoutTimestampMs()).toBe(5000); // can be set without initializing state

    state.update(5);
    expect(state.getTimeoutTimestampMs()).toBe(5000); // does not change
    state.setTimeoutTimestamp(10000);
    expect(state.getTimeoutTimestampMs()).toBe(10000);
    state.setTimeoutTimestamp(new Date(20000));
    expect(state.getTimeoutTimestampMs()).toBe(20000);
    testTimeoutDurationNotAllowed(state);

    state.remove();
    expect(state.getTimeoutTimestampMs()).toBe(20000);
    state.setTimeoutTimestamp(5000);
    expect(state.getTimeoutTimestampMs()).toBe(5000); // can be set after removing state
    testTimeoutDurationNotAllowed(state);
  });

  it("GroupState - illegal params to setTimeout", () => {
    const testIllegalTimeout = (state: GroupState<number>, body: () => void) => {
      expect(body).toThrow(IllegalArgumentException);
      expect(state.getTimeoutTimestampMs()).toBeUndefined();
    };

    const processing = TestGroupState.create<number>(5, "ProcessingTimeTimeout", 1000, undefined, false);
    testIllegalTimeout(processing, () => processing.setTimeoutDuration(-1000));
    testIllegalTimeout(processing, () => processing.setTimeoutDuration(0));
    testIllegalTimeout(processing, () => processing.setTimeoutDuration("-2 second"));
    testIllegalTimeout(processing, () => processing.setTimeoutDuration("-1 month"));
    testIllegalTimeout(processing, () => processing.setTimeoutDuration("1 month -31 day"));

    const eventTime = TestGroupState.create<number>(5, "EventTimeTimeout", 1000, 1000, false);
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(-10000));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(10000, "-3 second"));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(10000, "-1 month"));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(10000, "1 month -32 day"));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(new Date(-10000)));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(new Date(-10000), "-3 second"));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(new Date(-10000), "-1 month"));
    testIllegalTimeout(eventTime, () => eventTime.setTimeoutTimestamp(new Date(-10000), "1 month -32 day"));
  });

  it("SPARK-35800: illegal params to create", () => {
    // eventTimeWatermarkMs >= 0 if present
    let e = thrownBy<Error>(() => TestGroupState.create<number>(5, "EventTimeTimeout", 100, -1000, false));
    expect(e).toBeInstanceOf(IllegalArgumentException);
    expect(e.message).toContain("eventTimeWatermarkMs must be 0 or positive if present");

    // batchProcessingTimeMs must be positive
    e = thrownBy<Error>(() => TestGroupState.create<number>(5, "EventTimeTimeout", -100, 1000, false));
    expect(e).toBeInstanceOf(IllegalArgumentException);
    expect(e.message).toContain("batchProcessingTimeMs must be 0 or positive");

    // hasTimedOut cannot be true if there's no timeout configured
    const missing = thrownBy<SparkUnsupportedOperationException>(() =>
      TestGroupState.create<number>(5, "NoTimeout", 100, undefined, true),
    );
    expect(missing).toBeInstanceOf(SparkUnsupportedOperationException);
    expect(missing.getCondition()).toBe("MISSING_TIMEOUT_CONFIGURATION");
    expect(missing.getMessageParameters()).toEqual({});
  });

  it("GroupState - hasTimedOut", () => {
    for (const timeoutConf of TIMEOUTS) {
      for (const initState of [undefined, 5]) {
        const state1 = TestGroupState.create<number>(initState, timeoutConf, 1000, undefined, false);
        expect(state1.hasTimedOut).toBe(false);

        // hasTimedOut can only be set as true when timeoutConf isn't NoTimeout
        if (timeoutConf !== "NoTimeout") {
          const state2 = TestGroupState.create<number>(initState, timeoutConf, 1000, undefined, true);
          expect(state2.hasTimedOut).toBe(true);
        }
      }
    }
  });

  it("GroupState - getCurrentWatermarkMs", () => {
    const streamingState = (timeoutConf: GroupStateTimeout, watermark: number | undefined) =>
      TestGroupState.create<number>(undefined, timeoutConf, 1000, watermark, false);
    for (const timeoutConf of TIMEOUTS) {
      const e = thrownBy<SparkUnsupportedOperationException>(() =>
        streamingState(timeoutConf, undefined).getCurrentWatermarkMs(),
      );
      expect(e).toBeInstanceOf(SparkUnsupportedOperationException);
      expect(e.getCondition()).toBe("_LEGACY_ERROR_TEMP_2204");
      expect(e.getMessageParameters()).toEqual({});
      expect(e.message).toContain("Cannot get event time watermark timestamp without setting watermark");
      expect(streamingState(timeoutConf, 0).getCurrentWatermarkMs()).toBe(0);
      expect(streamingState(timeoutConf, 1000).getCurrentWatermarkMs()).toBe(1000);
      expect(streamingState(timeoutConf, 2000).getCurrentWatermarkMs()).toBe(2000);
    }
  });

  it("GroupState - getCurrentProcessingTimeMs", () => {
    for (const timeoutConf of TIMEOUTS) {
      for (const watermarkPresent of [false, true]) {
        const streamingState = (procTime: number) =>
          TestGroupState.create<number>(
            1000,
            timeoutConf,
            procTime,
            watermarkPresent ? 1000 : undefined,
            false,
          );
        expect(streamingState(0).getCurrentProcessingTimeMs()).toBe(0);
        expect(streamingState(1000).getCurrentProcessingTimeMs()).toBe(1000);
        expect(streamingState(2000).getCurrentProcessingTimeMs()).toBe(2000);
      }
    }
  });

  it("GroupState - primitive type", () => {
    let intState = TestGroupState.create<number>(undefined, "NoTimeout", 1000, undefined, false);
    expect(() => intState.get()).toThrow(NoSuchElementException);
    expect(intState.getOption()).toBeUndefined();

    intState = TestGroupState.create<number>(10, "NoTimeout", 1000, undefined, false);
    expect(intState.get()).toBe(10);
    intState.update(0);
    expect(intState.get()).toBe(0);
    intState.remove();
    expect(() => intState.get()).toThrow(NoSuchElementException);
  });

  it("the refusals of a timeout the conf does not allow carry Spark's conditions and text", () => {
    const none = TestGroupState.create<number>(undefined, "NoTimeout", 1000, undefined, false);
    const duration = thrownBy<SparkUnsupportedOperationException>(() => none.setTimeoutDuration(1000));
    expect(duration.getCondition()).toBe("_LEGACY_ERROR_TEMP_2203");
    expect(duration.message).toBe(
      "Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState.",
    );
    const timestamp = thrownBy<SparkUnsupportedOperationException>(() => none.setTimeoutTimestamp(2000));
    expect(timestamp.getCondition()).toBe("_LEGACY_ERROR_TEMP_2205");
    expect(timestamp.message).toBe(
      "Cannot set timeout timestamp without enabling event time timeout in [map|flatMapGroupsWithState.",
    );
  });
});
