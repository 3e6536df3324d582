import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';

/**
 * A send whose outcome is unknown (no answer came, or the page was reloaded while it was on its
 * way): submitting again is safe; discarding lets the next submit be a new record.
 */
export function Unsent({
  error,
  onDiscard,
  compact,
}: {
  error: Error | null;
  onDiscard: () => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  // the server failed while answering; no answer at all; or sent before the page was reloaded
  const title =
    error instanceof ApiError
      ? `${error.message} ${t('intent.unsent')}`
      : error
        ? t('intent.noAnswer')
        : t('intent.unsent');
  return (
    <Alert
      type="warning"
      showIcon={!compact}
      data-testid="unsent"
      style={{ marginBottom: compact ? 0 : 12, marginTop: compact ? 6 : 0 }}
      title={title}
      action={
        <Button size="small" type="link" onClick={onDiscard} data-testid="unsent-discard">
          {t('intent.discard')}
        </Button>
      }
    />
  );
}
