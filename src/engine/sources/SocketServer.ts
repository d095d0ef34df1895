/**
 * What `nc -lk PORT` is to Spark's socket source, inside the session: a server a cell (or the notebook's input
 * box) sends lines to, each line delivered to every socket source connected to that host and port. Lines sent
 * while no source is connected wait for the next one to connect, as lines typed into nc wait for a client.
 * @example
 * const server = socketServer(spark, "localhost", 9999);
 * server.send("the cat sat", "on the mat");
 */
import { socketServerClosed } from "../errors/QueryExecutionErrors";

/** A line as a connected source receives it, with the time it arrived. */
export interface ReceivedLine {
  readonly value: string;
  readonly timestamp: number;
}

/** One source's connection: the server pushes lines into it until either side closes. */
export interface SocketConnection {
  /** Called by the server with each line, in order. */
  onLine: (line: ReceivedLine) => void;
  /** Called by the server when it closes (nc stopped): no more lines will come. */
  onClose: () => void;
  close(): void;
}

const servers = new WeakMap<object, Map<string, SocketServer>>();

export class SocketServer {
  private readonly connections = new Set<SocketConnection>();
  private readonly waiting: ReceivedLine[] = [];
  private readonly listeners = new Set<(lines: readonly string[]) => void>();
  private open = true;

  constructor(
    readonly host: string,
    readonly port: number,
    /** Milliseconds since the epoch, the `timestamp` of a line (tests pass their own). */
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Sends lines, as typing them into nc does: each argument is one or more lines (split at line breaks; a
   * final line break ends the last line). Returns how many lines were sent.
   */
  send(...text: string[]): number {
    if (!this.open) throw socketServerClosed(this.host, this.port);
    const lines = text.flatMap((t) =>
      String(t)
        .replace(/(\r\n|\n|\r)$/, "")
        .split(/\r\n|\n|\r/),
    );
    const timestamp = this.clock();
    for (const value of lines) {
      const line = { value, timestamp };
      if (this.connections.size === 0) this.waiting.push(line);
      for (const c of this.connections) c.onLine(line);
    }
    for (const listener of this.listeners) listener(lines);
    return lines.length;
  }

  /** How many sources are connected now. */
  get connectionCount(): number {
    return this.connections.size;
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Calls `listener` with each send's lines (the notebook echoes them); returns a function to stop. */
  subscribe(listener: (lines: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the server (Ctrl-C on nc): connected sources see the end of the stream. */
  close(): void {
    this.open = false;
    for (const c of [...this.connections]) c.onClose();
    this.connections.clear();
  }

  /** Engine internal: a source connects; lines waiting for a client are delivered to it first. */
  connect(onLine: (line: ReceivedLine) => void, onClose: () => void): SocketConnection {
    const connection: SocketConnection = {
      onLine,
      onClose,
      close: () => {
        this.connections.delete(connection);
      },
    };
    this.connections.add(connection);
    for (const line of this.waiting.splice(0)) onLine(line);
    return connection;
  }
}

function keyOf(host: string, port: number): string {
  return `${host.trim().toLowerCase()}:${port}`;
}

/**
 * The session's socket server on `host:port` (made the first time, like starting `nc -lk PORT`); socket sources
 * reading that host and port receive what it sends.
 */
export function socketServer(session: object, host = "localhost", port = 9999): SocketServer {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`port out of range: ${port} (a socket port is a whole number from 0 to 65535)`);
  let byAddress = servers.get(session);
  if (!byAddress) {
    byAddress = new Map();
    servers.set(session, byAddress);
  }
  const key = keyOf(host, port);
  let server = byAddress.get(key);
  if (!server?.isOpen) {
    server = new SocketServer(host, port);
    byAddress.set(key, server);
  }
  return server;
}

/** The open server a socket source connects to, if one is listening. */
export function findSocketServer(session: object, host: string, port: number): SocketServer | undefined {
  const server = servers.get(session)?.get(keyOf(host, port));
  return server?.isOpen ? server : undefined;
}
