/**
 * JSON that keeps what rows carry: Dates and bigints survive a save and a load (the kernel sends them as such
 * and the tables format them).
 */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(stringify(value));
}

export function stringify(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key, v) {
      const raw = this[key];
      if (raw instanceof Date) return { $date: raw.toISOString() };
      if (typeof v === "bigint") return { $bigint: v.toString() };
      return v;
    },
    space,
  );
}

export function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && typeof obj.$date === "string") return new Date(obj.$date);
    if (keys.length === 1 && typeof obj.$bigint === "string") return BigInt(obj.$bigint);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = revive(obj[k]);
    return out;
  }
  return value;
}
