import { memo, useMemo, useSyncExternalStore } from "react";
import { CodeEditor } from "../editor/CodeEditor";
import { StoredOutputsNote } from "../files/StoredOutputsNote";
import type { RunKey } from "../keyboard";
import { type Cell, type CellType, codeCellType } from "../model/notebook";
import { OutputView } from "../outputs/OutputView";
import { useActions, useAppState, useSession } from "../SessionContext";
import { Icon, type IconName } from "../ui/icons";
import { MarkdownBody } from "./MarkdownBody";
import { mathLoaded, onMathLoaded, renderMarkdown } from "./markdown";

/** One cell: its gutter (execution count), toolbar, editor or rendered markdown, and outputs. */
export const CellView = memo(function CellView({ cell, index }: { cell: Cell; index: number }) {
  const session = useSession();
  const actions = useActions();
  const selected = useAppState((s) => s.selected === cell.id);
  const editing = useAppState((s) => s.selected === cell.id && s.mode === "edit");
  const run = useAppState((s) => s.running[cell.id]);
  const stored = useAppState((s) => s.storedOutputs[cell.id] ?? false);
  const editingMarkdown = useAppState((s) => s.editingMarkdown[cell.id] ?? cell.source.trim() === "");
  // Rendered again once KaTeX has loaded, if a formula asked for it (markdown.ts).
  const math = useSyncExternalStore(onMathLoaded, mathLoaded);
  // biome-ignore lint/correctness/useExhaustiveDependencies: math re-renders a formula shown as TeX
  const html = useMemo(
    () => (cell.type === "markdown" ? renderMarkdown(cell.source) : ""),
    [cell.type, cell.source, math],
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
      // Focusable, so command mode's keys reach it (commandMode.ts puts the focus here).
      tabIndex={-1}
      data-cell-index={index}
      data-cell-type={cell.type}
      data-run-state={run ?? "idle"}
      onClick={(e) => {
        // A click in the editor is edit mode (the editor's focus says so), the toolbar acts on its own;
        // anywhere else in the cell is command mode on it, as in Jupyter.
        if ((e.target as Element).closest(".code-editor, .cell-toolbar")) return;
        const state = session.store.get();
        if (state.selected !== cell.id || state.mode !== "command")
          actions.selectCell({ id: cell.id, mode: "command" });
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
        <CellToolbar cell={cell} onRun={() => onRun("run")} />
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
          <MarkdownBody html={html} onOpen={() => actions.editMarkdown({ id: cell.id })} />
        )}
        {cell.outputs.length > 0 && (
          <fieldset className="outputs" aria-label="Cell output" data-stored={stored || undefined}>
            {stored && <StoredOutputsNote />}
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

const TYPE_NAMES: Record<CellType, string> = {
  code: "TypeScript",
  python: "Python",
  sql: "SQL",
  markdown: "Markdown",
};

/**
 * A cell's header: its type (a select that changes it; the notebook's language first) and, on the selected or
 * hovered cell, its actions. It is a row of its own above the editor, so it never covers the code. Its
 * buttons keep the focus where it was (a click on them is not a place to type).
 */
function CellToolbar({ cell, onRun }: { cell: Cell; onRun: () => void }) {
  const actions = useActions();
  const first = useAppState((s) => codeCellType(s.notebook));
  const types = [first, ...(["code", "python", "sql", "markdown"] as const).filter((t) => t !== first)];
  const button = (name: IconName, label: string, title: string, onClick: () => void) => (
    <button
      type="button"
      className="icon-button"
      title={title}
      aria-label={label}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
    >
      <Icon name={name} />
    </button>
  );
  return (
    <div className="cell-toolbar">
      <select
        className="cell-type"
        aria-label="Cell type"
        value={cell.type}
        onChange={(e) => {
          actions.changeCellType({ id: cell.id, type: e.target.value as CellType });
          actions.selectCell({ id: cell.id, mode: "command" });
        }}
      >
        {types.map((t) => (
          <option key={t} value={t}>
            {TYPE_NAMES[t]}
          </option>
        ))}
      </select>
      <span className="cell-actions">
        {button("run", "Run cell", "Run (Ctrl+Enter)", onRun)}
        {button("up", "Move cell up", "Move up (Shift+K)", () =>
          actions.moveCell({ id: cell.id, delta: -1 }),
        )}
        {button("down", "Move cell down", "Move down (Shift+J)", () =>
          actions.moveCell({ id: cell.id, delta: 1 }),
        )}
        {button("trash", "Delete cell", "Delete (D, D; Z brings it back)", () =>
          actions.deleteCell({ id: cell.id }),
        )}
      </span>
    </div>
  );
}
