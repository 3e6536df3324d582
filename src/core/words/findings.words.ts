import type { SITREP_FIELDS } from '../incident/incident.events.ts';
import type { Strings } from './strings.types.ts';

/**
 * What a finding (问责意见) says, by its kind (core/findings). The times are Beijing wall time
 * (`beijing`), the gaps minutes (`duration`); `what` is a duty's or a commitment's own words.
 */
export const zh = {
  findingText: {
    missed: '{{what}}未在 {{due, beijing}}（北京时间）前完成，已上报{{to}}',
    late: '{{what}}迟 {{late, duration}} 完成',
    duty: '“{{title}}”',
    commitment: '承诺“{{text}}”',
    lateEntry: '补录：{{at, beijing}} 发生的记录，{{recorded, beijing}} 才录入，晚 {{gap, duration}}',
    sitrep: '{{report}}缺少{{fields}}（种子文件 002 五(二)）',
    measureOpen: '处置措施“{{measure}}”至结案未记录结束和效果',
    sitrepKinds: { initial: '首报', update: '续报', final: '终报', other: '情况报告' },
    sitrepFields: {
      time: '时间',
      place: '地点',
      source: '信息来源',
      scene: '现场情况',
      course: '经过',
      participants: '参与人数',
      onlookers: '围观人数',
      casualties: '伤亡',
      propertyLoss: '财产损失',
      cause: '原因',
      trend: '发展趋势',
      measures: '已采取的措施及效果',
      nextSteps: '下一步工作方案',
      other: '其他',
    } satisfies Record<(typeof SITREP_FIELDS)[number], string>,
  },
};

export const en: Strings<typeof zh> = {
  findingText: {
    missed: '{{what}} was not done by {{due, beijing}} (Beijing time); escalated to {{to}}',
    late: '{{what}} was done {{late, duration}} late',
    duty: '“{{title}}”',
    commitment: 'The commitment “{{text}}”',
    lateEntry:
      'Late entry: what happened at {{at, beijing}} was entered at {{recorded, beijing}}, {{gap, duration}} late',
    sitrep: 'The {{report}} lacks {{fields}} (seed 002 五(二))',
    measureOpen: 'The measure “{{measure}}” has no recorded end or outcome at the close',
    sitrepKinds: {
      initial: 'first report',
      update: 'update',
      final: 'final report',
      other: 'situation report',
    },
    sitrepFields: {
      time: 'time',
      place: 'place',
      source: 'source',
      scene: 'scene',
      course: 'course of events',
      participants: 'number of participants',
      onlookers: 'number of onlookers',
      casualties: 'casualties',
      propertyLoss: 'damage to property',
      cause: 'cause',
      trend: 'trend',
      measures: 'measures taken and their effect',
      nextSteps: 'next steps',
      other: 'other',
    },
  },
};
