import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Input, Space, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlanCheck, PlanSource, PlanUploaded } from '../../core/api/plans.ts';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.tsx';
import { queryKeys } from '../app/query-keys.ts';
import { ProblemList } from './ProblemList.tsx';
import YamlEditor, { type LineProblem } from './YamlEditor.tsx';

/**
 * Upload a new version of a plan: start from the current text (or a file), see every problem
 * of `plan check` on its line as you type, then store it with a note of what changed.
 */
export default function PlanUpload(props: {
  /** the plan on screen; without one, a new plan from a file */
  planId?: string;
  onStored: (planId: string, version: number) => void;
}) {
  const api = useApi();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const source = useQuery({
    queryKey: queryKeys.planSource(props.planId),
    queryFn: () => api.send<PlanSource>('GET', `/api/plans/${props.planId}/source`),
    enabled: props.planId !== undefined,
  });
  const [text, setText] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [focus, setFocus] = useState<{ line: number; at: number } | undefined>();
  const yaml = text ?? source.data?.yaml ?? '';

  // checked as it is typed, a moment after the last key
  const [checked, setChecked] = useState<{ text: string; result?: PlanCheck; error?: string } | null>(null);
  useEffect(() => {
    if (!yaml) return;
    const timer = setTimeout(() => {
      api
        .send<PlanCheck>('POST', '/api/plans/check', { yaml })
        .then((result) => setChecked({ text: yaml, result }))
        .catch((e: Error) => setChecked({ text: yaml, error: e.message }));
    }, 400);
    return () => clearTimeout(timer);
  }, [api, yaml]);
  const check = checked?.text === yaml ? (checked.result ?? null) : null;
  const checkFailed = checked?.text === yaml ? checked.error : undefined;
  // this screen uploads versions of the plan on it, not of another one
  const otherPlan = props.planId && check?.plan && check.plan.id !== props.planId ? check.plan.id : null;

  const store = useMutation({
    mutationFn: () =>
      api.send<PlanUploaded>('POST', '/api/plans', {
        yaml,
        note,
      }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: queryKeys.plans });
      await qc.invalidateQueries({ queryKey: queryKeys.planAll });
      await qc.invalidateQueries({ queryKey: queryKeys.planVersionsAll });
      await qc.invalidateQueries({ queryKey: queryKeys.planSourceAll });
      setText(null);
      setNote('');
      props.onStored(r.version.id, r.version.version);
    },
  });
  const refused = store.error instanceof ApiError ? store.error : null;
  const problems: LineProblem[] = check?.problems.length
    ? check.problems
    : refused?.issues.some((i) => 'line' in i)
      ? (refused.issues as LineProblem[])
      : [];
  const numbering =
    check?.ok && check.plan && check.current && check.plan.version <= check.current.version
      ? t('upload.renumber', { current: check.current.version, next: check.current.version + 1 })
      : null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        {t(props.planId ? 'upload.help' : 'upload.helpNew')}
      </Typography.Paragraph>
      <Space wrap>
        <Upload
          accept=".yaml,.yml"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((x) => {
              setText(x);
              store.reset();
            });
            return false;
          }}
        >
          <Button>{t('upload.openFile')}</Button>
        </Upload>
        <Button onClick={() => setText(null)} disabled={text === null}>
          {t('upload.reset')}
        </Button>
      </Space>
      <YamlEditor
        value={yaml}
        onChange={(v) => {
          setText(v);
          store.reset();
        }}
        problems={problems}
        focusLine={focus}
        testId="plan-editor"
      />
      {check && !check.ok && (
        <Alert
          type="error"
          showIcon
          data-testid="plan-problems"
          title={
            check.truncated
              ? t('upload.problemsFirst', { n: check.problems.length })
              : t('upload.problems', { n: check.problems.length })
          }
          description={
            <ProblemList problems={check.problems} onPick={(line) => setFocus({ line, at: Date.now() })} />
          }
        />
      )}
      {check?.ok && !numbering && !otherPlan && (
        <Alert
          type="success"
          showIcon
          data-testid="plan-checks"
          title={t('upload.checks', { id: check.plan?.id, version: check.plan?.version })}
        />
      )}
      {check?.ok && check.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="plan-warnings"
          title={t('upload.warnings', { n: check.warnings.length })}
          description={
            <ProblemList problems={check.warnings} onPick={(line) => setFocus({ line, at: Date.now() })} />
          }
        />
      )}
      {checkFailed && <Alert type="error" showIcon title={t('upload.checkFailed', { why: checkFailed })} />}
      {otherPlan && (
        <Alert type="error" showIcon title={t('upload.otherPlan', { id: otherPlan, here: props.planId })} />
      )}
      {numbering && check?.current && (
        <Alert
          type="warning"
          showIcon
          title={numbering}
          data-testid="plan-numbering"
          action={
            <Button
              size="small"
              onClick={() =>
                setText(yaml.replace(/^version:\s*\d+/m, `version: ${(check.current?.version ?? 0) + 1}`))
              }
            >
              {t('upload.renumberDo', { next: check.current.version + 1 })}
            </Button>
          }
        />
      )}
      <Input.TextArea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('upload.note')}
        autoSize={{ minRows: 2, maxRows: 4 }}
        data-testid="plan-note"
      />
      {refused && !problems.length && <Alert type="error" showIcon title={refused.message} />}
      {store.data && (
        <Alert
          type="success"
          showIcon
          title={t(store.data.created ? 'upload.stored' : 'upload.same', {
            version: store.data.version.version,
          })}
        />
      )}
      <Button
        type="primary"
        onClick={() => store.mutate()}
        loading={store.isPending}
        disabled={!check?.ok || Boolean(numbering) || Boolean(otherPlan) || !note.trim()}
        data-testid="plan-store"
      >
        {t('upload.store')}
      </Button>
    </Space>
  );
}
