import { CAPTURE, type CompiledCell, IMPORT, RESULT_PREFIX } from "./cellCode";

const SCOPE = "__sluiceScope";

/** The names a cell sees: the session's builtins and what earlier cells declared. No prototype, so `with`
 * never finds `toString` or `constructor` on it. */
export type CellScope = Record<string, unknown>;

export function createScope(builtins: Record<string, unknown>): CellScope {
  return Object.assign(Object.create(null) as CellScope, builtins);
}

/** Engine errors come from deep call stacks: keep enough frames to reach the cell's own. */
const STACK_FRAMES = 100;

/**
 * Runs a compiled cell. The body runs inside `with (scope)` (a sloppy-mode Function, the one place `with` is
 * allowed) so earlier cells' names resolve and assignments to them stick; the cell's own top-level names are
 * copied into the scope afterwards, also when it throws. `url` names the cell in stack traces.
 */
export async function evaluateCell(
  compiled: CompiledCell,
  scope: CellScope,
  importModule: (name: string) => unknown,
  url: string,
): Promise<unknown> {
  const limited = Error as { stackTraceLimit?: number };
  if ((limited.stackTraceLimit ?? 0) < STACK_FRAMES) limited.stackTraceLimit = STACK_FRAMES;
  let capture: (() => Record<string, unknown>) | undefined;
  const fn = new Function(SCOPE, CAPTURE, IMPORT, wrap(compiled.body, url)) as (
    scope: CellScope,
    capture: (reader: () => Record<string, unknown>) => void,
    importModule: (name: string) => unknown,
  ) => Promise<unknown>;
  try {
    return await fn(
      scope,
      (reader) => {
        capture = reader;
      },
      importModule,
    );
  } finally {
    if (capture) Object.assign(scope, capture());
  }
}

function wrap(body: string, url: string): string {
  return `with (${SCOPE}) { return (async () => {${body}\n})(); }\n//# sourceURL=${url}`;
}

let lineOffset: number | undefined;

/** Lines the Function constructor and our wrapper put before the body, measured once on this JS engine. */
function bodyLineOffset(): number {
  if (lineOffset !== undefined) return lineOffset;
  const url = "sluice-measure.js";
  // The same header as wrap(), synchronous so the throw can be caught here.
  const source = `with (${SCOPE}) { return (() => {throw new Error("x")\n})(); }\n//# sourceURL=${url}`;
  let line = 1;
  try {
    (new Function(SCOPE, source) as (scope: object) => void)({});
  } catch (error) {
    line = locate(error, url)?.line ?? 1;
  }
  lineOffset = line - 1;
  return lineOffset;
}

function locate(error: unknown, url: string): { line: number; column: number } | undefined {
  const stack = error instanceof Error ? error.stack : undefined;
  if (!stack) return undefined;
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
}

/** Where in the cell (1-based line and column) an error was thrown, where its stack passes through the cell. */
export function cellLocation(
  error: unknown,
  url: string,
  compiled: CompiledCell,
): { line: number; column: number } | undefined {
  const at = locate(error, url);
  if (!at) return undefined;
  const line = at.line - bodyLineOffset();
  if (line < 1) return undefined;
  let column = line === 1 ? at.column - compiled.prefixLength - wrapPrefixLength() : at.column;
  const result = compiled.resultAt;
  if (result && line === result.line && column > result.column) column -= RESULT_PREFIX.length;
  return { line, column: Math.max(1, column) };
}

/** Characters of our wrapper before the body on its first line. */
function wrapPrefixLength(): number {
  return `with (${SCOPE}) { return (async () => {`.length;
}
