import type { FormInstance } from 'antd';
import { useEffect, useMemo } from 'react';
import { useMe } from '../session/me.ts';
import { keepDraft, read, storageKey } from './intent.store.ts';

/**
 * What is typed into a form, kept in the tab as it is typed: a reload, or Back and forward
 * again, brings it back; sending it, or logging out, lets it go. `encode`/`decode` turn the
 * form's values (dates) into JSON and back. Nothing is restored over an intent being resent
 * (`skip`), which puts back what was sent.
 */
export function useDraft<V>(
  key: string,
  form: FormInstance,
  codec: { encode: (v: V) => unknown; decode: (stored: unknown) => Partial<V> },
  skip = false,
) {
  const user = useMe().data?.user.id ?? '';
  const full = storageKey(user, `draft#${key}`);
  const { encode, decode } = codec;
  useEffect(() => {
    if (skip || !user) return;
    const raw = read(full);
    if (!raw) return;
    try {
      form.setFieldsValue(decode(JSON.parse(raw)) as never);
    } catch {
      keepDraft(full, undefined);
    }
  }, [full, form, decode, skip, user]);
  return useMemo(
    () => ({
      /** the Form's onValuesChange: every change kept */
      onValuesChange: (_changed: unknown, all: V) => keepDraft(full, encode(all)),
      /** the draft is sent: let it go */
      clear: () => keepDraft(full, undefined),
    }),
    [full, encode],
  );
}
