import { useSyncExternalStore } from "react";
import type { DripState, KernelInfo, OutputItem } from "../kernel/protocol";
import type { Notebook } from "./model/notebook";
import type { Queries } from "./streaming/queries";

export type RunState = "queued" | "running";

export interface KernelState {
  phase: "starting" | "ready" | "restarting" | "dead";
  stage: string;
  fraction: number;
  info?: KernelInfo;
  error?: string;
}

/** Everything the UI draws. Immutable: every change makes a new object, so React sees what changed. */
export interface AppState {
  notebook: Notebook;
  running: Readonly<Record<string, RunState>>;
  selected: string | null;
  mode: "command" | "edit";
  /** Markdown cells shown as source. */
  editingMarkdown: Readonly<Record<string, boolean>>;
  queries: Queries;
  kernel: KernelState;
  /** Python (Pyodide) while it loads, on the first Python cell. */
  python?: { stage: string; fraction: number };
  drip: DripState;
  /** Bumped whenever files change, so the file browser reloads. */
  filesVersion: number;
  /** Where the notebook came from: shown until it is saved. */
  origin: "storage" | "example" | "url" | "file" | "new";
  notice?: { text: string; kind: "info" | "error" };
}

type Listener = () => void;

/** A tiny external store: one state object, subscribers, and React's useSyncExternalStore to read it. */
export class Store<S> {
  private readonly listeners = new Set<Listener>();

  constructor(private state: S) {}

  get(): S {
    return this.state;
  }

  set(change: Partial<S> | ((state: S) => Partial<S>)): void {
    const partial = typeof change === "function" ? change(this.state) : change;
    this.state = { ...this.state, ...partial };
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useStore<S, T>(store: Store<S>, select: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}

/** Appends an output to a cell's list, merging consecutive text of the same stream (as Jupyter does). */
export function appendOutput(outputs: OutputItem[], item: OutputItem): OutputItem[] {
  const last = outputs.at(-1);
  if (item.kind === "stream" && last?.kind === "stream" && last.name === item.name) {
    const text = (last.text + item.text).slice(-200_000);
    return [...outputs.slice(0, -1), { ...last, text }];
  }
  if (item.kind === "query" && outputs.some((o) => o.kind === "query" && o.queryId === item.queryId))
    return outputs;
  return [...outputs, item];
}
