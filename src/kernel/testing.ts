/** Test helpers: the kernel as the worker runs it, on Node's platform, driven through its protocol. */
import { readFileSync } from "node:fs";
import { setPlatform } from "../engine/index";
import { currentPlatform } from "../engine/internal";
import { Kernel } from "./Kernel";
import type {
  FromKernel,
  KernelEvent,
  Language,
  NotebookCellSource,
  OutputItem,
  ReplyValue,
  Request,
  RequestOf,
  RequestType,
} from "./protocol";

export interface TestKernel {
  kernel: Kernel;
  /** Every event the kernel sent, in order. */
  events: KernelEvent[];
  request<K extends RequestType>(type: K, body: Omit<RequestOf<K>, "type" | "id">): Promise<ReplyValue<K>>;
  outputsOf(cellId: string): OutputItem[];
  /** Runs one cell, which must succeed (else rejects naming the cell); resolves to the cell's outputs so far. */
  run(cellId: string, code: string, language: Language): Promise<OutputItem[]>;
  /** Runs a lesson's code cells in order, each of which must succeed; their outputs by cell id. */
  runAll(lesson: Lesson): Promise<Map<string, OutputItem[]>>;
}

/** A kernel with its files under `fsRoot`; a failed request rejects with the kernel's error as `detail`. */
export function testKernel(fsRoot: string): TestKernel {
  const events: KernelEvent[] = [];
  const waiting = new Map<number, (m: FromKernel) => void>();
  const kernel = new Kernel(
    (message) => {
      if (message.type === "reply") waiting.get(message.id)?.(message);
      else events.push(message);
    },
    { fsRoot },
  );
  let nextId = 0;
  const test: TestKernel = {
    kernel,
    events,
    async request(type, body) {
      nextId += 1;
      const id = nextId;
      const reply = new Promise<FromKernel>((resolve) => waiting.set(id, resolve));
      await kernel.handle({ ...body, type, id } as unknown as Request);
      const message = await reply;
      if (message.type !== "reply") throw new Error("not a reply");
      if (!message.ok) throw Object.assign(new Error(message.error.message), { detail: message.error });
      return message.value as ReplyValue<typeof type>;
    },
    outputsOf: (cellId) =>
      events.flatMap((e) => (e.type === "output" && e.cellId === cellId ? [e.item] : [])),
    async run(cellId, code, language) {
      const result = await test.request("run", { cellId, code, language });
      const outputs = test.outputsOf(cellId);
      const error = outputs.find((o) => o.kind === "error");
      if (result.status !== "ok" || error) {
        const detail = error ? JSON.stringify(error) : result.status;
        throw new Error(`cell ${cellId} (${JSON.stringify(code.slice(0, 60))}) did not succeed: ${detail}`);
      }
      return outputs;
    },
    async runAll(lesson) {
      const outputs = new Map<string, OutputItem[]>();
      for (const cell of lesson.cells) {
        if (cell.type === "markdown") continue;
        const language = cell.type === "code" ? "typescript" : cell.type;
        outputs.set(cell.id, await test.run(cell.id, cell.source, language));
      }
      return outputs;
    },
  };
  return test;
}

export interface Lesson {
  name: string;
  cells: NotebookCellSource[];
}

interface IpynbCell {
  id: string;
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata?: { sluice?: { language?: string } };
}

/**
 * A bundled lesson (src/lessons/<file>) with its cells as the notebook sends them to the kernel. The lessons are
 * Jupyter's JSON: a code cell's language is in its Sluice metadata, else the notebook's kernelspec's.
 */
export function readLesson(file: string): Lesson {
  const ipynb = JSON.parse(readFileSync(new URL(`../lessons/${file}`, import.meta.url), "utf8"));
  const notebookLanguage: string = ipynb.metadata.kernelspec.language;
  const cells = (ipynb.cells as IpynbCell[]).map((cell): NotebookCellSource => {
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    if (cell.cell_type !== "code") return { id: cell.id, type: "markdown", source };
    const language = cell.metadata?.sluice?.language ?? notebookLanguage;
    return { id: cell.id, type: language === "typescript" ? "code" : (language as "python" | "sql"), source };
  });
  return { name: ipynb.metadata.sluice.name, cells };
}

/**
 * Platform locks as the browser's `navigator.locks.request(name, { ifAvailable: true })` grants them to the tabs of
 * one origin: a name is held by one holder at a time, until released. Kernels in one test process then behave as
 * tabs sharing one storage. Resolves to the names held, which a test empties to close a tab.
 */
export async function lockAsTabsDo(): Promise<Set<string>> {
  const held = new Set<string>();
  setPlatform({
    ...(await currentPlatform()),
    async tryLock(name) {
      if (held.has(name)) return undefined;
      held.add(name);
      return () => held.delete(name);
    },
  });
  return held;
}
