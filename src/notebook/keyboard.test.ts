import { describe, expect, it } from "vitest";
import { commandKey, KEY_LIST, type KeyLike } from "./keyboard";

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("command-mode keys", () => {
  it("maps Jupyter's keys", () => {
    expect(commandKey(key("a"))).toBe("insert-above");
    expect(commandKey(key("b"))).toBe("insert-below");
    expect(commandKey(key("d"))).toBe("delete");
    expect(commandKey(key("m"))).toBe("to-markdown");
    expect(commandKey(key("y"))).toBe("to-code");
    expect(commandKey(key("q"))).toBe("to-sql");
    expect(commandKey(key("p"))).toBe("to-python");
    expect(commandKey(key("t"))).toBe("to-typescript");
    expect(commandKey(key("z"))).toBe("undo");
    expect(commandKey(key("Z", { shiftKey: true }))).toBe("redo");
    expect(commandKey(key("i"))).toBe("interrupt");
    expect(commandKey(key("K", { shiftKey: true }))).toBe("move-up");
    expect(commandKey(key("Escape"))).toBe("command");
    expect(commandKey(key("ArrowUp"))).toBe("select-up");
    expect(commandKey(key("ArrowDown"))).toBe("select-down");
    expect(commandKey(key("Enter"))).toBe("edit");
    expect(commandKey(key("Enter", { shiftKey: true }))).toBe("run-next");
    expect(commandKey(key("Enter", { ctrlKey: true }))).toBe("run");
    expect(commandKey(key("Enter", { altKey: true }))).toBe("run-insert");
    expect(commandKey(key("s", { metaKey: true }))).toBe("save");
  });

  it("leaves other keys and modified letters alone", () => {
    expect(commandKey(key("x"))).toBeUndefined();
    expect(commandKey(key("ArrowUp", { shiftKey: true }))).toBeUndefined();
    expect(commandKey(key("a", { ctrlKey: true }))).toBeUndefined();
  });
});

describe("the keys' list", () => {
  it("names every command-mode letter the map knows", () => {
    const listed = KEY_LIST.map(([k]) => k).join(" ");
    for (const letter of "ABDZYMQPTKJI") expect(listed).toContain(letter);
  });
});
