import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditVerify } from '../../core/api/audit.ts';
import { useApi } from '../app/api-context.tsx';
import { nameOf } from '../app/names.ts';
import { beijing } from '../app/time.ts';

/** 审计: recompute every chain in scope and check it against its signed head. */
export default function Audit() {
  const api = useApi();
  const { t } = useTranslation();
  const run = useMutation({ mutationFn: () => api.send<AuditVerify>('POST', '/api/audit/verify') });
  const r = run.data;
  return (
    <Card title={t('audit.title')} size="small">
      <Button type="primary" onClick={() => run.mutate()} loading={run.isPending} data-testid="audit-run">
        {t('audit.run')}
      </Button>
      {run.isError && <Alert type="error" title={run.error.message} style={{ marginTop: 12 }} />}
      {r && (
        <div data-testid="audit-result" style={{ marginTop: 12 }}>
          <Result
            status={r.ok ? 'success' : 'error'}
            title={r.ok ? t('audit.ok', { n: r.incidents }) : t('audit.broken', { n: r.broken.length })}
            subTitle={`${beijing(r.checkedAt, 'YYYY-MM-DD HH:mm:ss')}${r.signaturesChecked ? '' : ` · ${t('audit.noKey')}`}`}
          />
          {!r.ok && (
            <Table
              size="small"
              rowKey="caseId"
              pagination={false}
              dataSource={r.broken}
              columns={[
                {
                  title: t('audit.incident'),
                  render: (_, b) => <Link to={`/incidents/${b.caseId}`}>{b.title}</Link>,
                },
                {
                  title: t('audit.problems'),
                  render: (_, b) =>
                    b.problems.map((p) => (
                      <Tag color="red" key={`${p.seq}-${p.kind}`}>
                        #{p.seq} {nameOf(t, 'audit.kinds', p.kind)}
                      </Tag>
                    )),
                },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
