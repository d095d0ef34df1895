import { pyString } from "./python";

/**
 * Sluice's paths live in the browser's storage (OPFS); on a cluster they must point somewhere else. Each path
 * an exported notebook uses becomes a parameter at its top (`DATA_EVENTS = f"{BASE_PATH}/data/events"`), so
 * one line moves them all to DBFS, S3, ADLS or HDFS. So does each `kafka.bootstrap.servers` value
 * (`KAFKA_BOOTSTRAP_SERVERS = "localhost:9092"`): Sluice's named the in-browser cluster, a cluster's name brokers.
 */
export class PathParameters {
  private readonly byPath = new Map<string, string>();
  private readonly byServers = new Map<string, string>();

  /** The parameter's name for a `kafka.bootstrap.servers` value (made the first time it is asked for). */
  kafkaServers(servers: string): string {
    const known = this.byServers.get(servers);
    if (known) return known;
    const name =
      this.byServers.size === 0
        ? "KAFKA_BOOTSTRAP_SERVERS"
        : `KAFKA_BOOTSTRAP_SERVERS_${this.byServers.size + 1}`;
    this.byServers.set(servers, name);
    return name;
  }

  /** The parameter's name for a path (made the first time it is asked for). */
  name(path: string): string {
    const known = this.byPath.get(path);
    if (known) return known;
    const base =
      path
        .replace(/^\/+|\/+$/g, "")
        .replace(/[^A-Za-z0-9]+/g, "_")
        .replace(/^(\d)/, "_$1")
        .toUpperCase() || "ROOT";
    let name = base;
    for (let n = 2; [...this.byPath.values()].includes(name) || RESERVED.has(name); n++)
      name = `${base}_${n}`;
    this.byPath.set(path, name);
    return name;
  }

  /** A Python string literal's text, as a parameter where it is a Sluice path. */
  literal(value: string): string {
    return isSluicePath(value) ? this.name(value) : pyString(value);
  }

  /** Whether the notebook names a Kafka cluster. */
  get hasKafka(): boolean {
    return this.byServers.size > 0;
  }

  get size(): number {
    return this.byPath.size + this.byServers.size;
  }

  /** The parameters cell. */
  cell(): string {
    const lines = [
      "# Where this notebook's data, sink files and checkpoints live. In Sluice they were in the browser's",
      "# storage (OPFS); on a cluster, point BASE_PATH at DBFS, S3, ADLS or HDFS (or change a path below).",
      `BASE_PATH = ${pyString("/tmp/sluice")}`,
    ];
    for (const [path, name] of [...this.byPath].sort((a, b) => a[0].localeCompare(b[0])))
      lines.push(`${name} = f"{BASE_PATH}${path.replaceAll("{", "{{").replaceAll("}", "}}")}"`);
    if (this.byServers.size > 0)
      lines.push(
        "",
        "# The Kafka brokers the queries read and write. In Sluice these named its in-browser cluster; on a",
        '# cluster, your brokers ("host1:9092,host2:9092").',
        ...[...this.byServers].map(([servers, name]) => `${name} = ${pyString(servers)}`),
      );
    return lines.join("\n");
  }
}

const RESERVED = new Set(["BASE_PATH"]);

/** An absolute path such as "/data/events" or "/checkpoints/q1/" (not "/" alone, not a URL or a pattern). */
export function isSluicePath(value: string): boolean {
  return /^\/[\w.-]+(\/[\w.=-]+)*\/?$/.test(value);
}
