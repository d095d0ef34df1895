import { lazy, Suspense, useEffect, useState } from "react";
import { ExamplesMenu } from "../examples/ExamplesMenu";
import { seedLesson, seedLessonPySpark } from "../examples/lessons";
import { downloadFile } from "../files/download";
import { SaveStatus } from "../files/SaveStatus";
import type { SparkExport } from "../Session";
import { useActions, useAppState, useSession } from "../SessionContext";
import { Icon } from "../ui/icons";

// Loaded when first opened, so opening the app does not evaluate them (bench part P5).
const OpenDialog = lazy(() => import("../files/OpenDialog").then((m) => ({ default: m.OpenDialog })));
const ExportDialog = lazy(() => import("../files/ExportDialog").then((m) => ({ default: m.ExportDialog })));

/**
 * The notebook's name and what can be done with it (run, interrupt, restart the kernel; new, open, download,
 * export, share), in one row of fixed height: where the page is too narrow for it, the actions scroll.
 */
export function Toolbar() {
  const session = useSession();
  const actions = useActions();
  const name = useAppState((s) => s.notebook.name);
  const busy = useAppState((s) => Object.keys(s.running).length > 0);
  const [opening, setOpening] = useState(false);
  const [title, setTitle] = useState(name);
  useEffect(() => setTitle(name), [name]);

  const save = (text: string, file: string) => downloadFile(file, text, "application/x-ipynb+json");
  const download = () => save(session.ipynbText(), `${name}.ipynb`);
  const [exported, setExported] = useState<SparkExport>();
  const saveExport = (e: SparkExport) => save(e.text, `${name} (PySpark).ipynb`);
  const exportForSpark = async () => {
    try {
      const e = await session.exportForSpark();
      if (e.untranslated.length > 0) setExported(e);
      else saveExport(e);
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
      <span className="brand">
        <Icon name="brand" />
      </span>
      <h1 className="brand-name">Sluice</h1>
      <input
        className="notebook-name"
        aria-label="Notebook name"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        onBlur={() => void session.renameNotebook(title).then((ok) => ok || setTitle(name))}
        onKeyDown={(e) => e.key === "Enter" && (e.target as HTMLInputElement).blur()}
        size={Math.max(8, title.length)}
      />
      <SaveStatus />
      <nav className="actions" aria-label="Notebook actions">
        <button type="button" onClick={() => void session.runAll()} title="Run all cells">
          <Icon name="runAll" /> Run all
        </button>
        <button
          type="button"
          onClick={() => void session.interrupt()}
          disabled={!busy}
          title="Interrupt (I, I)"
        >
          <Icon name="stop" /> Interrupt
        </button>
        <button
          type="button"
          onClick={() => session.restartKernel()}
          aria-label="Restart kernel"
          title="Restart the kernel (queries resume from their checkpoints)"
        >
          <Icon name="restart" /> Restart
        </button>
        <span className="separator" />
        <button type="button" onClick={() => void session.newNotebook()} title="A new notebook (Untitled)">
          New
        </button>
        <button type="button" onClick={() => void session.openExample(seedLesson())}>
          Example
        </button>
        <button
          type="button"
          onClick={() => void session.openExample(seedLessonPySpark())}
          title="The example lesson in PySpark (Python cells)"
        >
          PySpark example
        </button>
        <ExamplesMenu />
        <button type="button" onClick={() => setOpening(true)} title="The notebooks stored in this browser">
          Open…
        </button>
        <Suspense>
          {opening && <OpenDialog onClose={() => setOpening(false)} />}
          {exported && (
            <ExportDialog
              untranslated={exported.untranslated}
              onSave={() => saveExport(exported)}
              onClose={() => setExported(undefined)}
            />
          )}
        </Suspense>
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
    </header>
  );
}

/** The kernel's state: ready (with DuckDB's version), busy, loading or failed. */
export function KernelStatus() {
  const kernel = useAppState((s) => s.kernel);
  const busy = useAppState((s) => Object.keys(s.running).length > 0);
  return (
    <span className={`kernel-state ${kernel.phase}`} role="status" aria-label="Kernel status">
      {kernel.phase === "ready"
        ? busy
          ? "Kernel busy"
          : `Kernel ready${kernel.info ? ` · DuckDB ${kernel.info.duckdbVersion}` : ""}`
        : kernel.phase === "dead"
          ? `Kernel failed: ${kernel.error}`
          : kernel.stage}
    </span>
  );
}
