// API keys for integrations: create (optionally limited to some permissions),
// see the secret exactly once, revoke.
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { ApiKeyCreate, type ApiKey } from '@kehu/shared';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/identity';
import { DataList, loadMoreOf } from '../../components/data-list';
import { ErrorState } from '../../components/error-state';
import { FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { permissionLabel } from './labels';
import { PermissionMatrix } from './permission-matrix';

interface KeyValues {
  name: string;
  limit: 'all' | 'some';
  scopes: string[];
}

function ScopeTags({ scopes }: { scopes: string[] }) {
  const { t } = useTranslation();
  if (scopes.length === 0) return <Tag color="gold">{t('apiKeys.allPermissions')}</Tag>;
  return (
    <Space size={[4, 4]} wrap>
      {scopes.map((scope) => (
        <Tag key={scope}>{permissionLabel(scope, t)}</Tag>
      ))}
    </Space>
  );
}

function CreateKeyModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<KeyValues>();
  const create = useCreateApiKey();
  const problem = useFormProblem(form);
  const limit = Form.useWatch('limit', form);
  const allowed = useMemo(() => new Set(me.permissions), [me.permissions]);

  const onFinish = (values: KeyValues) => {
    problem.clear();
    create.mutate(
      { name: values.name.trim(), ...(values.limit === 'some' ? { scopes: ApiKeyCreate.shape.scopes.parse(values.scopes) } : {}) },
      {
        onSuccess: (created) => {
          onClose();
          onCreated(created.key);
        },
        onError: problem.onError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('apiKeys.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={isPhone ? '100%' : 720}
      afterOpenChange={(visible) => {
        if (!visible) problem.clear();
      }}
    >
      <Form<KeyValues>
        form={form}
        name="api-key"
        layout="vertical"
        onFinish={onFinish}
        preserve={false}
        initialValues={{ name: '', limit: 'all', scopes: [] }}
      >
        <Form.Item name="name" label={t('apiKeys.fields.name')} required extra={t('apiKeys.fields.nameHint')} rules={[zodRule(ApiKeyCreate.shape.name, t)]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="limit" label={t('apiKeys.fields.permissions')}>
          <Radio.Group
            options={[
              { value: 'all', label: t('apiKeys.fields.allMine') },
              { value: 'some', label: t('apiKeys.fields.onlySome') },
            ]}
          />
        </Form.Item>
        {limit === 'some' ? (
          <Form.Item
            name="scopes"
            rules={[
              {
                validator: async (_rule, value: string[] | undefined) => {
                  if (!value || value.length === 0) throw new Error(t('apiKeys.fields.pickOne'));
                },
              },
            ]}
          >
            <PermissionMatrix allowed={allowed} />
          </Form.Item>
        ) : null}
        <FormProblem state={problem} />
      </Form>
    </Modal>
  );
}

function ShowKeyModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== null}
      title={t('apiKeys.createdTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-key-saved">
          {t('apiKeys.savedIt')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('apiKeys.onceWarning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph
        copyable={{ text: secret ?? '', tooltips: [t('common.copy'), t('common.copied')] }}
        code
        style={{ wordBreak: 'break-all', fontSize: 13 }}
        data-testid="api-key-secret"
      >
        {secret}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('apiKeys.usage')}
      </Typography.Paragraph>
    </Modal>
  );
}

export function ApiKeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  // A new key per opening gives the create form fresh values each time.
  const [createKey, setCreateKey] = useState(0);
  const [secret, setSecret] = useState<string | null>(null);
  const rows = useMemo(() => keys.data?.pages.flatMap((page) => page.data) ?? [], [keys.data]);

  const onRevoke = (key: ApiKey) =>
    revoke.mutateAsync(key.id).then(
      () => void message.success(t('apiKeys.revoked', { name: key.name })),
      (error: unknown) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
    );

  const revokeButton = (key: ApiKey, block = false) =>
    key.revokedAt ? null : (
      <Popconfirm
        title={t('apiKeys.revokeConfirm', { name: key.name })}
        description={t('apiKeys.revokeHint')}
        okText={t('apiKeys.revoke')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => onRevoke(key)}
      >
        <Button danger type={block ? 'default' : 'link'} block={block} aria-label={`${t('apiKeys.revoke')} ${key.name}`}>
          {t('apiKeys.revoke')}
        </Button>
      </Popconfirm>
    );

  const status = (key: ApiKey) =>
    key.revokedAt ? (
      <Tag>{t('apiKeys.status.revoked', { time: format.date(key.revokedAt) })}</Tag>
    ) : (
      <Tag color="green">{t('apiKeys.status.active')}</Tag>
    );

  const columns: ColumnsType<ApiKey> = [
    {
      title: t('apiKeys.columns.name'),
      key: 'name',
      render: (_v, key) => (
        <Flex vertical>
          <Typography.Text strong>{key.name}</Typography.Text>
          <Typography.Text type="secondary" className="kehu-mono">
            {key.prefix}…
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('apiKeys.columns.owner'), key: 'owner', render: (_v, key) => key.userName },
    { title: t('apiKeys.columns.permissions'), key: 'scopes', render: (_v, key) => <ScopeTags scopes={key.scopes} /> },
    { title: t('apiKeys.columns.created'), key: 'createdAt', render: (_v, key) => format.date(key.createdAt) },
    {
      title: t('apiKeys.columns.lastUsed'),
      key: 'lastUsedAt',
      render: (_v, key) => (key.lastUsedAt ? format.relative(key.lastUsedAt) : <Typography.Text type="secondary">{t('apiKeys.neverUsed')}</Typography.Text>),
    },
    { title: t('apiKeys.columns.status'), key: 'status', render: (_v, key) => status(key) },
    { title: t('common.actions'), key: 'actions', render: (_v, key) => revokeButton(key) },
  ];

  const renderCard = (key: ApiKey) => (
    <Flex vertical gap={6}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong ellipsis>
          <KeyOutlined aria-hidden /> {key.name}
        </Typography.Text>
        {status(key)}
      </Flex>
      <Typography.Text type="secondary" className="kehu-mono">
        {key.prefix}…
      </Typography.Text>
      <ScopeTags scopes={key.scopes} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('apiKeys.cardMeta', {
          owner: key.userName,
          created: format.date(key.createdAt),
          used: key.lastUsedAt ? format.relative(key.lastUsedAt) : t('apiKeys.neverUsed'),
        })}
      </Typography.Text>
      {revokeButton(key, true)}
    </Flex>
  );

  // The header's button carries the test hook; the empty state's copy does not, so the hook stays unique.
  const addButton = (testId?: string) => (
    <Button
      type="primary"
      icon={<PlusOutlined aria-hidden />}
      onClick={() => {
        setCreateKey((k) => k + 1);
        setCreating(true);
      }}
      data-testid={testId}
    >
      {t('apiKeys.add')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('apiKeys.title')} description={t('apiKeys.description')} extra={addButton('add-api-key')} />
      {keys.isPending ? (
        <PageSkeleton />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : (
        <DataList<ApiKey>
          data={rows}
          rowKey={(key) => key.id}
          columns={columns}
          renderCard={renderCard}
          empty={<EmptyState description={t('apiKeys.empty')} action={addButton()} />}
          loadMore={loadMoreOf(keys)}
          testId="api-keys-list"
        />
      )}
      <CreateKeyModal key={createKey} open={creating} onClose={() => setCreating(false)} onCreated={setSecret} />
      <ShowKeyModal secret={secret} onClose={() => setSecret(null)} />
    </>
  );
}
