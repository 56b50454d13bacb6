// Server problems on forms: field errors mapped back onto the fields they
// name, the rest (and stale writes) shown in one alert above the buttons.
import { Alert, Button, Flex, Space, Typography, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError, VERSION_CONFLICT } from '../api/client';

function splitPath(path: string): (string | number)[] {
  return path
    .replace(/^\//, '')
    .split(/[./]/)
    .filter(Boolean)
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

/**
 * Puts a problem's field errors on the form's fields (a path like
 * `admin.email` or `roleIds.0` lands on the nearest field the form has) and
 * returns the messages that matched no field.
 */
export function applyProblem(form: FormInstance, error: ApiError): string[] {
  const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: string[] = [];
  for (const fieldError of error.problem.errors ?? []) {
    const path = splitPath(fieldError.path);
    let match: (string | number)[] | null = null;
    for (let len = path.length; len > 0; len -= 1) {
      const candidate = path.slice(0, len);
      if (registered.has(candidate.join('.'))) {
        match = candidate;
        break;
      }
    }
    if (!match) {
      unmatched.push(fieldError.message);
      continue;
    }
    const key = match.join('.');
    const entry = byField.get(key) ?? { name: match, errors: [] };
    entry.errors.push(fieldError.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unmatched;
}

export interface FormProblemState {
  error: ApiError | null;
  unmatched: string[];
  /** Pass as a mutation's onError: maps field errors and keeps the rest for the alert. */
  onError: (error: unknown) => void;
  clear: () => void;
}

export function useFormProblem(form: FormInstance): FormProblemState {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [unmatched, setUnmatched] = useState<string[]>([]);
  const onError = useCallback(
    (err: unknown) => {
      // Anything that is not a server answer (a bug, a failed parse) still gets a visible message.
      const apiError = isApiError(err)
        ? err
        : new ApiError({ type: 'about:blank', title: t('errors.unknown'), status: 0, code: 'client_error' });
      if (!isApiError(err)) console.error(err);
      setError(apiError);
      setUnmatched(applyProblem(form, apiError));
    },
    [form, t],
  );
  const clear = useCallback(() => {
    setError(null);
    setUnmatched([]);
  }, []);
  return { error, unmatched, onError, clear };
}

/**
 * The alert above a form's buttons: the problem's localized title, messages
 * that fit no field, and for a stale write an offer to load the latest version.
 */
export function FormProblem({ state, onReload }: { state: FormProblemState; onReload?: () => void }) {
  const { t } = useTranslation();
  const { error, unmatched } = state;
  if (!error) return null;
  if (error.code === VERSION_CONFLICT) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('errors.versionConflict')}
        description={t('errors.versionConflictHint')}
        action={
          onReload ? (
            <Button
              size="small"
              onClick={() => {
                state.clear();
                onReload();
              }}
            >
              {t('common.reload')}
            </Button>
          ) : undefined
        }
        style={{ marginBottom: 16 }}
        data-testid="version-conflict"
      />
    );
  }
  const hasFieldErrors = (error.problem.errors?.length ?? 0) > unmatched.length;
  return (
    <Alert
      type={error.status === 429 ? 'warning' : 'error'}
      showIcon
      role="alert"
      title={error.problem.title}
      description={
        unmatched.length > 0 || hasFieldErrors || error.problem.requestId ? (
          <Space orientation="vertical" size={2}>
            {unmatched.map((message) => (
              <span key={message}>{message}</span>
            ))}
            {hasFieldErrors && unmatched.length === 0 ? <span>{t('errors.checkFields')}</span> : null}
            {error.problem.requestId ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('errors.requestId', { id: error.problem.requestId })}
              </Typography.Text>
            ) : null}
          </Space>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** A form's buttons: cancel, then submit. */
export function FormActions({
  onCancel,
  submitLabel,
  loading,
  testId,
}: {
  onCancel: () => void;
  submitLabel: string;
  loading: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} justify="flex-end">
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" htmlType="submit" loading={loading} data-testid={testId}>
        {submitLabel}
      </Button>
    </Flex>
  );
}
