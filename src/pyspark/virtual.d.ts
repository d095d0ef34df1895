/** Made by vite.config.ts: where Pyodide's runtime files are served, and how many bytes they are. */
declare module "virtual:sluice-pyodide" {
  const runtime: { indexURL: string; bytes: number };
  export default runtime;
}
