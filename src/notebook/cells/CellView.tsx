import { memo, useMemo } from "react";
import { CodeEditor, type RunKey } from "../editor/CodeEditor";
import type { Cell, CellType } from "../model/notebook";
import { OutputView } from "../outputs/OutputView";
import { useAppState, useSession } from "../SessionContext";
import { renderMarkdown } from "./markdown";

/** One cell: its gutter (execution count), toolbar, editor or rendered markdown, and outputs. */
export const CellView = memo(function CellView({ cell, index }: { cell: Cell; index: number }) {
  const session = useSession();
  const selected = useAppState((s) => s.selected === cell.id);
  const editing = useAppState((s) => s.selected === cell.id && s.mode === "edit");
  const run = useAppState((s) => s.running[cell.id]);
  const editingMarkdown = useAppState((s) => s.editingMarkdown[cell.id] ?? cell.source.trim() === "");
  const html = useMemo(
    () => (cell.type === "markdown" ? renderMarkdown(cell.source) : ""),
    [cell.type, cell.source],
  );

  const onRun = (how: RunKey) => runCell(session, cell.id, how);
  const error = useMemo(() => {
    for (const o of cell.outputs) {
      if (o.kind === "error" && o.error.line)
        return { line: o.error.line, column: o.error.column, message: `${o.error.name}: ${o.error.message}` };
    }
    return undefined;
  }, [cell.outputs]);
  const showEditor = cell.type !== "markdown" || editingMarkdown;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click selects the cell; keys go through command mode
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      id={`cell-${cell.id}`}
      className={`cell cell-${cell.type}${selected ? " selected" : ""}${editing ? " editing" : ""}`}
      data-cell-index={index}
      data-cell-type={cell.type}
      data-run-state={run ?? "idle"}
      onClick={() => {
        if (!selected) session.select(cell.id, "command");
      }}
    >
      <div className="gutter" title="Execution count">
        {cell.type === "markdown"
          ? ""
          : run
            ? run === "running"
              ? "[*]"
              : "[ ]"
            : `[${cell.executionCount ?? " "}]`}
      </div>
      <div className="cell-main">
        <div className="cell-toolbar">
          <select
            aria-label="Cell type"
            value={cell.type}
            onChange={(e) => session.changeType(cell.id, e.target.value as CellType)}
          >
            <option value="code">TypeScript</option>
            <option value="python">Python</option>
            <option value="sql">SQL</option>
            <option value="markdown">Markdown</option>
          </select>
          <button type="button" title="Run (Shift+Enter)" aria-label="Run cell" onClick={() => onRun("run")}>
            ▶
          </button>
          <button
            type="button"
            title="Move up"
            aria-label="Move cell up"
            onClick={() => session.move(cell.id, -1)}
          >
            ↑
          </button>
          <button
            type="button"
            title="Move down"
            aria-label="Move cell down"
            onClick={() => session.move(cell.id, 1)}
          >
            ↓
          </button>
          <button
            type="button"
            title="Delete (D, D)"
            aria-label="Delete cell"
            onClick={() => session.remove(cell.id)}
          >
            ✕
          </button>
        </div>
        {showEditor ? (
          <CodeEditor
            cellId={cell.id}
            value={cell.source}
            language={cell.type === "code" ? "typescript" : cell.type}
            focused={editing}
            onChange={(v) => session.setSource(cell.id, v)}
            onRun={onRun}
            onEscape={() => session.select(cell.id, "command")}
            onFocus={() => session.select(cell.id, "edit")}
            onSplit={(offset) => session.split(cell.id, offset)}
            error={error}
          />
        ) : (
          // biome-ignore lint/a11y/noStaticElementInteractions: double-click edits, as in Jupyter (Enter does too)
          <div
            className="markdown-body"
            // Sanitized by DOMPurify in renderMarkdown.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized above
            dangerouslySetInnerHTML={{ __html: html }}
            onDoubleClick={() => session.editMarkdown(cell.id)}
          />
        )}
        {cell.outputs.length > 0 && (
          <fieldset className="outputs" aria-label="Cell output">
            {cell.outputs.map((item, i) => (
              // Outputs only grow while a cell runs, and are replaced whole when it runs again.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <OutputView key={i} item={item} />
            ))}
          </fieldset>
        )}
      </div>
    </div>
  );
});

/** Shift+Enter runs and moves on (adding a cell at the end), Ctrl+Enter runs, Alt+Enter runs and inserts. */
export function runCell(session: ReturnType<typeof useSession>, id: string, how: RunKey): void {
  void session.runCell(id);
  if (how === "run") {
    session.select(id, "command");
  } else if (how === "run-next") {
    const cells = session.store.get().notebook.cells;
    const next = cells[cells.findIndex((c) => c.id === id) + 1];
    if (next) session.select(next.id, "command");
    else session.insert("below", "code");
  } else {
    session.insert("below", "code");
  }
}
