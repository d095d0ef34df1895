import type { SVGProps } from "react";

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
  textAnchor?: SVGProps<SVGTextElement>["textAnchor"];
  tickFormatter?: (value: never, index: number) => string;
  vertical?: boolean;
}

/** A plain SVG label: recharts' own tick text splits and measures its words on every redraw. */
function Tick({ x, y, payload, textAnchor, tickFormatter, vertical }: TickProps) {
  const value = payload?.value;
  return (
    <text
      x={x}
      y={y}
      dy={vertical ? "0.32em" : "0.71em"}
      textAnchor={textAnchor}
      fontSize={11}
      fill="var(--muted)"
    >
      {tickFormatter ? tickFormatter(value as never, 0) : String(value)}
    </text>
  );
}
/** Tick renderers for an x axis and a y axis. */
export const TICK = (props: TickProps) => <Tick {...props} />;
export const YTICK = (props: TickProps) => <Tick {...props} vertical />;
