import { blocksOfText, chineseDate, chineseTime, type OfficialDoc, safeFileName } from './official.ts';

/** Names of what a document of a case states: the kinds of finding, their dispositions, roles. */
export const FINDING_KIND_NAMES: Readonly<Record<string, string>> = {
  duty_missed: '职责超时',
  duty_late: '迟办',
  commitment_overdue: '承诺逾期',
  late_entry: '补录',
  sitrep_incomplete: '报告缺项',
  measure_open: '措施未记结果',
  dispute_overdue: '纠纷超期',
  screening_missed: '排查未开展',
};
export const DISPOSITION_NAMES: Readonly<Record<string, string>> = {
  accepted: '认定',
  explained: '已说明，不予追究',
  dismissed: '不成立',
};
export const ROLE_NAMES: Readonly<Record<string, string>> = {
  admin: '管理员',
  commander: '指挥员',
  officer: '值班员',
  recorder: '记录员',
  leader: '领导',
  auditor: '审计员',
};

/** A finding's owner as a document names it: the plan's unit, or the role that recorded late. */
export function ownerName(owner: string, unitName: (id: string) => string | undefined): string {
  if (owner.startsWith('role:')) return `${ROLE_NAMES[owner.slice(5)] ?? owner.slice(5)}（记录人）`;
  return unitName(owner) ?? owner;
}

export interface ReviewDocInput {
  /** the incident's title */
  title: string;
  /** the office that writes the review: the incident's jurisdiction */
  organ: string;
  /** the office above, which signs it off */
  addressee?: string;
  /** where the review stands: none, draft, in_review, reviewed */
  state: string;
  /** the text as kept (drafted or submitted), else the draft from the log */
  text: string;
  /** when it was last changed, else now */
  at: string;
  /** 发文字号 and 签发人, as it was kept or sent */
  number?: string;
  signer?: string;
}

/**
 * 总结: the review as the written report (书面报告, 003 七(三)) its office sends to the level above;
 * a review not yet sent for sign-off is marked 初稿 in its title.
 */
export function reviewDoc(r: ReviewDocInput): OfficialDoc {
  const date = chineseDate(r.at);
  const draft = r.state === 'none' || r.state === 'draft';
  return {
    organ: r.organ,
    number: r.number,
    signer: r.signer,
    title: `关于${r.title}处置工作的总结报告${draft ? '（初稿）' : ''}`,
    addressee: r.addressee,
    blocks: blocksOfText(r.text),
    closing: '特此报告。',
    signature: { organ: r.organ, date },
    record: { printer: r.organ, printed: date },
    fileName: safeFileName(`总结报告-${r.title}-${date}`),
  };
}

export interface FindingsDocInput {
  /** the case's title */
  title: string;
  /** the office that issues the findings: the caller's */
  organ: string;
  /** the office the case belongs to */
  addressee?: string;
  findings: readonly {
    kind: string;
    owner: string;
    text: string;
    arose: string;
    disposition: string | null;
    reason: string | null;
  }[];
  unitName: (id: string) => string | undefined;
  at: string;
}

/**
 * 问责意见: a case's findings as the office above writes them to the office of the case — each
 * with its kind, owner (the plan's unit or the recording role, never a participant), what happened
 * and when, and the disposition given with its reason.
 */
export function findingsDoc(f: FindingsDocInput): OfficialDoc {
  const date = chineseDate(f.at);
  const disposed = f.findings.filter((x) => x.disposition).length;
  return {
    organ: f.organ,
    title: `关于${f.title}的问责意见`,
    addressee: f.addressee,
    blocks: [
      {
        kind: 'p',
        text:
          f.findings.length === 0
            ? '经对该事项全过程记录的核查，未发现迟报、漏报、超时未办或承诺逾期等应予问责的情形。'
            : `经对该事项全过程记录的核查，发现以下 ${f.findings.length} 项应予说明的情形，已审核处理 ${disposed} 项，其余 ${f.findings.length - disposed} 项待审核。`,
      },
      ...(f.findings.length
        ? [
            {
              kind: 'table' as const,
              head: ['序号', '类型', '责任单位', '情形', '发生时间', '处理意见'],
              widths: [2, 4, 5, 9, 5, 6],
              rows: f.findings.map((x, i) => [
                String(i + 1),
                FINDING_KIND_NAMES[x.kind] ?? x.kind,
                ownerName(x.owner, f.unitName),
                x.text,
                chineseTime(x.arose),
                x.disposition
                  ? `${DISPOSITION_NAMES[x.disposition] ?? x.disposition}：${x.reason ?? ''}`
                  : '待审核',
              ]),
            },
          ]
        : []),
      {
        kind: 'p',
        text: '以上情形依据预案规定的职责时限和报告要求，由系统依全过程记录（含每条记录的事件编号和时间）生成，经审核后作出处理意见。',
      },
    ],
    signature: { organ: f.organ, date },
    record: { printer: f.organ, printed: date },
    fileName: safeFileName(`问责意见-${f.title}-${date}`),
  };
}
