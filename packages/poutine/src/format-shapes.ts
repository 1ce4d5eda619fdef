// Pyro's `Trace.format_shapes()` table, character for character.
import type { TraceNode } from './message.js';

/** A row of cells; `null` separates the three column groups (name, batch dims, event dims). */
type Row = Array<string | null>;

function shapeOf(x: unknown): readonly number[] {
  const s = (x as { shape?: unknown } | null | undefined)?.shape;
  return Array.isArray(s) ? (s as number[]) : [];
}

/**
 * The table of the shapes of every param and sample site, in trace order,
 * stopping after `lastSite` when given.
 */
export function formatShapes(nodes: ReadonlyMap<string, TraceNode>, title = 'Trace Shapes:', lastSite?: string): string {
  if (nodes.size === 0) return title;
  const rows: Row[] = [[title]];
  rows.push(['Param Sites:']);
  for (const [name, site] of nodes) {
    if (site.type === 'param') rows.push([name, null, ...shapeOf(site.value).map(String)]);
    if (name === lastSite) break;
  }
  rows.push(['Sample Sites:']);
  for (const [name, site] of nodes) {
    if (site.type === 'sample') {
      const fn = site.fn as { batchShape?: readonly number[]; eventShape?: readonly number[] } | undefined;
      const batch = fn?.batchShape ?? [];
      const event = fn?.eventShape ?? [];
      rows.push([`${name} dist`, null, ...batch.map(String), '|', null, ...event.map(String)]);
      const eventDim = event.length;
      const shape = shapeOf(site.value);
      const split = Math.max(0, shape.length - eventDim);
      rows.push(['value', null, ...shape.slice(0, split).map(String), '|', null, ...shape.slice(split).map(String)]);
      if (site.logProb !== undefined) rows.push(['log_prob', null, ...shapeOf(site.logProb).map(String), '|', null]);
    }
    if (name === lastSite) break;
  }
  return formatTable(rows);
}

/** Right-justified table with `null` as the column-group separator (Pyro's `_format_table`). */
export function formatTable(rows: Row[]): string {
  const groupWidths = [0, 0, 0];
  for (const row of rows) {
    const w = [0, 0, 0];
    let j = 0;
    for (const cell of row) {
      if (cell === null) j++;
      else w[j] = (w[j] as number) + 1;
    }
    for (let k = 0; k < 3; k++) groupWidths[k] = Math.max(groupWidths[k] as number, w[k] as number);
  }
  const justified: string[][] = rows.map((row) => {
    const cols: string[][] = [[], [], []];
    let j = 0;
    for (const cell of row) {
      if (cell === null) j++;
      else (cols[j] as string[]).push(cell);
    }
    const out: string[] = [];
    for (let k = 0; k < 3; k++) {
      const col = cols[k] as string[];
      const pad = new Array<string>((groupWidths[k] as number) - col.length).fill('');
      // the first two groups are right-aligned, the event dims left-aligned
      out.push(...(k < 2 ? [...pad, ...col] : [...col, ...pad]));
    }
    return out;
  });
  const cellWidths = new Array<number>(justified[0]?.length ?? 0).fill(0);
  for (const row of justified) row.forEach((cell, j) => (cellWidths[j] = Math.max(cellWidths[j] as number, cell.length)));
  return justified.map((row) => row.map((cell, j) => cell.padStart(cellWidths[j] as number)).join(' ')).join('\n');
}
