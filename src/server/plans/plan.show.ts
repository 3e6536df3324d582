import { type Condition, describeCondition } from '../../core/plan/condition.ts';
import type { Review } from '../../core/plan/drill.ts';
import { describeDuration } from '../../core/plan/duration.ts';
import { judgedBy } from '../../core/plan/engine.ts';
import { ownerText, type Plan } from '../../core/plan/plan.schema.ts';

/** A plan as a person reads it in a terminal: levels and thresholds, who does what by when. */
export function showPlan(plan: Plan): string {
  const out: string[] = [];
  out.push(`${plan.title}  [${plan.id} v${plan.version}, 自 ${plan.effective} 起施行]`);
  out.push(
    `辖区 Jurisdiction: ${plan.jurisdiction.name} (${plan.jurisdiction.level}) · 来源 Source: ${plan.source}`,
  );
  out.push('', '级别 Levels (低→高 lowest first):');
  for (const l of plan.levels)
    out.push(
      `  ${l.name} (${l.id}): ${l.rule ? describeCondition(l.rule) : '任何已报告事件 any reported incident'}`,
    );
  const o = plan.organisation;
  out.push('', '组织 Organisation:');
  for (const u of [o.leadingGroup, o.office, ...o.groups, ...o.positions]) {
    if (u)
      out.push(
        `  ${u.name} (${u.id})${u.lead ? ` — ${u.lead}` : ''}${u.duties.length ? `: ${u.duties.join('；')}` : ''}`,
      );
  }
  out.push('', '职责时限 Duties:');
  const trigger = (t: { on: string; when?: Condition }) =>
    `${t.on}${t.when ? ` [${describeCondition(t.when)}]` : ''}`;
  for (const d of plan.duties) {
    const start = d.start;
    const from =
      'facts' in start
        ? `事实满足 facts hold [${describeCondition(start.facts)}] 起`
        : 'anyOf' in start
          ? `${start.anyOf.map(trigger).join(' 或 ')} 任一 后`
          : `${trigger(start)} 后${start.fallback ? `（未发生则自 ${trigger(start.fallback)} 起 ${describeDuration(start.fallback.after)} 后起算 fallback）` : ''}`;
    const m = d.satisfiedBy;
    const done =
      'anyOf' in m
        ? `${m.anyOf.map(trigger).join(' 或 ')} 任一`
        : 'allOf' in m
          ? `${m.allOf.map(trigger).join(' 及 ')} 全部 all`
          : trigger(m);
    const limit = d.classes
      ? d.classes.map((c) => `${c.title} ${describeDuration(c.within)}`).join('，')
      : describeDuration(d.within);
    out.push(
      `  ${d.title} (${d.id})\n    ${ownerText(d.owner)} 须在 ${from} ${limit} 内完成 ${done}${judgedBy(d) === 'recording' ? '（以录入时间计 judged by when it is recorded）' : ''}` +
        `${d.repeat ? `；此后每 ${describeDuration(d.repeat.every)} 一次，直至 until ${trigger(d.repeat.until)}` : ''}` +
        `${d.levels ? `；仅 only at ${d.levels.join(', ')}` : ''}；逾期上报 escalate to ${d.escalateTo}${d.basis ? `\n    依据 basis: ${d.basis}` : ''}`,
    );
  }
  for (const [level, items] of Object.entries(plan.checklists)) {
    out.push('', `启动 ${level} 级时的任务 Tasks on activation at ${level}:`);
    for (const t of items)
      out.push(
        `  - ${t.title}${t.group ? ` [${t.group}]` : ''}${t.within ? ` (${describeDuration(t.within)})` : ''}`,
      );
  }
  if (plan.aftermath.length) {
    out.push('', '善后 Aftermath:');
    for (const t of plan.aftermath) out.push(`  - ${t.title}${t.group ? ` [${t.group}]` : ''}`);
  }
  if (plan.omitted.length) {
    out.push('', '未纳入 Omitted:');
    for (const x of plan.omitted) out.push(`  - 「${x.passage}」 — ${x.reason}`);
  }
  return out.join('\n');
}

const min = (s: number) => Math.round(s / 60);

const beijing = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
/** An instant as a duty officer reads it: Beijing time, e.g. 05/11 09:20. */
export const local = (iso: string) => beijing.format(new Date(iso));

/** A drill's review for the terminal. */
export function showReview(r: Review): string {
  const out = [
    `演练 Drill: ${r.scenario}  (${r.plan} v${r.version}; 时间为北京时间 times in Beijing time)`,
    `级别 Level: ${r.level ? `${r.level.name} (${r.level.id})` : '未定级 none'}`,
    '',
    '职责 Duties:',
  ];
  for (const d of r.duties) {
    const status =
      d.status === 'met'
        ? d.lateSeconds
          ? `迟 ${min(d.lateSeconds)} 分钟完成 met ${min(d.lateSeconds)} min late`
          : '按时完成 met on time'
        : d.status === 'missed'
          ? '逾期未完成 MISSED'
          : '进行中 open';
    out.push(`  ${d.id.padEnd(28)} ${status}  (时限 due ${local(d.dueAt)}, ${d.owner})`);
  }
  if (r.tasks.length) {
    out.push('', '任务 Tasks:');
    for (const t of r.tasks) out.push(`  ${t.id.padEnd(28)} ${t.status}${t.group ? `  [${t.group}]` : ''}`);
  }
  if (r.escalations.length) {
    out.push('', '上报 Escalations:');
    for (const e of r.escalations) out.push(`  ${e.dutyId} → ${e.to}  ${local(e.at)}`);
  }
  out.push('', '问题 Findings:');
  if (r.findings.length === 0) out.push('  无 none');
  for (const f of r.findings) out.push(`  - ${f.text}`);
  return out.join('\n');
}
