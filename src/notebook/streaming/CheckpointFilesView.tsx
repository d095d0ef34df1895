import { useState } from "react";
import { useSession } from "../SessionContext";
import { useSelectedBatch } from "./useBatchHistory";

/** File contents shown at most, in characters. */
const SHOWN_CHARS = 4000;

/**
 * The checkpoint files the selected batch wrote (offsets/N, commits/N, history/N, state deltas...), each opened
 * on a click: the offset and commit logs are text a learner can read.
 */
export function CheckpointFilesView() {
  const session = useSession();
  const { batch, error } = useSelectedBatch();
  const [open, setOpen] = useState<{ path: string; text: string }>();
  if (error) return <div className="empty">{error}</div>;
  if (!batch) return <div className="empty">Reading the batch…</div>;
  const show = async (path: string) => {
    try {
      setOpen({ path, text: textOf(await session.readFile(path)) });
    } catch (e) {
      setOpen({ path, text: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="checkpoint-files">
      <div className="caption">Files batch {batch.batchId} wrote to the checkpoint</div>
      <ul aria-label="Checkpoint files">
        {batch.files.map((path) => (
          <li key={path}>
            <button
              type="button"
              className="link"
              aria-pressed={open?.path === path}
              onClick={() => show(path)}
            >
              {path}
            </button>
          </li>
        ))}
      </ul>
      {open && (
        <section aria-label={`Contents of ${open.path}`}>
          <pre className="raw-progress">{open.text}</pre>
        </section>
      )}
    </div>
  );
}

/** A file as text where it is text, else its size (state deltas are binary). */
function textOf(bytes: Uint8Array): string {
  // Control bytes other than tab, newline and carriage return mean binary.
  const binary = bytes.some((b) => b < 9 || (b > 13 && b < 32));
  if (!binary) {
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}\n…` : text;
    } catch {
      // Not UTF-8: said below.
    }
  }
  return `(binary, ${bytes.length} bytes)`;
}
