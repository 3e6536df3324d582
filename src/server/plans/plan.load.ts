import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { ZodType } from 'zod';
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

interface Parsed {
  value: unknown;
  locate(path: (string | number)[]): { line: number; column: number };
  syntax: FileProblem[];
}

function parseYaml(file: string, text: string): Parsed {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return {
      file,
      line: pos.line,
      column: pos.col,
      path: '',
      message: e.message.split('\n')[0] ?? e.message,
    };
  });
  const locate = (path: (string | number)[]) => {
    // the deepest node on the path that exists: a missing key is reported at its parent
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  };
  if (syntax.length) return { value: undefined, locate, syntax };
  try {
    // an alias to nothing, or aliases multiplied past the library's limit, fail only here
    return { value: doc.toJS({ maxAliasCount: 100 }), locate, syntax };
  } catch (e) {
    // an unresolved alias is named at the end of the message: find where it is used
    const alias = /Unresolved alias.*: (\S+)$/.exec((e as Error).message)?.[1];
    const at = alias === undefined ? -1 : text.indexOf(`*${alias}`);
    const pos = at < 0 ? { line: 1, col: 1 } : lineCounter.linePos(at);
    return {
      value: undefined,
      locate,
      syntax: [{ file, line: pos.line, column: pos.col, path: '', message: (e as Error).message }],
    };
  }
}

function problemsAt(
  file: string,
  parsed: Parsed,
  problems: { path: (string | number)[]; message: string }[],
): FileProblem[] {
  return problems.map((p) => ({
    file,
    ...parsed.locate(p.path),
    path: p.path.join('.'),
    message: p.message,
  }));
}

/** Read and check a plan file. */
export function loadPlanFile(file: string): { plan?: Plan; problems: FileProblem[] } {
  return checkPlanText(file, readFileSync(file, 'utf8'));
}

/** Check a plan's YAML text (`file` names it in the problems: a path, or an upload's name). */
export function checkPlanText(file: string, text: string): { plan?: Plan; problems: FileProblem[] } {
  const parsed = parseYaml(file, text);
  if (parsed.syntax.length) return { problems: parsed.syntax };
  const { plan, problems } = checkPlan(parsed.value);
  return problems.length ? { problems: problemsAt(file, parsed, problems) } : { plan, problems: [] };
}

/** Read a YAML file against a zod schema (drill scenarios). */
export function loadYamlFile<T>(file: string, schema: ZodType<T>): { value?: T; problems: FileProblem[] } {
  return checkYamlText(file, readFileSync(file, 'utf8'), schema);
}

/** Check YAML text against a zod schema, with each problem at its line. */
export function checkYamlText<T>(
  file: string,
  text: string,
  schema: ZodType<T>,
): { value?: T; problems: FileProblem[] } {
  const parsed = parseYaml(file, text);
  if (parsed.syntax.length) return { problems: parsed.syntax };
  const r = schema.safeParse(parsed.value, missingIsRequired);
  if (r.success) return { value: r.data, problems: [] };
  return {
    problems: problemsAt(
      file,
      parsed,
      r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })),
    ),
  };
}
