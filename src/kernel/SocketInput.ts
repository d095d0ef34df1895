import { type SocketServer, type SparkSession, socketServer } from "../engine/index";
import type { SocketView } from "./protocol";

/** Lines of a server the socket box shows back, newest last. */
const ECHO_LINES = 200;

/**
 * The notebook's socket box: `nc -lk PORT` for the session. What is typed or pasted goes to the session's socket
 * server on that host and port (`socketServer(spark, host, port)`, the one cells use), whose lines reach every
 * `format("socket")` query reading it. Lines sent from cells are echoed in the box too.
 */
export class SocketInput {
  /** Per server (a closed one is replaced by a new one on the same address), the lines it sent. */
  private readonly echoes = new WeakMap<SocketServer, { value: string; timestamp: number }[]>();

  constructor(
    private readonly spark: SparkSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends text (one or more lines) as nc would; the box's state after it. */
  send(host: string, port: number, text: string): SocketView {
    this.server(host, port).send(text);
    return this.view(host, port);
  }

  /** The server on host:port (listening from now on, as `nc -lk` once started), with its listeners. */
  view(host: string, port: number): SocketView {
    const server = this.server(host, port);
    const address = `host: ${server.host}, port: ${server.port}`;
    const queries = this.spark.streams.active
      .filter((q) =>
        (q.lastProgress?.sources ?? []).some((s) => s.description === `TextSocketV2[${address}]`),
      )
      .map((q) => ({ id: q.id, name: q.name }));
    return {
      host: server.host,
      port: server.port,
      connections: server.connectionCount,
      queries,
      lines: [...(this.echoes.get(server) ?? [])],
    };
  }

  private server(host: string, port: number): SocketServer {
    const server = socketServer(this.spark, host, port);
    if (!this.echoes.has(server)) {
      const lines: { value: string; timestamp: number }[] = [];
      this.echoes.set(server, lines);
      server.subscribe((sent) => {
        const timestamp = this.now();
        for (const value of sent) lines.push({ value, timestamp });
        lines.splice(0, Math.max(0, lines.length - ECHO_LINES));
      });
    }
    return server;
  }
}
