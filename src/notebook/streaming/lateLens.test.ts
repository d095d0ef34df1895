import { describe, expect, it } from "vitest";
import type { BatchView, Row } from "../../kernel/protocol";
import { eventTimeColumn, lensData } from "./lateLens";

const t = (time: string) => new Date(`2024-01-01T${time}:00Z`);
const ms = (time: string) => t(time).getTime();
const window = (start: string, end: string) => ({ start: t(start), end: t(end) });

const progress = (batchId: number, max?: string) =>
  ({ batchId, eventTime: max ? { max } : {} }) as unknown as BatchView["progress"];

function batch(batchId: number, parts: Partial<BatchView>): BatchView {
  return {
    batchId,
    startOffset: null,
    endOffset: null,
    input: [],
    late: [],
    lateAccepted: [],
    watermark: { before: null, after: null },
    state: [],
    output: [],
    progress: progress(batchId),
    files: [],
    waitingFor: {} as BatchView["waitingFor"],
    numRows: { input: 0, late: 0, lateAccepted: 0, output: 0 },
    ...parts,
  };
}

const row = (time: string, word: string, extra: Row = {}): Row => ({
  sent: t("13:00"),
  eventTime: t(time),
  word,
  ...extra,
});

describe("lensData", () => {
  const batches = [
    batch(0, {
      input: [row("12:01", "a"), row("12:14", "b")],
      watermark: { before: 0, after: ms("12:04") },
      progress: progress(0, "2024-01-01T12:14:00.000Z"),
      state: [
        {
          operatorId: 0,
          operatorName: "stateStoreSave",
          before: [],
          after: [{ key: { window: window("12:00", "12:10"), word: "a" }, value: { count: 1 } }],
          added: [],
          updated: [],
          removed: [],
        },
      ],
    }),
    batch(1, {
      input: [row("12:05", "late"), row("12:02", "a"), row("12:25", "c")],
      late: [row("12:05", "late", { window: window("12:00", "12:10"), __watermark: ms("12:15") })],
      lateAccepted: [row("12:02", "a", { window: window("12:00", "12:10"), __watermark: ms("12:04") })],
      watermark: { before: ms("12:15"), after: ms("12:15") },
    }),
  ];

  it("finds the event-time column by the progress's max event time, not the first timestamp", () => {
    expect(eventTimeColumn(batches)).toEqual({ name: "eventTime", unit: "timestamp" });
  });

  it("reads a number column as the event time where the watermark's timestamp is made from it", () => {
    // timestamp_micros(col("event_timestamp")): the input has the microseconds; the late rows the timestamp too.
    const micros = (time: string) => BigInt(ms(time)) * 1000n + 250n;
    const click = (time: string, user: string, extra: Row = {}): Row => ({
      user,
      event_timestamp: micros(time),
      ...extra,
    });
    const late = click("12:02", "u2", {
      event_time: t("12:02"),
      window: window("12:00", "12:10"),
      __watermark: ms("12:15"),
    });
    const clicks = [
      batch(4, {
        input: [click("12:26", "u1"), click("12:02", "u2"), click("12:21", "u3")],
        late: [late],
        progress: progress(4, "2024-01-01T12:26:00.000Z"),
      }),
    ];
    expect(eventTimeColumn(clicks)).toEqual({ name: "event_timestamp", unit: "micros" });
    expect(lensData(clicks).points).toEqual([
      { batchId: 4, time: ms("12:02"), verdict: "late, dropped" },
      { batchId: 4, time: ms("12:26"), verdict: "on time" },
      { batchId: 4, time: ms("12:21"), verdict: "on time" },
    ]);
  });

  it("gives each input row one point with its verdict, and lists the late rows with their watermark", () => {
    const lens = lensData(batches);
    expect(lens.points).toEqual([
      { batchId: 0, time: ms("12:01"), verdict: "on time" },
      { batchId: 0, time: ms("12:14"), verdict: "on time" },
      { batchId: 1, time: ms("12:05"), verdict: "late, dropped" },
      { batchId: 1, time: ms("12:02"), verdict: "late, kept" },
      { batchId: 1, time: ms("12:25"), verdict: "on time" },
    ]);
    expect(lens.late.map((l) => [l.batchId, l.time, l.watermark, l.verdict, "__watermark" in l.row])).toEqual(
      [
        [1, ms("12:05"), ms("12:15"), "late, dropped", false],
        [1, ms("12:02"), ms("12:04"), "late, kept", false],
      ],
    );
  });

  it("steps the watermark batch by batch from the first one set, and bands the windows", () => {
    const lens = lensData(batches);
    expect(lens.watermark).toEqual([{ batchId: 1, ms: ms("12:15") }]);
    expect(lens.windows).toEqual([{ start: ms("12:00"), end: ms("12:10") }]);
  });

  it("thins on-time points of a busy batch but keeps every late one", () => {
    const busy = batch(2, {
      input: Array.from({ length: 1000 }, (_, i) => row("12:30", `w${i}`)),
      late: [row("12:30", "w7", { __watermark: ms("12:31") })],
      progress: progress(2, "2024-01-01T12:30:00.000Z"),
    });
    const lens = lensData([busy], 100);
    expect(lens.points.filter((p) => p.verdict === "on time")).toHaveLength(100);
    expect(lens.points.filter((p) => p.verdict === "late, dropped")).toHaveLength(1);
  });
});
