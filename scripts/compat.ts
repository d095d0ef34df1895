/** `npm run compat`: writes docs/compatibility.md and docs/compatibility.json from the status file. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderJson, renderMarkdown } from "./compat/render";

const docs = join(import.meta.dirname, "..", "docs");
mkdirSync(docs, { recursive: true });
writeFileSync(join(docs, "compatibility.md"), renderMarkdown());
writeFileSync(join(docs, "compatibility.json"), renderJson());
console.log("wrote docs/compatibility.md and docs/compatibility.json");
