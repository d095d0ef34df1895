import type { DripState, KernelInfo } from "../../kernel/protocol";
import type { AppState } from "./AppState";
import { stopped } from "./queries";

/** The kernel's actions: its loading and restarts, Python's loading, the drip, file changes, and notices. */
export const kernelHandlers = {
  kernelLoading(state: AppState, { stage, fraction }: { stage: string; fraction: number }): AppState {
    return { ...state, kernel: { ...state.kernel, stage, fraction } };
  },

  kernelReady(state: AppState, { info }: { info: KernelInfo }): AppState {
    return { ...state, kernel: { ...state.kernel, phase: "ready", stage: "Ready", fraction: 1, info } };
  },

  kernelFailed(state: AppState, { error }: { error: string }): AppState {
    return { ...state, kernel: { phase: "dead", stage: "Failed", fraction: 1, error } };
  },

  /** A new worker replaces the old one: nothing runs any more, and its queries stop (Restart resumes them). */
  kernelRestarting(state: AppState): AppState {
    return {
      ...state,
      running: {},
      kernel: { phase: "restarting", stage: "Restarting the kernel", fraction: 0.05 },
      notice: undefined,
      queries: Object.fromEntries(
        Object.entries(state.queries).map(([id, q]) => [id, stopped(q, "Stopped (kernel restarted)")]),
      ),
      pastRuns: Object.fromEntries(
        Object.keys(state.queries).map((id) => [id, state.pastRuns[id] ?? { cause: "kernel" as const }]),
      ),
    };
  },

  /** Python loads on the first Python cell; at fraction 1 it is ready and the bar goes. */
  pythonLoading(state: AppState, { stage, fraction }: { stage: string; fraction: number }): AppState {
    return { ...state, python: fraction < 1 ? { stage, fraction } : undefined };
  },

  dripChanged(state: AppState, { drip }: { drip: DripState }): AppState {
    return { ...state, drip };
  },

  /** Files changed in the kernel's storage: the file browser reloads. */
  filesChanged(state: AppState): AppState {
    return { ...state, filesVersion: state.filesVersion + 1 };
  },

  notify(state: AppState, { text, kind = "info" }: { text: string; kind?: "info" | "error" }): AppState {
    return { ...state, notice: { text, kind } };
  },

  dismissNotice(state: AppState): AppState {
    return { ...state, notice: undefined };
  },
};
