import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { nameOf, type Section } from '../names.ts';
import { dayjs } from '../time.ts';
import { type Field, getPath, type Stored, setPath } from './fields.ts';

const WALL = 'YYYY-MM-DDTHH:mm:ss';
const isDayjs = (v: unknown): v is Dayjs => typeof (v as Dayjs | undefined)?.format === 'function';

/**
 * A date, or a date and time, on a phone: the phone's own picker, which always fits its screen
 * (a calendar with a time column is wider than 390 px). Holds the same value as the desk's
 * DatePicker.
 */
export function NativeDate({
  value,
  onChange,
  id,
  time,
}: {
  value?: Dayjs | null;
  onChange?: (v: Dayjs | null) => void;
  /** the form item's, so its label names this input */
  id?: string;
  time: boolean;
}) {
  return (
    <Input
      id={id}
      type={time ? 'datetime-local' : 'date'}
      value={value ? value.format(time ? 'YYYY-MM-DDTHH:mm' : 'YYYY-MM-DD') : ''}
      onChange={(e) => onChange?.(e.target.value ? dayjs(e.target.value) : null)}
    />
  );
}

/** The input of a field; `options` names a select's values when the field names no section. */
export function control<D>(
  f: Exclude<Field<D>, { kind: 'list' }>,
  t: TFunction,
  d: D,
  plan: Plan | undefined,
  phone: boolean,
  options: Section,
) {
  switch (f.kind) {
    case 'datetime':
      return phone ? (
        <NativeDate time />
      ) : (
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      );
    case 'date':
      return phone ? <NativeDate time={false} /> : <DatePicker style={{ width: '100%' }} />;
    case 'choice':
      return <Select allowClear options={f.choices(d, plan, t)} />;
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
      // a number out of range is refused by the field, not changed into one in range
      return (
        <InputNumber
          precision={f.int === false ? undefined : 0}
          inputMode={f.int === false ? 'decimal' : 'numeric'}
          style={{ width: '100%' }}
        />
      );
    case 'bool':
      return <Switch />;
    case 'select':
      return (
        <Select
          allowClear
          options={f.options.map((o) => ({ value: o, label: nameOf(t, f.dict ?? options, o) }))}
        />
      );
    case 'multi':
      return (
        <Select mode="multiple" options={f.options.map((o) => ({ value: o, label: nameOf(t, f.dict, o) }))} />
      );
  }
}

/** The rules of a field's form item: required, a number's range, a text's length. */
export function rules<D>(f: Exclude<Field<D>, { kind: 'list' }>, t: TFunction) {
  return [
    ...('required' in f && f.required && f.kind !== 'bool'
      ? [{ required: true, message: t('cmd.required') }]
      : []),
    ...(f.kind === 'number'
      ? [
          {
            type: 'number' as const,
            min: f.min ?? 0,
            message: (f.min ?? 0) === 0 ? t('cmd.notNegative') : t('cmd.atLeast', { n: f.min }),
          },
          ...(f.max !== undefined
            ? [{ type: 'number' as const, max: f.max, message: t('cmd.atMost', { n: f.max }) }]
            : []),
        ]
      : []),
    ...((f.kind === 'text' || f.kind === 'textarea') && f.max
      ? [{ max: f.max, message: t('cmd.tooLong', { max: f.max }) }]
      : []),
  ];
}

/** The form's values as kept with the intent and the draft (a time as Beijing wall time), and back. */
export function toStored(v: unknown): Stored {
  return plain(v) as Stored;
}
/** What was left empty is not kept: an empty line, a cleared select, an object none of whose fields is filled in. */
const empty = (x: unknown) =>
  x === undefined ||
  x === null ||
  x === '' ||
  (typeof x === 'object' && !Array.isArray(x) && !isDayjs(x) && Object.keys(x).length === 0);
function plain(v: unknown): unknown {
  if (isDayjs(v)) return v.format(WALL);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .map(([k, x]) => [k, plain(x)] as const)
        .filter(([, x]) => !empty(x)),
    );
  return v;
}
export function fromStored<D>(fields: Field<D>[], v: Stored): Stored {
  let out = v;
  for (const f of fields) {
    const x = getPath(v, f.name);
    if ((f.kind === 'datetime' || f.kind === 'date') && typeof x === 'string')
      out = setPath(out, f.name, dayjs(x));
    if (f.kind === 'list' && Array.isArray(x))
      out = setPath(
        out,
        f.name,
        x.map((item) => fromStored(f.fields, (item ?? {}) as Stored)),
      );
  }
  return out;
}
