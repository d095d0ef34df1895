import { type KeyboardEvent, useCallback, useState } from "react";
import { useAppState, useSession } from "../SessionContext";
import { usePolling } from "./usePolling";

/**
 * The socket box: `nc -lk PORT` for the notebook's session. Each line typed (Enter) or pasted goes to the
 * queries reading `format("socket")` on that host and port, as lines typed into nc go to Spark's socket source.
 * Opening the box starts the listener, as starting nc does: a socket query can start once it is open.
 */
export function SocketPanel() {
  const session = useSession();
  const ready = useAppState((s) => s.kernel.phase === "ready");
  const [host, setHost] = useState("localhost");
  const [port, setPort] = useState(9999);
  const [text, setText] = useState("");
  const [sendError, setSendError] = useState<string>();
  const validPort = Number.isInteger(port) && port >= 0 && port <= 65535;
  const load = useCallback(() => session.streams("socket.view", { host, port }), [session, host, port]);
  const { value: view, error, reload } = usePolling(load, ready && validPort);

  const send = async () => {
    if (text === "") return;
    try {
      await session.streams("socket.send", { host, port, text });
      setText("");
      setSendError(undefined);
      reload();
    } catch (e) {
      setSendError((e as Error).message);
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, as in a terminal; Shift+Enter starts another line to send with it.
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const listeners = view?.queries.map((q) => q.name ?? q.id.slice(0, 8)) ?? [];
  return (
    <div className="socket-panel">
      <div className="row">
        <label>
          Host <input value={host} onChange={(e) => setHost(e.target.value)} size={10} />
        </label>
        <label>
          Port{" "}
          <input
            type="number"
            min={0}
            max={65535}
            value={port}
            onChange={(e) => setPort(Number(e.target.value))}
          />
        </label>
      </div>
      <p className="muted small" aria-live="polite">
        {!validPort
          ? "A port is a whole number from 0 to 65535."
          : !view
            ? "Starting…"
            : view.connections === 0
              ? `nc -lk ${view.port} is listening on ${view.host}: no query reads it yet (lines wait for the first).`
              : `${view.connections} socket source${view.connections === 1 ? "" : "s"} connected${
                  listeners.length > 0 ? `: ${listeners.join(", ")}` : ""
                }.`}
      </p>
      <pre className="socket-log" role="log" aria-label="Lines sent">
        <span className="muted">$ nc -lk {port}</span>
        {"\n"}
        {view?.lines.map((l) => `${l.value}\n`).join("")}
      </pre>
      <textarea
        className="socket-input"
        aria-label="Socket input"
        placeholder="Type a line, press Enter (paste many lines at once)"
        rows={2}
        value={text}
        disabled={!ready || !validPort}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        <button type="button" disabled={!ready || !validPort || text === ""} onClick={() => void send()}>
          Send
        </button>
      </div>
      {(sendError ?? error) && <p className="error-text">{sendError ?? error}</p>}
      <p className="muted small">
        Spark's socket source is for testing only: it is not replayable and gives no end-to-end
        fault-tolerance guarantees. Lines live only in memory: a query restarted from its checkpoint opens a
        new connection and does not get back the lines its last run had read.
      </p>
    </div>
  );
}
