import { useAppState, useSession } from "../SessionContext";
import "./files.css";

/**
 * JupyterLab's "File Changed" question: the stored notebook was saved by another tab or window since this tab
 * read or wrote it, so this tab does not save until the user chooses what becomes of its edits.
 */
export function FileChanged() {
  const session = useSession();
  const conflict = useAppState((s) => s.file.status === "conflict");
  const name = useAppState((s) => s.notebook.name);
  if (!conflict) return null;
  return (
    <div className="file-changed" role="alertdialog" aria-label="File changed">
      <p>
        <strong>“{name}” was changed in another tab or window</strong> since this tab opened or saved it. This
        tab's edits are not saved until you choose:
      </p>
      <div className="file-changed-actions">
        <button type="button" onClick={() => void session.reloadStored()}>
          Reload the saved version
        </button>
        <button type="button" onClick={() => void session.saveAsCopy()}>
          Keep both (save this tab's as a copy)
        </button>
        <button type="button" className="danger" onClick={() => void session.saveNow("overwrite")}>
          Overwrite with this tab's version
        </button>
      </div>
    </div>
  );
}
