import { useCallback, useState } from "react";
import type { TopicView } from "../../kernel/protocol";
import { useSession } from "../SessionContext";
import { usePolling } from "./usePolling";

const PAGE = 20;

/**
 * A partition's records, newest page first (following new records while at the end), with key, value,
 * timestamp and headers as text; older and newer pages by offset.
 */
export function RecordBrowser({ servers, topic }: { servers: string; topic: TopicView }) {
  const session = useSession();
  const [partition, setPartition] = useState(0);
  /** The first offset shown; undefined: the last page, following the end. */
  const [from, setFrom] = useState<number>();
  const load = useCallback(
    () =>
      session.streams("kafka.records", {
        servers,
        topic: topic.name,
        partition,
        offset: from,
        limit: PAGE,
      }),
    [session, servers, topic.name, partition, from],
  );
  const { value, error } = usePolling(load, partition < topic.partitions.length);
  const first = value?.records[0]?.offset ?? from ?? 0;
  return (
    <section className="record-browser" aria-label={`Records of ${topic.name}`}>
      <h4>Records of {topic.name}</h4>
      <div className="row">
        <label>
          Partition{" "}
          <select
            value={partition}
            onChange={(e) => {
              setPartition(Number(e.target.value));
              setFrom(undefined);
            }}
          >
            {topic.partitions.map((p) => (
              <option key={p.partition} value={p.partition}>
                {p.partition}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="small-button"
          disabled={!value || first <= value.earliestOffset}
          onClick={() => setFrom(Math.max(value?.earliestOffset ?? 0, first - PAGE))}
        >
          Older
        </button>
        <button
          type="button"
          className="small-button"
          disabled={from === undefined}
          onClick={() =>
            setFrom(value && first + PAGE < value.latestOffset - PAGE ? first + PAGE : undefined)
          }
        >
          Newer
        </button>
        <button
          type="button"
          className="small-button"
          disabled={from === undefined}
          onClick={() => setFrom(undefined)}
        >
          Latest
        </button>
      </div>
      {error && <p className="error-text">{error}</p>}
      {value && (
        <p className="muted small">
          Offsets {value.earliestOffset}–{value.latestOffset - 1} kept
          {from === undefined ? " · following new records" : ""}
        </p>
      )}
      <div className="data-table">
        <div className="table-scroll">
          <table aria-label="Records">
            <thead>
              <tr>
                <th className="num">Offset</th>
                <th>Timestamp</th>
                <th>Key</th>
                <th>Value</th>
                <th>Headers</th>
              </tr>
            </thead>
            <tbody>
              {value?.records.map((r) => (
                <tr key={r.offset}>
                  <td className="num">{r.offset}</td>
                  <td title={r.timestampType === 1 ? "LogAppendTime" : "CreateTime"}>
                    {new Date(r.timestamp).toISOString().replace("T", " ").replace("Z", "")}
                  </td>
                  <td>{r.key ?? <span className="muted">null</span>}</td>
                  <td title={r.value ?? undefined}>{r.value ?? <span className="muted">null</span>}</td>
                  <td>{r.headers.map((h) => `${h.key}=${h.value ?? "null"}`).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
