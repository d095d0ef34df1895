import { eventFileCount, eventFilePath, generateEventFile } from "../datasets/events";
import type { FileSystem } from "../engine/index";
import type { DuckDB } from "../engine/internal";
import type { DripOptions, DripState } from "./protocol";

/**
 * Drops the next file of the events data set into a folder every N seconds, so a class can watch a stream
 * arrive. Numbering continues after the files already there; each file is written atomically, so the stream
 * never sees half of one.
 */
export class FileDrip {
  private timer: ReturnType<typeof setInterval> | undefined;
  private state: DripState = { active: false, dir: "/data/events", everySeconds: 5, written: 0, total: 0 };
  private writing = false;

  constructor(
    private readonly fs: FileSystem,
    private readonly db: () => Promise<DuckDB>,
    private readonly onChange: (state: DripState, path?: string) => void,
  ) {}

  get current(): DripState {
    return { ...this.state };
  }

  async start(options: DripOptions): Promise<DripState> {
    this.stop();
    const existing = await eventFileCount(this.fs, options.dir);
    this.state = {
      active: true,
      dir: options.dir,
      everySeconds: options.everySeconds,
      written: 0,
      total: options.files,
    };
    const tick = async () => {
      if (this.writing || !this.state.active) return;
      this.writing = true;
      try {
        const index = existing + this.state.written;
        const path = eventFilePath(options.dir, index);
        await this.fs.writeFile(path, await generateEventFile({ ...options, index }, await this.db()));
        this.state.written += 1;
        if (this.state.written >= this.state.total) this.stop();
        this.onChange(this.current, path);
      } catch (error) {
        this.stop();
        console.error("File drip stopped:", error);
      } finally {
        this.writing = false;
      }
    };
    this.timer = setInterval(tick, Math.max(0.2, options.everySeconds) * 1000);
    void tick();
    return this.current;
  }

  stop(): DripState {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.state.active) {
      this.state.active = false;
      this.onChange(this.current);
    }
    return this.current;
  }
}
