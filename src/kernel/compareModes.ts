/**
 * "Compare output modes": a streaming aggregation run again in append, update and complete mode on the input
 * the original read (the engine's replayQuery: the same files, records or rows, batch by batch, and nothing that
 * arrived since), each into its own memory sink on its own temporary checkpoint, then read back step by step
 * from the runs' batch history. A mode Spark refuses for the query shows Spark's error from start() instead.
 */
import type { Row, SparkSession, StreamingQuery } from "../engine/index";
import {
  hasStreamingAggregation,
  type ReplayPlan,
  replayedBatches,
  replayPlan,
  startReplay,
} from "../engine/internal";
import { describeError } from "./describeError";
import { removeUnheldFolders, tryFolderLock } from "./leftovers";
import type {
  ColumnInfo,
  ModeRun,
  ModeStepView,
  ModesComparison,
  ModesOffer,
  ModesStep,
  ModesStepView,
  OutputModeName,
  ResultPage,
} from "./protocol";
import { PAGE_SIZE } from "./protocol";
import { rowKey } from "./QueryTracker";
import { columnsOf, pageOf } from "./TableStore";

const MODES: readonly OutputModeName[] = ["append", "update", "complete"];

/** Each comparison's temporary checkpoints are under a folder of its own here, named with this prefix. */
const TEMPORARY_DIR = "/tmp";
const TEMPORARY_PREFIX = "sluice-compare-";

/** The cross-tab lock an open comparison holds on its folder. */
const comparisonLockName = (root: string) => `sluice-compare:${root}`;

/** One mode's part of one step, read from its run's history. */
interface ModeStep {
  batchIds: number[];
  /** The rows its batches emitted (each batch's sorted), and how many there were (the history keeps fewer). */
  emitted: Row[];
  emittedCount: number;
  /** The memory sink's table after the step, and which of its rows the step wrote. */
  table: Row[];
  changed: boolean[];
  lateRows: number;
}

interface StepFacts {
  inputRows: number;
  watermark: { before: number | null; after: number | null };
}

interface Comparison {
  view: ModesComparison;
  columns: ColumnInfo[];
  /** Per mode, per step. */
  steps: Map<OutputModeName, ModeStep[]>;
  facts: StepFacts[];
  root: string;
  tables: string[];
  /** Releases the lock that tells other tabs' kernels this comparison's folder is in use. */
  release: () => void;
}

/** The kernel's open comparisons, one per query at most. */
export class ModeComparisons {
  private readonly open = new Map<string, Comparison>();

  constructor(
    private readonly spark: SparkSession,
    /** A query of this kernel, running or stopped. */
    private readonly queryOf: (queryId: string) => StreamingQuery | undefined,
  ) {}

  /**
   * Offered for a streaming aggregation started in this kernel. Otherwise the reason, shown on the disabled
   * action: a teacher asked "why can't I compare here?" gets Spark's answer rather than a missing button.
   */
  async offer(queryId: string): Promise<ModesOffer> {
    const query = this.queryOf(queryId);
    const params = query && this.spark.streams.startParamsOf(query);
    if (!params)
      return {
        offered: false,
        reason:
          "The query's plan lives in the kernel that ran it: run its cell again to compare output modes.",
      };
    if (!hasStreamingAggregation(params.df.plan))
      return {
        offered: false,
        reason:
          "Output modes differ only for a streaming aggregation: without one, append and update emit the same rows and Spark refuses complete mode.",
      };
    if (!(await this.spark.fs.stat(query.checkpointLocation)))
      return {
        offered: false,
        reason: `The query's checkpoint ${query.checkpointLocation} is gone (a temporary one is deleted when its query stops), so what it read cannot be read again: give the query a checkpointLocation.`,
      };
    return { offered: true };
  }

  /** Runs the three modes on the input the query read so far and reads their batches back. */
  async compare(queryId: string): Promise<ModesComparison> {
    const query = this.queryOf(queryId);
    const offer = await this.offer(queryId);
    if (!query || !offer.offered) throw new Error(offer.reason);
    const params = this.spark.streams.startParamsOf(query)!;
    for (const [id, c] of this.open) if (c.view.queryId === queryId) await this.close(id);
    const plan = await replayPlan(query);
    const id = crypto.randomUUID();
    const root = `${TEMPORARY_DIR}/${TEMPORARY_PREFIX}${id}`;
    // Held from before the folder exists until it is deleted: another tab starting meanwhile leaves it alone.
    const release = (await tryFolderLock(this.spark, comparisonLockName(root))) ?? (() => {});
    const base = (query.name ?? `query_${query.id.slice(0, 8)}`).replace(/\W/g, "_");
    const runs: ModeRun[] = [];
    const started: (StreamingQuery | undefined)[] = [];
    const tables: string[] = [];
    for (const mode of MODES) {
      const table = this.freeTableName(`${base}_${mode}`, tables);
      tables.push(table);
      try {
        started.push(
          await startReplay(query, plan, {
            outputMode: mode,
            queryName: table,
            checkpointLocation: `${root}/${mode}`,
          }),
        );
        runs.push({ mode, table });
      } catch (error) {
        started.push(undefined);
        runs.push({ mode, table, error: sparkError(error) });
      }
    }
    const comparison: Comparison = {
      view: { id, queryId, queryMode: params.outputMode, runs, steps: [] },
      columns: columnsOf(params.df),
      steps: new Map(),
      facts: [],
      root,
      tables,
      release,
    };
    this.open.set(id, comparison);
    for (const [i, run] of started.entries()) {
      if (!run) continue;
      await run.awaitTermination().catch(() => undefined);
      const failure = run.exception();
      if (failure) runs[i].error = sparkError(failure);
      comparison.steps.set(MODES[i], await this.readSteps(run, MODES[i], plan, comparison.facts));
    }
    comparison.view.steps = plan.batches.map(
      (b, s): ModesStep => ({
        originalBatchIds: b.originalBatchIds,
        batchIds: MODES.map((mode) => comparison.steps.get(mode)?.[s]?.batchIds ?? []),
      }),
    );
    return comparison.view;
  }

  /** What each mode emitted in a step, and its sink's table after it (first pages). */
  step(comparisonId: string, step: number): ModesStepView {
    const c = this.get(comparisonId);
    const facts = c.facts[step] ?? { inputRows: 0, watermark: { before: null, after: null } };
    const modes = MODES.flatMap((mode): ModeStepView[] => {
      const s = c.steps.get(mode)?.[step];
      if (!s) return [];
      return [
        {
          mode,
          lateRows: s.lateRows,
          emitted: this.page(c, s, "emitted", 0, PAGE_SIZE),
          table: this.page(c, s, "table", 0, PAGE_SIZE),
        },
      ];
    });
    return { step, ...facts, modes };
  }

  /** A further page of a mode's emitted rows or table in a step. */
  pageOf(
    comparisonId: string,
    step: number,
    mode: OutputModeName,
    which: "emitted" | "table",
    offset: number,
    limit: number,
  ): ResultPage {
    const c = this.get(comparisonId);
    const s = c.steps.get(mode)?.[step];
    if (!s) throw new Error(`The ${mode} run has no step ${step}.`);
    return this.page(c, s, which, offset, limit);
  }

  /**
   * Removes the temporary checkpoints of comparisons no kernel has open any more: a page closed (or reloaded)
   * while its comparison was open never closed it (removeUnheldFolders: another tab's running or shown
   * comparison holds its lock and is kept).
   */
  async removeLeftovers(): Promise<void> {
    await removeUnheldFolders(this.spark, TEMPORARY_DIR, TEMPORARY_PREFIX, comparisonLockName);
  }

  /** Removes the runs' memory tables and temporary checkpoints (the original's is never touched). */
  async close(comparisonId: string): Promise<void> {
    const c = this.open.get(comparisonId);
    if (!c) return;
    this.open.delete(comparisonId);
    for (const table of c.tables) this.spark.db.exec(`DROP TABLE IF EXISTS "${table}"`);
    try {
      await this.spark.fs.delete(c.root);
    } finally {
      c.release();
    }
  }

  private get(comparisonId: string): Comparison {
    const c = this.open.get(comparisonId);
    if (!c) throw new Error("This comparison was closed: compare the output modes again.");
    return c;
  }

  private page(
    c: Comparison,
    s: ModeStep,
    which: "emitted" | "table",
    offset: number,
    limit: number,
  ): ResultPage {
    if (which === "emitted") {
      const page = pageOf(c.columns, s.emitted, offset, limit);
      return {
        ...page,
        ...(s.emittedCount > s.emitted.length ? { batchRows: s.emittedCount } : {}),
        changed: page.rows.map(() => false),
      };
    }
    const page = pageOf(c.columns, s.table, offset, limit);
    return { ...page, changed: s.changed.slice(page.offset, page.offset + page.rows.length) };
  }

  /**
   * A run's batches grouped by step (a batch with new data opens the next step; the no-data batches after it
   * belong to it), with the memory sink's table after each step as Spark's MemorySink keeps it: complete mode
   * replaces it with each batch's rows, append and update add them.
   */
  private async readSteps(
    run: StreamingQuery,
    mode: OutputModeName,
    plan: ReplayPlan,
    facts: StepFacts[],
  ): Promise<ModeStep[]> {
    const steps: ModeStep[] = [];
    let table: Row[] = [];
    /** The sink's table before the step, whose rows the step's marks are against. */
    let before: Row[] = [];
    for (const record of await replayedBatches(run)) {
      if (record.hasNewData || steps.length === 0) {
        before = table;
        steps.push({ batchIds: [], emitted: [], emittedCount: 0, table, changed: [], lateRows: 0 });
        facts[steps.length - 1] ??= { inputRows: record.numRows.input, watermark: { ...record.watermark } };
      }
      const step = steps.at(-1)!;
      const output = [...record.output].sort(compareRows);
      step.batchIds.push(record.batchId);
      step.emitted.push(...output);
      step.emittedCount += record.numRows.output;
      step.lateRows += record.numRows.late;
      facts[steps.length - 1].watermark.after = record.watermark.after;
      if (mode === "complete") {
        const kept = new Set(before.map(rowKey));
        table = output;
        step.changed = output.map((r) => !kept.has(rowKey(r)));
      } else {
        table = [...table, ...output];
        step.changed = table.map((_, i) => i >= before.length);
      }
      step.table = table;
    }
    return steps.slice(0, plan.batches.length);
  }

  /** `wanted`, or wanted_2, _3...: a name no table of the session and no active query has. */
  private freeTableName(wanted: string, taken: readonly string[]): string {
    const used = (name: string) =>
      taken.includes(name) ||
      this.spark.streams.active.some((q) => q.name === name) ||
      this.spark.db.queryNumber(
        `SELECT count(*) FROM duckdb_tables() WHERE lower(table_name) = lower('${name}')`,
      ) > 0;
    let name = wanted;
    for (let n = 2; used(name); n++) name = `${wanted}_${n}`;
    return name;
  }
}

/** The error as the protocol carries it, with Spark's error condition where it has one. */
function sparkError(error: unknown): ModeRun["error"] {
  const condition = (error as { errorClass?: string } | undefined)?.errorClass;
  const { name, message } = describeError(error);
  return condition ? { name, message, condition } : { name, message };
}

/** Rows in a stable order for reading: column by column, times and numbers by value, nulls first. */
function compareRows(a: Row, b: Row): number {
  for (const key of Object.keys(a)) {
    const order = compareValues(a[key], b[key]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint"))
    return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "object" && typeof b === "object") return compareRows(a as Row, b as Row);
  return String(a).localeCompare(String(b));
}
