import type { AppState, FileState } from "./AppState";

/** The notebook file's actions: edits make it dirty; the session reports saves, conflicts and failures. */
export const fileHandlers = {
  /** An edit: the stored file is behind (a conflict stays a conflict until the user chooses). */
  notebookEdited(state: AppState): AppState {
    return state.file.status === "saved" ? withFile(state, { status: "dirty" }) : state;
  },

  fileSaving(state: AppState): AppState {
    return withFile(state, { status: "saving" });
  },

  /** The notebook is stored at `path` as it was when the save began (`dirty`: edits came in since). */
  fileSaved(
    state: AppState,
    { path, at, dirty = false }: { path: string; at: number; dirty?: boolean },
  ): AppState {
    return withFile(state, { path, status: dirty ? "dirty" : "saved", savedAt: at });
  },

  /** The stored file changed since this tab read or wrote it: saving stops until the user chooses. */
  fileConflict(state: AppState): AppState {
    return withFile(state, { status: "conflict" });
  },

  fileSaveFailed(state: AppState): AppState {
    return withFile(state, { status: "error" });
  },
};

function withFile(state: AppState, change: Partial<FileState>): AppState {
  return { ...state, file: { ...state.file, ...change } };
}
