import { Button, Card, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { nameOf, type Section } from '../names.ts';
import { control, rules } from './controls.tsx';
import type { Field, ListField } from './fields.ts';

/** How a field's item finds its label and its values' names. */
export interface Naming {
  /** the section naming the fields */
  labels: Section;
  /** the section naming a select's values when the field names no other */
  options: Section;
}

type Path = (string | number)[];
const pathOf = (name: string): Path => name.split('.');

/** One field of a form: its label, its rules and its input; a list, its items one by one. */
export function FieldItem<D>({
  f,
  detail,
  plan,
  phone,
  naming,
  at = [],
}: {
  f: Field<D>;
  detail: D;
  plan: Plan | undefined;
  phone: boolean;
  naming: Naming;
  /** where the field lies inside a list's item */
  at?: Path;
}) {
  const { t } = useTranslation();
  const label = nameOf(t, naming.labels, f.label ?? f.name.split('.').pop() ?? f.name);
  if (f.kind === 'list')
    return <ListItems f={f} detail={detail} plan={plan} phone={phone} naming={naming} label={label} />;
  return (
    <Form.Item
      name={[...at, ...pathOf(f.name)]}
      label={label}
      valuePropName={f.kind === 'bool' ? 'checked' : 'value'}
      rules={rules(f, t)}
    >
      {control(f, t, detail, plan, phone, naming.options)}
    </Form.Item>
  );
}

/** A list's items (an agreement's clauses), each a card of its fields, added and removed one by one. */
function ListItems<D>({
  f,
  detail,
  plan,
  phone,
  naming,
  label,
}: {
  f: ListField<D>;
  detail: D;
  plan: Plan | undefined;
  phone: boolean;
  naming: Naming;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required={f.min > 0}>
      <Form.List name={pathOf(f.name)}>
        {(items, { add, remove }) => (
          <>
            {items.map((item, n) => (
              <Card
                key={item.key}
                size="small"
                title={t(f.item, { n: n + 1 })}
                style={{ marginBottom: 8 }}
                data-testid="list-item"
                extra={
                  items.length > Math.max(1, f.min) ? (
                    <Button size="small" onClick={() => remove(item.name)} aria-label="×">
                      ×
                    </Button>
                  ) : null
                }
              >
                {f.fields.map((x) => (
                  <FieldItem
                    key={x.name}
                    f={x}
                    detail={detail}
                    plan={plan}
                    phone={phone}
                    naming={naming}
                    at={[item.name]}
                  />
                ))}
              </Card>
            ))}
            {items.length < f.max && (
              <Button size={phone ? 'middle' : 'small'} onClick={() => add({})}>
                {t(f.add)}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
