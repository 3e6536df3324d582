import type { Strings } from '../app/strings.types.ts';

/** The names of a dispute's values: statuses, risks, categories, sources, tiers, outcomes. Chinese first. */
export const zh = {
  d: {
    status: {
      registered: '已登记',
      accepted: '已受理',
      not_accepted: '不予受理',
      resolved: '已化解',
      ended: '已终止',
      settled: '已销号',
    },
    risk: {
      high: '高',
      medium: '中',
      low: '低',
    },
    source: {
      screening: '排查',
      visit: '来访',
      letter: '来信',
      phone: '电话',
      online: '网络',
      referral: '转办',
      incident: '事件转入',
    },
    category: {
      family: '婚姻家庭',
      neighbour: '邻里',
      land: '土地山林',
      requisition: '征地拆迁',
      labour: '劳动争议',
      construction: '工程建设',
      environment: '环境污染',
      medical: '医疗',
      property: '物业房屋',
      traffic: '交通事故',
      consumer: '消费',
      enterprise: '企业经营',
      other: '其他',
    },
    tier: {
      village: '村（社区）化解',
      town: '镇（街道）首调',
      county: '县级包案',
    },
    side: {
      group: '群体',
      organisation: '组织',
    },
    screeningKind: {
      daily: '日常排查',
      regular: '定期排查',
      special: '专项排查',
      joint: '联合排查',
    },
    method: {
      in_person: '面谈',
      on_site: '现场',
      phone: '电话',
      online: '网上',
      joint: '联合调解',
    },
    outcome: {
      continuing: '继续调解',
      agreement: '达成协议',
      refused: '一方拒绝调解',
      failed: '调解不成',
    },
    decision: {
      support: '支持',
      explain: '解释说明',
      not_support: '不予支持',
    },
    evaluation: {
      satisfied: '满意',
      basically_satisfied: '基本满意',
      dissatisfied: '不满意',
    },
    form: {
      written: '书面',
      oral: '口头',
    },
    reviewKind: {
      recheck: '复查',
      review: '复核',
    },
    reviewDecision: {
      upheld: '维持',
      changed: '变更',
      revoked: '撤销',
    },
    visitMethod: {
      in_person: '上门',
      phone: '电话',
      online: '网上',
    },
  },
};

/** The same in English: every key of the Chinese, and no other. */
export const en: Strings<typeof zh> = {
  d: {
    status: {
      registered: 'registered',
      accepted: 'accepted',
      not_accepted: 'not accepted',
      resolved: 'resolved',
      ended: 'ended',
      settled: 'settled',
    },
    risk: {
      high: 'high',
      medium: 'medium',
      low: 'low',
    },
    source: {
      screening: 'screening',
      visit: 'visit',
      letter: 'letter',
      phone: 'phone',
      online: 'online',
      referral: 'referral',
      incident: 'from an incident',
    },
    category: {
      family: 'family',
      neighbour: 'neighbours',
      land: 'land',
      requisition: 'requisition',
      labour: 'labour',
      construction: 'construction',
      environment: 'environment',
      medical: 'medical',
      property: 'property',
      traffic: 'traffic',
      consumer: 'consumer',
      enterprise: 'enterprise',
      other: 'other',
    },
    tier: {
      village: 'village',
      town: 'town',
      county: 'county',
    },
    side: {
      group: 'group',
      organisation: 'organisation',
    },
    screeningKind: {
      daily: 'daily',
      regular: 'regular',
      special: 'special',
      joint: 'joint',
    },
    method: {
      in_person: 'in person',
      on_site: 'on site',
      phone: 'phone',
      online: 'online',
      joint: 'joint',
    },
    outcome: {
      continuing: 'continuing',
      agreement: 'agreement',
      refused: 'a party refused',
      failed: 'failed',
    },
    decision: {
      support: 'support',
      explain: 'explain',
      not_support: 'not supported',
    },
    evaluation: {
      satisfied: 'satisfied',
      basically_satisfied: 'mostly satisfied',
      dissatisfied: 'dissatisfied',
    },
    form: {
      written: 'written',
      oral: 'oral',
    },
    reviewKind: {
      recheck: 'recheck',
      review: 'review',
    },
    reviewDecision: {
      upheld: 'upheld',
      changed: 'changed',
      revoked: 'revoked',
    },
    visitMethod: {
      in_person: 'in person',
      phone: 'phone',
      online: 'online',
    },
  },
};
