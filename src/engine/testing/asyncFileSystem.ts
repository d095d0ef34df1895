/**
 * Node's file system without its synchronous reads, as OPFS in the browser is: schemas of files read without
 * one are then listed and sampled asynchronously, so tests see the browser's pending DataFrames.
 */
import type { FileSystem } from "../io/FileSystem";
import { nodePlatform } from "../platform/node";
import { setPlatform } from "../platform/Platform";

function asyncOnly(fs: FileSystem): FileSystem {
  return {
    kind: fs.kind,
    readFile: (p) => fs.readFile(p),
    writeFile: (p, d) => fs.writeFile(p, d),
    createFile: (p, d) => fs.createFile(p, d),
    stat: (p) => fs.stat(p),
    list: (d) => fs.list(d),
    mkdirs: (d) => fs.mkdirs(d),
    delete: (p) => fs.delete(p),
    rename: (a, b) => fs.rename(a, b),
  } as FileSystem;
}

/** Sessions created after this call get Node's file system without `sync`. */
export function useAsyncOnlyFileSystem(): void {
  setPlatform({
    ...nodePlatform,
    createFileSystem: async (root) => asyncOnly(await nodePlatform.createFileSystem(root)),
  });
}
