import DOMPurify, { type DOMPurify as Purifier } from "dompurify";
import type Katex from "katex";
import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";

/**
 * Markdown cells: marked renders GitHub-flavoured Markdown, DOMPurify (the well-kept sanitizer) removes
 * scripts, event handlers and javascript: URLs, so a shared notebook cannot run code in the reader's page.
 *
 * Math as Jupyter writes it ($x^2$ inline, $$…$$ displayed) is found by marked-katex-extension's rules and
 * typeset by KaTeX. The sanitizer forbids style attributes, which KaTeX's layout needs, so each formula is a
 * numbered placeholder while the page's HTML is sanitized and KaTeX's own output (it escapes the TeX and, not
 * trusted, allows no links, classes or styles from it) takes its place after.
 *
 * KaTeX and the math rules are a fifth of the page's script and most notebooks have no math: they are loaded
 * the first time a cell's source has a dollar (loadMath), the cell shown as plain Markdown until then, and the
 * cells render again when they have come (CellView), so opening the app evaluates none of it (bench part P5).
 */
const markdown = () => new Marked({ gfm: true, breaks: false, async: false });
const plain = markdown();
let math: { marked: Marked; katex: typeof Katex } | undefined;
let loading: Promise<void> | undefined;
const listeners = new Set<() => void>();

/** The formulas of the markdown being rendered, in order (rendering is synchronous). */
let formulas: { tex: string; display: boolean }[] = [];

const placeholder = (token: Tokens.Generic) => {
  formulas.push({ tex: token.text, display: token.displayMode === true });
  return `<span data-math="${formulas.length - 1}"></span>`;
};

/** Loads KaTeX, its stylesheet and the math rules (once); renderings made before then are stale after it. */
export function loadMath(): Promise<void> {
  loading ??= Promise.all([
    import("katex"),
    import("marked-katex-extension"),
    import("katex/dist/katex.min.css"),
  ]).then(([katex, markedKatex]) => {
    const rules = (markedKatex.default().extensions ?? []) as TokenizerAndRendererExtension[];
    const marked = markdown();
    marked.use({ extensions: rules.map((rule) => ({ ...rule, renderer: placeholder })) });
    math = { marked, katex: katex.default };
    for (const listener of listeners) listener();
  });
  return loading;
}

/** Whether formulas are typeset yet; with onMathLoaded, a store for React's useSyncExternalStore. */
export const mathLoaded = (): boolean => math !== undefined;

export function onMathLoaded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const PLACEHOLDER = /<span data-math="(\d+)"><\/span>/g;

export function renderMarkdown(source: string, purifier: Purifier = DOMPurify): string {
  if (!math && source.includes("$")) void loadMath();
  const katex = math?.katex;
  formulas = [];
  const html = (math?.marked ?? plain).parse(source) as string;
  const found = formulas;
  const clean = purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
  return clean.replace(PLACEHOLDER, (text, i: string) => {
    const formula = found[Number(i)];
    if (!formula || !katex) return text;
    return katex.renderToString(formula.tex, {
      displayMode: formula.display,
      throwOnError: false,
      trust: false,
      strict: "ignore",
    });
  });
}
