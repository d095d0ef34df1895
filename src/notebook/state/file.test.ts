import { describe, expect, it } from "vitest";
import { action } from "./actions";
import { apply, stateOf } from "./testing";

describe("the notebook's file", () => {
  it("is dirty after an edit, saving, then saved at a path", () => {
    const s = apply(stateOf(), action.fileSaved({ path: "/notebooks/Test.ipynb", at: 5 }));
    expect(s.file).toEqual({ path: "/notebooks/Test.ipynb", status: "saved", savedAt: 5 });
    const edited = apply(s, action.notebookEdited());
    expect(edited.file.status).toBe("dirty");
    expect(apply(edited, action.fileSaving()).file.status).toBe("saving");
    // Edits made while a save ran leave it dirty.
    expect(
      apply(edited, action.fileSaved({ path: "/notebooks/Test.ipynb", at: 6, dirty: true })).file,
    ).toEqual({
      path: "/notebooks/Test.ipynb",
      status: "dirty",
      savedAt: 6,
    });
  });

  it("stays in conflict through edits, until a save the user chose", () => {
    const s = apply(stateOf(), action.fileSaved({ path: "/p.ipynb", at: 1 }), action.fileConflict());
    expect(apply(s, action.notebookEdited()).file.status).toBe("conflict");
    expect(apply(s, action.fileSaved({ path: "/p-Copy1.ipynb", at: 2 })).file).toMatchObject({
      path: "/p-Copy1.ipynb",
      status: "saved",
    });
  });
});
