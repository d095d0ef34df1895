/**
 * What the page's main thread ran during a measured window, from a Chromium trace (the categories of DevTools'
 * Performance panel): every task's wall time and the CPU time its thread had in it, and for each long task what
 * started it (an animation frame, a message from the kernel, a timer), from which script, and how much of it
 * was garbage collection, style and layout, or paint. On a shared machine a task's wall time is mostly waiting
 * for a core; its CPU time is the page's own cost, so both are counted.
 */
import type { Browser, Page } from "@playwright/test";

/** A long task as the browser defines it. */
export const LONG_TASK_MS = 50;

export interface MainThreadTasks {
  tasks: number;
  /** Tasks over LONG_TASK_MS of wall time (what PerformanceObserver("longtask") reports). */
  overWall: number;
  /** Tasks whose thread had over LONG_TASK_MS of CPU time: long on an idle machine too. */
  overCpu: number;
  longestWallMs: number;
  longestCpuMs: number;
  /** The main thread's CPU time in all tasks, over the window's length. */
  busyShare: number;
  /** The long tasks (by wall time) grouped by what started them, most first: one line each. */
  causes: string[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { type?: string; functionName?: string; url?: string } };
}

const CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "toplevel",
  "blink.user_timing",
];
/** User-timing marks that bound the window in the trace's clock (starting and stopping a trace cost tasks). */
const FROM = "p4-window-start";
const TO = "p4-window-end";

/** Runs `during` with the page traced; the tasks are those of the page's main thread in that time. */
export async function traceMainThread<T>(
  browser: Browser,
  page: Page,
  during: () => Promise<T>,
): Promise<{ value: T; tasks: MainThreadTasks }> {
  let trace: Buffer = Buffer.alloc(0);
  await browser.startTracing(page, { categories: CATEGORIES });
  const mark = (name: string) => page.evaluate((n) => void performance.mark(n), name);
  const value = await mark(FROM)
    .then(during)
    .finally(() =>
      mark(TO)
        .then(() => browser.stopTracing())
        .then((t) => (trace = t)),
    );
  return { value, tasks: mainThreadTasks(JSON.parse(trace.toString("utf8")).traceEvents) };
}

export function mainThreadTasks(events: TraceEvent[]): MainThreadTasks {
  const threads = new Map<string, number>();
  const key = (e: TraceEvent) => `${e.pid}:${e.tid}`;
  const renderers = new Set(
    events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map(key),
  );
  for (const e of events)
    if (e.name === "RunTask" && renderers.has(key(e))) threads.set(key(e), (threads.get(key(e)) ?? 0) + 1);
  // The page's renderer main thread is the one that ran the most tasks.
  const main = [...threads].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = events
    .filter((e) => e.ph === "X" && key(e) === main)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const at = (name: string) => events.find((e) => e.name === name)?.ts;
  const [from, to] = [at(FROM) ?? 0, at(TO) ?? Number.POSITIVE_INFINITY];
  const tasks = own.filter((e) => e.name === "RunTask" && e.ts >= from && e.ts <= to);
  const long = LONG_TASK_MS * 1000;
  const span = tasks.length > 1 ? tasks.at(-1)!.ts + (tasks.at(-1)!.dur ?? 0) - tasks[0].ts : 1;
  const groups = new Map<
    string,
    { wall: number[]; cpu: number[]; gc: number; layout: number; paint: number }
  >();
  let i = 0;
  for (const task of tasks) {
    while (own[i] !== task) i++;
    if ((task.dur ?? 0) <= long) continue;
    const inside: TraceEvent[] = [];
    const end = task.ts + (task.dur ?? 0);
    for (let j = i + 1; j < own.length && own[j].ts < end; j++) inside.push(own[j]);
    const cause = causeOf(inside);
    const g = groups.get(cause) ?? { wall: [], cpu: [], gc: 0, layout: 0, paint: 0 };
    g.wall.push((task.dur ?? 0) / 1000);
    g.cpu.push((task.tdur ?? 0) / 1000);
    g.gc += timeIn(inside, GC);
    g.layout += timeIn(inside, LAYOUT);
    g.paint += timeIn(inside, PAINT);
    groups.set(cause, g);
  }
  const range = (xs: number[]) => {
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)].map(Math.round);
    return lo === hi ? `${lo}` : `${lo}–${hi}`;
  };
  const causes = [...groups]
    .sort((a, b) => b[1].wall.length - a[1].wall.length)
    .map(([cause, g]) => {
      const n = g.wall.length;
      const of = (ms: number) => Math.round(ms / n);
      return (
        `${n} × ${cause}: wall ${range(g.wall)} ms, CPU ${range(g.cpu)} ms ` +
        `(per task GC ${of(g.gc)}, style/layout ${of(g.layout)}, paint ${of(g.paint)} ms)`
      );
    });
  return {
    tasks: tasks.length,
    overWall: tasks.filter((t) => (t.dur ?? 0) > long).length,
    overCpu: tasks.filter((t) => (t.tdur ?? 0) > long).length,
    longestWallMs: Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)),
    longestCpuMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? 0) / 1000)),
    busyShare: tasks.reduce((sum, t) => sum + (t.tdur ?? 0), 0) / span,
    causes,
  };
}

const GC = new Set(["MajorGC", "MinorGC"]);
const LAYOUT = new Set(["UpdateLayoutTree", "Layout"]);
const PAINT = new Set(["PrePaint", "Paint", "Layerize"]);

/** Milliseconds of the events named in `names` (top-level ones: GC inside GC is not counted twice). */
function timeIn(events: TraceEvent[], names: Set<string>): number {
  let sum = 0;
  let until = 0;
  for (const e of events) {
    if (!names.has(e.name) || e.ts < until) continue;
    sum += e.dur ?? 0;
    until = e.ts + (e.dur ?? 0);
  }
  return sum / 1000;
}

/**
 * What started a task: "animation frame, index.js" (the script of its first function call). A frame's rendering
 * task dispatches CSS animation events and then runs the frame's callbacks, so of several starts the one that
 * took the most time names it.
 */
function causeOf(events: TraceEvent[]): string {
  const starts = events.filter((e) => STARTS[e.name] !== undefined);
  const start = starts.reduce<TraceEvent | undefined>(
    (a, e) => (!a || (e.tdur ?? e.dur ?? 0) > (a.tdur ?? a.dur ?? 0) ? e : a),
    undefined,
  );
  const call =
    start?.name === "FunctionCall"
      ? start
      : events.find((e) => e.name === "FunctionCall" && e.args?.data?.url && e.ts >= (start?.ts ?? 0));
  const script = call?.args?.data?.url ? scriptName(call.args.data.url) : undefined;
  const what =
    start === undefined
      ? (events.find((e) => GC.has(e.name) || LAYOUT.has(e.name) || PAINT.has(e.name))?.name ?? "other")
      : start.name === "EventDispatch"
        ? `${start.args?.data?.type ?? "?"} event`
        : STARTS[start.name];
  return script ? `${what}, ${script}` : what;
}

const STARTS: Record<string, string> = {
  FireAnimationFrame: "animation frame",
  EventDispatch: "event",
  TimerFire: "timer",
  FireIdleCallback: "idle callback",
  /** A script called without an event: a worker's message (the kernel's), a promise's continuation. */
  FunctionCall: "script",
  ParseHTML: "HTML parsing",
};

/** A built chunk's name without its content hash: "editor.api" for Monaco, "index" for the app. */
function scriptName(url: string): string {
  const file = url.split("/").pop() ?? url;
  return file.replace(/-[\w-]{8}\.js$/, ".js");
}
