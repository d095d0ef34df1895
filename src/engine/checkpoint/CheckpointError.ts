/** A checkpoint file that exists but cannot be understood: names the file and what is wrong with it. */
export class CorruptCheckpointError extends Error {
  override name = "CorruptCheckpointError";
  constructor(
    readonly path: string,
    detail: string,
    cause?: unknown,
  ) {
    super(
      `Checkpoint file ${path} is corrupt: ${detail}. The checkpoint was left untouched; restore the file or start the query on a new checkpoint location.`,
      { cause },
    );
  }
}
