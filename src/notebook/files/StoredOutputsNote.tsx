import "./files.css";

/** Over outputs that came with the stored notebook: Jupyter shows them, and they were not made by this kernel. */
export function StoredOutputsNote() {
  return (
    <p className="stored-outputs-note" title="Run the cell to replace them with this session's outputs">
      Saved output, not from this session
    </p>
  );
}
