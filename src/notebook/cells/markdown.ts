import DOMPurify, { type DOMPurify as Purifier } from "dompurify";
import { Marked } from "marked";

/**
 * Markdown cells: marked renders GitHub-flavoured Markdown, DOMPurify (the well-kept sanitizer) removes
 * scripts, event handlers and javascript: URLs, so a shared notebook cannot run code in the reader's page.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

export function renderMarkdown(source: string, purifier: Purifier = DOMPurify): string {
  const html = marked.parse(source) as string;
  return purifier.sanitize(html, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ["style", "form", "input", "button", "iframe", "object", "embed"],
    FORBID_ATTR: ["style"],
  });
}
