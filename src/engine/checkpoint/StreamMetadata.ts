/** `<checkpoint>/metadata`: the query's id, which survives restarts (the run id does not). */

import { CorruptCheckpointError } from "../errors/exceptions";
import { type FileSystem, joinPath } from "../io/FileSystem";

export interface StreamMetadata {
  id: string;
}

export async function readStreamMetadata(
  fs: FileSystem,
  checkpoint: string,
): Promise<StreamMetadata | undefined> {
  const path = joinPath(checkpoint, "metadata");
  if (!(await fs.stat(path))) return undefined;
  const text = new TextDecoder().decode(await fs.readFile(path));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.split("\n")[0]);
  } catch (error) {
    throw new CorruptCheckpointError(
      path,
      `the query metadata is not valid JSON: ${JSON.stringify(text.slice(0, 80))}`,
      error,
    );
  }
  const id = (parsed as { id?: unknown })?.id;
  if (typeof id !== "string" || id === "")
    throw new CorruptCheckpointError(path, "the query metadata has no id");
  return { id };
}

export async function writeStreamMetadata(
  fs: FileSystem,
  checkpoint: string,
  metadata: StreamMetadata,
): Promise<void> {
  await fs.createFile(joinPath(checkpoint, "metadata"), JSON.stringify(metadata));
}
