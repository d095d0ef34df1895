import { useAppState } from "../SessionContext";
import type { FileState } from "../state/AppState";
import "./files.css";

const LABELS: Record<FileState["status"], string> = {
  saved: "Saved",
  dirty: "Unsaved changes",
  saving: "Saving…",
  conflict: "Not saved: changed in another tab",
  error: "Not saved",
};

/** Whether the notebook is stored as it is now, next to its name (as JupyterLab's dirty mark and status). */
export function SaveStatus() {
  const file = useAppState((s) => s.file);
  const time = file.savedAt ? new Date(file.savedAt).toLocaleTimeString() : undefined;
  return (
    <span
      className={`save-status ${file.status}`}
      role="status"
      aria-label="Save status"
      title={[file.path, time && `last saved at ${time}`].filter(Boolean).join(", ")}
    >
      {LABELS[file.status]}
    </span>
  );
}
