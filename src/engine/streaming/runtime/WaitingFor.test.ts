/** The sentence and facts of "what is the output waiting for", from the state after a batch and the sources. */
import { describe, expect, it } from "vitest";
import { waitingFor } from "./WaitingFor";

const t = (hhmm: string) => Date.parse(`2024-01-01T${hhmm}Z`);
const windowKey = (start: string, end: string) => ({
  key: { window: { start: new Date(t(start)), end: new Date(t(end)) } },
  value: { "count(1)": 1 },
});
const files = {
  description: "FileStreamSource[file:/data/events]",
  path: "/data/events",
  maxFilesPerTrigger: 1,
  maxBytesPerTrigger: null,
};

describe("what the output is waiting for", () => {
  it("in append mode, the oldest window in state, until the watermark passes its end (the issue's example)", () => {
    const w = waitingFor({
      outputMode: "append",
      watermarkMs: t("12:04:00"),
      delayMs: 10 * 60_000,
      state: [
        { operatorId: 0, after: [windowKey("12:10:00", "12:20:00"), windowKey("12:00:00", "12:10:00")] },
      ],
      sources: [files],
      hasNewData: false,
    });
    expect(w.message).toBe(
      "Window 12:00–12:10 is emitted when the watermark passes 12:10; the watermark is 12:04 (max event time 12:14 minus the 10 minute delay).",
    );
    expect(w).toMatchObject({
      window: { operatorId: 0, start: t("12:00:00"), end: t("12:10:00") },
      watermarkMs: t("12:04:00"),
      maxEventTimeMs: t("12:14:00"),
      delayMs: 600_000,
    });
  });

  it("a window of an operator after a time-interval join waits on that operator's watermark, held back", () => {
    const w = waitingFor({
      outputMode: "append",
      watermarkMs: t("13:04:00"),
      delayMs: 0,
      // The aggregation (operator 0) runs with the watermark the join (operator 1) hands on: an hour behind.
      heldBackMs: { 0: 3_600_000 },
      state: [{ operatorId: 0, after: [windowKey("12:00:00", "12:10:00")] }],
      sources: [],
      hasNewData: false,
    });
    expect(w.message).toBe(
      "Window 12:00–12:10 is emitted when its operator's watermark passes 12:10; its watermark is 12:04 (the query's, held back by 1 hour by the stream-stream join before it), and the watermark is 13:04 (max event time 13:04 minus the 0 second delay).",
    );
    expect(w).toMatchObject({ window: { operatorId: 0 }, watermarkMs: t("13:04:00") });
  });

  it("says the window's times in the session time zone, with seconds where a time has them", () => {
    const facts = {
      outputMode: "append" as const,
      delayMs: 10 * 60_000,
      state: [{ operatorId: 0, after: [windowKey("12:00:00", "12:10:00")] }],
      sources: [],
      hasNewData: false,
    };
    expect(waitingFor({ ...facts, watermarkMs: t("12:04:00"), timeZone: "America/New_York" }).message).toBe(
      "Window 07:00–07:10 is emitted when the watermark passes 07:10; the watermark is 07:04 (max event time 07:14 minus the 10 minute delay).",
    );
    expect(
      waitingFor({ ...facts, watermarkMs: t("12:04:30"), delayMs: 5_400_000, timeZone: "UTC" }).message,
    ).toBe(
      "Window 12:00:00–12:10:00 is emitted when the watermark passes 12:10:00; the watermark is 12:04:30 (max event time 13:34:30 minus the 1 hour 30 minute delay).",
    );
    // A zone id Spark takes but Intl does not: said in UTC rather than failing.
    expect(waitingFor({ ...facts, watermarkMs: t("12:04:00"), timeZone: "+01:00" }).message).toContain(
      "the watermark is 12:04",
    );
  });

  it("before any event time, a window waits for the watermark to be set", () => {
    const w = waitingFor({
      outputMode: "append",
      watermarkMs: 0,
      delayMs: 5000,
      state: [{ operatorId: 0, after: [windowKey("00:00:00", "00:00:10")] }],
      sources: [],
      hasNewData: null,
    });
    expect(w.message).toBe(
      "Window 00:00:00–00:00:10 is emitted when the watermark passes 00:00:10; no event time has been seen yet, so the watermark is not set.",
    );
    expect(w.maxEventTimeMs).toBeNull();
  });

  it("with nothing in state (or in update and complete mode), the directory watched and maxFilesPerTrigger", () => {
    const facts = { watermarkMs: null, delayMs: null, sources: [files], hasNewData: false };
    const update = waitingFor({
      ...facts,
      outputMode: "update",
      state: [{ operatorId: 0, after: [windowKey("12:00:00", "12:10:00")] }],
    });
    expect(update.window).toBeNull();
    expect(update.message).toBe(
      "No new files: the query watches /data/events, and each trigger takes at most 1 file (maxFilesPerTrigger).",
    );
    const memory = waitingFor({
      ...facts,
      outputMode: "append",
      state: [],
      sources: [{ ...files, description: "MemoryStream[v#1]", path: null, maxFilesPerTrigger: null }],
    });
    expect(memory.message).toBe("No new data: the query waits for rows from MemoryStream[v#1].");
    expect(waitingFor({ ...facts, outputMode: "append", state: [], hasNewData: true }).message).toBe(
      "New data is waiting: the next trigger reads it.",
    );
  });
});
