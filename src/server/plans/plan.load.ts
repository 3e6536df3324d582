import { readFileSync } from 'node:fs';
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { ZodType } from 'zod';
import { unfitJson } from '../../core/events/event.ts';
import { exceedsShape, LIMITS, shorten } from '../../core/plan/limits.ts';
import { checkPlan, missingIsRequired } from '../../core/plan/plan.check.ts';
import type { Plan } from '../../core/plan/plan.schema.ts';

/** A problem in a YAML file, located for people: file:line:column: what is wrong. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** What checking a text found: the first LIMITS.problems problems, and whether there were more. */
export interface TextCheck {
  problems: FileProblem[];
  truncated: boolean;
  /** a plan that checks: what in it can never happen (a level, a task, a duty), each at its line */
  warnings?: FileProblem[];
}

/** How many problems an answer lists, and that it says so when there were more. */
export const MORE_PROBLEMS = `first ${LIMITS.problems} problems; more not shown`;

type Path = (string | number)[];
type Pos = { line: number; column: number };

interface Parsed {
  value: unknown;
  locate(path: Path): Pos;
  syntax: FileProblem[];
  truncated: boolean;
}

interface Walk {
  /** a key used twice in one map, an alias past the limit: at most LIMITS.problems */
  problems: { pos: Pos; message: string }[];
  more: boolean;
}

/**
 * One walk over the document: keys used twice in a map (the yaml library compares each key with
 * every one before it, which is quadratic, so its own check is off) and the number of aliases
 * (the library looks each one up across the whole document). Aliases are not followed.
 */
function walk(doc: Document, lineCounter: LineCounter): Walk {
  const problems: Walk['problems'] = [];
  let more = false;
  const problem = (node: Node, message: string) => {
    if (problems.length >= LIMITS.problems) {
      more = true;
      return;
    }
    const p = lineCounter.linePos(node.range?.[0] ?? 0);
    problems.push({ pos: { line: p.line, column: p.col }, message });
  };
  let aliases = 0;
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop() as { node: Node | null; depth: number };
    if (!node) continue;
    if (isAlias(node)) {
      if (++aliases === LIMITS.aliases + 1)
        problem(node, `a document uses at most ${LIMITS.aliases} aliases (*name)`);
      continue;
    }
    if (depth > LIMITS.depth) continue;
    if (isMap(node)) {
      const keys = new Set<unknown>();
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? pair.key.value : pair.key;
        if (keys.has(k) && isNode(pair.key)) problem(pair.key, 'Map keys must be unique');
        keys.add(k);
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return { problems, more };
}

/**
 * Where the node at `path` starts — or the deepest node on the way that exists (a missing key
 * is reported at its parent; a path through an alias at the alias). A descent along the path,
 * one step a key: at most LIMITS.problems of them per text, so the cost stays linear in it.
 */
function locateIn(doc: Document, lineCounter: LineCounter, path: Path): Pos {
  let node: unknown = doc.contents;
  let found: Pos = { line: 1, column: 1 };
  for (let i = 0; ; i++) {
    if (isNode(node) && node.range) {
      const p = lineCounter.linePos(node.range[0]);
      found = { line: p.line, column: p.col };
    }
    if (i >= path.length || isAlias(node)) return found;
    const step = path[i];
    if (isMap(node)) {
      const pair = node.items.find((x) => String(isScalar(x.key) ? x.key.value : x.key) === String(step));
      if (!pair) return found;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else return found;
  }
}

/** A YAML error message for people; the parser's own stack running out means nesting. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return /Maximum call stack size exceeded/.test(first)
    ? `nested more than ${LIMITS.depth} levels deep`
    : shorten(first);
}

function parseYaml(file: string, text: string, maxChars: number): Parsed {
  const lineCounter = new LineCounter();
  const start = { file, line: 1, column: 1, path: '' };
  if (text.length > maxChars) {
    return {
      value: undefined,
      locate: () => ({ line: 1, column: 1 }),
      syntax: [
        { ...start, message: `the text is ${text.length} characters long; at most ${maxChars} are read` },
      ],
      truncated: false,
    };
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const syntax: FileProblem[] = doc.errors.slice(0, LIMITS.problems).map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return { file, line: pos.line, column: pos.col, path: '', message: yamlMessage(e.message) };
  });
  const w = walk(doc, lineCounter);
  for (const p of w.problems.slice(0, LIMITS.problems - syntax.length))
    syntax.push({ file, ...p.pos, path: '', message: p.message });
  const locate = (path: Path) => locateIn(doc, lineCounter, path);
  if (syntax.length) {
    syntax.sort((a, b) => a.line - b.line || a.column - b.column);
    return {
      value: undefined,
      locate,
      syntax,
      truncated: w.more || doc.errors.length + w.problems.length > syntax.length,
    };
  }
  let value: unknown;
  try {
    // an alias to nothing, or aliases multiplied past the library's limit, fail only here
    value = doc.toJS({ maxAliasCount: LIMITS.aliasUses });
  } catch (e) {
    // an unresolved alias is named at the end of the message: find where it is used
    const alias = /Unresolved alias.*: (\S+)$/.exec((e as Error).message)?.[1];
    const at = alias === undefined ? -1 : text.indexOf(`*${alias}`);
    const pos = at < 0 ? { line: 1, col: 1 } : lineCounter.linePos(at);
    return {
      value: undefined,
      locate,
      syntax: [
        { file, line: pos.line, column: pos.col, path: '', message: yamlMessage((e as Error).message) },
      ],
      truncated: false,
    };
  }
  const shape = exceedsShape(value);
  if (shape) {
    return { value: undefined, locate, syntax: problemsAt(file, locate, [shape]), truncated: false };
  }
  // "\ud800" in a double-quoted YAML string decodes to a lone surrogate, which no event can hold
  const unfit = unfitJson(value);
  if (unfit) {
    const problem = { path: unfit.path, message: unfit.problem };
    return { value: undefined, locate, syntax: problemsAt(file, locate, [problem]), truncated: false };
  }
  return { value, locate, syntax, truncated: false };
}

/** A path for people: keys joined with dots, each cut short. */
function showPath(path: Path): string {
  return shorten(
    path.map((p) => (typeof p === 'string' && p.length > 60 ? `${p.slice(0, 60)}…` : p)).join('.'),
    200,
  );
}

function problemsAt(
  file: string,
  locate: (path: Path) => Pos,
  problems: { path: Path; message: string }[],
): FileProblem[] {
  return problems.slice(0, LIMITS.problems).map((p) => ({
    file,
    ...locate(p.path),
    path: showPath(p.path),
    message: shorten(p.message),
  }));
}

/** Read and check a plan file. */
export function loadPlanFile(file: string): { plan?: Plan } & TextCheck {
  return checkPlanText(file, readFileSync(file, 'utf8'));
}

/**
 * Check a plan's YAML text (`file` names it in the problems: a path, or an upload's name). Linear
 * in the text, which may be at most LIMITS.planChars long; at most LIMITS.problems problems.
 */
export function checkPlanText(file: string, text: string): { plan?: Plan } & TextCheck {
  const parsed = parseYaml(file, text, LIMITS.planChars);
  if (parsed.syntax.length) return { problems: parsed.syntax, truncated: parsed.truncated };
  const { plan, problems, truncated, warnings } = checkPlan(parsed.value);
  return problems.length
    ? { problems: problemsAt(file, parsed.locate, problems), truncated }
    : { plan, problems: [], truncated: false, warnings: problemsAt(file, parsed.locate, warnings) };
}

/** Read a YAML file against a zod schema (drill scenarios). */
export function loadYamlFile<T>(file: string, schema: ZodType<T>): { value?: T } & TextCheck {
  return checkYamlText(file, readFileSync(file, 'utf8'), schema);
}

/**
 * Check YAML text against a zod schema, with each problem at its line: at most
 * LIMITS.scenarioChars characters, at most LIMITS.problems problems.
 */
export function checkYamlText<T>(
  file: string,
  text: string,
  schema: ZodType<T>,
  maxChars: number = LIMITS.scenarioChars,
): { value?: T } & TextCheck {
  const parsed = parseYaml(file, text, maxChars);
  if (parsed.syntax.length) return { problems: parsed.syntax, truncated: parsed.truncated };
  const r = schema.safeParse(parsed.value, missingIsRequired);
  if (r.success) return { value: r.data, problems: [], truncated: false };
  return {
    problems: problemsAt(
      file,
      parsed.locate,
      r.error.issues.map((i) => ({ path: i.path as Path, message: i.message })),
    ),
    truncated: r.error.issues.length > LIMITS.problems,
  };
}
