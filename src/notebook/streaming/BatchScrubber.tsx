import { useEffect, useState } from "react";
import { Icon } from "../ui/icons";
import { useBatchHistory } from "./useBatchHistory";

/** Batches a second the scrubber can play at. */
export const PLAY_SPEEDS = [1, 2, 5, 10] as const;
/** Batches play reads ahead of the playhead: a second's worth at the fastest speed. */
export const PLAY_READ_AHEAD = 10;

/**
 * Time travel through a query's kept batches: previous / next, a slider (arrow keys, Home, End), play at a
 * chosen speed, and Live to follow the stream again. Every control is a button, a slider or a select, so command
 * mode's keys never act while one has the focus.
 */
export function BatchScrubber() {
  const { ids, pinned, selected, select, cache, error } = useBatchHistory();
  const [speed, setSpeed] = useState<number>(2);
  const [playing, setPlaying] = useState(false);
  /** The batch play waits for: its step is due, but the kernel has not answered yet. */
  const [loading, setLoading] = useState<number>();
  const at = selected === undefined ? -1 : ids.indexOf(selected);
  const last = ids.length - 1;
  const live = pinned === null;

  useEffect(() => {
    setLoading(undefined);
    if (!playing) return;
    if (at >= last) {
      setPlaying(false);
      return;
    }
    // Read ahead through the panel's cache, so each step finds its batch ready rather than waiting for it; the
    // playhead moves only to a batch that is read, and says which it waits for meanwhile.
    const ahead = ids.slice(at + 1, at + 1 + PLAY_READ_AHEAD);
    for (const id of ahead) cache.get(id).catch(() => {});
    const next = ids[at + 1];
    let current = true;
    let due = false;
    const step = () => current && due && cache.peek(next) !== undefined && select(next);
    const timer = setTimeout(() => {
      due = true;
      if (cache.peek(next) === undefined) setLoading(next);
      step();
    }, 1000 / speed);
    cache.get(next).then(step, () => current && setPlaying(false));
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [playing, at, last, ids, speed, select, cache]);
  if (error) return <div className="batch-scrubber empty">Batch history: {error}</div>;
  if (ids.length === 0) return null;
  const go = (index: number) => select(ids[Math.max(0, Math.min(last, index))]);
  const play = () => {
    // From the end (or live), play starts again at the first kept batch.
    if (live || at >= last) select(ids[0]);
    setPlaying(true);
  };
  return (
    <fieldset className="batch-scrubber" aria-label="Batches">
      <legend className="visually-hidden">Batches</legend>
      <button type="button" aria-label="Previous batch" disabled={at <= 0} onClick={() => go(at - 1)}>
        <Icon name="prev" />
      </button>
      <input
        type="range"
        aria-label="Batch"
        aria-valuetext={`batch ${selected} of ${ids[0]} to ${ids[last]}`}
        min={0}
        max={last}
        step={1}
        value={Math.max(0, at)}
        onChange={(e) => go(Number(e.target.value))}
      />
      <button type="button" aria-label="Next batch" disabled={at >= last} onClick={() => go(at + 1)}>
        <Icon name="next" />
      </button>
      <output className="batch-shown" data-batch-id={selected} aria-live="polite">
        Batch {selected}
        <span className="muted"> of {ids[0] === ids[last] ? ids[0] : `${ids[0]}–${ids[last]}`}</span>
      </output>
      {loading !== undefined && <span className="muted batch-loading">reading batch {loading}…</span>}
      {playing ? (
        <button type="button" onClick={() => setPlaying(false)}>
          <Icon name="stop" /> Pause
        </button>
      ) : (
        <button type="button" onClick={play} disabled={ids.length < 2}>
          <Icon name="run" /> Play
        </button>
      )}
      <label className="play-speed">
        <span className="visually-hidden">Play speed</span>
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {PLAY_SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s} batch{s === 1 ? "" : "es"}/s
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-pressed={live}
        className={live ? "live on" : "live"}
        onClick={() => {
          setPlaying(false);
          select(null);
        }}
        title="Follow the stream: show each batch as it commits"
      >
        Live
      </button>
    </fieldset>
  );
}
