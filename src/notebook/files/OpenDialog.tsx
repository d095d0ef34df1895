import { useEffect, useRef, useState } from "react";
import type { NotebookEntry } from "../model/contents";
import { formatBytes } from "../outputs/format";
import { useAppState, useSession } from "../SessionContext";
import { Icon } from "../ui/icons";
import "./files.css";

/**
 * Open…: the notebooks stored in this browser, the most recently saved first (as Colab's and JupyterLab's
 * open dialogs list them), a new one, or a .ipynb from the computer.
 */
export function OpenDialog({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const current = useAppState((s) => s.file.path);
  const dialog = useRef<HTMLDialogElement>(null);
  const upload = useRef<HTMLInputElement>(null);
  const [entries, setEntries] = useState<NotebookEntry[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    dialog.current?.showModal();
    session.listNotebooks().then(setEntries, (e: Error) => setError(e.message));
  }, [session]);

  const act = (f: () => Promise<unknown>) => {
    onClose();
    void f();
  };

  return (
    <dialog ref={dialog} className="open-dialog" aria-label="Open a notebook" onClose={onClose}>
      <header>
        <h2>Open a notebook</h2>
        <button type="button" className="close" aria-label="Close" onClick={onClose}>
          <Icon name="close" />
        </button>
      </header>
      <ul className="notebook-list" aria-label="Stored notebooks">
        {entries?.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className="link"
              aria-current={e.path === current || undefined}
              onClick={() => act(() => session.openStored(e.path))}
            >
              {e.name}
            </button>
            <span className="muted small">{formatBytes(e.size)}</span>
            <time className="muted small" dateTime={new Date(e.lastModified).toISOString()}>
              {new Date(e.lastModified).toLocaleString()}
            </time>
          </li>
        ))}
        {entries?.length === 0 && <li className="muted">No notebooks stored in this browser yet.</li>}
        {error && <li className="error-text">{error}</li>}
      </ul>
      <footer>
        <button type="button" onClick={() => act(() => session.newNotebook())}>
          New notebook
        </button>
        <button type="button" onClick={() => upload.current?.click()}>
          Upload .ipynb…
        </button>
        <input
          ref={upload}
          type="file"
          accept=".ipynb,application/json"
          hidden
          aria-label="Open notebook file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) act(() => session.openFile(file));
            e.target.value = "";
          }}
        />
      </footer>
    </dialog>
  );
}
