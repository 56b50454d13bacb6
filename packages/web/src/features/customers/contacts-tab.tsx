// The 360 page's contacts: the people at the customer, the primary one starred,
// with their decision role and marketing consent; add, edit, delete and star in place;
// a row with custom values unfolds to show them.
import { DeleteOutlined, EditOutlined, PlusOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import type { Contact } from '@kehu/shared';
import { App, Button, Card, Flex, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useContacts, useDeleteContact, useUpdateContact } from '../../api/customers';
import { useActiveCustomFields } from '../../api/custom-fields';
import { useCan } from '../../app/access';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { useFormat } from '../../i18n/format';
import { ConsentTags } from './consents';
import { ContactDrawer, type ContactDrawerMode } from './contact-form';
import { EmailLinks, PhoneLinks } from './customer-parts';
import { customItems } from './custom-fields';
import type { CustomerTabProps } from './customer-tabs';

const primaryColor = '#faad14';

function DecisionRoleTag({ role }: { role: Contact['decisionRole'] }) {
  const { t } = useTranslation();
  if (!role) return null;
  return <Tag color={role === 'decision_maker' ? 'volcano' : role === 'influencer' ? 'geekblue' : 'default'}>{t(`contacts.decisionRoles.${role}`)}</Tag>;
}

export function ContactsTab({ customer }: CustomerTabProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('customers:write');
  const contacts = useContacts(customer.id);
  const update = useUpdateContact();
  const remove = useDeleteContact();
  const [drawer, setDrawer] = useState<ContactDrawerMode | null>(null);
  const format = useFormat();
  const customFields = useActiveCustomFields('contact').data ?? [];
  const customOf = (contact: Contact) => customItems(customFields, contact, t, format);
  // Label and value pairs that wrap within a bounded width, so a wide table does not grow wider.
  const customDetails = (contact: Contact) => (
    <Flex vertical gap={4} style={{ maxWidth: 720 }} data-testid="contact-custom-fields">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('contacts.sections.custom')}
      </Typography.Text>
      <Flex wrap gap="4px 32px">
        {customOf(contact).map((item) => (
          <span key={item.key}>
            <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
              {item.label}
            </Typography.Text>
            {item.children}
          </span>
        ))}
      </Flex>
    </Flex>
  );
  const rows = useMemo(() => contacts.data?.pages.flatMap((page) => page.data) ?? [], [contacts.data]);

  const fail = (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));

  const makePrimary = (contact: Contact) =>
    update.mutate(
      { contactId: contact.id, body: { isPrimary: true, version: contact.version } },
      { onSuccess: () => void message.success(t('contacts.primarySet', { name: contact.name })), onError: fail },
    );

  const star = (contact: Contact) => {
    if (contact.isPrimary) {
      return (
        <Tooltip title={t('contacts.primary')}>
          <StarFilled style={{ color: primaryColor }} aria-label={t('contacts.primary')} data-testid="primary-star" />
        </Tooltip>
      );
    }
    if (!canWrite) return <span style={{ display: 'inline-block', width: 14 }} />;
    return (
      <Tooltip title={t('contacts.setPrimary')}>
        <Button
          type="text"
          size="small"
          icon={<StarOutlined aria-hidden style={{ color: '#bfbfbf' }} />}
          onClick={() => makePrimary(contact)}
          aria-label={t('contacts.setPrimary')}
          style={{ marginInline: -4 }}
        />
      </Tooltip>
    );
  };

  const name = (contact: Contact) => (
    <Flex align="center" gap={8}>
      {star(contact)}
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text strong>{contact.name}</Typography.Text>
        {contact.title || contact.department ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[contact.title, contact.department].filter(Boolean).join(' · ')}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );

  const actions = (contact: Contact, block = false) =>
    canWrite ? (
      <Space size={block ? 8 : 0} style={block ? { width: '100%' } : undefined}>
        <Button
          type={block ? 'default' : 'link'}
          icon={<EditOutlined aria-hidden />}
          onClick={() => setDrawer({ kind: 'edit', contact })}
          aria-label={t('contacts.editContact', { name: contact.name })}
        >
          {t('common.edit')}
        </Button>
        <Popconfirm
          title={t('contacts.deleteConfirm', { name: contact.name })}
          okText={t('common.delete')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            remove.mutate(contact, {
              onSuccess: () => void message.success(t('contacts.deleted', { name: contact.name })),
              onError: fail,
            })
          }
        >
          <Button
            type={block ? 'default' : 'link'}
            danger
            icon={<DeleteOutlined aria-hidden />}
            aria-label={t('contacts.deleteContact', { name: contact.name })}
          >
            {t('common.delete')}
          </Button>
        </Popconfirm>
      </Space>
    ) : null;

  const columns: ColumnsType<Contact> = [
    { title: t('contacts.columns.name'), key: 'name', render: (_v, c) => name(c) },
    { title: t('contacts.columns.decisionRole'), key: 'decisionRole', render: (_v, c) => <DecisionRoleTag role={c.decisionRole} /> },
    { title: t('contacts.columns.phones'), key: 'phones', render: (_v, c) => <PhoneLinks phones={c.phones} /> },
    { title: t('contacts.columns.emails'), key: 'emails', render: (_v, c) => <EmailLinks emails={c.emails} /> },
    {
      title: t('contacts.columns.preferredChannel'),
      key: 'preferredChannel',
      render: (_v, c) => (c.preferredChannel ? t(`contacts.channels.${c.preferredChannel}`) : '—'),
    },
    { title: t('contacts.consents.column'), key: 'consents', render: (_v, c) => <ConsentTags consents={c.consents} /> },
    ...(canWrite ? [{ title: t('common.actions'), key: 'actions', render: (_v: unknown, c: Contact) => actions(c) }] : []),
  ];

  const renderCard = (contact: Contact) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        {name(contact)}
        <DecisionRoleTag role={contact.decisionRole} />
      </Flex>
      <PhoneLinks phones={contact.phones} />
      {contact.emails.length > 0 ? <EmailLinks emails={contact.emails} /> : null}
      {contact.consents.length > 0 ? <ConsentTags consents={contact.consents} /> : null}
      {customOf(contact).length > 0 ? customDetails(contact) : null}
      {actions(contact, true)}
    </Flex>
  );

  const addButton = (testId?: string) =>
    canWrite ? (
      <Button icon={<PlusOutlined aria-hidden />} onClick={() => setDrawer({ kind: 'create', customerId: customer.id })} data-testid={testId}>
        {t('contacts.add')}
      </Button>
    ) : null;

  return (
    <Flex vertical gap={12}>
      {canWrite && rows.length > 0 ? <Flex justify="flex-end">{addButton('add-contact')}</Flex> : null}
      {contacts.isPending ? (
        <PageSkeleton rows={4} />
      ) : contacts.isError ? (
        <Card>
          <ErrorState error={contacts.error} onRetry={() => void contacts.refetch()} />
        </Card>
      ) : (
        <DataList<Contact>
          data={rows}
          rowKey={(c) => c.id}
          columns={columns}
          renderCard={renderCard}
          expandable={{ render: customDetails, isExpandable: (c) => customOf(c).length > 0 }}
          empty={<EmptyState description={canWrite ? t('contacts.empty') : t('contacts.emptyReadOnly')} action={addButton('add-contact')} />}
          loadMore={loadMoreOf(contacts)}
          testId="contacts-list"
        />
      )}
      <ContactDrawer mode={drawer} onClose={() => setDrawer(null)} />
    </Flex>
  );
}
