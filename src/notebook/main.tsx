import { StrictMode, startTransition } from "react";
import { startEditors } from "./editor/editorStart";
import { seedLesson } from "./examples/lessons";
import { notebookName } from "./model/contents";
import { fromIpynb } from "./model/ipynb";
import type { Notebook } from "./model/notebook";
import { browserContents, lastNotebookPath } from "./model/persistence";
import { notebookFromHash } from "./model/share";
import { Session } from "./Session";
import type { Origin } from "./state/AppState";
import "./styles.css";

interface Opening {
  notebook: Notebook;
  origin: Origin;
  /** The file it was read from. */
  stored?: { path: string; text: string };
}

/** Which notebook to show: a shared link first, then this tab's (or the one saved last), else the lesson. */
async function initialNotebook(): Promise<Opening> {
  try {
    const shared = notebookFromHash(window.location.hash);
    if (shared) {
      // The notebook now lives in this browser's storage; a reload shows the saved copy.
      history.replaceState(null, "", window.location.pathname + window.location.search);
      return { notebook: shared, origin: "url" };
    }
  } catch (error) {
    console.warn("The link's notebook could not be read:", error);
  }
  const path = lastNotebookPath();
  try {
    const stored = path ? await browserContents().read(path) : undefined;
    if (path && stored) {
      const notebook = { ...fromIpynb(JSON.parse(stored.text)), name: notebookName(path) };
      return { notebook, origin: "storage", stored: { path, text: stored.text } };
    }
  } catch (error) {
    console.warn("Could not load the last notebook:", error);
  }
  return { notebook: seedLesson(), origin: "example" };
}

// The entry's modules are evaluated (bench part P5 reads this mark).
performance.mark("sluice:app-start");
const { notebook, origin, stored } = await initialNotebook();
const session = new Session(notebook, origin, stored);
if (!stored) session.scheduleSave();
// Monaco waits until the kernel is up and no cell is running or queued (or a cell is focused), so DuckDB-WASM
// and a first cell run at once have the cores and the main thread first: see editor/editorStart.ts.
const stopWatching = session.store.subscribe(() => {
  const { kernel, running } = session.store.get();
  if (kernel.phase === "starting" || Object.keys(running).length > 0) return;
  startEditors();
  stopWatching();
});
// For end-to-end tests and the curious: the session is reachable from the console.
(window as unknown as { sluice: Session }).sluice = session;

// The rest of the page's script is imported in steps, each evaluated in a task of its own, so none of them is
// one long task of the main thread, and the kernel's worker, started above, loads meanwhile (bench part P5).
await import("./cells/markdown");
const { createRoot } = await import("react-dom/client");
const { App } = await import("./App");

// A transition, so React renders the first page in slices that yield to the browser (a first render of a
// notebook is React's and marked's code running for the first time, one long task otherwise; bench part P5).
const root = createRoot(document.getElementById("root")!);
startTransition(() =>
  root.render(
    <StrictMode>
      <App session={session} />
    </StrictMode>,
  ),
);
