/**
 * What a plan or a drill scenario may hold. Every check and every run of either is linear in
 * its input and bounded by these numbers; docs/plan-format.md states them. The shipped plans use
 * a tenth of each or less (the largest is 21 KB, 11 duties, conditions of 9 comparisons).
 */
export const LIMITS = {
  /** characters of a plan's YAML text */
  planChars: 256 * 1024,
  /** characters of a drill scenario's YAML text */
  scenarioChars: 200_000,
  /** nesting of maps and lists in a YAML document */
  depth: 32,
  /** values in a document (maps, lists, scalars), each use of an alias counted again */
  values: 50_000,
  /** aliases (`*name`) in a document */
  aliases: 50,
  /** uses of one YAML anchor, counting those inside what it repeats (the yaml library's guard against alias bombs) */
  aliasUses: 100,
  /** problems reported by one check; the answer says when there were more */
  problems: 100,
  /** characters of an id */
  idChars: 64,
  /** characters of a text field (titles, names, passages, reasons …) */
  textChars: 4000,
  /** characters of an ISO-8601 duration */
  durationChars: 32,
  /** the longest duration: time limits, warnings and drill offsets */
  durationDays: 366,
  levels: 20,
  /** groups and positions of the organisation, each */
  units: 100,
  duties: 100,
  /** tasks of one level's checklist, and aftermath steps */
  tasks: 200,
  /** entries of a list of texts (principles, members, a unit's duties, omitted passages) */
  listItems: 200,
  /** all/any/not, comparisons and values of `in:` lists in one condition */
  conditionParts: 32,
  conditionDepth: 6,
  /** events of a drill scenario */
  events: 1000,
} as const;

/** A value quoted for a message, cut short: messages never repeat a long input back. */
export function quote(value: unknown, max = 60): string {
  const s = typeof value === 'string' ? value : String(value);
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** A list for a message: the first few, then how many more. */
export function listed(items: readonly string[], max = 12): string {
  return items.length > max
    ? `${items.slice(0, max).join(', ')} … (${items.length - max} more)`
    : items.join(', ');
}

/** A message cut to a length a person reads: long ones end in "…". */
export function shorten(message: string, max = 300): string {
  return message.length > max ? `${message.slice(0, max)}…` : message;
}

/**
 * The first way a parsed document exceeds the nesting or size limit, with where: one pass over
 * the value, stopping at the limit. Aliases in YAML become shared objects; each use counts.
 */
export function exceedsShape(
  value: unknown,
  limits: { depth: number; values: number } = LIMITS,
): { path: (string | number)[]; message: string } | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  let seen = 0;
  while (stack.length) {
    const { v, path } = stack.pop() as { v: unknown; path: (string | number)[] };
    if (++seen > limits.values) {
      return {
        path,
        message: `the document holds more than ${limits.values} values (each use of an alias counted)`,
      };
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= limits.depth) {
      return { path, message: `nested more than ${limits.depth} levels deep` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i] as [string, unknown];
        stack.push({ v: x, path: [...path, k] });
      }
    }
  }
  return null;
}

/** A list of problems that keeps the first `max` and counts the rest. */
export class ProblemList<P> {
  readonly items: P[] = [];
  private more = 0;
  constructor(readonly max: number = LIMITS.problems) {}
  push(...ps: P[]): void {
    for (const p of ps) {
      if (this.items.length < this.max) this.items.push(p);
      else this.more++;
    }
  }
  /** no more will be kept: checks may stop looking */
  get full(): boolean {
    return this.items.length >= this.max;
  }
  /** there were problems beyond the ones kept */
  get truncated(): boolean {
    return this.more > 0;
  }
}
