// Saved views (视图) of the customer list: pick one (each shows how many customers it
// holds), save the current filters and columns as a new view, update, rename or delete one.
import { DownOutlined, SaveOutlined } from '@ant-design/icons';
import type { SavedView } from '@kehu/shared';
import { App, Button, Checkbox, Dropdown, Flex, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentMe } from '../../api/auth';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useCustomerCount } from '../../api/customers';
import type { CustomerFilter } from '../../api/keys';
import { useCreateView, useDeleteView, useSavedViews, useUpdateView } from '../../api/list-views';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';

/** A view's stored query as the list's filter; unknown keys are ignored. */
export function filterOfView(view: SavedView): CustomerFilter {
  const filter: Record<string, string> = {};
  for (const [key, value] of Object.entries(view.query)) {
    if (key === 'where') {
      if (Array.isArray(value) && value.length) filter.where = JSON.stringify(value);
    } else if (typeof value === 'string' && value) filter[key] = value;
  }
  return filter as CustomerFilter;
}

/** The list's filter as a view stores it: conditions as an array, as the list endpoint reads them. */
function queryOfFilter(filter: CustomerFilter): Record<string, unknown> {
  const { where, ...rest } = filter;
  const query: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== ''));
  if (where) query.where = JSON.parse(where) as unknown;
  return query;
}

function ViewCount({ view }: { view: SavedView }) {
  const count = useCustomerCount(filterOfView(view));
  const format = useFormat();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {count.data ? format.number(count.data.count) : '…'}
    </Typography.Text>
  );
}

interface ViewSwitcherProps {
  viewId: string | undefined;
  filter: CustomerFilter;
  columns: string[];
  /** Applies a view (or, with null, the list of all customers). */
  onApply: (view: SavedView | null) => void;
}

type Dialog = { kind: 'create' } | { kind: 'rename'; view: SavedView };

export function ViewSwitcher({ viewId, filter, columns, onApply }: ViewSwitcherProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useCurrentMe();
  const isPhone = useIsPhone();
  const views = useSavedViews();
  const create = useCreateView();
  const update = useUpdateView();
  const remove = useDeleteView();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [form] = Form.useForm<{ name: string; shared: boolean }>();
  const all = views.data ?? [];
  const current = all.find((v) => v.id === viewId);
  const isAdmin = me.user.roles.some((r) => r.key === 'admin');
  const editable = current ? current.ownerId === me.user.id || isAdmin : false;

  const failed = (error: unknown) => {
    if (isApiError(error, VERSION_CONFLICT)) void message.warning(t('customers.views.conflict'));
    else void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
  };

  const label = (view: SavedView) => (
    <Flex justify="space-between" align="center" gap={8}>
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {view.name}
        {view.shared ? (
          <Tag color="gold" style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px' }}>
            {t('customers.views.sharedTag')}
          </Tag>
        ) : null}
      </span>
      <ViewCount view={view} />
    </Flex>
  );
  const mine = all.filter((v) => v.ownerId === me.user.id);
  const others = all.filter((v) => v.ownerId !== me.user.id);
  const options = [
    { value: '', title: t('customers.views.all'), label: t('customers.views.all') },
    ...(mine.length ? [{ label: t('customers.views.mine'), title: t('customers.views.mine'), options: mine.map((v) => ({ value: v.id, title: v.name, label: label(v) })) }] : []),
    ...(others.length
      ? [{ label: t('customers.views.shared'), title: t('customers.views.shared'), options: others.map((v) => ({ value: v.id, title: v.name, label: label(v) })) }]
      : []),
  ];

  const save = async (values: { name: string; shared: boolean }) => {
    try {
      if (dialog?.kind === 'rename') {
        await update.mutateAsync({ viewId: dialog.view.id, body: { name: values.name, shared: values.shared, version: dialog.view.version } });
        void message.success(t('customers.views.renamed'));
      } else {
        const view = await create.mutateAsync({ object: 'customers', name: values.name, shared: values.shared, query: queryOfFilter(filter), columns });
        void message.success(t('customers.views.saved', { name: view.name }));
        onApply(view);
      }
      setDialog(null);
    } catch (error) {
      failed(error);
    }
  };

  const updateCurrent = async () => {
    if (!current) return;
    try {
      await update.mutateAsync({ viewId: current.id, body: { query: queryOfFilter(filter), columns, version: current.version } });
      void message.success(t('customers.views.updated', { name: current.name }));
    } catch (error) {
      failed(error);
    }
  };

  const confirmDelete = () => {
    if (!current) return;
    modal.confirm({
      title: t('customers.views.deleteConfirm', { name: current.name }),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await remove.mutateAsync(current.id);
          onApply(null);
          void message.success(t('customers.views.deleted', { name: current.name }));
        } catch (error) {
          failed(error);
        }
      },
    });
  };

  const openDialog = (next: Dialog) => {
    form.setFieldsValue(next.kind === 'rename' ? { name: next.view.name, shared: next.view.shared } : { name: '', shared: false });
    setDialog(next);
  };

  const menuItems = [
    { key: 'create', label: t('customers.views.saveAs'), onClick: () => openDialog({ kind: 'create' }) },
    ...(current && editable
      ? [
          { key: 'update', label: t('customers.views.update'), onClick: () => void updateCurrent() },
          { key: 'rename', label: t('customers.views.rename'), onClick: () => openDialog({ kind: 'rename', view: current }) },
          { type: 'divider' as const },
          { key: 'delete', danger: true, label: t('customers.views.delete'), onClick: confirmDelete },
        ]
      : []),
  ];

  return (
    <Flex gap={8} align="center">
      <Select<string>
        aria-label={t('customers.views.label')}
        value={current ? current.id : ''}
        onChange={(id) => onApply(all.find((v) => v.id === id) ?? null)}
        options={options}
        optionLabelProp="title"
        loading={views.isPending}
        style={{ width: isPhone ? 'calc(100vw - 150px)' : 220 }}
        popupMatchSelectWidth={isPhone ? true : 280}
        data-testid="view-switcher"
      />
      <Dropdown trigger={['click']} menu={{ items: menuItems }}>
        <Button icon={<SaveOutlined aria-hidden />} data-testid="view-actions">
          {isPhone ? null : t('customers.views.actions')}
          <DownOutlined aria-hidden style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'rename' ? t('customers.views.rename') : t('customers.views.saveAs')}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={create.isPending || update.isPending}
        okButtonProps={{ 'data-testid': 'save-view-ok' }}
        forceRender
      >
        <Form form={form} layout="vertical" name="saved-view" onFinish={(values) => void save(values)}>
          <Form.Item name="name" label={t('customers.views.name')} rules={[{ required: true, whitespace: true, message: t('customers.views.nameRequired') }, { max: 40 }]}>
            <Input placeholder={t('customers.views.namePlaceholder')} maxLength={40} data-testid="view-name" />
          </Form.Item>
          <Form.Item name="shared" valuePropName="checked" extra={t('customers.views.sharedHint')}>
            <Checkbox data-testid="view-shared">{t('customers.views.shareWithAll')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
