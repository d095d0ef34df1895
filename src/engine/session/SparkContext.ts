/**
 * The few members of Spark's SparkContext a DataFrame program touches: Sluice has no cluster and no RDDs, so
 * this holds the checkpoint directory (`setCheckpointDir`, which Dataset.checkpoint requires) and the
 * application's names. One per root session: sessions made by `newSession()` share it, as Spark's share theirs.
 */
export class SparkContext {
  private checkpointDir: string | undefined;
  private stopped = false;
  private readonly stopHooks: (() => Promise<void>)[] = [];

  constructor(
    /** Spark's `spark.app.name`. */
    readonly appName: string,
  ) {}

  /** Spark's `master`: Sluice runs in this one process. */
  readonly master = "local[*]";
  /** Sluice runs one partition. */
  readonly defaultParallelism = 1;

  /**
   * Spark's `setCheckpointDir`: where `Dataset.checkpoint` writes. Sluice keeps a checkpoint's rows in the
   * session's database, so the directory only has to be set; Spark appends a random subdirectory to it, as here.
   */
  setCheckpointDir(directory: string): void {
    this.checkpointDir = `${directory.replace(/\/+$/, "")}/${crypto.randomUUID()}`;
  }

  /**
   * Spark's `stop`: ends the application, so every session over this context stops with its streaming queries
   * (StreamingQueryStopSuite: they end inactive and without an exception).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const hook of this.stopHooks) await hook();
  }

  /** Spark's `isStopped`. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Engine internal: what `stop()` also stops (the root session registers its own `stop`). */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /** Spark's `getCheckpointDir`: the directory set, or undefined (Scala's None). */
  getCheckpointDir(): string | undefined {
    return this.checkpointDir;
  }
}
