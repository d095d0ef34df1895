import { describe, expect, it } from "vitest";
import { FileNotFoundError, StorageQuotaError } from "./FileSystem";
import { translateOpfsError } from "./OpfsFileSystem";

// OPFS itself runs only in a browser (the e2e suite writes, overwrites and reloads files through it); here,
// how its DOMExceptions become the engine's errors.
describe("OPFS errors", () => {
  it("turns a full quota into StorageQuotaError with the path and a way out", () => {
    const error = translateOpfsError(
      new DOMException("quota", "QuotaExceededError"),
      "/checkpoints/q/offsets/3",
    );
    expect(error).toBeInstanceOf(StorageQuotaError);
    expect((error as StorageQuotaError).message).toMatch(/Storage is full.*\/checkpoints\/q\/offsets\/3/);
  });

  it("turns a missing entry into FileNotFoundError, and leaves other errors alone", () => {
    expect(translateOpfsError(new DOMException("gone", "NotFoundError"), "/a")).toBeInstanceOf(
      FileNotFoundError,
    );
    expect(translateOpfsError(new DOMException("dir", "TypeMismatchError"), "/a")).toBeInstanceOf(
      FileNotFoundError,
    );
    const other = new DOMException("locked", "NoModificationAllowedError");
    expect(translateOpfsError(other, "/a")).toBe(other);
  });
});
