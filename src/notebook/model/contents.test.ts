import { describe, expect, it } from "vitest";
import { Contents, type NotebookStorage, SaveConflict } from "./contents";

/** Files in memory, with a clock that ticks on every write (as a file's last-modified time does). */
function memoryStorage(): NotebookStorage & { files: Map<string, { text: string; lastModified: number }> } {
  const files = new Map<string, { text: string; lastModified: number }>();
  let clock = 1000;
  return {
    files,
    read: async (path) => files.get(path),
    write: async (path, text) => {
      clock += 1;
      files.set(path, { text, lastModified: clock });
      return clock;
    },
    remove: async (path) => void files.delete(path),
    list: async (dir) =>
      [...files]
        .filter(([path]) => path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes("/"))
        .map(([path, f]) => ({
          name: path.slice(dir.length + 1),
          lastModified: f.lastModified,
          size: f.text.length,
        })),
    locked: (_path, f) => f(),
  };
}

describe("the contents manager", () => {
  it("names new notebooks as Jupyter does: Untitled, Untitled1, ...; copies Lesson-Copy1, ...", async () => {
    const storage = memoryStorage();
    const contents = new Contents(storage);
    expect(await contents.freePath("Untitled")).toBe("/notebooks/Untitled.ipynb");
    await contents.save("/notebooks/Untitled.ipynb", "{}", { absent: true });
    expect(await contents.freePath("Untitled")).toBe("/notebooks/Untitled1.ipynb");
    await contents.save("/notebooks/Untitled1.ipynb", "{}", { absent: true });
    expect(await contents.freePath("Untitled")).toBe("/notebooks/Untitled2.ipynb");
    expect(await contents.freePath("Lesson", { insert: "-Copy" })).toBe("/notebooks/Lesson.ipynb");
    await contents.save("/notebooks/Lesson.ipynb", "{}", { absent: true });
    expect(await contents.freePath("Lesson", { insert: "-Copy" })).toBe("/notebooks/Lesson-Copy1.ipynb");
    expect(await contents.freePath("a/b: c?")).toBe("/notebooks/a_b_ c_.ipynb");
    expect(await contents.freePath("Event time (PySpark) - late data")).toBe(
      "/notebooks/Event time (PySpark) - late data.ipynb",
    );
  });

  it("lists notebooks, the most recently saved first", async () => {
    const contents = new Contents(memoryStorage());
    await contents.save("/notebooks/Old.ipynb", "{}", { absent: true });
    await contents.save("/notebooks/New.ipynb", "{}", { absent: true });
    await contents.save("/notebooks/notes.txt", "x", { overwrite: true });
    await contents.save("/notebooks/Old.ipynb", "{ }", { text: "{}" });
    expect((await contents.list()).map((e) => [e.name, e.path])).toEqual([
      ["Old", "/notebooks/Old.ipynb"],
      ["New", "/notebooks/New.ipynb"],
    ]);
  });

  it("saves only over the file this tab last read or wrote; a file saved elsewhere is a conflict", async () => {
    const storage = memoryStorage();
    const contents = new Contents(storage);
    const path = "/notebooks/Lesson.ipynb";
    await contents.save(path, "v1", { absent: true });
    // Two tabs loaded v1; the first saves v2.
    await contents.save(path, "v2 from tab one", { text: "v1" });
    // The second tab still expects v1: its save is refused and the first tab's save is kept.
    const refused = await contents.save(path, "v2 from tab two", { text: "v1" }).catch((e) => e);
    expect(refused).toBeInstanceOf(SaveConflict);
    expect(refused.lastModified).toBe(storage.files.get(path)?.lastModified);
    expect(storage.files.get(path)?.text).toBe("v2 from tab one");
    // A new file never replaces a stored one.
    await expect(contents.save(path, "new", { absent: true })).rejects.toBeInstanceOf(SaveConflict);
    // Overwrite is the user's explicit choice.
    await contents.save(path, "v2 from tab two", { overwrite: true });
    expect(storage.files.get(path)?.text).toBe("v2 from tab two");
  });

  it("renames by moving the file, and never over another notebook", async () => {
    const storage = memoryStorage();
    const contents = new Contents(storage);
    await contents.save("/notebooks/A.ipynb", "a", { absent: true });
    await contents.save("/notebooks/B.ipynb", "b", { absent: true });
    await contents.rename("/notebooks/A.ipynb", "/notebooks/C.ipynb");
    expect([...storage.files.keys()].sort()).toEqual(["/notebooks/B.ipynb", "/notebooks/C.ipynb"]);
    await expect(contents.rename("/notebooks/C.ipynb", "/notebooks/B.ipynb")).rejects.toThrow(
      "B already exists",
    );
    expect(storage.files.get("/notebooks/B.ipynb")?.text).toBe("b");
  });
});
