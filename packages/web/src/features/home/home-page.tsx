// Home: who you are in which organization, and what to do next.
import { ApartmentOutlined, IdcardOutlined, SafetyCertificateOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentMe } from '../../api/auth';
import { useCan } from '../../app/access';
import { roleName } from '../identity/labels';

interface Step {
  key: string;
  icon: ReactNode;
  title: string;
  description: string;
  action: string;
  path: string;
}

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const can = useCan();
  const navigate = useNavigate();

  const steps: Step[] = [];
  if (can('teams:write')) {
    steps.push({ key: 'teams', icon: <ApartmentOutlined aria-hidden />, title: t('home.steps.teams.title'), description: t('home.steps.teams.description'), action: t('home.steps.teams.action'), path: '/settings/teams' });
  }
  if (can('users:write')) {
    steps.push({ key: 'users', icon: <UserAddOutlined aria-hidden />, title: t('home.steps.users.title'), description: t('home.steps.users.description'), action: t('home.steps.users.action'), path: '/settings/users' });
  }
  if (can('roles:write')) {
    steps.push({ key: 'roles', icon: <SafetyCertificateOutlined aria-hidden />, title: t('home.steps.roles.title'), description: t('home.steps.roles.description'), action: t('home.steps.roles.action'), path: '/settings/roles' });
  }
  steps.push({ key: 'profile', icon: <IdcardOutlined aria-hidden />, title: t('home.steps.profile.title'), description: t('home.steps.profile.description'), action: t('home.steps.profile.action'), path: '/profile' });

  return (
    <Flex vertical gap={16}>
      <Card data-testid="welcome-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: me.user.name })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.organization', { name: me.organization.name })}</Typography.Paragraph>
        <Space size={[8, 8]} wrap>
          <Typography.Text>{t('home.yourRoles')}</Typography.Text>
          {me.user.roles.length > 0 ? (
            me.user.roles.map((role) => (
              <Tag key={role.id} color="blue">
                {roleName(role, t)}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
          )}
        </Space>
      </Card>
      <Card title={t('home.nextSteps')}>
        <Row gutter={[16, 16]}>
          {steps.map((step) => (
            <Col key={step.key} xs={24} md={12} xl={6}>
              <Card type="inner" size="small" style={{ height: '100%' }} styles={{ body: { height: '100%' } }}>
                <Flex vertical gap={8} style={{ height: '100%' }}>
                  <Typography.Text strong style={{ fontSize: 15 }}>
                    <span style={{ color: '#1677ff', marginInlineEnd: 8 }}>{step.icon}</span>
                    {step.title}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ flex: 1 }}>
                    {step.description}
                  </Typography.Text>
                  <div>
                    <Button onClick={() => navigate(step.path)}>{step.action}</Button>
                  </div>
                </Flex>
              </Card>
            </Col>
          ))}
        </Row>
      </Card>
    </Flex>
  );
}
