/**
 * When the cells' editors start. Monaco is 4.5 MB of script for the page's main thread, and its TypeScript
 * worker 6.6 MB more that then type-checks every cell: loaded at once they compete with DuckDB-WASM's compile
 * for the cores, and its module's evaluation is one long task of the page's main thread (about a second on a
 * busy laptop) that would hold back a first output. Until then a cell shows its source in a plain text area
 * (which edits and runs it, Shift+Enter included). main.tsx starts the editors once the kernel is ready and no
 * cell is running or queued; a person who puts the focus in a cell starts them at once (the editor is wanted now).
 */
let open: () => void = () => {};
const allowed = new Promise<void>((resolve) => {
  open = resolve;
});

/** Lets Monaco load and its workers start (idempotent). */
export function startEditors(): void {
  open();
}

/** Resolves once Monaco may load. */
export function editorsAllowed(): Promise<void> {
  return allowed;
}

let turns: Promise<void> = Promise.resolve();

/**
 * Resolves in a task of its own, after the turns asked for before it: each cell's editor is created in its own
 * task, so opening a notebook of many cells does not block the page for one long task.
 */
export function nextTurn(): Promise<void> {
  turns = turns.then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
  return turns;
}
