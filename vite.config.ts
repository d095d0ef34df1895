import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import * as acorn from "acorn";
import ts from "typescript";
import { defineConfig, type Plugin } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const duckdbDist = path.dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm"));

/** Pyodide's runtime files (Python for the notebook's Python cells), from its npm package. */
const PYODIDE_FILES = [
  "pyodide.mjs",
  "pyodide.asm.mjs",
  "pyodide.asm.wasm",
  "python_stdlib.zip",
  "pyodide-lock.json",
];
const pyodideDir = path.dirname(require.resolve("pyodide/package.json"));
const PYODIDE_DEV_PATH = "/__pyodide/";

// base './' so the built site works from any sub-path of a static host (no COOP/COEP there).
export default defineConfig({
  base: "./",
  plugins: [react(), engineTypes(), pyodideRuntime({ emit: true }), compressedAssets()],
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
  // Each worker one file, no chunks: the kernel's is run from a `blob:` URL (see kernelBundle).
  worker: {
    format: "es",
    plugins: () => [pyodideRuntime({ emit: false }), kernelBundle()],
    rolldownOptions: {
      checks: { eval: false, bundlerTimings: false },
      output: { codeSplitting: false },
    },
  },
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

/** The engine's declarations, from src/engine/index.ts. */
export function emitEngineDeclarations(): EngineTypes {
  const src = path.join(here, "src");
  const entries = [path.join(src, "engine/index.ts")];
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

/** The kernel worker's bundles (file names under the build's directory), found by kernelBundle. */
const kernelBundles = new Set<string>();

/**
 * The kernel worker (src/kernel/worker.ts) as src/kernel/loader.ts runs it: one self-contained bundle (the
 * worker build has no chunks), which the loader decodes from its `.gz` and imports from a `blob:` URL. There
 * `import.meta.url` is the blob's, against which Vite's asset URLs (the .wasm files) and Pyodide's directory
 * would not resolve, so every `import.meta.url` of the bundle becomes the real script's URL the loader sets,
 * `self.sluiceKernelURL`, or, when the loader imported the script itself, `import.meta.url` as before.
 */
function kernelBundle(): Plugin {
  const entry = path.join(here, "src/kernel/worker.ts");
  return {
    name: "sluice-kernel-bundle",
    apply: "build",
    renderChunk: {
      order: "post",
      handler(code, chunk) {
        return chunk.facadeModuleId === entry ? realImportMetaUrl(code) : null;
      },
    },
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle))
        if (chunk.type === "chunk" && chunk.facadeModuleId === entry) kernelBundles.add(chunk.fileName);
    },
  };
}

/** `code` with each `import.meta.url` read from `self.sluiceKernelURL` first (found by parsing, not by text). */
function realImportMetaUrl(code: string): string {
  const found: { start: number; end: number }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== "object") return;
    const n = node as acorn.Node & Record<string, unknown>;
    if (typeof n.type !== "string") return;
    const object = n.object as acorn.Node & { meta?: { name: string }; property?: { name: string } };
    const property = n.property as { type: string; name?: string } | undefined;
    if (
      n.type === "MemberExpression" &&
      object?.type === "MetaProperty" &&
      object.meta?.name === "import" &&
      property?.type === "Identifier" &&
      property.name === "url"
    ) {
      found.push({ start: n.start, end: n.end });
      return;
    }
    for (const key of Object.keys(n)) if (key !== "type" && key !== "start" && key !== "end") visit(n[key]);
  };
  visit(acorn.parse(code, { ecmaVersion: "latest", sourceType: "module" }));
  let out = code;
  for (const { start, end } of found.sort((a, b) => b.start - a.start))
    out = `${out.slice(0, start)}(self.sluiceKernelURL||import.meta.url)${out.slice(end)}`;
  return out;
}

/**
 * A `.gz` beside each WebAssembly module of the build (DuckDB-WASM's 33 MB module gzips to 7.7 MB) and beside
 * the kernel worker's script (2.5 MB to 0.7 MB): many static hosts (GitHub Pages, S3, a USB stick's file server)
 * send them uncompressed, so the kernel fetches the .gz files and decodes them with DecompressionStream
 * (src/engine/platform/wasmResponse.ts, src/kernel/loader.ts). The plain files stay for hosts that do compress
 * and for browsers that fetch them by name.
 */
function compressedAssets(): Plugin {
  let root = "";
  let outDir = "";
  return {
    name: "sluice-compressed-assets",
    apply: "build",
    configResolved(config) {
      root = path.resolve(config.root, config.build.outDir);
      outDir = path.resolve(root, config.build.assetsDir);
    },
    closeBundle() {
      const files = readdirSync(outDir)
        .filter((n) => n.endsWith(".wasm"))
        .map((n) => path.join(outDir, n));
      for (const name of kernelBundles) files.push(path.join(root, name));
      for (const file of files) writeFileSync(`${file}.gz`, gzipSync(readFileSync(file)));
    },
  };
}

/**
 * `virtual:sluice-pyodide`: where the kernel worker loads Pyodide from. The build copies the runtime files
 * into `assets/pyodide/` beside the worker's chunks (self-hosted, works offline, no CDN); the dev server serves
 * them from node_modules. The app's build writes the files; the worker's build only resolves the module.
 */
function pyodideRuntime(options: { emit: boolean }): Plugin {
  const id = "virtual:sluice-pyodide";
  const resolved = `\0${id}`;
  const bytes = PYODIDE_FILES.reduce((sum, f) => sum + statSync(path.join(pyodideDir, f)).size, 0);
  let serving = false;
  return {
    name: "sluice-pyodide",
    configResolved(config) {
      serving = config.command === "serve";
    },
    resolveId: (source) => (source === id ? resolved : undefined),
    load(loadId) {
      if (loadId !== resolved) return undefined;
      // Relative to the chunk, which lives in assets/ (a variable, so Vite does not take it for an asset).
      const indexURL = serving
        ? `new URL(${JSON.stringify(PYODIDE_DEV_PATH)}, self.location.href).href`
        : "new URL(dir, import.meta.url).href";
      return `const dir = "pyodide/";\nexport default { indexURL: ${indexURL}, bytes: ${bytes} };`;
    },
    configureServer(server) {
      server.middlewares.use(PYODIDE_DEV_PATH, (req, res, next) => {
        const name = (req.url ?? "").replace(/^\//, "").split("?")[0];
        if (!PYODIDE_FILES.includes(name)) return next();
        const types: Record<string, string> = {
          mjs: "text/javascript",
          wasm: "application/wasm",
          zip: "application/zip",
          json: "application/json",
        };
        res.setHeader("Content-Type", types[name.split(".").pop() ?? ""] ?? "application/octet-stream");
        res.end(readFileSync(path.join(pyodideDir, name)));
      });
    },
    generateBundle() {
      // Once, from the app's own build (the worker's bundle has its own instance of this plugin).
      if (serving || !options.emit) return;
      for (const name of PYODIDE_FILES) {
        this.emitFile({
          type: "asset",
          fileName: `assets/pyodide/${name}`,
          source: readFileSync(path.join(pyodideDir, name)),
        });
      }
    },
  };
}
