import { memo, useMemo, useRef } from "react";
import {
  CartesianGrid,
  ComposedChart,
  Line,
  ResponsiveContainer,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
} from "recharts";
import { useDrawnValue, useVisible } from "../drawQueue";
import { TICK, YTICK } from "./chartTick";
import {
  type EventColumn,
  type LateRow,
  type LensData,
  type LensPoint,
  lensData,
  type Verdict,
} from "./lateLens";
import { useBatches, useBatchHistory } from "./useBatchHistory";
import { zonedClock, zonedDateTime, zonedValue } from "./zonedTime";

/** Batches the lens draws: the selected one and those before it. */
export const LENS_BATCHES = 10;
/** On-time points drawn per batch (late ones are all drawn). */
const POINTS_PER_BATCH = 40;

/** Each verdict's colour and shape: told apart by shape as well as by colour. */
const VERDICTS: Record<Verdict, { color: string; shape: "circle" | "triangle" | "cross" }> = {
  "on time": { color: "var(--series-1)", shape: "circle" },
  "late, kept": { color: "var(--series-2)", shape: "triangle" },
  "late, dropped": { color: "var(--error)", shape: "cross" },
};

/**
 * The late-data lens: event time against batch for the selected batch and the ones before it — each input row a
 * point (on time, late but kept, late and dropped), the windows in state as bands, the watermark each batch ran
 * with as a line stepping up — and the late rows listed with the watermark that judged them.
 */
export function LateDataView() {
  const { ids, selected, timeZone } = useBatchHistory();
  const at = selected === undefined ? -1 : ids.indexOf(selected);
  const span = useMemo(
    () => (at < 0 ? [] : ids.slice(Math.max(0, at - LENS_BATCHES + 1), at + 1)),
    [ids, at],
  );
  const { batches, error } = useBatches(span);
  const lens = useMemo(() => lensData(batches, POINTS_PER_BATCH), [batches]);
  const figure = useRef<HTMLElement>(null);
  // The chart redraws as the progress charts do: in its turn, at most every DRAW_INTERVAL_MS while scrubbing.
  const drawn = useDrawnValue(
    useMemo(
      () => ({ lens, first: batches[0]?.batchId ?? 0, last: batches.at(-1)?.batchId ?? 0, selected }),
      [lens, batches, selected],
    ),
    useVisible(figure),
  );
  if (error) return <div className="empty">{error}</div>;
  if (batches.length === 0) return <div className="empty">Reading the batches…</div>;
  return (
    <div className="late-lens" data-late-rows={lens.late.filter((l) => l.verdict === "late, dropped").length}>
      <figure className="chart lens-chart" ref={figure}>
        <figcaption>
          Event time ({columnName(lens.eventColumn)}, {timeZone}) by batch
        </figcaption>
        <ul className="chart-key">
          {(Object.keys(VERDICTS) as Verdict[]).map((v) => (
            <li key={v}>
              <ShapeIcon verdict={v} /> {v}
            </li>
          ))}
          <li>
            <span className="swatch line" /> watermark
          </li>
          <li>
            <span className="swatch band" /> window in state
          </li>
        </ul>
        <LensChart
          lens={drawn.lens}
          first={drawn.first}
          last={drawn.last}
          selected={drawn.selected}
          timeZone={timeZone}
        />
      </figure>
      <LateTable late={lens.late} selected={selected} timeZone={timeZone} />
    </div>
  );
}

/**
 * The lens's chart. Recharts draws the axes, grid and watermark line; the window bands, the selected batch's
 * column and the points are drawn from its scales by LensMarks as plain SVG, since recharts' ReferenceArea and
 * Scatter cost a registration in the chart's store per band and a component tree per point, and the lens redraws
 * whole as the scrubber moves its span.
 */
const LensChart = memo(function LensChart({
  lens,
  first,
  last,
  selected,
  timeZone,
}: {
  lens: LensData;
  first: number;
  last: number;
  selected: number | undefined;
  timeZone: string;
}) {
  const times = [...lens.points.map((p) => p.time), ...lens.watermark.map((w) => w.ms)];
  if (times.length === 0) return <div className="empty">No event times in these batches.</div>;
  const clock = zonedClock(timeZone, times);
  // The watermark a batch ran with spans its column: from half a batch before it to half after.
  const watermark = lens.watermark.flatMap((w, i) => {
    const step = [{ x: w.batchId - 0.5, y: w.ms }];
    return i === lens.watermark.length - 1 ? [...step, { x: w.batchId + 0.5, y: w.ms }] : step;
  });
  const windows = lens.windows.filter((w) => w.end >= Math.min(...times) && w.start <= Math.max(...times));
  // The axis spans the windows the points fall in, its ticks on their bounds where there are few.
  const bounds = [...new Set(windows.flatMap((w) => [w.start, w.end]))].sort((a, b) => a - b);
  const low = Math.min(...times, ...bounds);
  const high = Math.max(...times, ...bounds);
  const ticks =
    bounds.length > 1 ? bounds.filter((_, i) => i % Math.ceil(bounds.length / 8) === 0) : undefined;
  return (
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart margin={{ top: 8, right: 16, bottom: 2, left: 4 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
        <XAxis
          type="number"
          dataKey="x"
          domain={[first - 0.5, last + 0.5]}
          ticks={Array.from({ length: last - first + 1 }, (_, i) => first + i)}
          tickFormatter={batchTick}
          tick={TICK}
          interval={0}
          stroke="var(--muted)"
        />
        <YAxis
          type="number"
          dataKey="y"
          domain={[low, high]}
          ticks={ticks}
          tickFormatter={clock}
          tick={YTICK}
          interval={0}
          stroke="var(--muted)"
          width={60}
        />
        <LensMarks windows={windows} selected={selected} points={lens.points} />
        <Line
          data={watermark}
          dataKey="y"
          type="stepAfter"
          stroke="var(--text)"
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={false}
          isAnimationActive={false}
          name="watermark"
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
});

const batchTick = (v: number) => `#${v}`;

/** The windows in state as bands, the selected batch's column, and each input row as a point of its verdict. */
function LensMarks({
  windows,
  selected,
  points,
}: {
  windows: LensData["windows"];
  selected: number | undefined;
  points: readonly LensPoint[];
}) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  const area = usePlotArea();
  if (!x || !y || !area) return null;
  const left = area.x;
  const right = area.x + area.width;
  const top = area.y;
  const bottom = area.y + area.height;
  const clampY = (v: number | undefined) => Math.min(bottom, Math.max(top, v ?? bottom));
  const column = selected === undefined ? undefined : [x(selected - 0.5), x(selected + 0.5)];
  return (
    <g className="lens-marks">
      {windows.map((w, i) => {
        const y1 = clampY(y(w.end));
        const y2 = clampY(y(w.start));
        return (
          <rect
            key={`${w.start}-${w.end}`}
            className="lens-band"
            x={left}
            width={right - left}
            y={y1}
            height={Math.max(0, y2 - y1)}
            fill={i % 2 === 1 ? "var(--series-3)" : "var(--series-7)"}
            fillOpacity={0.1}
          />
        );
      })}
      {column?.[0] !== undefined && column[1] !== undefined && (
        <rect
          className="lens-selected"
          x={column[0]}
          width={column[1] - column[0]}
          y={top}
          height={bottom - top}
          fill="var(--accent)"
          fillOpacity={0.08}
        />
      )}
      {/* Late points over on-time ones, as the key lists them. */}
      {(Object.keys(VERDICTS) as Verdict[]).map((verdict) => (
        <g key={verdict} className={`lens-points mark-${verdict.replace(/\W+/g, "-")}`}>
          {points.map((p, i) => {
            if (p.verdict !== verdict) return null;
            const px = x(p.batchId);
            const py = y(p.time);
            if (px === undefined || py === undefined) return null;
            return (
              <path
                // Points have no identity of their own: their place in the lens's rows is it.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={i}
                className="lens-point"
                d={MARKER_PATHS[VERDICTS[verdict].shape]}
                transform={`translate(${px},${py})`}
                fill={VERDICTS[verdict].color}
              />
            );
          })}
        </g>
      ))}
    </g>
  );
}

/** The markers, centred on the point, about the size of recharts' default symbols. */
const MARKER_PATHS = {
  circle: "M-4.5 0a4.5 4.5 0 1 0 9 0a4.5 4.5 0 1 0-9 0z",
  triangle: "M0-5.5 5 3.5H-5z",
  cross: "M-1.5-5h3v3.5H5v3H1.5V5h-3V1.5H-5v-3h3.5z",
} as const;

function LateTable({ late, selected, timeZone }: { late: LateRow[]; selected?: number; timeZone: string }) {
  if (late.length === 0) return <div className="empty">No late rows in these batches.</div>;
  const at = (ms: number | null) => (ms === null ? "—" : zonedDateTime(timeZone, ms));
  return (
    <section className="data-table batch-rows" aria-label="Late rows">
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th>batch</th>
              <th>verdict</th>
              <th>event time</th>
              <th>watermark</th>
              <th>row</th>
            </tr>
          </thead>
          <tbody>
            {late.map((l, i) => (
              <tr
                // Late rows have no identity of their own: their place in the list is it.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={i}
                className={`mark-${l.verdict.replace(/\W+/g, "-")}${l.batchId === selected ? " selected" : ""}`}
              >
                <td>#{l.batchId}</td>
                <td className="mark">
                  <ShapeIcon verdict={l.verdict} /> {l.verdict}
                </td>
                <td>{at(l.time)}</td>
                <td>{at(l.watermark)}</td>
                <td>{zonedValue(timeZone, l.row)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The event-time column as the caption names it: "event_timestamp as microseconds". */
function columnName(column: EventColumn | null): string {
  if (!column) return "no event-time column";
  return column.unit === "timestamp" ? column.name : `${column.name} as ${UNIT_NAMES[column.unit]}`;
}

const UNIT_NAMES = { micros: "microseconds", millis: "milliseconds", seconds: "seconds" } as const;

/** The verdict's marker as the chart draws it. */
function ShapeIcon({ verdict }: { verdict: Verdict }) {
  const { color, shape } = VERDICTS[verdict];
  return (
    <svg className="shape-icon" viewBox="0 0 10 10" width="0.8em" height="0.8em" aria-hidden="true">
      {shape === "circle" && <circle cx="5" cy="5" r="4" fill={color} />}
      {shape === "triangle" && <path d="M5 1 9 9H1z" fill={color} />}
      {shape === "cross" && <path d="M3.5 0h3v3.5H10v3H6.5V10h-3V6.5H0v-3h3.5z" fill={color} />}
    </svg>
  );
}
