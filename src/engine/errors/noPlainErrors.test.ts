import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ENGINE = join(__dirname, "..");

/**
 * The places that may still build a plain `Error`, each with why: none of them is an error Sluice raises to a
 * user under a name Spark would not use.
 */
const ALLOWED: Readonly<Record<string, string>> = {
  "sinks/ForeachSink.ts":
    "gives a value the user's writer threw that is not an Error a message; it is the cause of FOREACH_USER_FUNCTION_ERROR",
  "io/MemoryFileSystem.ts":
    "the in-memory file system's own I/O failure (Hadoop's IOException), below the layer that names conditions",
};

/** Test support: never raised by the engine to a user. */
const TEST_SUPPORT = "testing/";

function sourceFiles(): string[] {
  return (readdirSync(ENGINE, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .map((f) => f.split("\\").join("/"));
}

describe("the engine raises Spark's exceptions", () => {
  it("builds no plain Error outside the allow-list: each error has Spark's class and condition", () => {
    const offenders = sourceFiles().filter(
      (f) =>
        !f.startsWith(TEST_SUPPORT) &&
        !(f in ALLOWED) &&
        /\bnew Error\(/.test(readFileSync(join(ENGINE, f), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the allow-list true: every entry still needs its exception", () => {
    for (const file of Object.keys(ALLOWED)) {
      expect(readFileSync(join(ENGINE, file), "utf8"), relative(ENGINE, join(ENGINE, file))).toMatch(
        /\bnew Error\(/,
      );
    }
  });
});
