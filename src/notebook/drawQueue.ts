import { type RefObject, useEffect, useRef, useState } from "react";

/**
 * Expensive drawings (charts) take turns: at most one redraws per animation frame, so a trigger that changes
 * five charts costs five short frames, not one long task; and each redraws at most every DRAW_INTERVAL_MS, so
 * a query at 10 triggers a second does not keep the UI thread busy with charts. A drawing that is asked to
 * redraw again before its turn keeps its place in the line and draws the newest value.
 */
export const DRAW_INTERVAL_MS = 250;
const waiting = new Map<object, () => void>();
let scheduled = false;

function enqueue(key: object, draw: () => void): void {
  waiting.set(key, draw);
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(drawNext);
}

function drawNext(): void {
  scheduled = false;
  const next = waiting.entries().next();
  if (next.done) return;
  const [key, draw] = next.value;
  waiting.delete(key);
  draw();
  if (waiting.size > 0) {
    scheduled = true;
    requestAnimationFrame(drawNext);
  }
}

/**
 * The value to draw: `value` once it is this drawing's turn, and while `visible` is false the value drawn last
 * (an off-screen chart does not redraw until it is scrolled into view).
 */
export function useDrawnValue<T>(value: T, visible: boolean): T {
  const [drawn, setDrawn] = useState(value);
  const key = useRef({}).current;
  const drawnAt = useRef(0);
  useEffect(() => {
    waiting.delete(key);
    if (!visible || Object.is(value, drawn)) return;
    const draw = () => {
      drawnAt.current = performance.now();
      setDrawn(() => value);
    };
    const wait = drawnAt.current + DRAW_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      enqueue(key, draw);
      return;
    }
    const timer = setTimeout(() => enqueue(key, draw), wait);
    return () => clearTimeout(timer);
  }, [value, drawn, visible, key]);
  useEffect(() => () => void waiting.delete(key), [key]);
  return drawn;
}

/** Whether an element is (near) the viewport; true where the browser cannot tell. */
export function useVisible(ref: RefObject<Element | null>): boolean {
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver !== "function") return;
    const observer = new IntersectionObserver(([entry]) => setVisible(entry.isIntersecting), {
      rootMargin: "200px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return visible;
}
