import { describe, expect, it } from "vitest";
import type { WaitingFor } from "../../kernel/protocol";
import { waitingSentence } from "./waitingSentence";
import { zonedDateTime } from "./zonedTime";

const at = (time: string) => Date.parse(`2024-01-01T${time}Z`);
const windowWait: WaitingFor = {
  message:
    "Window 12:00–12:10 is emitted when the watermark passes 12:10; the watermark is 12:04 (max event time 12:14 minus the 10 minute delay).",
  window: { operatorId: 0, start: at("12:00:00"), end: at("12:10:00") },
  watermarkMs: at("12:04:00"),
  maxEventTimeMs: at("12:14:00"),
  delayMs: 600_000,
  hasNewData: false,
  sources: [],
};

describe("waitingSentence", () => {
  it("says the engine's sentence in UTC", () => {
    expect(waitingSentence(windowWait, "UTC")).toBe(windowWait.message);
  });

  it("says the window's times in the session time zone", () => {
    expect(waitingSentence(windowWait, "America/New_York")).toBe(
      "Window 07:00–07:10 is emitted when the watermark passes 07:10; the watermark is 07:04 (max event time 07:14 minus the 10 minute delay).",
    );
  });

  it("shows seconds where a time has them, and the delay as a person says it", () => {
    const wait = {
      ...windowWait,
      watermarkMs: at("12:04:30"),
      maxEventTimeMs: at("13:34:30"),
      delayMs: 5_400_000,
    };
    expect(waitingSentence(wait, "UTC")).toBe(
      "Window 12:00:00–12:10:00 is emitted when the watermark passes 12:10:00; the watermark is 12:04:30 (max event time 13:34:30 minus the 1 hour 30 minute delay).",
    );
  });

  it("keeps the engine's sentence about data, which has no times", () => {
    const files = {
      ...windowWait,
      window: null,
      message:
        "No new files: the query watches /data/events, and each trigger takes at most 1 file (maxFilesPerTrigger).",
    };
    expect(waitingSentence(files, "Asia/Tokyo")).toBe(files.message);
  });

  it("falls back to UTC for a zone the browser does not know", () => {
    expect(zonedDateTime("+99:99", at("12:04:05"))).toBe("2024-01-01 12:04:05");
    expect(zonedDateTime("Asia/Tokyo", at("12:04:05"))).toBe("2024-01-01 21:04:05");
  });
});
