import type { Kysely } from 'kysely';
import { GENESIS_HASH, hashInput } from '../../core/events/event.ts';
import { type EventRow, fromRow, sha256Hex } from './event-store.ts';
import type { HeadKey } from './head-key.ts';
import type { DB } from './schema.ts';

export type ProblemKind =
  | 'altered'
  | 'unlinked'
  | 'missing'
  | 'truncated'
  | 'beyond_head'
  | 'head_missing'
  | 'head_forged'
  | 'head_without_events';

export interface CaseProblem {
  seq: number;
  kind: ProblemKind;
  message: string;
}

export interface CaseReport {
  caseId: string;
  events: number;
  problems: CaseProblem[];
}

export interface VerifyReport {
  ok: boolean;
  cases: number;
  events: number;
  /** false when no key was available: heads were compared but their signatures not checked */
  signaturesChecked: boolean;
  broken: CaseReport[];
}

interface HeadRow {
  seq: number;
  hash: string;
  mac: string;
}

/** Recompute every case's chain from the stored rows and check it against its signed head. */
export async function verifyAll(db: Kysely<DB>, key: HeadKey | null, pageSize = 5000): Promise<VerifyReport> {
  const heads = new Map<string, HeadRow>();
  for (const h of await db.selectFrom('case_heads').selectAll().execute()) {
    heads.set(h.case_id, { seq: Number(h.seq), hash: h.hash, mac: h.mac });
  }
  const report: VerifyReport = { ok: true, cases: 0, events: 0, signaturesChecked: key !== null, broken: [] };

  let current: {
    caseId: string;
    events: number;
    expected: number;
    prev: string;
    problems: CaseProblem[];
  } | null = null;
  const finish = () => {
    if (!current) return;
    const lastSeq = current.expected - 1;
    checkHead(current.caseId, lastSeq, current.prev, heads.get(current.caseId), key, current.problems);
    heads.delete(current.caseId);
    report.cases += 1;
    if (current.problems.length > 0) {
      report.broken.push({ caseId: current.caseId, events: current.events, problems: current.problems });
    }
  };

  let after: { caseId: string; seq: number } | null = null;
  for (;;) {
    let q = db.selectFrom('events').selectAll();
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([eb('case_id', '>', a.caseId), eb.and([eb('case_id', '=', a.caseId), eb('seq', '>', a.seq)])]),
      );
    }
    const rows = (await q.orderBy('case_id').orderBy('seq').limit(pageSize).execute()) as EventRow[];
    for (const row of rows) {
      const seq = Number(row.seq);
      if (!current || current.caseId !== row.case_id) {
        finish();
        current = { caseId: row.case_id, events: 0, expected: 1, prev: GENESIS_HASH, problems: [] };
      }
      checkEvent(row, seq, current);
      report.events += 1;
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) break;
    after = { caseId: last.case_id, seq: Number(last.seq) };
  }
  finish();

  for (const [caseId, h] of heads) {
    report.cases += 1;
    report.broken.push({
      caseId,
      events: 0,
      problems: [
        {
          seq: 1,
          kind: 'head_without_events',
          message: `signed head is at seq ${h.seq} but the case has no events`,
        },
      ],
    });
  }
  report.broken.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  report.ok = report.broken.length === 0;
  return report;
}

function checkEvent(
  row: EventRow,
  seq: number,
  c: { events: number; expected: number; prev: string; problems: CaseProblem[] },
): void {
  c.events += 1;
  let linked = true;
  if (seq !== c.expected) {
    c.problems.push({
      seq: c.expected,
      kind: 'missing',
      message:
        seq - 1 === c.expected
          ? `the event at seq ${c.expected} is missing`
          : `the events at seq ${c.expected}–${seq - 1} are missing`,
    });
    linked = false;
  }
  if (linked && row.prev_hash !== c.prev) {
    c.problems.push({
      seq,
      kind: 'unlinked',
      message: `prev_hash does not match the hash of seq ${seq - 1}`,
    });
  }
  let recomputed: string | null = null;
  try {
    const { position: _p, hash: _h, ...fields } = fromRow(row);
    recomputed = sha256Hex(hashInput({ ...fields, seq }));
  } catch {
    recomputed = null;
  }
  if (recomputed !== row.hash) {
    c.problems.push({ seq, kind: 'altered', message: `the stored event does not match its hash (altered)` });
  }
  c.expected = seq + 1;
  c.prev = row.hash;
}

function checkHead(
  caseId: string,
  lastSeq: number,
  lastHash: string,
  head: HeadRow | undefined,
  key: HeadKey | null,
  problems: CaseProblem[],
): void {
  if (!head) {
    problems.push({ seq: lastSeq, kind: 'head_missing', message: 'the case has no signed head' });
    return;
  }
  if (key && !key.verify({ caseId, seq: head.seq, hash: head.hash }, head.mac)) {
    problems.push({
      seq: head.seq,
      kind: 'head_forged',
      message: `the signed head (seq ${head.seq}) does not verify: it was rewritten without the key`,
    });
  }
  if (head.seq > lastSeq) {
    problems.push({
      seq: lastSeq + 1,
      kind: 'truncated',
      message: `the events after seq ${lastSeq} are missing: the signed head is at seq ${head.seq}`,
    });
  } else if (head.seq < lastSeq) {
    problems.push({
      seq: head.seq + 1,
      kind: 'beyond_head',
      message: `the events at seq ${head.seq + 1}–${lastSeq} lie beyond the signed head (inserted)`,
    });
  } else if (head.hash !== lastHash) {
    problems.push({
      seq: lastSeq,
      kind: 'altered',
      message: `the chain's newest hash (seq ${lastSeq}) differs from the signed head: the chain was rewritten`,
    });
  }
}
