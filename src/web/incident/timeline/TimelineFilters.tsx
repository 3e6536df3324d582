import { Select, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { nameOf } from '../../app/names.ts';

/** What the record shows: significant entries only, some kinds, one group. */
export function TimelineFilters({
  significantOnly,
  setSignificantOnly,
  filtered,
  types,
  kinds,
  setKinds,
  groups,
  group,
  setGroup,
  unitName,
}: {
  significantOnly: boolean;
  setSignificantOnly: (on: boolean) => void;
  /** a kind or a group is asked for */
  filtered: boolean;
  types: string[];
  kinds: string[];
  setKinds: (kinds: string[]) => void;
  groups: string[];
  group: string | undefined;
  setGroup: (group: string | undefined) => void;
  unitName: (id: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <Space wrap data-testid="timeline-filters">
      <Space>
        <Switch
          size="small"
          checked={significantOnly && !filtered}
          disabled={filtered}
          onChange={setSignificantOnly}
        />
        <Typography.Text type="secondary">{t('incident.significantOnly')}</Typography.Text>
      </Space>
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('incident.byKind')}
        style={{ minWidth: 200 }}
        value={kinds}
        onChange={setKinds}
        options={types.map((x) => ({ value: x, label: nameOf(t, 'events', x) }))}
        data-testid="filter-kind"
      />
      <Select
        allowClear
        placeholder={t('incident.byGroup')}
        style={{ minWidth: 180 }}
        value={group}
        onChange={setGroup}
        options={groups.map((g) => ({
          value: g,
          label: unitName(g),
        }))}
        data-testid="filter-group"
      />
    </Space>
  );
}
