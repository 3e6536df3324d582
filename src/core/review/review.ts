import type { FindingEvent } from '../findings/findings.ts';

/**
 * 总结: the review of an incident, drafted from its log (003 七(三) 书面报告; 004 篇1 小结) — the
 * course of events with their times, each duty met, late or missed, the demands and their
 * answers, the commitments and their state, the measures with their basis and outcome, the
 * statements, the damage, the findings — with the lessons and the fixes left to the author.
 * And its workflow: a draft (review.drafted) goes up for review (review.submitted), is returned
 * (review.returned) or signed off at the level above (review.approved).
 */

/** An event of the incident's log, as the review reads it (the shape findings read). */
export type ReviewEvent = FindingEvent;

export const REVIEW_STATES = ['none', 'draft', 'in_review', 'reviewed'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Where the review stands, from the log: the last of its workflow events decides. */
export function reviewState(events: readonly ReviewEvent[]): {
  state: ReviewState;
  text?: string;
  /** the reason it was last returned, while it is a draft again */
  returned?: string;
  at?: string;
  /** the 发文字号 and 签发人 it was last kept or sent with */
  document?: { number?: string; signer?: string };
} {
  let state: ReviewState = 'none';
  let text: string | undefined;
  let returned: string | undefined;
  let at: string | undefined;
  let document: { number?: string; signer?: string } | undefined;
  for (const e of events) {
    if (e.type === 'review.drafted' || e.type === 'review.submitted')
      document = (e.data.document as typeof document) ?? undefined;
    if (e.type === 'review.drafted') {
      state = 'draft';
      text = String(e.data.text ?? '');
      at = e.recordedAt;
    } else if (e.type === 'review.submitted') {
      state = 'in_review';
      text = String(e.data.text ?? '');
      returned = undefined;
      at = e.recordedAt;
    } else if (e.type === 'review.returned') {
      state = 'draft';
      returned = String(e.data.reason ?? '');
      at = e.recordedAt;
    } else if (e.type === 'review.approved') {
      state = 'reviewed';
      at = e.recordedAt;
    }
  }
  return { state, text, returned, at, document };
}

/** Beijing wall time, MM-DD HH:mm. */
function bj(instant: string): string {
  return new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ');
}
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface DraftOptions {
  /** a duty's title by its id (the plan's) */
  dutyTitle: (id: string) => string;
  /** a unit's or level's name by its id (the plan's) */
  unitName: (id: string) => string;
  /** an incident level's name by its id (the plan's) */
  levelName: (id: string) => string;
  /** the case's findings (core/findings), by their text */
  findings: readonly { text: string }[];
}

/** What happened, in a line, for the course of events; undefined for what the course leaves out. */
function courseLine(e: ReviewEvent, o: DraftOptions): string | undefined {
  const d = e.data;
  const s = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  switch (e.type) {
    case 'incident.reported':
      return `接报：${s('title')}（${(d.location as { text?: string } | undefined)?.text ?? ''}，来源：${s('source')}）`;
    case 'incident.level.set':
      return d.plan
        ? undefined
        : `定级：${o.levelName(s('level'))}${d.basis === 'commander' ? `（指挥员决定：${s('reason')}）` : ''}`;
    case 'arrival.recorded':
      return `${o.unitName(s('position'))}到达现场${s('note') ? `（${s('note')}）` : ''}`;
    case 'sitrep.submitted':
      return `向${o.unitName(String((d.to as { level?: string } | undefined)?.level ?? ''))}报送${({ initial: '首报', update: '续报', final: '终报' } as Record<string, string>)[s('kind')] ?? '情况报告'}`;
    case 'demand.registered':
      return `登记诉求：${s('text')}`;
    case 'demand.answered':
      return `答复诉求：${s('answer')}`;
    case 'dialogue.held':
      return `与${s('with')}对话（代表 ${String(d.representatives ?? '')} 人）：${s('summary')}`;
    case 'commitment.made':
      return `作出承诺：${s('text')}（${s('owner')}）`;
    case 'commitment.fulfilled':
      return `兑现承诺：${s('evidence')}`;
    case 'measure.authorized':
      return `批准处置措施：${s('kind')}（依据：${s('legalBasis')}；批准：${s('authorizedBy')}）`;
    case 'measure.ended':
      return `处置措施结束：${s('outcome')}`;
    case 'statement.published':
      return `发布信息（${s('channel')}）：${s('text')}`;
    case 'log.entry':
      return d.significant === false ? undefined : s('text') || undefined;
    case 'incident.stabilized':
      return `事态平息：${s('note')}`;
    case 'incident.closed':
      return `结案：${s('summary')}`;
    default:
      return undefined;
  }
}

/** The review drafted from the log, as text in the sections a 总结 has; lessons and fixes left blank. */
export function draftReview(events: readonly ReviewEvent[], o: DraftOptions): string {
  const people = events.filter((e) => e.actor.role !== 'system');
  const sections: { heading: string; lines: string[] }[] = [];
  sections.push({
    heading: '事件经过',
    lines: people
      .map((e) => {
        const line = courseLine(e, o);
        return line ? `${bj(e.occurredAt)} ${line}` : undefined;
      })
      .filter((l): l is string => l !== undefined),
  });
  // each duty as it ended: met, late, missed or still open
  const duties = new Map<string, { started?: ReviewEvent; met?: ReviewEvent; missed?: ReviewEvent }>();
  for (const e of events) {
    const id = typeof e.data.dutyId === 'string' ? e.data.dutyId : undefined;
    if (!id || !e.type.startsWith('duty.')) continue;
    const x = duties.get(id) ?? {};
    if (e.type === 'duty.started') x.started = e;
    if (e.type === 'duty.met') x.met = e;
    if (e.type === 'duty.missed') x.missed = e;
    duties.set(id, x);
  }
  sections.push({
    heading: '预案职责执行情况',
    lines: [...duties].map(([id, x]) => {
      const owner = o.unitName(String(x.started?.data.owner ?? ''));
      const late = Number(x.met?.data.lateSeconds ?? 0);
      const state = x.met
        ? late > 0
          ? `迟 ${Math.round(late / 60)} 分钟完成`
          : '按时完成'
        : x.missed
          ? `超时未完成，已上报${o.unitName(String(x.missed.data.escalateTo ?? ''))}`
          : '尚未完成';
      return `${o.dutyTitle(id)}（${owner}）：${state}`;
    }),
  });
  const demands = new Map<string, { text: string; answer?: string }>();
  const commitments = new Map<string, { text: string; owner: string; due: string; done?: string }>();
  const measures = new Map<string, { line: string; outcome?: string }>();
  const statements: string[] = [];
  let damage = '';
  for (const e of people) {
    const d = e.data;
    if (e.type === 'demand.registered') demands.set(String(d.demandId), { text: String(d.text ?? '') });
    if (e.type === 'demand.answered') {
      const x = demands.get(String(d.demandId));
      if (x) x.answer = String(d.answer ?? '');
    }
    if (e.type === 'commitment.made')
      commitments.set(String(d.commitmentId), {
        text: String(d.text ?? ''),
        owner: String(d.owner ?? ''),
        due: String(d.dueAt ?? ''),
      });
    if (e.type === 'commitment.fulfilled') {
      const x = commitments.get(String(d.commitmentId));
      if (x) x.done = `${bj(e.occurredAt)} 兑现：${String(d.evidence ?? '')}`;
    }
    if (e.type === 'measure.authorized')
      measures.set(String(d.measureId), {
        line: `${String(d.kind ?? '')}（法律依据：${String(d.legalBasis ?? '')}；批准：${String(d.authorizedBy ?? '')}；范围：${String(d.scope ?? '')}）`,
      });
    if (e.type === 'measure.ended') {
      const x = measures.get(String(d.measureId));
      if (x) x.outcome = String(d.outcome ?? '');
    }
    if (e.type === 'statement.published')
      statements.push(`${bj(e.occurredAt)}（${String(d.channel ?? '')}）${String(d.text ?? '')}`);
    if (e.type === 'incident.reported' || e.type === 'incident.facts.updated') {
      const f = (d.facts ?? {}) as Record<string, unknown>;
      const parts = [
        f.dead !== undefined ? `死亡 ${String(f.dead)} 人` : '',
        f.injured !== undefined ? `受伤 ${String(f.injured)} 人` : '',
        f.propertyLoss !== undefined ? `财产损失约 ${String(f.propertyLoss)} 元` : '',
      ].filter(Boolean);
      if (parts.length) damage = parts.join('，');
    }
  }
  sections.push({
    heading: '群众诉求及答复',
    lines: [...demands.values()].map((x) => `${x.text}——${x.answer ? `答复：${x.answer}` : '尚未答复'}`),
  });
  sections.push({
    heading: '承诺兑现情况',
    lines: [...commitments.values()].map(
      (x) => `${x.text}（${x.owner}，限 ${x.due ? bj(x.due) : ''}）：${x.done ?? '尚未兑现'}`,
    ),
  });
  sections.push({
    heading: '处置措施',
    lines: [...measures.values()].map((x) => `${x.line}：${x.outcome ? `结果：${x.outcome}` : '未记录结果'}`),
  });
  sections.push({ heading: '信息发布', lines: statements });
  sections.push({ heading: '损失情况', lines: damage ? [damage] : ['未报告人员伤亡和财产损失。'] });
  sections.push({
    heading: '问责意见',
    lines: o.findings.map((f) => f.text),
  });
  sections.push({ heading: '经验教训', lines: ['（由撰写人填写）'] });
  sections.push({ heading: '整改措施', lines: ['（由撰写人填写）'] });
  return sections
    .map((s, i) => [`${NUMERALS[i]}、${s.heading}`, ...(s.lines.length ? s.lines : ['无。'])].join('\n'))
    .join('\n\n');
}
