import { useEffect, useRef, useState } from "react";
import { CellView } from "./cells/CellView";
import { useCommandMode } from "./commandMode";
import { loadMonaco } from "./editor/CodeEditor";
import { seedLesson, seedLessonPySpark } from "./examples/lessons";
import { DataPanel, FilesPanel } from "./files/FilesPanel";
import { emptyNotebook } from "./model/notebook";
import type { Session } from "./Session";
import { SessionContext, useActions, useAppState, useSession } from "./SessionContext";
import { QueryList } from "./streaming/QueryList";

export function App({ session }: { session: Session }) {
  return (
    <SessionContext.Provider value={session}>
      <Notebook />
    </SessionContext.Provider>
  );
}

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

function Toolbar() {
  const session = useSession();
  const actions = useActions();
  const name = useAppState((s) => s.notebook.name);
  const kernel = useAppState((s) => s.kernel);
  const busy = useAppState((s) => Object.keys(s.running).length > 0);
  const fileInput = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState(name);
  useEffect(() => setTitle(name), [name]);

  const save = (text: string, file: string) => {
    const blob = new Blob([text], { type: "application/x-ipynb+json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = file;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const download = () => save(session.ipynbText(), `${name}.ipynb`);
  const exportForSpark = async () => {
    try {
      save(await session.sparkIpynbText(), `${name} (PySpark).ipynb`);
    } catch (error) {
      actions.notify({ text: `Could not export: ${(error as Error).message}`, kind: "error" });
    }
  };

  const share = async () => {
    const url = session.shareLink();
    try {
      await navigator.clipboard.writeText(url);
      actions.notify({ text: "Share link copied: it holds the whole notebook (sources only)" });
    } catch {
      window.prompt("Share link (the notebook is in it):", url);
    }
  };

  return (
    <header className="toolbar">
      <span className="brand" aria-hidden>
        ≋
      </span>
      <h1 className="brand-name">Sluice</h1>
      <input
        className="notebook-name"
        aria-label="Notebook name"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        onBlur={() => actions.renameNotebook({ name: title })}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
      />
      <nav className="actions" aria-label="Notebook actions">
        <button type="button" onClick={() => void session.runAll()} title="Run all cells">
          ▶▶ Run all
        </button>
        <button type="button" onClick={() => void session.interrupt()} disabled={!busy} title="Interrupt (I)">
          ■ Interrupt
        </button>
        <button
          type="button"
          onClick={() => session.restartKernel()}
          aria-label="Restart kernel"
          title="Restart the kernel (queries resume from their checkpoints)"
        >
          ↻ Restart
        </button>
        <span className="separator" />
        <button type="button" onClick={() => session.open(emptyNotebook(), "new")}>
          New
        </button>
        <button type="button" onClick={() => session.open(seedLesson(), "example")}>
          Example
        </button>
        <button
          type="button"
          onClick={() => session.open(seedLessonPySpark(), "example")}
          title="The example lesson in PySpark (Python cells)"
        >
          PySpark example
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".ipynb,application/json"
          hidden
          aria-label="Open notebook file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void session.openFile(file);
            e.target.value = "";
          }}
        />
        <button
          type="button"
          onClick={download}
          aria-label="Download .ipynb"
          title="Download as a Jupyter notebook"
        >
          Download
        </button>
        <button
          type="button"
          onClick={() => void exportForSpark()}
          aria-label="Export for Spark"
          title="Save as a PySpark notebook (.ipynb) that runs on a Spark cluster"
        >
          Export to Spark
        </button>
        <button
          type="button"
          onClick={() => void share()}
          aria-label="Share link"
          title="Copy a link that holds the notebook"
        >
          Share
        </button>
      </nav>
      <span className={`kernel-state ${kernel.phase}`} role="status" aria-label="Kernel status">
        {kernel.phase === "ready"
          ? busy
            ? "Kernel busy"
            : `Kernel ready${kernel.info ? ` · DuckDB ${kernel.info.duckdbVersion}` : ""}`
          : kernel.phase === "dead"
            ? `Kernel failed: ${kernel.error}`
            : kernel.stage}
      </span>
    </header>
  );
}

/** Shown while DuckDB-WASM and Monaco load, and while Python loads for the first Python cell. */
function LoadingBar() {
  const kernel = useAppState((s) => s.kernel);
  const python = useAppState((s) => s.python);
  const [monacoReady, setMonacoReady] = useState(false);
  useEffect(() => {
    void loadMonaco().then(() => setMonacoReady(true));
  }, []);
  const done = kernel.phase === "ready" && monacoReady;
  if (done && python)
    return <ProgressBar label="Loading Python" stage={python.stage} fraction={python.fraction} />;
  if (done || kernel.phase === "dead") return null;
  const fraction = (kernel.fraction + (monacoReady ? 1 : 0.3)) / 2;
  const label = [
    kernel.phase === "ready" ? undefined : kernel.stage,
    monacoReady ? undefined : "Loading the editor",
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <div
      className="loading"
      role="progressbar"
      aria-label="Loading"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(fraction * 100)}
    >
      <div className="loading-fill" style={{ width: `${Math.round(fraction * 100)}%` }} />
      <span className="loading-label">{label}…</span>
    </div>
  );
}

function ProgressBar({ label, stage, fraction }: { label: string; stage: string; fraction: number }) {
  const percent = Math.round(fraction * 100);
  return (
    <div
      className="loading"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="loading-fill" style={{ width: `${percent}%` }} />
      <span className="loading-label">{stage}…</span>
    </div>
  );
}

function Notice() {
  const session = useSession();
  const actions = useActions();
  const notice = useAppState((s) => s.notice);
  const origin = useAppState((s) => s.origin);
  return (
    <>
      {(origin === "url" || origin === "file") && (
        <div className="notice info" role="note">
          Opened from a {origin === "url" ? "shared link" : "file"}: outputs are cleared and nothing has run.
          Run the cells when you are ready.
        </div>
      )}
      {notice && (
        <div className={`notice ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
          <span>{notice.text}</span>
          {notice.kind === "error" && /kernel/i.test(notice.text) && (
            <button type="button" onClick={() => session.restartKernel()}>
              Restart kernel
            </button>
          )}
          <button
            type="button"
            className="close"
            aria-label="Dismiss"
            onClick={() => actions.dismissNotice()}
          >
            ✕
          </button>
        </div>
      )}
    </>
  );
}

function Sidebar() {
  const [tab, setTab] = useState<"queries" | "files" | "data" | "keys">("queries");
  return (
    <aside className="sidebar" aria-label="Side panel">
      <div className="tabs" role="tablist">
        {(["queries", "files", "data", "keys"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? "tab on" : "tab"}
            onClick={() => setTab(t)}
          >
            {t === "queries" ? "Queries" : t === "files" ? "Files" : t === "data" ? "Data" : "Keys"}
          </button>
        ))}
      </div>
      <div className="sidebar-body">
        {tab === "queries" && <QueryList />}
        {tab === "files" && <FilesPanel />}
        {tab === "data" && <DataPanel />}
        {tab === "keys" && <Shortcuts />}
      </div>
    </aside>
  );
}

function Shortcuts() {
  const rows: [string, string][] = [
    ["Shift+Enter", "run, select next"],
    ["Ctrl+Enter", "run"],
    ["Alt+Enter", "run, insert below"],
    ["Esc / Enter", "command mode / edit"],
    ["A / B", "insert above / below"],
    ["D, D", "delete cell"],
    ["M / Y / Q", "markdown / code / SQL"],
    ["↑ ↓ (K J)", "select cell"],
    ["Shift+K / Shift+J", "move cell"],
    ["Ctrl+Shift+-", "split at cursor"],
    ["I", "interrupt"],
    ["Ctrl+S", "save"],
  ];
  return (
    <table className="shortcuts">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <td>
              <kbd>{k}</kbd>
            </td>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
