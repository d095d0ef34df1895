import DOMPurify, { type DOMPurify as Purifier } from "dompurify";
import katex from "katex";
import { Marked, type TokenizerAndRendererExtension, type Tokens } from "marked";
import markedKatex from "marked-katex-extension";

/**
 * Markdown cells: marked renders GitHub-flavoured Markdown, DOMPurify (the well-kept sanitizer) removes
 * scripts, event handlers and javascript: URLs, so a shared notebook cannot run code in the reader's page.
 *
 * Math as Jupyter writes it ($x^2$ inline, $$…$$ displayed) is found by marked-katex-extension's rules and
 * typeset by KaTeX. The sanitizer forbids style attributes, which KaTeX's layout needs, so each formula is a
 * numbered placeholder while the page's HTML is sanitized and KaTeX's own output (it escapes the TeX and, not
 * trusted, allows no links, classes or styles from it) takes its place after.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

/** The formulas of the markdown being rendered, in order (rendering is synchronous). */
let formulas: { tex: string; display: boolean }[] = [];

const placeholder = (token: Tokens.Generic) => {
  formulas.push({ tex: token.text, display: token.displayMode === true });
  return `<span data-math="${formulas.length - 1}"></span>`;
};

const mathRules = (markedKatex().extensions ?? []) as TokenizerAndRendererExtension[];
marked.use({ extensions: mathRules.map((rule) => ({ ...rule, renderer: placeholder })) });

const PLACEHOLDER = /<span data-math="(\d+)"><\/span>/g;

export function renderMarkdown(source: string, purifier: Purifier = DOMPurify): string {
  formulas = [];
  const html = marked.parse(source) as string;
  const found = formulas;
  const clean = purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
  return clean.replace(PLACEHOLDER, (text, i: string) => {
    const formula = found[Number(i)];
    if (!formula) return text;
    return katex.renderToString(formula.tex, {
      displayMode: formula.display,
      throwOnError: false,
      trust: false,
      strict: "ignore",
    });
  });
}
