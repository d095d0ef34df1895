import type { CellNames } from "./cellCode";
import type { CellNeeds } from "./protocol";

/**
 * Which cells above a cell must run before it, for the names it uses that the kernel does not have: for each
 * such name the last cell above that defines it (what running the notebook top to bottom leaves in the name),
 * then, the same way, what those cells use. Cells that define nothing it needs (a reset cell that deletes the
 * checkpoint, a cell that failed) are not among them. `cells` are the notebook's cells of the cell's language,
 * in order, the cell itself included.
 */
export function cellNeeds(
  cells: readonly { id: string; names: CellNames }[],
  cellId: string,
  has: (name: string) => boolean,
): CellNeeds {
  const index = cells.findIndex((c) => c.id === cellId);
  if (index < 0) return { run: [], missing: [] };
  const needed = new Map<number, Set<string>>();
  const missing = new Set<string>();
  const queue: { name: string; before: number }[] = [];
  const need = (at: number) => {
    for (const name of cells[at].names.uses) if (!has(name)) queue.push({ name, before: at });
  };
  need(index);
  for (let item = queue.shift(); item; item = queue.shift()) {
    const { name, before } = item;
    let found = -1;
    for (let j = before - 1; j >= 0 && found < 0; j--) if (cells[j].names.defines.includes(name)) found = j;
    if (found < 0) {
      missing.add(name);
      continue;
    }
    const names = needed.get(found);
    if (names) names.add(name);
    else {
      needed.set(found, new Set([name]));
      need(found);
    }
  }
  return {
    run: [...needed]
      .sort((a, b) => a[0] - b[0])
      .map(([at, names]) => ({ id: cells[at].id, defines: [...names].sort() })),
    missing: [...missing].sort(),
  };
}
