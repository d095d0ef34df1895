import { memo, useMemo, useRef } from "react";
import {
  Area,
  AreaChart,
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
import type { ChartSpec, TablePage } from "../../kernel/protocol";
import { useDrawnValue, useVisible } from "../drawQueue";
import { seriesColor } from "../ui/palette";
import { formatValue, numberOf } from "./format";

/**
 * display(rows, { chart }) draws the first page of rows as a chart above the table; a live query's chart
 * redraws in its turn (drawQueue), and only while on screen.
 */
export const RowsChart = memo(function RowsChart({ page, chart }: { page: TablePage; chart: ChartSpec }) {
  const ref = useRef<HTMLDivElement>(null);
  const data = useMemo(
    () =>
      page.rows.map((r) => {
        const point: Record<string, unknown> = { [chart.x]: formatValue(r[chart.x]) };
        for (const y of chart.y) point[y] = numberOf(r[y]);
        return point;
      }),
    [page.rows, chart],
  );
  const drawn = useDrawnValue(data, useVisible(ref));
  return (
    <div ref={ref} className="rows-chart">
      <Plot data={drawn} chart={chart} />
    </div>
  );
});

/** Room on the right for the last x label, centred on the last point. */
const MARGIN = { top: 8, right: 24, bottom: 4, left: 0 };

const Plot = memo(function Plot({ data, chart }: { data: Record<string, unknown>[]; chart: ChartSpec }) {
  const common = [
    <CartesianGrid key="g" strokeDasharray="3 3" stroke="var(--grid)" />,
    <XAxis
      key="x"
      dataKey={chart.x}
      tick={{ fontSize: 11 }}
      stroke="var(--muted)"
      height={38}
      label={{ value: chart.x, position: "insideBottom", fontSize: 11, fill: "var(--muted)" }}
    />,
    <YAxis key="y" tick={{ fontSize: 11 }} stroke="var(--muted)" />,
    <Tooltip key="t" contentStyle={{ background: "var(--panel)" }} />,
    <Legend key="l" />,
  ];
  return (
    <ResponsiveContainer width="100%" height={240}>
      {chart.type === "line" ? (
        <LineChart data={data} margin={MARGIN}>
          {common}
          {chart.y.map((y, i) => (
            <Line key={y} dataKey={y} stroke={seriesColor(i)} isAnimationActive={false} />
          ))}
        </LineChart>
      ) : chart.type === "area" ? (
        <AreaChart data={data} margin={MARGIN}>
          {common}
          {chart.y.map((y, i) => (
            <Area
              key={y}
              dataKey={y}
              stroke={seriesColor(i)}
              fill={seriesColor(i)}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      ) : (
        <BarChart data={data} margin={MARGIN}>
          {common}
          {chart.y.map((y, i) => (
            <Bar key={y} dataKey={y} fill={seriesColor(i)} isAnimationActive={false} />
          ))}
        </BarChart>
      )}
    </ResponsiveContainer>
  );
});
