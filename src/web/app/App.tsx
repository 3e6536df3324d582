import { Button, Grid, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { may } from '../../core/accounts/permissions.ts';
import { NoticeBell } from '../notices/NoticeBell.tsx';
import { Login } from '../session/Login.tsx';
import { useLogout } from '../session/logout.ts';
import { useMe } from '../session/me.ts';
import { ReloginDialog } from '../session/ReloginDialog.tsx';
import { LANGUAGE_KEY } from './i18n.ts';

// each screen is its own chunk: the login page loads without them
const Board = lazy(() => import('../board/Board.tsx'));
const Report = lazy(() => import('../incident/Report.tsx'));
const Incident = lazy(() => import('../incident/Incident.tsx'));
const IncidentList = lazy(() => import('../incident/IncidentList.tsx'));
const Plans = lazy(() => import('../plans/Plans.tsx'));
const Audit = lazy(() => import('../audit/Audit.tsx'));
const Roster = lazy(() => import('../roster/Roster.tsx'));
const Drills = lazy(() => import('../drills/Drills.tsx'));
const Ledger = lazy(() => import('../disputes/Ledger.tsx'));
const RegisterDispute = lazy(() =>
  import('../disputes/RegisterDispute.tsx').then((m) => ({ default: m.RegisterDispute })),
);
const Dispute = lazy(() => import('../disputes/Dispute.tsx'));
const Screening = lazy(() => import('../disputes/Screening.tsx'));
const Findings = lazy(() => import('../findings/Findings.tsx'));
const Figures = lazy(() => import('../figures/Figures.tsx'));
const DocumentPrint = lazy(() => import('../incident/DocumentPrint.tsx'));

export function App() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const logOut = useLogout();
  // on a phone the menu needs the header's width; the user's name shows from tablets up
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError) return <Result status="error" title={t('errors.offline')} />;
  if (!me.data) return <Login />;
  const user = me.data.user;
  const logout = () => logOut(user.id);
  const switchLanguage = () => {
    const next = i18n.language.startsWith('zh') ? 'en' : 'zh';
    localStorage.setItem(LANGUAGE_KEY, next);
    void i18n.changeLanguage(next);
  };
  const selected =
    [
      'incidents',
      'report',
      'disputes',
      'screening',
      'roster',
      'plans',
      'drills',
      'findings',
      'figures',
      'audit',
    ].find((k) => location.pathname.startsWith(`/${k}`)) ?? 'board';
  const auditor = may(user.role, 'audit.read');
  // a leader or an auditor reads and disposes; reporting and registering are the recorders'
  const recorder = may(user.role, 'case.record');
  const onlyRecorders = (page: React.ReactNode) =>
    recorder ? page : <Result status="info" title={t('app.recordersOnly')} data-testid="recorders-only" />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          items={[
            { key: 'board', label: <Link to="/">{t('nav.board')}</Link> },
            { key: 'incidents', label: <Link to="/incidents">{t('nav.incidents')}</Link> },
            ...(recorder ? [{ key: 'report', label: <Link to="/report">{t('nav.report')}</Link> }] : []),
            { key: 'disputes', label: <Link to="/disputes">{t('nav.disputes')}</Link> },
            { key: 'screening', label: <Link to="/screening">{t('nav.screening')}</Link> },
            { key: 'roster', label: <Link to="/roster">{t('nav.roster')}</Link> },
            { key: 'plans', label: <Link to="/plans">{t('nav.plans')}</Link> },
            { key: 'drills', label: <Link to="/drills">{t('nav.drills')}</Link> },
            { key: 'findings', label: <Link to="/findings">{t('nav.findings')}</Link> },
            { key: 'figures', label: <Link to="/figures">{t('nav.figures')}</Link> },
            ...(auditor ? [{ key: 'audit', label: <Link to="/audit">{t('nav.audit')}</Link> }] : []),
          ]}
        />
        <Space>
          <Typography.Text
            style={{ color: '#ddd', display: screens.md ? undefined : 'none' }}
            data-testid="who"
          >
            {user.displayName}
          </Typography.Text>
          <NoticeBell />
          <Button size="small" onClick={switchLanguage}>
            {t('app.language')}
          </Button>
          <Button size="small" onClick={logout}>
            {t('app.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <ReloginDialog username={user.username} />
      <Layout.Content style={{ padding: 12 }}>
        <Suspense fallback={<Spin />}>
          <Routes>
            <Route path="/" element={<Board />} />
            <Route path="/report" element={onlyRecorders(<Report />)} />
            <Route path="/incidents" element={<IncidentList />} />
            <Route path="/incidents/:caseId" element={<Incident />} />
            <Route
              path="/incidents/:caseId/sitreps/:eventId/print"
              element={<DocumentPrint kind="sitreps" />}
            />
            <Route path="/incidents/:caseId/review/print" element={<DocumentPrint kind="reviews" />} />
            <Route path="/incidents/:caseId/findings/print" element={<DocumentPrint kind="findings" />} />
            <Route
              path="/disputes/:caseId/findings/print"
              element={<DocumentPrint kind="findings" back="disputes" />}
            />
            <Route path="/disputes" element={<Ledger />} />
            <Route path="/disputes/new" element={onlyRecorders(<RegisterDispute />)} />
            <Route path="/disputes/:caseId" element={<Dispute />} />
            <Route path="/screening" element={<Screening />} />
            <Route path="/plans" element={<Plans />} />
            <Route path="/drills" element={<Drills />} />
            <Route path="/audit" element={<Audit />} />
            <Route path="/roster" element={<Roster />} />
            <Route path="/findings" element={<Findings />} />
            <Route path="/figures" element={<Figures />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
