import { useEffect } from "react";
import { LoadingBar } from "./app/LoadingBar";
import { Notice } from "./app/Notice";
import { Sidebar } from "./app/Sidebar";
import { Toolbar } from "./app/Toolbar";
import { CellView } from "./cells/CellView";
import { useCommandMode } from "./commandMode";
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
      <div className="workspace">
        <main className="cells" aria-label="Notebook cells">
          {cells.map((cell, i) => (
            <CellView key={cell.id} cell={cell} index={i} />
          ))}
          <div className="add-cells">
            <button type="button" onClick={() => actions.insertCell({ where: "end", type: "code" })}>
              + Code
            </button>
            <button type="button" onClick={() => actions.insertCell({ where: "end", type: "python" })}>
              + Python
            </button>
            <button type="button" onClick={() => actions.insertCell({ where: "end", type: "sql" })}>
              + SQL
            </button>
            <button type="button" onClick={() => actions.insertCell({ where: "end", type: "markdown" })}>
              + Markdown
            </button>
          </div>
        </main>
        <Sidebar />
      </div>
    </div>
  );
}
