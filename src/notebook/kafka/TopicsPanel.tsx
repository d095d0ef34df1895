import { useCallback, useState } from "react";
import type { EventsOptions, TopicsView, TopicView } from "../../kernel/protocol";
import { useAppState, useSession } from "../SessionContext";
import { RecordBrowser } from "./RecordBrowser";
import { usePolling } from "./usePolling";

const DEFAULT_SERVERS = "localhost:9092";

/**
 * The in-browser Kafka cluster named by a `kafka.bootstrap.servers` value: its topics (partitions, end offsets,
 * messages per second), each running query's committed offsets and lag per partition, a record browser, and
 * an event producer a teacher can start and stop without writing a cell.
 */
export function TopicsPanel() {
  const session = useSession();
  const ready = useAppState((s) => s.kernel.phase === "ready");
  const [servers, setServers] = useState(DEFAULT_SERVERS);
  const [browsing, setBrowsing] = useState<string>();
  const load = useCallback(() => session.streams("kafka.topics", { servers }), [session, servers]);
  const { value: view, error, reload } = usePolling(load, ready && servers.trim() !== "");
  const browsed = view?.topics.find((t) => t.name === browsing);

  return (
    <div className="topics-panel">
      <label>
        Bootstrap servers{" "}
        <input
          value={servers}
          list="kafka-clusters"
          onChange={(e) => setServers(e.target.value)}
          aria-label="Bootstrap servers"
        />
        <datalist id="kafka-clusters">
          {view?.clusters.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      {error && <p className="error-text">{error}</p>}
      {view && view.topics.length === 0 && (
        <p className="muted small">
          No topics on {view.servers} yet. Produce some below, or from a cell: <code>KafkaProducer</code>,{" "}
          <code>EventProducer</code> (TypeScript) or <code>from sluice import kafka</code> (Python).
        </p>
      )}
      {view && view.topics.length > 0 && (
        <TopicTable topics={view.topics} browsing={browsing} onBrowse={setBrowsing} />
      )}
      {view && view.queries.length > 0 && <Consumers view={view} />}
      {browsed && <RecordBrowser servers={servers} topic={browsed} />}
      {view && <EventsForm servers={servers} view={view} onChange={reload} />}
    </div>
  );
}

function TopicTable({
  topics,
  browsing,
  onBrowse,
}: {
  topics: readonly TopicView[];
  browsing: string | undefined;
  onBrowse: (topic: string | undefined) => void;
}) {
  return (
    <div className="data-table">
      <table aria-label="Topics">
        <thead>
          <tr>
            <th>Topic</th>
            <th className="num">Partitions</th>
            <th>End offsets</th>
            <th className="num">Msgs/s</th>
          </tr>
        </thead>
        <tbody>
          {topics.map((t) => (
            <tr key={t.name} data-topic={t.name}>
              <td>
                <button
                  type="button"
                  className="link"
                  aria-pressed={browsing === t.name}
                  title="Browse its records"
                  onClick={() => onBrowse(browsing === t.name ? undefined : t.name)}
                >
                  {t.name}
                </button>
              </td>
              <td className="num">{t.partitions.length}</td>
              <td
                title={t.partitions
                  .map((p) => `${p.partition}: ${p.earliestOffset}–${p.latestOffset}`)
                  .join("\n")}
              >
                {t.partitions.map((p) => p.latestOffset).join(", ")}
              </td>
              <td className="num">{t.messagesPerSecond === null ? "–" : t.messagesPerSecond.toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each running query reading a topic of this cluster: per partition what it committed, the end, the lag. */
function Consumers({ view }: { view: TopicsView }) {
  return (
    <section className="consumers" aria-label="Queries reading these topics">
      <h4>Queries' offsets and lag</h4>
      {view.queries.map((q) => {
        const total = q.partitions.reduce((n, p) => n + (p.lag ?? 0), 0);
        const label = q.name ?? q.queryId.slice(0, 8);
        return (
          <div key={`${q.queryId}:${q.topic}`} className="data-table">
            <table aria-label={`Lag of ${label} on ${q.topic}`}>
              <caption>
                {label} ← {q.topic}: lag {total}
              </caption>
              <thead>
                <tr>
                  <th className="num">Partition</th>
                  <th className="num">Committed</th>
                  <th className="num">End</th>
                  <th className="num">Lag</th>
                </tr>
              </thead>
              <tbody>
                {q.partitions.map((p) => (
                  <tr key={p.partition}>
                    <td className="num">{p.partition}</td>
                    <td className="num">{p.committed ?? "–"}</td>
                    <td className="num">{p.latest}</td>
                    <td className="num">{p.lag ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}

/** Starts and stops the teaching events (JSON clickstream) into a topic at a rate, with late and disordered events. */
function EventsForm({
  servers,
  view,
  onChange,
}: {
  servers: string;
  view: TopicsView;
  onChange: () => void;
}) {
  const session = useSession();
  const [topic, setTopic] = useState("events");
  const [rate, setRate] = useState(5);
  const [late, setLate] = useState(10);
  const [lateness, setLateness] = useState(60);
  const [disorder, setDisorder] = useState(2);
  const [error, setError] = useState<string>();
  const running = view.producers.find((p) => p.servers === servers && p.topic === topic);
  const act = async (f: () => Promise<unknown>) => {
    try {
      await f();
      setError(undefined);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const options: EventsOptions = {
    servers,
    topic,
    rowsPerSecond: rate,
    lateFraction: late / 100,
    maxLatenessMs: lateness * 1000,
    maxDisorderMs: disorder * 1000,
  };
  return (
    <fieldset className="events-form">
      <legend>Produce events</legend>
      <label>
        Topic <input value={topic} onChange={(e) => setTopic(e.target.value)} aria-label="Events topic" />
      </label>
      <label>
        Events/s{" "}
        <input
          type="number"
          min={0.1}
          step={1}
          value={rate}
          onChange={(e) => setRate(Number(e.target.value))}
        />
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
        <input type="number" min={0} value={lateness} onChange={(e) => setLateness(Number(e.target.value))} />{" "}
        s late
      </label>
      <label>
        Disorder up to{" "}
        <input type="number" min={0} value={disorder} onChange={(e) => setDisorder(Number(e.target.value))} />{" "}
        s
      </label>
      <div className="row">
        <button type="button" onClick={() => void act(() => session.streams("kafka.events.start", options))}>
          {running ? "Restart events" : "Start events"}
        </button>
        {running && (
          <button
            type="button"
            onClick={() => void act(() => session.streams("kafka.events.stop", { servers, topic }))}
          >
            Stop events ({running.produced} sent)
          </button>
        )}
      </div>
      {view.producers
        .filter((p) => p !== running)
        .map((p) => (
          <p key={`${p.servers}/${p.topic}`} className="muted small">
            Producing into {p.topic} on {p.servers}: {p.produced} sent.{" "}
            <button
              type="button"
              className="small-button"
              onClick={() =>
                void act(() => session.streams("kafka.events.stop", { servers: p.servers, topic: p.topic }))
              }
            >
              Stop
            </button>
          </p>
        ))}
      {error && <p className="error-text">{error}</p>}
      <p className="muted small">
        JSON events ({"user_id, event_time, event_name, traffic_source, device"}); the late ones' event_time
        is before their Kafka timestamp, so a watermark drops them.
      </p>
    </fieldset>
  );
}
