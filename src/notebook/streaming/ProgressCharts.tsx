import { memo } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { QueryProgress } from "../../kernel/protocol";
import { formatBytes } from "../outputs/format";
import { durationParts, hasState, hasWatermark, type TriggerPoint, triggerPoints } from "./chartData";

const COLORS = ["#2f6fde", "#e8833a", "#3aa675", "#c94f7c", "#8a63d2", "#b0a030", "#3ab0c4", "#777"];

/**
 * The per-trigger charts of Spark's Structured Streaming UI: input vs process rate, input rows, batch duration
 * split into its durationMs parts, state rows and memory, and the watermark gap once there is a watermark.
 */
export const ProgressCharts = memo(function ProgressCharts({
  progress,
}: {
  progress: readonly QueryProgress[];
}) {
  const points = triggerPoints(progress);
  if (points.length === 0) return <div className="charts-empty">Charts appear after the first trigger.</div>;
  const parts = durationParts(points);
  return (
    <div className="charts" data-points={points.length}>
      <Chart title="Input rate vs process rate (rows/s)">
        <LineChart data={points}>
          {axes()}
          <Line
            dataKey="inputRowsPerSecond"
            name="input rows/s"
            stroke={COLORS[0]}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="processedRowsPerSecond"
            name="processed rows/s"
            stroke={COLORS[1]}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </Chart>
      <Chart title="Input rows per batch">
        <BarChart data={points}>
          {axes()}
          <Bar dataKey="numInputRows" name="input rows" fill={COLORS[0]} isAnimationActive={false} />
        </BarChart>
      </Chart>
      <Chart title="Batch duration (ms)">
        <BarChart data={points}>
          {axes()}
          {parts.map((part, i) => (
            <Bar
              key={part}
              dataKey={(p: TriggerPoint) => p.durations[part] ?? 0}
              name={part}
              stackId="d"
              fill={COLORS[i % COLORS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </Chart>
      {hasState(points) && (
        <Chart title="State rows">
          <LineChart data={points}>
            {axes()}
            <Line
              dataKey="stateRowsTotal"
              name="rows total"
              stroke={COLORS[2]}
              strokeWidth={3}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="stateRowsUpdated"
              name="rows updated"
              stroke={COLORS[3]}
              strokeDasharray="5 3"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="stateRowsDropped"
              name="dropped by watermark"
              stroke={COLORS[4]}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </Chart>
      )}
      {hasState(points) && (
        <Chart title="State memory">
          <LineChart data={points}>
            {axes((v) => formatBytes(Number(v)))}
            <Line
              dataKey="stateMemoryBytes"
              name="memory used"
              stroke={COLORS[5]}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </Chart>
      )}
      {hasWatermark(points) && (
        <Chart title="Global watermark gap (s)">
          <LineChart data={points}>
            {axes()}
            <Line
              dataKey={(p: TriggerPoint) => (p.watermarkGapMs === undefined ? null : p.watermarkGapMs / 1000)}
              name="trigger time − watermark"
              stroke={COLORS[6]}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          </LineChart>
        </Chart>
      )}
    </div>
  );
});

function axes(format?: (v: unknown) => string) {
  return [
    <CartesianGrid key="g" strokeDasharray="3 3" stroke="var(--grid)" />,
    <XAxis key="x" dataKey="label" tick={{ fontSize: 11 }} stroke="var(--muted)" />,
    <YAxis key="y" tick={{ fontSize: 11 }} width={56} stroke="var(--muted)" tickFormatter={format} />,
    <Tooltip key="t" contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />,
    <Legend key="l" wrapperStyle={{ fontSize: 11 }} />,
  ];
}

function Chart({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={170}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
