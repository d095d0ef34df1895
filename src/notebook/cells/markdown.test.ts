import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown";

const window = new JSDOM("").window;
const purifier = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);

describe("markdown cells", () => {
  it("renders headings, emphasis, code and tables", () => {
    const html = renderMarkdown(
      "# Lesson\n\nSome *streaming* `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |",
      purifier,
    );
    expect(html).toContain("<h1>Lesson</h1>");
    expect(html).toContain("<em>streaming</em>");
    expect(html).toContain("<code>code</code>");
    expect(html).toContain("<td>1</td>");
  });

  it("drops scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      '<script>window.pwned = 1</script>\n\n<img src="x" onerror="window.pwned = 2">\n\n[click](javascript:alert(1))\n\n<a href="https://spark.apache.org" onclick="x()">ok</a>',
      purifier,
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/onclick/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain('<img src="x">');
    expect(html).toContain('href="https://spark.apache.org"');
  });

  it("drops iframes, forms and inline styles", () => {
    const html = renderMarkdown(
      '<iframe src="https://evil"></iframe><form><input></form><p style="position:fixed">t</p>',
      purifier,
    );
    expect(html).not.toMatch(/iframe|form|input|style=/i);
    expect(html).toContain("<p>t</p>");
  });
});
