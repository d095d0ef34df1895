import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { seedLesson } from "./examples/lessons";
import type { Notebook } from "./model/notebook";
import { loadLastNotebook } from "./model/persistence";
import { notebookFromHash } from "./model/share";
import { Session } from "./Session";
import type { Origin } from "./state/AppState";
// KaTeX's layout and fonts for math in markdown cells, bundled with the app (no CDN).
import "katex/dist/katex.min.css";
import "./styles.css";

/** Which notebook to show: a shared link first, then the one opened last, else the bundled lesson. */
async function initialNotebook(): Promise<{ notebook: Notebook; origin: Origin }> {
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
  const last = await loadLastNotebook();
  if (last) return { notebook: last, origin: "storage" };
  return { notebook: seedLesson(), origin: "example" };
}

const { notebook, origin } = await initialNotebook();
const session = new Session(notebook, origin);
if (origin !== "storage") session.scheduleSave();
// For end-to-end tests and the curious: the session is reachable from the console.
(window as unknown as { sluice: Session }).sluice = session;

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
