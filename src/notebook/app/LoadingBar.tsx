import { useEffect, useState } from "react";
import { loadMonaco } from "../editor/CodeEditor";
import { useAppState } from "../SessionContext";

/** Shown while DuckDB-WASM and Monaco load, and while Python loads for the first Python cell. */
export function LoadingBar() {
  const kernel = useAppState((s) => s.kernel);
  const python = useAppState((s) => s.python);
  const [monacoReady, setMonacoReady] = useState(false);
  useEffect(() => {
    void loadMonaco().then(() => setMonacoReady(true));
  }, []);
  const done = kernel.phase === "ready" && monacoReady;
  if (done && python)
    return <ProgressBar label="Loading Python" stage={python.stage} fraction={python.fraction} />;
  if (done || kernel.phase === "dead") return null;
  const fraction = (kernel.fraction + (monacoReady ? 1 : 0.3)) / 2;
  const stage = [
    kernel.phase === "ready" ? undefined : kernel.stage,
    monacoReady ? undefined : "Loading the editor",
  ]
    .filter(Boolean)
    .join(" · ");
  return <ProgressBar label="Loading" stage={stage} fraction={fraction} />;
}

function ProgressBar({ label, stage, fraction }: { label: string; stage: string; fraction: number }) {
  const percent = Math.round(fraction * 100);
  return (
    <div
      className="loading"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="loading-fill" style={{ width: `${percent}%` }} />
      <span className="loading-label">{stage}…</span>
    </div>
  );
}
