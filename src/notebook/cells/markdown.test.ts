import createDOMPurify from "dompurify";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { loadMath, mathLoaded, onMathLoaded, renderMarkdown } from "./markdown";

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

describe("math before KaTeX has loaded", () => {
  it("shows a formula as Markdown text, loads KaTeX at the first dollar and says when it has come", async () => {
    expect(mathLoaded()).toBe(false);
    const loaded = new Promise<void>((resolve) => onMathLoaded(resolve));
    expect(renderMarkdown("No dollar, no *math*", purifier)).toContain("<em>math</em>");
    expect(mathLoaded()).toBe(false);
    const html = renderMarkdown("Less: $a < b$", purifier);
    expect(html).toContain("<p>Less: $a &lt; b$</p>");
    await loaded;
    expect(mathLoaded()).toBe(true);
    expect(renderMarkdown("Less: $a < b$", purifier)).toContain('class="katex"');
  });
});

describe("math in markdown cells, as Jupyter renders it", () => {
  beforeAll(loadMath);

  it("typesets $…$ inline and $$…$$ displayed with KaTeX", () => {
    const html = renderMarkdown("The area is $\\pi r^2$, and\n\n$$\n\\sum_{i=1}^n x_i\n$$\n", purifier);
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    // MathML beside the drawing, for screen readers: the TeX is kept as its annotation.
    expect(html).toContain('<annotation encoding="application/x-tex">\\pi r^2</annotation>');
    expect(html).toContain("\\sum_{i=1}^n x_i");
    expect(html).not.toContain("data-math");
  });

  it("leaves dollars that are not math, and math in code, alone", () => {
    const html = renderMarkdown("It costs $5 and $10.\n\n`$x$` stays code.", purifier);
    expect(html).toContain("It costs $5 and $10.");
    expect(html).toContain("<code>$x$</code>");
    expect(html).not.toContain("katex");
  });

  it("shows bad TeX as an error in place, and lets no HTML through math", () => {
    const html = renderMarkdown(
      'Bad: $\\frac{1$ and $\\href{javascript:alert(1)}{x}$ and $<img src=x onerror="y">$',
      purifier,
    );
    expect(html).toContain("katex-error");
    expect(html).not.toMatch(/href="javascript|onerror="|<img/i);
  });
});
