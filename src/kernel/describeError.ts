import type { KernelError } from "./protocol";

/** Any thrown value as the protocol's error: Spark's exception name, message, failing batch. */
export function describeError(error: unknown): KernelError {
  if (error instanceof Error) {
    const batchId = (error as { batchId?: unknown }).batchId;
    return {
      name: error.name || "Error",
      message: error.message,
      stack: error.stack,
      ...(typeof batchId === "number" ? { batchId } : {}),
    };
  }
  return { name: "Error", message: String(error) };
}
