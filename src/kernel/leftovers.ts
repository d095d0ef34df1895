/**
 * Folders the engine or the kernel works in for a while and deletes when done (a query's temporary checkpoint,
 * a comparison of output modes), which a page closed or reloaded meanwhile leaves behind. Tabs of one origin
 * share the browser's storage (OPFS, kept across reloads), so each such folder is held by a Web Lock of its own
 * from before it exists until it is deleted; a kernel starting removes the ones no live tab holds. The browser
 * releases a closed tab's locks, so its folders go at the next start, and another open tab's are kept.
 */
import type { SparkSession } from "../engine/index";

/**
 * The cross-tab lock `name`: its release, or undefined where another holder (this tab's or another's) has it. A
 * platform without such locks (Node: one process, one kernel per storage root) always grants it.
 */
export async function tryFolderLock(spark: SparkSession, name: string): Promise<(() => void) | undefined> {
  const { platform } = spark;
  return platform.tryLock ? platform.tryLock(name) : () => {};
}

/**
 * Removes the folders of `dir` named `prefix`... whose lock (`lockName` of the folder's path) can be taken, each
 * under that lock so no tab starts using it meanwhile. Run as the kernel starts, before it makes any of its own.
 */
export async function removeUnheldFolders(
  spark: SparkSession,
  dir: string,
  prefix: string,
  lockName: (path: string) => string,
): Promise<void> {
  for (const entry of await spark.fs.list(dir)) {
    if (!entry.isDirectory || !entry.name.startsWith(prefix)) continue;
    const release = await tryFolderLock(spark, lockName(entry.path));
    if (!release) continue;
    try {
      await spark.fs.delete(entry.path);
    } catch {
      // A leftover the storage will not let go of yet is removed by a later start; the others go on.
    } finally {
      release();
    }
  }
}
