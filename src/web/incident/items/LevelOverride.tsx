import { App, Button, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../../core/plan/plan.schema.ts';
import { Marked, type On, useAction } from './actions.tsx';

/** A commander sets the level (with a reason) or gives it back to the plan's rules. */
export function LevelOverride({
  caseId,
  plan,
  override,
  recorded,
  current,
  running,
}: {
  caseId: string;
  plan: Plan | undefined;
  override: boolean;
  recorded: ReadonlySet<string>;
  /** the level now */
  current: string | null;
  /** the titles of the clocks running now */
  running: string[];
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const done = () => setReason('');
  type Level = { level?: string; reason: string };
  const on: On = { caseId, recorded };
  const set = useAction<Level>(
    on,
    'incident.level.set',
    'commander',
    (v) => ({ ...v, basis: 'commander' }),
    done,
  );
  const lift = useAction<Level>(on, 'incident.level.set', 'rule', (v) => ({ ...v, basis: 'rule' }), done);
  const kept = set.restored?.values ?? lift.restored?.values;
  const [level, setLevel] = useState<string | undefined>(set.restored?.values.level);
  const [reason, setReason] = useState(kept?.reason ?? '');
  return (
    <Space.Compact>
      <Select
        size="small"
        placeholder={t('items.setLevel')}
        style={{ minWidth: 110 }}
        value={level}
        onChange={setLevel}
        options={(plan?.levels ?? []).map((l) => ({ value: l.id, label: l.name }))}
      />
      <Input
        size="small"
        placeholder={t('items.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <Button
        size="small"
        disabled={!level || !reason.trim()}
        loading={set.sending}
        onClick={() => {
          const send = () => set.submit({ level, reason: reason.trim() });
          const levels = plan?.levels ?? [];
          const down = levels.findIndex((l) => l.id === level) < levels.findIndex((l) => l.id === current);
          if (!down) return send();
          // set down: no clock that has started stops — say which keep running before it is sent
          modal.confirm({
            title: t('items.levelDown'),
            content: (
              <div data-testid="level-down">
                <p>{t('items.levelDownNote')}</p>
                {running.length > 0 ? (
                  <ul>
                    {running.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                ) : (
                  <p>{t('items.noneRunning')}</p>
                )}
              </div>
            ),
            okText: t('items.levelDownOk'),
            cancelText: t('cmd.check'),
            onOk: send,
          });
        }}
      >
        <Marked pending={set.pending !== undefined && !set.sending}>{t('items.override')}</Marked>
      </Button>
      {override && (
        <Button
          size="small"
          disabled={!reason.trim()}
          loading={lift.sending}
          onClick={() => lift.submit({ reason: reason.trim() })}
        >
          <Marked pending={lift.pending !== undefined && !lift.sending}>{t('items.lift')}</Marked>
        </Button>
      )}
    </Space.Compact>
  );
}
