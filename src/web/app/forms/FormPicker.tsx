import { Badge, Radio, Select, Space } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nameOf, type Section } from '../names.ts';

/**
 * The forms of a case's page, one shown at a time. On a desk every form is a button; on a
 * phone the main actions (`phoneFirst`, in that order) lead as buttons big enough for a thumb
 * and the rest wait behind one searchable select. Every form stays mounted: what was typed in
 * one survives a look at another.
 */
export function FormPicker({
  types,
  names,
  phone,
  phoneFirst,
  pending,
  requested,
  render,
}: {
  /** the forms the user may use on this case now, in the order of the work */
  types: string[];
  /** the section naming them */
  names: Section;
  phone: boolean;
  phoneFirst: readonly string[];
  /** is a sending of this form not yet confirmed? (it is marked, and the first of them opens) */
  pending: (type: string) => boolean;
  /** a form asked for (a duty's one-tap action) */
  requested?: { type: string };
  render: (type: string) => ReactNode;
}) {
  const { t } = useTranslation();
  // on a phone the main actions lead, big enough for a thumb; the rest behind one select
  const lead = phone ? phoneFirst.filter((x) => types.includes(x)) : types;
  const rest = phone ? types.filter((x) => !phoneFirst.includes(x)) : [];
  const [active, setActive] = useState(() => types.find(pending) ?? lead[0] ?? types[0] ?? '');
  // (by their names: the list is made anew on every render)
  const offered = types.join(' ');
  useEffect(() => {
    if (requested && offered.split(' ').includes(requested.type)) setActive(requested.type);
  }, [requested, offered]);
  // a form that went away with the case's state gives way to the first there is
  const shown = types.includes(active) ? active : (lead[0] ?? types[0] ?? '');
  const label = (type: string) =>
    pending(type) ? (
      <Badge dot offset={[4, -2]} title={t('intent.pending')}>
        <span style={{ color: 'inherit' }}>{nameOf(t, names, type)}</span>
      </Badge>
    ) : (
      nameOf(t, names, type)
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={shown}
        onChange={(e) => setActive(e.target.value)}
        optionType="button"
        buttonStyle="solid"
        size={phone ? 'large' : 'small'}
        data-testid="form-picker"
        style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
        options={lead.map((x) => ({ value: x, label: label(x) }))}
      />
      {rest.length > 0 && (
        <Select
          data-testid="form-more"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: '100%' }}
          size={phone ? 'large' : undefined}
          placeholder={t('cmd.more')}
          value={rest.includes(shown) ? shown : undefined}
          onChange={(v: string) => setActive(v)}
          options={rest.map((x) => ({ value: x, label: nameOf(t, names, x) }))}
        />
      )}
      {/* one box for them all, so the hidden ones take no room */}
      <div>
        {types.map((x) => (
          <div key={x} style={{ display: x === shown ? undefined : 'none' }}>
            {render(x)}
          </div>
        ))}
      </div>
    </Space>
  );
}
