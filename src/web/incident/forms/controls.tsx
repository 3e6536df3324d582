import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import type { IncidentDetail } from '../../app/api.ts';
import { nameOf } from '../../app/names.ts';
import { dayjs } from '../../app/time.ts';
import type { CommandForm, Field, Stored } from './fields.ts';

const WALL = 'YYYY-MM-DDTHH:mm:ss';
const isDayjs = (v: unknown): v is Dayjs => typeof (v as Dayjs | undefined)?.format === 'function';

/**
 * A date and time on a phone: the phone's own picker, which always fits its screen (a calendar
 * with a time column is wider than 390 px). Holds the same value as the desk's DatePicker.
 */
function NativeDateTime({
  value,
  onChange,
  id,
}: {
  value?: Dayjs | null;
  onChange?: (v: Dayjs | null) => void;
  /** the form item's, so its label names this input */
  id?: string;
}) {
  return (
    <Input
      id={id}
      type="datetime-local"
      value={value ? value.format('YYYY-MM-DDTHH:mm') : ''}
      onChange={(e) => onChange?.(e.target.value ? dayjs(e.target.value) : null)}
    />
  );
}

export function control(f: Field, t: TFunction, d: IncidentDetail, plan: Plan | undefined, phone: boolean) {
  switch (f.kind) {
    case 'datetime':
      return phone ? (
        <NativeDateTime />
      ) : (
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      );
    case 'choice':
      return <Select allowClear options={f.choices(d, plan)} />;
    // the limit shown as a counter, never cut: a longer text is refused by the field, whole
    case 'text':
      return <Input count={f.max ? { show: true, max: f.max } : undefined} />;
    case 'textarea':
      return (
        <Input.TextArea
          autoSize={{ minRows: 1, maxRows: 6 }}
          count={f.max ? { show: true, max: f.max } : undefined}
        />
      );
    case 'number':
      // a negative number is refused by the field, not turned into 0
      return <InputNumber precision={0} style={{ width: '100%' }} />;
    case 'bool':
      return <Switch />;
    case 'select':
      return (
        <Select
          allowClear
          options={f.options.map((o) => ({
            value: o,
            label: nameOf(t, f.dict ?? 'fields.options', o),
          }))}
        />
      );
    case 'multi':
      return (
        <Select mode="multiple" options={f.options.map((o) => ({ value: o, label: nameOf(t, f.dict, o) }))} />
      );
  }
}

/** The form's values as kept with the intent, and back. */
export function toStored(v: Record<string, unknown>): Stored {
  return Object.fromEntries(
    Object.entries(v)
      .filter(([, x]) => x !== undefined && x !== null && x !== '')
      .map(([k, x]) => [k, isDayjs(x) ? x.format(WALL) : x]),
  );
}
export function fromStored(spec: CommandForm, v: Stored): Record<string, unknown> {
  const times = new Set(spec.fields.filter((f) => f.kind === 'datetime').map((f) => f.name));
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, times.has(k) && typeof x === 'string' ? dayjs(x) : x]),
  );
}
