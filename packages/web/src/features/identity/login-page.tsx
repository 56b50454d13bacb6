// Sign-in with email and password; says plainly when the password is wrong
// and when too many attempts have locked sign-in for a while.
import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { LoginRequest } from '@kehu/shared';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { useLogin, useMe } from '../../api/auth';
import { ApiError, isApiError } from '../../api/client';
import { safeNext } from '../../app/nav';
import { zodRule } from '../../components/rules';
import { AuthShell } from './auth-shell';

interface LoginValues {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const [params] = useSearchParams();
  const me = useMe();
  const login = useLogin();
  const [error, setError] = useState<ApiError | null>(null);
  const next = safeNext(params.get('next'));

  if (me.data) return <Navigate to={next} replace />;

  const onFinish = (values: LoginValues) => {
    setError(null);
    login.mutate(LoginRequest.parse(values), {
      onError: (err) => {
        setError(
          isApiError(err) ? err : new ApiError({ type: 'about:blank', title: t('errors.unknown'), status: 0, code: 'client_error' }),
        );
      },
    });
  };

  return (
    <AuthShell title={t('login.title')} subtitle={t('login.subtitle')} width={420}>
      {error ? (
        <Alert
          type={error.status === 429 ? 'warning' : 'error'}
          showIcon
          role="alert"
          title={error.problem.title}
          description={error.status === 429 ? t('login.throttledHint') : undefined}
          style={{ marginBottom: 16 }}
          data-testid="login-error"
        />
      ) : null}
      <Form<LoginValues>
        form={form}
        name="login"
        layout="vertical"
        requiredMark={false}
        onFinish={onFinish}
        onValuesChange={() => setError(null)}
        disabled={login.isPending}
      >
        <Form.Item name="email" label={t('login.email')} rules={[zodRule(LoginRequest.shape.email, t)]}>
          <Input prefix={<MailOutlined aria-hidden />} type="email" autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[zodRule(LoginRequest.shape.password, t)]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </Form>
    </AuthShell>
  );
}
