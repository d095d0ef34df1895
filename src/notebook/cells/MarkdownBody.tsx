import { useEffect, useRef } from "react";

/**
 * A markdown cell as rendered (HTML sanitized by renderMarkdown); a double-click opens its source, as in
 * Jupyter (Enter does too). An image without a size of its own (an SVG with only a viewBox) would be stretched
 * to the cell's whole width: it is drawn at the browser's default object size instead (300 px wide).
 */
export function MarkdownBody({ html, onOpen }: { html: string; onOpen: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new HTML brings new images to look at
  useEffect(() => {
    const body = ref.current;
    if (!body) return;
    const check = (img: HTMLImageElement) => {
      // Drawn wider than its natural width with no width asked for: it has none of its own.
      const sizeless = !img.hasAttribute("width") && img.getBoundingClientRect().width > img.naturalWidth + 1;
      img.classList.toggle("sizeless", img.naturalWidth > 0 && sizeless);
    };
    // Once each image is decoded, whether it was loading or already loaded (new HTML, such as a cell rendered
    // again when KaTeX has come, brings new image elements of images the browser already has).
    for (const img of body.querySelectorAll("img"))
      img.decode().then(
        () => check(img),
        () => {},
      );
  }, [html]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click edits, as in Jupyter (Enter does too)
    <div
      ref={ref}
      className="markdown-body"
      // Sanitized by DOMPurify in renderMarkdown.
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized above
      dangerouslySetInnerHTML={{ __html: html }}
      onDoubleClick={onOpen}
    />
  );
}
