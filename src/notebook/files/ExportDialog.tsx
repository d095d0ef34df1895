import { useEffect, useRef } from "react";
import type { SparkExport } from "../Session";
import "./files.css";

/**
 * Export to Spark, before saving: the cells with statements that have no PySpark equivalent (left in the
 * exported notebook as comments, marked), and why, so nothing fails on a cluster by surprise.
 */
export function ExportDialog({
  untranslated,
  onSave,
  onClose,
}: {
  untranslated: SparkExport["untranslated"];
  onSave: () => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return (
    <dialog ref={dialog} className="open-dialog" aria-label="Export to Spark" onClose={onClose}>
      <header>
        <h2>Export to Spark: not everything translates</h2>
      </header>
      <div className="export-notes">
        <p>
          These cells keep statements that have no PySpark equivalent; in the exported notebook they are
          comments marked <code># Sluice: not translated</code>:
        </p>
        <ul aria-label="Untranslated cells">
          {untranslated.map(({ cell, reasons }) => (
            <li key={cell}>
              Cell {cell}: {[...new Set(reasons)].join("; ")}
            </li>
          ))}
        </ul>
      </div>
      <footer>
        <button
          type="button"
          onClick={() => {
            onSave();
            onClose();
          }}
        >
          Save the PySpark notebook
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </footer>
    </dialog>
  );
}
