import { List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LineProblem } from './YamlEditor.tsx';

/** Problems of a YAML text, each with its line; clicking one can bring its line into view. */
export function ProblemList({
  problems,
  onPick,
}: {
  problems: LineProblem[];
  onPick?: (line: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      dataSource={problems}
      renderItem={(p) => (
        <List.Item
          style={onPick ? { cursor: 'pointer' } : undefined}
          onClick={() => p.line && onPick?.(p.line)}
        >
          {p.line && <Typography.Text code>{t('upload.line', { n: p.line })}</Typography.Text>}{' '}
          {p.path && <Typography.Text type="secondary">{p.path}: </Typography.Text>}
          {p.message}
        </List.Item>
      )}
    />
  );
}
