import { Radio, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nameOf } from '../../app/names.ts';
import { OneForm } from './OneForm.tsx';
import { SPECS } from './specs.ts';

/** Every kind of entry one touch away; each form is its own intent. */
export function DisputeForms({ caseId, recorded }: { caseId: string; recorded: ReadonlySet<string> }) {
  const { t } = useTranslation();
  const [active, setActive] = useState(SPECS[0]?.type ?? '');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={active}
        onChange={(e) => setActive(e.target.value)}
        optionType="button"
        buttonStyle="solid"
        size="small"
        data-testid="dispute-form-picker"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
        options={SPECS.map((s) => ({ value: s.type, label: nameOf(t, 'de', s.type) }))}
      />
      {SPECS.map((s) => (
        <div key={s.type} style={{ display: s.type === active ? undefined : 'none' }}>
          <OneForm caseId={caseId} spec={s} recorded={recorded} />
        </div>
      ))}
    </Space>
  );
}
