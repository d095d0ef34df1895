import { memo, useMemo } from "react";
import { CodeEditor } from "../editor/CodeEditor";
import type { RunKey } from "../keyboard";
import type { Cell, CellType } from "../model/notebook";
import { OutputView } from "../outputs/OutputView";
import { useActions, useAppState, useSession } from "../SessionContext";
import { renderMarkdown } from "./markdown";

/** One cell: its gutter (execution count), toolbar, editor or rendered markdown, and outputs. */
export const CellView = memo(function CellView({ cell, index }: { cell: Cell; index: number }) {
  const session = useSession();
  const actions = useActions();
  const selected = useAppState((s) => s.selected === cell.id);
  const editing = useAppState((s) => s.selected === cell.id && s.mode === "edit");
  const run = useAppState((s) => s.running[cell.id]);
  const editingMarkdown = useAppState((s) => s.editingMarkdown[cell.id] ?? cell.source.trim() === "");
  const html = useMemo(
    () => (cell.type === "markdown" ? renderMarkdown(cell.source) : ""),
    [cell.type, cell.source],
  );

  const onRun = (how: RunKey) => session.runAndAdvance(cell.id, how);
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
        if (!selected) actions.selectCell({ id: cell.id, mode: "command" });
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
            onChange={(e) => actions.changeCellType({ id: cell.id, type: e.target.value as CellType })}
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
            onClick={() => actions.moveCell({ id: cell.id, delta: -1 })}
          >
            ↑
          </button>
          <button
            type="button"
            title="Move down"
            aria-label="Move cell down"
            onClick={() => actions.moveCell({ id: cell.id, delta: 1 })}
          >
            ↓
          </button>
          <button
            type="button"
            title="Delete (D, D)"
            aria-label="Delete cell"
            onClick={() => actions.deleteCell({ id: cell.id })}
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
            onChange={(source) => actions.updateCellSource({ id: cell.id, source })}
            onRun={onRun}
            onEscape={() => actions.selectCell({ id: cell.id, mode: "command" })}
            onFocus={() => actions.selectCell({ id: cell.id, mode: "edit" })}
            onSplit={(offset) => actions.splitCell({ id: cell.id, offset })}
            error={error}
          />
        ) : (
          // biome-ignore lint/a11y/noStaticElementInteractions: double-click edits, as in Jupyter (Enter does too)
          <div
            className="markdown-body"
            // Sanitized by DOMPurify in renderMarkdown.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized above
            dangerouslySetInnerHTML={{ __html: html }}
            onDoubleClick={() => actions.editMarkdown({ id: cell.id })}
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
