/** Made by vite.config.ts from src/engine/index.ts at build time. */
declare module "virtual:sluice-engine-types" {
  const types: import("../../../vite.config").EngineTypes;
  export default types;
}
