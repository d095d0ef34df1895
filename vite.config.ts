import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// base './' so the built site works from any sub-path of a static host (no COOP/COEP there).
export default defineConfig({
  base: "./",
  plugins: [react()],
  worker: { format: "es" },
  build: { target: "es2022", chunkSizeWarningLimit: 8000 },
  optimizeDeps: { exclude: ["@duckdb/duckdb-wasm", "parquet-wasm"] },
});
