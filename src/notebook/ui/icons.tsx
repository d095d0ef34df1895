import type { ReactNode } from "react";

/**
 * The app's own icons, drawn as SVG in the text's colour: symbol characters (▶ ■ ↻ ✕, emoji) depend on the
 * fonts a machine has and show as empty boxes where it has none. Each is a 16×16 drawing, sized to the text.
 */
const PATHS = {
  /** The brand: three waves, as the favicon. */
  brand: (
    <>
      <rect width="16" height="16" rx="3.5" fill="currentColor" stroke="none" />
      <path
        d="M3 5.5c1.5-1.5 2.5-1.5 4 0s2.5 1.5 4 0 2-1 2-1M3 8.5c1.5-1.5 2.5-1.5 4 0s2.5 1.5 4 0 2-1 2-1M3 11.5c1.5-1.5 2.5-1.5 4 0s2.5 1.5 4 0 2-1 2-1"
        stroke="var(--panel)"
        strokeWidth="1.2"
      />
    </>
  ),
  run: <path d="M4.5 3v10l8-5z" fill="currentColor" />,
  runAll: (
    <>
      <path d="M2 3v10l6-5z" fill="currentColor" />
      <path d="M8.5 3v10l6-5z" fill="currentColor" />
    </>
  ),
  stop: <rect x="3.5" y="3.5" width="9" height="9" rx="1" fill="currentColor" stroke="none" />,
  restart: (
    <>
      <path d="M13 8a5 5 0 1 1-1.6-3.7" />
      <path d="M12 1.8v3h-3" />
    </>
  ),
  up: <path d="M8 13V3M3.5 7.5 8 3l4.5 4.5" />,
  down: <path d="M8 3v10M3.5 8.5 8 13l4.5-4.5" />,
  close: <path d="M4 4l8 8M12 4l-8 8" />,
  download: <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13.5h10" />,
  trash: <path d="M2.5 4.5h11M6 4.5V3h4v1.5M4 4.5l.7 8.5h6.6l.7-8.5M6.8 7v4M9.2 7v4" />,
  folder: <path d="M1.5 4.5v8h13v-7H7.5L6 4H2z" />,
  file: <path d="M4 1.5h5l3 3v10H4zM9 1.5v3h3" />,
  prev: <path d="M10 3.5 5.5 8l4.5 4.5" />,
  next: <path d="M6 3.5 10.5 8 6 12.5" />,
  plus: <path d="M8 3v10M3 8h10" />,
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof PATHS;

/** An icon beside or instead of a label; give the control an aria-label where the icon is all it shows. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className={`icon icon-${name}`}
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
