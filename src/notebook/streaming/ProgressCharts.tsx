import { createContext, memo, useContext, useMemo, useRef, useState } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  usePlotArea,
  useXAxisScale,
  XAxis,
  YAxis,
} from "recharts";
import type { QueryProgress } from "../../kernel/protocol";
import { useDrawnValue, useVisible } from "../drawQueue";
import { formatBytes, formatCompactNumber, formatDuration } from "../outputs/format";
import { PROGRESS_KEPT } from "../state/queries";
import { seriesColor } from "../ui/palette";
import { durationParts, hasState, hasWatermark, type TriggerPoint, triggerPoints } from "./chartData";
import { TICK, YTICK } from "./chartTick";

/** Triggers drawn unless the user asks for all that are kept. */
export const RECENT_TRIGGERS = 30;

type Point = Record<string, unknown>;

interface Series {
  key: string;
  name: string;
  color: string;
  /** Drawn thicker or dashed, to tell overlapping lines apart. */
  width?: number;
  dash?: string;
  /** Plotted against an axis of its own on the right (a series of another scale). */
  right?: boolean;
}

const RATES: Series[] = [
  { key: "inputRowsPerSecond", name: "input rows/s", color: seriesColor(0) },
  { key: "processedRowsPerSecond", name: "processed rows/s", color: seriesColor(1) },
];
const INPUT_ROWS: Series[] = [{ key: "numInputRows", name: "input rows", color: seriesColor(0) }];
const STATE_ROWS: Series[] = [
  { key: "stateRowsTotal", name: "rows total", color: seriesColor(2), width: 3 },
  { key: "stateRowsUpdated", name: "rows updated", color: seriesColor(3), dash: "5 3" },
  { key: "stateRowsDropped", name: "dropped by watermark", color: seriesColor(4) },
];
const STATE_MEMORY: Series[] = [{ key: "stateMemoryBytes", name: "memory used", color: seriesColor(5) }];
/**
 * Spark's UI plots the trigger time minus the watermark; for historical data (the 2020 teaching data) that is
 * years and says nothing, so the gap to the batch's newest event is drawn beside it, each on its own axis.
 */
const WATERMARK_GAP: Series[] = [
  { key: "eventTimeGapMs", name: "max event time − watermark (left)", color: seriesColor(6), width: 2 },
  {
    key: "watermarkGapMs",
    name: "trigger time − watermark, as Spark's UI (right)",
    color: seriesColor(7),
    dash: "5 3",
    right: true,
  },
];

/**
 * The per-trigger charts of Spark's Structured Streaming UI: input vs process rate, input rows, batch duration
 * split into its durationMs parts (stacked, as Spark's Operation Duration), state rows and memory, and the
 * watermark gap once there is a watermark. The last RECENT_TRIGGERS triggers are drawn unless the user asks for
 * all kept ones; each chart redraws in its own animation frame, and only while on screen. The batch the panel's
 * scrubber holds is marked on each with a line.
 */
export const ProgressCharts = memo(function ProgressCharts({
  progress,
  selected,
}: {
  progress: readonly QueryProgress[];
  /** The batch the scrubber holds: marked on every chart. */
  selected?: number;
}) {
  const [all, setAll] = useState(false);
  const points = useMemo(() => triggerPoints(progress), [progress]);
  const shown = useMemo(() => (all ? points : points.slice(-RECENT_TRIGGERS)), [points, all]);
  const partsKey = durationParts(shown).join(",");
  const parts = useMemo(() => (partsKey ? partsKey.split(",") : []), [partsKey]);
  const data = useMemo(() => shown.map((p) => chartPoint(p, parts)), [shown, parts]);
  const partSeries = useMemo(() => parts.map(durationSeries), [parts]);
  const state = hasState(shown);
  const watermark = hasWatermark(shown);
  if (points.length === 0) return <div className="charts-empty">Charts appear after the first trigger.</div>;
  return (
    <div className="charts-area">
      {points.length > RECENT_TRIGGERS && (
        <fieldset className="charts-range">
          <legend>Triggers drawn</legend>
          <button type="button" aria-pressed={!all} onClick={() => setAll(false)}>
            Last {RECENT_TRIGGERS}
          </button>
          <button type="button" aria-pressed={all} onClick={() => setAll(true)}>
            All {Math.min(points.length, PROGRESS_KEPT)}
          </button>
        </fieldset>
      )}
      <div className="charts" data-points={points.length} data-selected-batch={selected}>
        <Chart
          title="Input rate vs process rate (rows/s)"
          kind="line"
          data={data}
          series={RATES}
          selected={selected}
        />
        <Chart title="Input rows per batch" kind="bar" data={data} series={INPUT_ROWS} selected={selected} />
        <Chart title="Batch duration (ms)" kind="stack" data={data} series={partSeries} selected={selected} />
        {state && (
          <Chart title="State rows" kind="line" data={data} series={STATE_ROWS} selected={selected} />
        )}
        {state && (
          <Chart
            title="State memory"
            kind="line"
            data={data}
            series={STATE_MEMORY}
            format={bytesTick}
            selected={selected}
          />
        )}
        {watermark && (
          <Chart
            title="Global watermark gap"
            kind="line"
            data={data}
            series={WATERMARK_GAP}
            format={durationTick}
            selected={selected}
          />
        )}
      </div>
    </div>
  );
});

/** A trigger as one flat record, so every series reads a plain key (a stacked part missing from it is 0). */
function chartPoint(p: TriggerPoint, parts: readonly string[]): Point {
  const point: Point = {
    ...p,
    watermarkGapMs: p.watermarkGapMs ?? null,
    eventTimeGapMs: p.eventTimeGapMs ?? null,
  };
  for (const part of parts) point[durationKey(part)] = p.durations[part] ?? 0;
  return point;
}

/** No dots: recharts reads a dotted key as a path. */
const durationKey = (part: string) => `durationMs_${part}`;

function durationSeries(part: string, i: number): Series {
  return { key: durationKey(part), name: part, color: seriesColor(i) };
}

const bytesTick = (v: unknown) => formatBytes(Number(v));
const durationTick = (v: unknown) => formatDuration(Number(v));
/** Rates and counts reach millions. */
const numberTick = (v: unknown) => formatCompactNumber(Number(v));

interface ChartProps {
  title: string;
  kind: "line" | "bar" | "stack";
  data: readonly Point[];
  series: readonly Series[];
  format?: (v: unknown) => string;
  selected?: number;
}

/**
 * A chart's frame and key; the plot redraws when its turn comes (drawQueue). The tooltip is there while the
 * pointer is: recharts' Tooltip alone costs about as much as the rest of a chart on every redraw.
 */
function Chart({ title, kind, data, series, format, selected }: ChartProps) {
  const ref = useRef<HTMLElement>(null);
  const visible = useVisible(ref);
  const drawn = useDrawnValue(data, visible);
  const [pointer, setPointer] = useState(false);
  return (
    <figure
      className="chart"
      ref={ref}
      onPointerEnter={() => setPointer(true)}
      onPointerLeave={() => setPointer(false)}
    >
      <figcaption>{title}</figcaption>
      {/* The key is plain HTML: recharts' Legend measures itself on every redraw. */}
      <ul className="chart-key">
        {series.map((s) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: s.color }} />
            {s.name}
          </li>
        ))}
      </ul>
      <SelectedBatch.Provider value={selected}>
        <Plot kind={kind} data={drawn} series={series} format={format} tooltip={pointer} />
      </SelectedBatch.Provider>
    </figure>
  );
}

/**
 * The batch the scrubber holds, for the line that marks it. It reaches the line through context, past the memoised
 * plot, and the line is drawn from the chart's scale rather than as a recharts ReferenceLine (which registers in
 * the chart's store on every render, and each registration recomputes the whole chart): a step of the scrubber
 * redraws one SVG line per chart.
 */
const SelectedBatch = createContext<number | undefined>(undefined);

function SelectedLine() {
  const selected = useContext(SelectedBatch);
  const x = useXAxisScale();
  const area = usePlotArea();
  const at = selected === undefined ? undefined : x?.(`#${selected}`, { position: "middle" });
  if (at === undefined || !area) return null;
  return (
    <line
      className="selected-batch-line"
      x1={at}
      x2={at}
      y1={area.y}
      y2={area.y + area.height}
      stroke="var(--accent)"
      strokeWidth={2}
    />
  );
}

const TOOLTIP_STYLE = { background: "var(--panel)", border: "1px solid var(--border)" };

/** About this many labels on the x axis; a fixed interval spares recharts measuring every label. */
const X_LABELS = 6;

/** Room on the right for the last x label (centred on the last point) and below for the axis title. */
const MARGIN = { top: 6, right: 16, bottom: 2, left: 0 };
const X_TITLE = { value: "batch", position: "insideBottom", fontSize: 11, fill: "var(--muted)" } as const;

const Plot = memo(function Plot({
  kind,
  data,
  series,
  format,
  tooltip,
}: Omit<ChartProps, "title" | "selected"> & { tooltip: boolean }) {
  const rows = data as Point[];
  const tickFormatter = format ?? numberTick;
  const right = series.some((s) => s.right);
  const axes = [
    <CartesianGrid key="g" strokeDasharray="3 3" stroke="var(--grid)" />,
    <XAxis
      key="x"
      dataKey="label"
      tick={TICK}
      stroke="var(--muted)"
      height={34}
      label={X_TITLE}
      interval={Math.max(0, Math.ceil(rows.length / X_LABELS) - 1)}
    />,
    <YAxis
      key="y"
      yAxisId="left"
      tick={YTICK}
      width={56}
      stroke="var(--muted)"
      tickFormatter={tickFormatter}
      interval={0}
    />,
    right && (
      <YAxis
        key="y2"
        yAxisId="right"
        orientation="right"
        tick={YTICK}
        width={48}
        stroke="var(--muted)"
        tickFormatter={tickFormatter}
        interval={0}
      />
    ),
    <SelectedLine key="s" />,
    tooltip && (
      <Tooltip
        key="t"
        contentStyle={TOOLTIP_STYLE}
        isAnimationActive={false}
        formatter={(v) => tickFormatter(v)}
      />
    ),
  ];
  return (
    <ResponsiveContainer width="100%" height={184}>
      {kind === "bar" ? (
        <BarChart data={rows} margin={MARGIN}>
          {axes}
          {series.map((s) => (
            <Bar
              key={s.key}
              yAxisId="left"
              dataKey={s.key}
              name={s.name}
              fill={s.color}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      ) : kind === "stack" ? (
        <AreaChart data={rows} margin={MARGIN}>
          {axes}
          {series.map((s) => (
            <Area
              key={s.key}
              yAxisId="left"
              type="linear"
              dataKey={s.key}
              name={s.name}
              stackId="d"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.6}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      ) : (
        // Each line is an Area with no fill: recharts' Line asks the browser for its path's length
        // (getTotalLength, for its draw-in animation) on every render, animated or not, and that measuring
        // forces the page's style and layout in the middle of the redraw (bench P4).
        <AreaChart data={rows} margin={MARGIN}>
          {axes}
          {series.map((s) => (
            <Area
              key={s.key}
              yAxisId={s.right ? "right" : "left"}
              type="linear"
              dataKey={s.key}
              name={s.name}
              stroke={s.color}
              strokeWidth={s.width}
              strokeDasharray={s.dash}
              fill="none"
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          ))}
        </AreaChart>
      )}
    </ResponsiveContainer>
  );
});
