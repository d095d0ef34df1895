/** Made by vite.config.ts from src/engine/index.ts at build time. */
declare module "virtual:sluice-engine-types" {
  const types: {
    files: Record<string, string>;
    values: string[];
    functions: string[];
  };
  export default types;
}
