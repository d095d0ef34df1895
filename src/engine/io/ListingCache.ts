import { baseName, type FileStatus, joinPath, parentOf } from "./FileSystem";

/** What a FileSystemObserver reports (Chromium 129+): paths relative to the observed directory. */
export interface FileSystemChangeRecord {
  type: "appeared" | "disappeared" | "modified" | "moved" | "unknown" | "errored";
  relativePathComponents: string[];
  relativePathMovedFrom?: string[] | null;
}

/** Starts watching a directory tree; resolves to a function that stops, or undefined where it cannot. */
export type WatchTree = (
  root: FileSystemDirectoryHandle,
  onChange: (records: readonly FileSystemChangeRecord[]) => void,
) => Promise<(() => void) | undefined>;

/**
 * Directory listings kept between calls, valid only while the browser reports every change under the root
 * (a FileSystemObserver): a stream lists its folder every trigger, and OPFS has no way to ask a folder's sizes
 * and dates at once (each file is its own round trip). Another tab's change drops the listings it touches as
 * soon as the browser reports it; this file system's own changes drop them at once.
 */
export class ListingCache {
  private readonly listings = new Map<string, Map<string, FileStatus>>();
  /** Bumped for a directory whenever its listing goes stale: a listing taken across a change is not kept. */
  private readonly versions = new Map<string, number>();
  private epoch = 0;
  private watching = false;

  /** Keeps listings from now on, while `watch` reports changes; without a watcher nothing is kept. */
  async watch(root: FileSystemDirectoryHandle, watchTree: WatchTree | undefined): Promise<void> {
    const stop = await watchTree?.(root, (records) => this.reported(records)).catch(() => undefined);
    this.watching = stop !== undefined;
  }

  /** The listing of `dir`, sorted by name, where one is kept. */
  list(dir: string): FileStatus[] | undefined {
    const listing = this.listings.get(dir);
    return listing && [...listing.values()];
  }

  /** What a kept listing of the parent says of `path`: its status, "missing", or unknown (undefined). */
  stat(path: string): FileStatus | "missing" | undefined {
    const listing = this.listings.get(parentOf(path));
    if (!listing) return undefined;
    return listing.get(baseName(path)) ?? "missing";
  }

  /** A token to pass to `keep`: a listing taken after it is kept only if `dir` did not change meanwhile. */
  version(dir: string): string {
    return `${this.epoch}:${this.versions.get(dir) ?? 0}`;
  }

  keep(dir: string, statuses: readonly FileStatus[], version: string): void {
    if (!this.watching || version !== this.version(dir)) return;
    this.listings.set(dir, new Map(statuses.map((s) => [s.name, s])));
  }

  /** `path` was written, created, moved or deleted: its directory's listing and its own are stale. */
  changed(path: string): void {
    this.stale(parentOf(path));
    const prefix = `${path}/`;
    for (const dir of this.listings.keys()) if (dir === path || dir.startsWith(prefix)) this.stale(dir);
    this.stale(path);
  }

  private stale(dir: string): void {
    this.listings.delete(dir);
    this.versions.set(dir, (this.versions.get(dir) ?? 0) + 1);
  }

  private reported(records: readonly FileSystemChangeRecord[]): void {
    for (const r of records) {
      if (r.type === "unknown" || r.type === "errored") {
        // Changes may have been missed (or no more will be reported): nothing kept can be trusted.
        this.listings.clear();
        this.epoch += 1;
        if (r.type === "errored") this.watching = false;
        continue;
      }
      this.changed(joinPath("/", ...r.relativePathComponents));
      if (r.relativePathMovedFrom) this.changed(joinPath("/", ...r.relativePathMovedFrom));
    }
  }
}

/** The browser's FileSystemObserver, where there is one. */
export const observeTree: WatchTree = async (root, onChange) => {
  const Observer = (
    globalThis as {
      FileSystemObserver?: new (
        callback: (records: FileSystemChangeRecord[]) => void,
      ) => {
        observe(handle: FileSystemHandle, options: { recursive: boolean }): Promise<void>;
        disconnect(): void;
      };
    }
  ).FileSystemObserver;
  if (typeof Observer !== "function") return undefined;
  const observer = new Observer((records) => onChange(records));
  await observer.observe(root, { recursive: true });
  return () => observer.disconnect();
};
