/**
 * Spark's FileStreamSourceCleaner: what `cleanSource` does to a file once the batch that read it is committed.
 * "delete" removes it (SourceFileRemover); "archive" moves it under `sourceArchiveDir`, keeping its own path
 * (SourceFileArchiver: `/src/a/f` goes to `<archive>/src/a/f`). A file that cannot be cleaned is left where it is,
 * with a warning, as Spark does: cleaning never fails the query.
 */

import { archivePathMatchesSourcePattern } from "../errors/QueryExecutionErrors";
import { type FileSystem, normalizePath, parentOf } from "../io/FileSystem";
import { globSegment } from "../session/dataFiles";
import type { CleanSourceMode } from "./FileStreamOptions";

export interface FileStreamSourceCleaner {
  clean(path: string): Promise<void>;
}

/** Spark's FileStreamSourceCleaner.apply: none for "off". */
export function fileStreamSourceCleaner(
  fs: FileSystem,
  sourcePath: string,
  mode: CleanSourceMode,
  sourceArchiveDir: string | undefined,
): FileStreamSourceCleaner | undefined {
  if (mode === "delete") return new SourceFileRemover(fs);
  if (mode === "archive" && sourceArchiveDir !== undefined)
    return new SourceFileArchiver(fs, sourcePath, sourceArchiveDir);
  return undefined;
}

export class SourceFileRemover implements FileStreamSourceCleaner {
  constructor(private readonly fs: FileSystem) {}

  async clean(path: string): Promise<void> {
    try {
      await this.fs.delete(path);
    } catch (error) {
      console.warn(`Fail to remove ${path} / skip removing file.`, error);
    }
  }
}

export class SourceFileArchiver implements FileStreamSourceCleaner {
  private readonly baseArchivePath: string;

  constructor(
    private readonly fs: FileSystem,
    sourcePattern: string,
    baseArchivePath: string,
  ) {
    this.baseArchivePath = normalizePath(baseArchivePath);
    if (baseArchivePathMatchesSourcePattern(normalizePath(sourcePattern), this.baseArchivePath))
      throw archivePathMatchesSourcePattern();
  }

  async clean(path: string): Promise<void> {
    const newPath = normalizePath(`${this.baseArchivePath.replace(/\/$/, "")}${path}`);
    try {
      await this.fs.mkdirs(parentOf(newPath));
      // Hadoop's rename does not replace a file already there.
      if (await this.fs.stat(newPath)) {
        console.warn(`Fail to move ${path} to ${newPath} / skip moving file.`);
        return;
      }
      await this.fs.rename(path, newPath);
    } catch (error) {
      console.warn(`Fail to move ${path} to ${newPath} / skip moving file.`, error);
    }
  }
}

/**
 * Spark's isBaseArchivePathMatchedAgainstSourcePattern: the two paths cut to the smaller depth of the two, and
 * each name of the archive path matched against the source pattern's glob at the same depth. Were it matched,
 * archived files could be read again (the source may read any depth below its pattern), so Spark refuses it.
 */
export function baseArchivePathMatchesSourcePattern(sourcePattern: string, baseArchivePath: string): boolean {
  const source = segmentsOf(sourcePattern);
  const archive = segmentsOf(baseArchivePath);
  const depth = Math.min(source.length, archive.length);
  for (let i = 0; i < depth; i++) if (!globSegment(source[i]).test(archive[i])) return false;
  return true;
}

function segmentsOf(path: string): string[] {
  return normalizePath(path)
    .split("/")
    .filter((s) => s !== "");
}
