import { useCallback, useEffect, useRef, useState } from "react";

/** How often the Topics tab and the socket box ask the kernel again while they are shown. */
export const POLL_MS = 1000;

/**
 * Asks `load` now and every POLL_MS while the component is shown (and the kernel ready); the latest answer or
 * error, and `reload` to ask at once (after an action). An answer that arrives after a newer ask is dropped.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  enabled: boolean,
): { value: T | undefined; error: string | undefined; reload: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const asked = useRef(0);
  const reload = useCallback(() => {
    const ask = ++asked.current;
    load().then(
      (v) => {
        if (ask !== asked.current) return;
        setValue(v);
        setError(undefined);
      },
      (e: Error) => {
        if (ask === asked.current) setError(e.message);
      },
    );
  }, [load]);
  useEffect(() => {
    if (!enabled) return;
    reload();
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload, enabled]);
  return { value, error, reload };
}
