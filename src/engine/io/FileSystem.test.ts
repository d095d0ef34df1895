import { describe, expect, it } from "vitest";
import { baseName, normalizePath, parentOf } from "./FileSystem";

describe("normalizePath", () => {
  it("returns a path that is already normal as it is", () => {
    for (const path of ["/", "/in", "/in/part-000001.parquet", "/a/.hidden", "/a/..b", "/a/b.", "/a=1/b=x y"])
      expect(normalizePath(path)).toBe(path);
  });

  it("collapses empty, '.' and '..' parts, a trailing '/' and a file:// prefix", () => {
    const cases: [string, string][] = [
      ["", "/"],
      ["in", "/in"],
      ["//in//a", "/in/a"],
      ["/in/", "/in"],
      ["/in/./a", "/in/a"],
      ["/in/.", "/in"],
      ["/in/a/../b", "/in/b"],
      ["/in/a/..", "/in"],
      ["/..", "/"],
      ["file:///in/a", "/in/a"],
      ["./in", "/in"],
    ];
    for (const [path, normal] of cases) expect(normalizePath(path)).toBe(normal);
  });

  it("gives baseName and parentOf the normal form's parts", () => {
    expect(baseName("/in//a/")).toBe("a");
    expect(parentOf("/in/./a")).toBe("/in");
    expect(parentOf("/in")).toBe("/");
  });
});
