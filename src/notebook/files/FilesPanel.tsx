import { useCallback, useEffect, useState } from "react";
import type { FileEntry } from "../../kernel/protocol";
import { formatBytes } from "../outputs/format";
import { useActions, useAppState, useSession } from "../SessionContext";
import { Icon } from "../ui/icons";
import { downloadFile } from "./download";

/**
 * The browser's storage (OPFS) as the engine sees it: browse folders, see sizes, upload Parquet/CSV/JSON by
 * drag-and-drop, download outputs, delete. Plus the teaching data: generate the events files or drip them in.
 */
export function FilesPanel() {
  const session = useSession();
  const version = useAppState((s) => s.filesVersion);
  const ready = useAppState((s) => s.kernel.phase === "ready");
  const [dir, setDir] = useState("/");
  const [entries, setEntries] = useState<FileEntry[]>([]);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string>();

  const refresh = useCallback(async () => {
    if (!ready) return;
    try {
      setEntries(await session.listFiles(dir));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [session, dir, ready]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the signal that files changed
  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  const upload = async (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      try {
        await session.writeFile(
          `${dir.replace(/\/$/, "")}/${file.name}`,
          new Uint8Array(await file.arrayBuffer()),
        );
      } catch (e) {
        setError(`${file.name}: ${(e as Error).message}`);
      }
    }
  };

  const download = async (entry: FileEntry) => {
    downloadFile(entry.name, (await session.readFile(entry.path)) as BlobPart);
  };

  const parts = dir.split("/").filter(Boolean);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop zone; the upload field does the same by keyboard
    <div
      className={`files-panel${dragging ? " dragging" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void upload(e.dataTransfer.files);
      }}
    >
      <nav className="breadcrumbs" aria-label="Folder">
        <button type="button" className="link" onClick={() => setDir("/")}>
          /
        </button>
        {parts.map((p, i) => (
          <button
            key={p + String(i)}
            type="button"
            className="link"
            onClick={() => setDir(`/${parts.slice(0, i + 1).join("/")}`)}
          >
            {p}/
          </button>
        ))}
      </nav>
      <ul className="file-list" aria-label="Files">
        {dir !== "/" && (
          <li>
            <button type="button" className="link" onClick={() => setDir(`/${parts.slice(0, -1).join("/")}`)}>
              ..
            </button>
          </li>
        )}
        {entries.map((f) => (
          <li key={f.path} data-path={f.path}>
            {f.isDirectory ? (
              <button
                type="button"
                className="link"
                aria-label={`Open ${f.name}`}
                onClick={() => setDir(f.path)}
              >
                <Icon name="folder" /> {f.name}
              </button>
            ) : f.name.endsWith(".ipynb") ? (
              <button
                type="button"
                className="link file-name"
                title={`Open ${f.path} as the notebook`}
                onClick={() => void session.openStored(f.path)}
              >
                {f.name}
              </button>
            ) : (
              <span className="file-name" title={f.path}>
                {f.name}
              </span>
            )}
            <span className="muted small">{f.isDirectory ? "" : formatBytes(f.size)}</span>
            {!f.isDirectory && (
              <button
                type="button"
                className="small-button"
                aria-label={`Download ${f.name}`}
                onClick={() => void download(f)}
              >
                <Icon name="download" />
              </button>
            )}
            <button
              type="button"
              className="small-button"
              aria-label={`Delete ${f.name}`}
              onClick={() => {
                if (confirm(`Delete ${f.path}${f.isDirectory ? " and everything in it" : ""}?`))
                  void session.deleteFile(f.path);
              }}
            >
              <Icon name="trash" />
            </button>
          </li>
        ))}
        {entries.length === 0 && <li className="muted">Empty folder</li>}
      </ul>
      <label className="upload">
        Upload files (or drop them here)
        <input
          type="file"
          multiple
          accept=".parquet,.csv,.json,.jsonl,.ipynb,.txt"
          onChange={(e) => e.target.files && void upload(e.target.files)}
        />
      </label>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}

/** Teaching data: write the BedBricks-like events now, or drip them in one file every few seconds. */
export function DataPanel() {
  const session = useSession();
  const actions = useActions();
  const drip = useAppState((s) => s.drip);
  const ready = useAppState((s) => s.kernel.phase === "ready");
  const [dir, setDir] = useState("/data/events");
  const [files, setFiles] = useState(10);
  const [rows, setRows] = useState(1000);
  const [every, setEvery] = useState(5);
  const [span, setSpan] = useState(60);
  const [late, setLate] = useState(3);
  const [lateBy, setLateBy] = useState(300);
  const [disorder, setDisorder] = useState(2);
  const [busy, setBusy] = useState(false);
  // The generator's own defaults: 60 s of event time per file, 3% late by up to 5 files, 2 s out of order.
  const options = {
    dir,
    files,
    rowsPerFile: rows,
    seed: 42,
    secondsPerFile: span,
    lateFraction: late / 100,
    lateBySeconds: lateBy,
    disorderSeconds: disorder,
  };
  return (
    <div className="data-panel">
      <label>
        Folder <input value={dir} onChange={(e) => setDir(e.target.value)} />
      </label>
      <label>
        Files{" "}
        <input
          type="number"
          min={1}
          max={1000}
          value={files}
          onChange={(e) => setFiles(Number(e.target.value))}
        />
      </label>
      <label>
        Rows per file{" "}
        <input
          type="number"
          min={1}
          max={1000000}
          value={rows}
          onChange={(e) => setRows(Number(e.target.value))}
        />
      </label>
      <label>
        Event time per file{" "}
        <input type="number" min={1} value={span} onChange={(e) => setSpan(Number(e.target.value))} /> s
      </label>
      <label>
        Late %{" "}
        <input
          type="number"
          min={0}
          max={100}
          value={late}
          onChange={(e) => setLate(Number(e.target.value))}
        />
      </label>
      <label>
        Up to{" "}
        <input type="number" min={0} value={lateBy} onChange={(e) => setLateBy(Number(e.target.value))} /> s
        late
      </label>
      <label>
        Disorder up to{" "}
        <input type="number" min={0} value={disorder} onChange={(e) => setDisorder(Number(e.target.value))} />{" "}
        s
      </label>
      <div className="row">
        <button
          type="button"
          disabled={!ready || busy}
          onClick={async () => {
            setBusy(true);
            try {
              await session.generateEvents(options);
              actions.notify({ text: `Wrote ${files} files to ${dir}` });
            } catch (e) {
              actions.notify({ text: (e as Error).message, kind: "error" });
            } finally {
              setBusy(false);
            }
          }}
        >
          Generate now
        </button>
      </div>
      <label>
        Drip: one file every{" "}
        <input
          type="number"
          min={1}
          max={600}
          value={every}
          onChange={(e) => setEvery(Number(e.target.value))}
        />{" "}
        s
      </label>
      <div className="row">
        {drip.active ? (
          <button type="button" onClick={() => void session.stopDrip()}>
            Stop drip ({drip.written}/{drip.total})
          </button>
        ) : (
          <button
            type="button"
            disabled={!ready}
            onClick={() => void session.startDrip({ ...options, everySeconds: every })}
          >
            Start drip
          </button>
        )}
      </div>
    </div>
  );
}
