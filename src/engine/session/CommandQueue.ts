/**
 * The session's commands in order. Spark runs a command (CREATE TABLE, INSERT, saveAsTable...) to the end before
 * the next statement; in the browser a command's files are written asynchronously, so its catalog change is made
 * at once and its writes join this queue: each runs after the ones before it, and every query reads a table only
 * once the writes queued before it have finished.
 */
export class CommandQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly unreported: unknown[] = [];

  /** Runs `work` after everything queued before it; the result or failure is also the returned Promise's. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.then(
      () => {},
      (error: unknown) => {
        this.unreported.push(error);
      },
    );
    return result;
  }

  /** Resolves once everything queued so far has run, whether it succeeded or not. */
  idle(): Promise<void> {
    return this.tail;
  }

  /**
   * Waits for everything queued so far; rejects with the first failure not reported this way before (a command
   * whose Promise no one awaited still fails the cell that ran it).
   */
  async settle(): Promise<void> {
    await this.tail;
    const failures = this.unreported.splice(0);
    if (failures.length > 0) throw failures[0];
  }
}
