import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import ts from "typescript";
import { defineConfig, type Plugin } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const duckdbDist = path.dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));

// base './' so the built site works from any sub-path of a static host (no COOP/COEP there).
export default defineConfig({
  base: "./",
  plugins: [react(), engineTypes()],
  resolve: {
    alias: [
      // DuckDB-WASM's synchronous browser build is not in the package's exports (see src/kernel/).
      {
        find: /^@duckdb\/duckdb-wasm\/browser-blocking$/,
        replacement: path.join(duckdbDist, "duckdb-browser-blocking.mjs"),
      },
    ],
  },
  // DuckDB-WASM's Emscripten glue uses eval (known, harmless here): keep the build log about our code.
  worker: { format: "es", rolldownOptions: { checks: { eval: false, bundlerTimings: false } } },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { checks: { eval: false, bundlerTimings: false } },
  },
  optimizeDeps: { exclude: ["@duckdb/duckdb-wasm", "parquet-wasm"] },
});

/**
 * `virtual:sluice-engine-types`: the engine's public API as .d.ts files, made by TypeScript from
 * src/engine/index.ts when the app is built, so Monaco completes and documents `spark.readStream.` from the
 * engine's own declarations and doc comments.
 */
function engineTypes(): Plugin {
  const id = "virtual:sluice-engine-types";
  const resolved = `\0${id}`;
  return {
    name: "sluice-engine-types",
    resolveId: (source) => (source === id ? resolved : undefined),
    load(loadId) {
      if (loadId !== resolved) return undefined;
      return `export default ${JSON.stringify(emitEngineDeclarations())};`;
    },
  };
}

export interface EngineTypes {
  /** Declarations keyed by their path under src/ ("engine/index.d.ts"). */
  files: Record<string, string>;
  /** Value exports of the engine (what cells get in scope), and the members of its `functions` export. */
  values: string[];
  functions: string[];
}

/** The engine's declarations; empty while the engine has no index.ts. */
export function emitEngineDeclarations(): EngineTypes {
  const src = path.join(here, "src");
  const entries = [path.join(src, "engine/index.ts")].filter((file) => existsSync(file));
  if (entries.length === 0) return { files: {}, values: [], functions: [] };
  const program = ts.createProgram(entries, {
    declaration: true,
    emitDeclarationOnly: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
    strict: true,
    noEmitOnError: false,
  });
  const files: Record<string, string> = {};
  program.emit(undefined, (fileName, text) => {
    const relative = path.relative(src, fileName);
    if (!relative.startsWith("..")) files[relative.split(path.sep).join("/")] = text;
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entries[0])!;
  const module = checker.getSymbolAtLocation(source);
  const values: string[] = [];
  let functions: string[] = [];
  for (const symbol of module ? checker.getExportsOfModule(module) : []) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (!(target.flags & (ts.SymbolFlags.Value | ts.SymbolFlags.ValueModule))) continue;
    values.push(symbol.name);
    if (symbol.name === "functions") {
      const type = checker.getTypeOfSymbolAtLocation(target, source);
      functions = checker.getPropertiesOfType(type).map((p) => p.name);
    }
  }
  return { files, values, functions };
}
