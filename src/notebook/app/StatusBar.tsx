import type { NotebookLanguage } from "../model/notebook";
import { useActions, useAppState } from "../SessionContext";
import { KernelStatus } from "./Toolbar";

/**
 * JupyterLab's status bar: the mode (so command mode is never a surprise: it says where keys go), the
 * notebook's language, which new code cells take and which its .ipynb names as its kernel, and the kernel's
 * state.
 */
export function StatusBar() {
  const actions = useActions();
  const mode = useAppState((s) => s.mode);
  const index = useAppState((s) => s.notebook.cells.findIndex((c) => c.id === s.selected));
  const count = useAppState((s) => s.notebook.cells.length);
  const language = useAppState((s) => s.notebook.language ?? "typescript");
  return (
    <footer className="statusbar">
      <span className={`mode mode-${mode}`} data-mode={mode}>
        {mode === "edit" ? "Edit" : "Command"} mode
        {index >= 0 && (
          <span className="muted">
            {" "}
            · cell {index + 1} of {count}
          </span>
        )}
      </span>
      <label className="language">
        <span className="muted">Language</span>
        <select
          aria-label="Notebook language"
          title="The notebook's language: what new code cells (Y, + Code) are, and the kernel its .ipynb names"
          value={language}
          onChange={(e) => actions.setNotebookLanguage({ language: e.target.value as NotebookLanguage })}
        >
          <option value="typescript">TypeScript</option>
          <option value="python">Python</option>
        </select>
      </label>
      <KernelStatus />
    </footer>
  );
}
