// Customer 360: the key facts and quick actions on top, then one tab per area
// that knows something about the customer (see customer-tabs.ts).
import { ArrowLeftOutlined, DeleteOutlined, DiffOutlined, EditOutlined, FormOutlined, PhoneOutlined, UserAddOutlined } from '@ant-design/icons';
import type { Customer } from '@kehu/shared';
import { App, Avatar, Button, Card, Col, Flex, Popconfirm, Row, Tabs, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useCustomer, useDeleteCustomer } from '../../api/customers';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { PageSkeleton } from '../../components/page-state';
import { useIsPhone } from '../../components/use-is-phone';
import { ActivityDrawer } from '../activities/activity-form';
import { ContactDrawer, type ContactDrawerMode } from './contact-form';
import { CustomerDrawer, type CustomerDrawerMode } from './customer-form';
import { EmailLinks, FollowUp, GradeTag, PhoneLinks, StageTag, StatusTag, TagList, telHref, TypeIcon } from './customer-parts';
import { customerTabs } from './customer-tabs';
import { usePicklistLabels } from './labels';
import { ReleaseButton } from './release-action';

/** The list's search and filters travel along (see the list's links), so "back" returns to them. */
export interface FromList {
  listSearch?: string;
}

function BackLink() {
  const { t } = useTranslation();
  const state = useLocation().state as FromList | null;
  return (
    <Link to={`/customers${state?.listSearch ?? ''}`} style={{ display: 'inline-flex', gap: 6, marginBottom: 12 }} data-testid="back-to-list">
      <ArrowLeftOutlined aria-hidden />
      {t('customers.backToList')}
    </Link>
  );
}

interface HeaderProps {
  customer: Customer;
  onEdit: () => void;
  onAddContact: () => void;
  onLogActivity: () => void;
}

function Header({ customer: c, onEdit, onAddContact, onLogActivity }: HeaderProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const isPhone = useIsPhone();
  const deletion = useDeleteCustomer();
  const labels = usePicklistLabels();
  const firstPhone = c.phones[0];
  const subtitle = [c.shortName, t(`customers.types.${c.type}`), c.industry && labels.industry(c.industry)].filter(Boolean).join(' · ');
  const grow = isPhone ? { flex: '1 1 0' } : undefined;
  const facts = [
    { key: 'owner', label: t('customers.fields.ownerId'), value: c.ownerName ?? t('customers.unassigned') },
    { key: 'followUp', label: t('customers.fields.nextFollowUpAt'), value: <FollowUp at={c.nextFollowUpAt} /> },
    { key: 'phones', label: t('customers.fields.phones'), value: <PhoneLinks phones={c.phones} /> },
    { key: 'emails', label: t('customers.fields.emails'), value: <EmailLinks emails={c.emails} /> },
    ...(c.tags.length > 0 ? [{ key: 'tags', label: t('customers.fields.tags'), value: <TagList tags={c.tags} />, wide: true }] : []),
  ];

  const call = (
    <Button
      icon={<PhoneOutlined aria-hidden />}
      href={firstPhone ? telHref(firstPhone) : undefined}
      disabled={!firstPhone}
      title={firstPhone ? t('customers.callNumber', { number: firstPhone.number }) : t('customers.noPhone')}
      style={grow}
      data-testid="call-customer"
    >
      {t('customers.call')}
    </Button>
  );
  const canWrite = can('customers:write');
  // The most frequent action on a customer, so it is the primary button; editing steps back.
  const logActivity = can('activities:write') ? (
    <Button type="primary" icon={<FormOutlined aria-hidden />} onClick={onLogActivity} block={isPhone} data-testid="log-activity">
      {t('activities.log')}
    </Button>
  ) : null;
  const addContact = canWrite ? (
    <Button icon={<UserAddOutlined aria-hidden />} onClick={onAddContact} style={grow} data-testid="quick-add-contact">
      {t('contacts.add')}
    </Button>
  ) : null;
  const edit = canWrite ? (
    <Button icon={<EditOutlined aria-hidden />} onClick={onEdit} style={grow} data-testid="edit-customer">
      {t('common.edit')}
    </Button>
  ) : null;
  const remove = can('customers:delete') ? (
    <Popconfirm
      title={t('customers.deleteConfirm', { name: c.name })}
      description={t('customers.deleteHint')}
      okText={t('common.delete')}
      okButtonProps={{ danger: true, loading: deletion.isPending }}
      cancelText={t('common.cancel')}
      onConfirm={() =>
        deletion.mutate(c.id, {
          onSuccess: () => {
            void message.success(t('customers.deleted', { name: c.name }));
            navigate('/customers', { replace: true });
          },
          onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
        })
      }
    >
      <Button danger icon={<DeleteOutlined aria-hidden />} aria-label={t('common.delete')} data-testid="delete-customer">
        {isPhone ? null : t('common.delete')}
      </Button>
    </Popconfirm>
  ) : null;

  const findDuplicates = (
    <Button
      icon={<DiffOutlined aria-hidden />}
      onClick={() => navigate('/customers/duplicates')}
      aria-label={t('customers.findDuplicates')}
      style={grow}
      data-testid="find-duplicates"
    >
      {t('customers.findDuplicates')}
    </Button>
  );

  // On a phone: the primary action across the full width, then rows of thumb-sized buttons,
  // so no label is cut or left alone on a line.
  const actions = isPhone ? (
    <Flex vertical gap={8} style={{ width: '100%' }}>
      {logActivity}
      <Flex gap={8}>
        {call}
        {addContact}
      </Flex>
      <Flex gap={8}>
        {edit}
        {findDuplicates}
        <ReleaseButton customer={c} />
        {remove}
      </Flex>
    </Flex>
  ) : (
    <Flex gap={8} wrap>
      {logActivity}
      {call}
      {addContact}
      {edit}
      {findDuplicates}
      <ReleaseButton customer={c} />
      {remove}
    </Flex>
  );

  return (
    <Card data-testid="customer-header">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <Flex gap={12} align="flex-start" style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Avatar size={isPhone ? 40 : 48} style={{ background: c.type === 'company' ? '#e6f4ff' : '#f6ffed', flex: 'none' }}>
            <TypeIcon type={c.type} />
          </Avatar>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Flex align="center" gap={8} wrap>
              <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-word' }} data-testid="customer-name">
                {c.name}
              </Typography.Title>
              <Flex gap={0} wrap>
                <GradeTag grade={c.grade} />
                <StageTag stage={c.stage} />
                <StatusTag status={c.status} />
              </Flex>
            </Flex>
            <Typography.Text type="secondary">{subtitle}</Typography.Text>
          </Flex>
        </Flex>
        {actions}
      </Flex>
      <Row gutter={[24, 12]} style={{ marginTop: 16 }}>
        {facts.map(({ key, label, value, wide }) => (
          <Col key={key} xs={wide ? 24 : 12} lg={wide ? 24 : 6}>
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {label}
            </Typography.Text>
            {value}
          </Col>
        ))}
      </Row>
    </Card>
  );
}

function CustomerView({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState<CustomerDrawerMode | null>(null);
  const [contactDrawer, setContactDrawer] = useState<ContactDrawerMode | null>(null);
  const tabs = customerTabs.filter((tab) => !tab.permission || can(tab.permission));
  const requested = params.get('tab');
  const active = tabs.some((tab) => tab.key === requested) ? requested! : (tabs[0]?.key ?? '');
  const change = (edit: (next: URLSearchParams) => void) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        edit(next);
        return next;
      },
      { replace: true, preventScrollReset: true },
    );
  const openTab = (key: string) => change((next) => next.set('tab', key));
  // ?log=1 opens the log drawer, so the search palette, the follow-up list and the
  // timeline's empty state can all link straight to it.
  const logging = params.get('log') === '1' && can('activities:write');
  // One object while open: the drawer tells a new opening from a re-render by identity.
  const logMode = useMemo(() => (logging ? { kind: 'create' as const, customerId: customer.id } : null), [logging, customer.id]);
  const openLog = () =>
    change((next) => {
      next.set('tab', 'timeline');
      next.set('log', '1');
    });
  const closeLog = () => change((next) => next.delete('log'));

  return (
    <>
      <Header
        customer={customer}
        onEdit={() => setEditing({ kind: 'edit', customerId: customer.id })}
        onAddContact={() => {
          openTab('contacts');
          setContactDrawer({ kind: 'create', customerId: customer.id });
        }}
        onLogActivity={openLog}
      />
      <Tabs
        activeKey={active}
        onChange={openTab}
        style={{ marginTop: 8 }}
        items={tabs.map(({ key, labelKey, component: Tab }) => ({
          key,
          label: <span data-testid={`tab-${key}`}>{t(labelKey)}</span>,
          children: (
            <Suspense fallback={<PageSkeleton rows={4} />}>
              <Tab customer={customer} />
            </Suspense>
          ),
        }))}
      />
      <CustomerDrawer mode={editing} onClose={() => setEditing(null)} />
      <ContactDrawer mode={contactDrawer} onClose={() => setContactDrawer(null)} />
      <ActivityDrawer mode={logMode} onClose={closeLog} />
    </>
  );
}

export function CustomerPage() {
  const { customerId = '' } = useParams();
  const customer = useCustomer(customerId);
  return (
    <>
      <BackLink />
      {customer.isPending ? (
        <PageSkeleton rows={8} />
      ) : customer.isError ? (
        <Card>
          <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />
        </Card>
      ) : (
        <CustomerView key={customer.data.id} customer={customer.data} />
      )}
    </>
  );
}
