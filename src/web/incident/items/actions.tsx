import { useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Appended } from '../../app/api.ts';
import { useApi } from '../../app/api-context.tsx';
import { unsure, useIntent } from '../../app/intent.ts';
import { queryKeys } from '../../app/query-keys.ts';
import { useMayRecord } from '../recordable.tsx';

/** The case an action records on, and the event ids its log holds as the page has it. */
export interface On {
  caseId: string;
  recorded: ReadonlySet<string>;
}

/**
 * Record one event on the case, one intent per action on one item (`task.completed` of task
 * t-…): pressing again after a lost answer, or after a reload, sends the same event id.
 */
export function useAction<V>(
  { caseId, recorded }: On,
  type: string,
  item: string,
  data: (v: V) => Record<string, unknown>,
  onDone?: () => void,
) {
  const api = useApi();
  const qc = useQueryClient();
  const { t } = useTranslation();
  const { message } = App.useApp();
  return useIntent<V, Appended>({
    key: `${caseId}:${type}:${item}`,
    recorded,
    send: ({ id, values }) =>
      api.send('POST', `/api/incidents/${caseId}/events/${type}`, { id, data: data(values) }),
    onSuccess: () => {
      onDone?.();
      void qc.invalidateQueries({ queryKey: queryKeys.incident(caseId) });
    },
    onError: (e) => void (unsure(e) ? message.warning(t('intent.noAnswer'), 8) : message.error(e.message)),
  });
}

/** An action's label, marked while an earlier press of it has no confirmed answer */
export function Marked({ pending, children }: { pending: boolean; children: string }) {
  const { t } = useTranslation();
  return pending ? (
    <Badge dot title={t('intent.pending')} offset={[4, -2]}>
      <span>{children}</span>
    </Badge>
  ) : (
    children
  );
}

/** A button that records at once (acknowledge a task). */
export function Act({
  on,
  type,
  item,
  data,
  label,
}: {
  on: On;
  type: string;
  item: string;
  data: Record<string, unknown>;
  label: string;
}) {
  const act = useAction<Record<string, never>>(on, type, item, () => data);
  if (!useMayRecord()(type)) return null;
  return (
    <Button size="small" loading={act.sending} onClick={() => act.submit({})}>
      <Marked pending={act.pending !== undefined && !act.sending}>{label}</Marked>
    </Button>
  );
}

/** A button that asks for one line of text (a result, an answer, evidence) and records it. */
export function Ask({
  on,
  type,
  item,
  data,
  label,
}: {
  on: On;
  type: string;
  item: string;
  data: (text: string) => Record<string, unknown>;
  label: string;
}) {
  const [open, setOpen] = useState(false);
  const ask = useAction<{ text: string }>(
    on,
    type,
    item,
    (v) => data(v.text),
    () => {
      setText('');
      setOpen(false);
    },
  );
  // a text whose sending was not confirmed before a reload is there again when the box opens
  const [text, setText] = useState(() => ask.restored?.values.text ?? '');
  if (!useMayRecord()(type)) return null;
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        <Marked pending={ask.pending !== undefined && !ask.sending}>{label}</Marked>
      </Button>
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: !text.trim() }}
        confirmLoading={ask.sending}
        onOk={() => ask.submit({ text: text.trim() })}
      >
        <Input.TextArea autoSize={{ minRows: 2 }} value={text} onChange={(e) => setText(e.target.value)} />
      </Modal>
    </>
  );
}

/** A cell's value as text: nothing for null or undefined. */
export const s = (x: unknown) => (x === null || x === undefined ? '' : String(x));
