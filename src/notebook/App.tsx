import { useEffect } from "react";
import { LoadingBar } from "./app/LoadingBar";
import { Notice } from "./app/Notice";
import { Sidebar } from "./app/Sidebar";
import { StatusBar } from "./app/StatusBar";
import { Toolbar } from "./app/Toolbar";
import { CellView } from "./cells/CellView";
import { useCommandMode } from "./commandMode";
import { FileChanged } from "./files/FileChanged";
import { type CellType, codeCellType } from "./model/notebook";
import type { Session } from "./Session";
import { SessionContext, useActions, useAppState } from "./SessionContext";

export function App({ session }: { session: Session }) {
  return (
    <SessionContext.Provider value={session}>
      <Notebook />
    </SessionContext.Provider>
  );
}

/** The page: toolbar, loading bar and notices above the cells, the side panel beside them. */
function Notebook() {
  const actions = useActions();
  const cells = useAppState((s) => s.notebook.cells);
  useCommandMode();
  // The selected cell scrolls into view as the selection moves.
  const selected = useAppState((s) => s.selected);
  useEffect(() => {
    if (selected) document.getElementById(`cell-${selected}`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  return (
    <div className="app">
      <Toolbar />
      <LoadingBar />
      <Notice />
      <FileChanged />
      <div className="workspace">
        {/* Focusable, so command mode's keys reach it; a click between cells is command mode, as in Jupyter. */}
        <main
          className="cells"
          aria-label="Notebook cells"
          tabIndex={-1}
          onMouseDown={(e) => {
            if (e.target === e.currentTarget && selected)
              actions.selectCell({ id: selected, mode: "command" });
          }}
        >
          {cells.map((cell, i) => (
            <CellView key={cell.id} cell={cell} index={i} />
          ))}
          <AddCells />
        </main>
        <Sidebar />
      </div>
      <StatusBar />
    </div>
  );
}

/** Buttons that add a cell at the end, in edit mode: code in the notebook's language first. */
function AddCells() {
  const actions = useActions();
  const code = useAppState((s) => codeCellType(s.notebook));
  const add = (type: CellType) => () => actions.insertCell({ where: "end", type });
  const other = code === "python" ? "code" : "python";
  return (
    <div className="add-cells">
      <button type="button" onClick={add(code)} title="A code cell in the notebook's language">
        + Code
      </button>
      <button type="button" onClick={add(other)}>
        + {other === "python" ? "Python" : "TypeScript"}
      </button>
      <button type="button" onClick={add("sql")}>
        + SQL
      </button>
      <button type="button" onClick={add("markdown")}>
        + Markdown
      </button>
    </div>
  );
}
