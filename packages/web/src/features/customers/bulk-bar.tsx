// The customer list's bulk actions: one change to the selected customers, each
// succeeding or failing on its own, then a summary naming the failures.
import { App, Button, Card, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBulkCustomers, type CustomerBulkBody, type CustomerBulkOutcome } from '../../api/customers';
import { isApiError } from '../../api/client';
import { useCustomerOptions } from './labels';
import { OwnerSelect } from './owner-select';
import { ReleaseModal } from './release-action';

type EditAction = 'assign_owner' | 'add_tag' | 'remove_tag' | 'set_grade' | 'set_stage';
const editActions: EditAction[] = ['assign_owner', 'add_tag', 'remove_tag', 'set_grade', 'set_stage'];

interface BulkValues {
  value: string;
}

interface BulkBarProps {
  ids: string[];
  /** Names of the selected customers, to say which ones failed. */
  nameOf: (id: string) => string;
  canDelete: boolean;
  onDone: () => void;
}

export function BulkBar({ ids, nameOf, canDelete, onDone }: BulkBarProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const bulk = useBulkCustomers();
  const [action, setAction] = useState<EditAction | null>(null);
  const [releasing, setReleasing] = useState(false);
  const [form] = Form.useForm<BulkValues>();
  const options = useCustomerOptions();

  const report = (result: CustomerBulkOutcome) => {
    const summary = t('customers.bulk.result', { succeeded: result.succeeded.length, failed: result.failed.length });
    if (result.failed.length === 0) {
      void message.success(summary);
      return;
    }
    modal.warning({
      title: summary,
      content: (
        <ul style={{ paddingInlineStart: 20, margin: 0 }} data-testid="bulk-failures">
          {result.failed.map((failure) => (
            <li key={failure.id}>
              <Typography.Text strong>{nameOf(failure.id)}</Typography.Text>
              {t('customers.bulk.failureSeparator')}
              {failure.message}
            </li>
          ))}
        </ul>
      ),
    });
  };

  const run = (body: CustomerBulkBody) =>
    bulk.mutateAsync(body).then(
      (result) => {
        report(result);
        setAction(null);
        onDone();
      },
      (error: unknown) => {
        void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
      },
    );

  const onFinish = ({ value }: BulkValues) => {
    switch (action) {
      case 'assign_owner':
        return run({ action, ids, ownerId: value });
      case 'add_tag':
      case 'remove_tag':
        return run({ action, ids, tag: value.trim() });
      case 'set_grade':
        return run({ action, ids, grade: value as 'A' | 'B' | 'C' | 'D' });
      case 'set_stage':
        return run({ action, ids, stage: value });
      default:
        return undefined;
    }
  };

  const confirmDelete = () =>
    modal.confirm({
      title: t('customers.bulk.deleteConfirm', { count: ids.length }),
      content: t('customers.bulk.deleteHint'),
      okText: t('common.delete'),
      okButtonProps: { danger: true, 'data-testid': 'bulk-delete-confirm' },
      cancelText: t('common.cancel'),
      onOk: () => run({ action: 'delete', ids }),
    });

  const field = () => {
    const label = t(`customers.bulk.fields.${action ?? 'assign_owner'}`);
    const required = { required: true, message: t('customers.bulk.required') };
    switch (action) {
      case 'assign_owner':
        return (
          <Form.Item name="value" label={label} rules={[required]}>
            <OwnerSelect aria-label={label} placeholder={label} />
          </Form.Item>
        );
      case 'set_grade':
        return (
          <Form.Item name="value" label={label} rules={[required]}>
            <Select aria-label={label} options={options.grades} />
          </Form.Item>
        );
      case 'set_stage':
        return (
          <Form.Item name="value" label={label} rules={[required]}>
            <Select aria-label={label} options={options.stages} />
          </Form.Item>
        );
      default:
        return (
          <Form.Item name="value" label={label} rules={[{ ...required, whitespace: true }, { max: 30, message: t('customers.bulk.tagTooLong') }]}>
            <Input autoFocus />
          </Form.Item>
        );
    }
  };

  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="bulk-bar">
      <Flex gap={8} wrap align="center">
        <Typography.Text strong style={{ marginInlineEnd: 8 }}>
          {t('customers.bulk.selected', { count: ids.length })}
        </Typography.Text>
        {editActions.map((key) => (
          <Button key={key} onClick={() => setAction(key)} data-testid={`bulk-${key}`}>
            {t(`customers.bulk.actions.${key}`)}
          </Button>
        ))}
        <Button onClick={() => setReleasing(true)} data-testid="bulk-release">
          {t('customers.bulk.actions.release')}
        </Button>
        {canDelete ? (
          <Button danger onClick={confirmDelete} data-testid="bulk-delete">
            {t('customers.bulk.actions.delete')}
          </Button>
        ) : null}
        <Button type="link" onClick={onDone} style={{ marginInlineStart: 'auto' }}>
          {t('customers.bulk.clear')}
        </Button>
      </Flex>
      <Modal
        open={action !== null}
        title={action ? t(`customers.bulk.actions.${action}`) : null}
        onCancel={() => setAction(null)}
        okText={t('customers.bulk.apply', { count: ids.length })}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        confirmLoading={bulk.isPending}
        okButtonProps={{ 'data-testid': 'bulk-apply' }}
        destroyOnHidden
      >
        <Form<BulkValues> form={form} name="bulk" layout="vertical" onFinish={(values) => void onFinish(values)} preserve={false}>
          {field()}
        </Form>
      </Modal>
      <ReleaseModal customers={ids.map((id) => ({ id, name: nameOf(id) }))} open={releasing} onClose={() => setReleasing(false)} onReleased={onDone} />
    </Card>
  );
}
