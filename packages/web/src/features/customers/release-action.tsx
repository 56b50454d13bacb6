// Releasing customers to the pool (释放到公海): the owner, or a manager, gives a reason and
// the customers wait in their pool for someone else to claim.
import { InboxOutlined } from '@ant-design/icons';
import type { Customer } from '@kehu/shared';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCurrentMe } from '../../api/auth';
import { isApiError } from '../../api/client';
import { useReleaseCustomers } from '../../api/customer-pools';
import { useCan } from '../../app/access';
import { useIsPhone } from '../../components/use-is-phone';
import { useBatchReport } from './pool-parts';

interface ReleaseModalProps {
  customers: { id: string; name: string }[];
  open: boolean;
  onClose: () => void;
  /** After the server answered, with the ids it released. */
  onReleased?: (ids: string[]) => void;
}

export function ReleaseModal({ customers, open, onClose, onReleased }: ReleaseModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const release = useReleaseCustomers();
  const report = useBatchReport();
  const names = new Map(customers.map((c) => [c.id, c.name]));

  const onFinish = ({ reason }: { reason: string }) =>
    release.mutate(
      { customerIds: customers.map((c) => c.id), reason: reason.trim() },
      {
        onSuccess: (result) => {
          report(result, 'pool.released', (id) => names.get(id));
          onClose();
          onReleased?.(result.done.map((d) => d.id));
        },
        onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
      },
    );

  return (
    <Modal
      open={open}
      title={customers.length === 1 ? t('pool.release.title') : t('pool.release.titleMany', { count: customers.length })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('pool.release.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={release.isPending}
      okButtonProps={{ 'data-testid': 'release-submit' }}
      destroyOnHidden
    >
      {customers.length === 1 ? <Typography.Paragraph strong>{customers[0]!.name}</Typography.Paragraph> : null}
      <Typography.Paragraph type="secondary">{t('pool.release.hint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="release" onFinish={onFinish} preserve={false}>
        <Form.Item
          name="reason"
          label={t('pool.release.reason')}
          rules={[{ required: true, whitespace: true, message: t('pool.release.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('pool.release.reasonPlaceholder')} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** On the customer page: shown to its owner and to managers while someone owns it. */
export function ReleaseButton({ customer, grow }: { customer: Customer; grow?: boolean }) {
  const { t } = useTranslation();
  const me = useCurrentMe();
  const can = useCan();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const mayRelease = can('customers:write') && customer.ownerId !== null && (customer.ownerId === me.user.id || can('customers:assign'));
  if (!mayRelease) return null;
  return (
    <>
      <Button
        icon={<InboxOutlined aria-hidden />}
        onClick={() => setOpen(true)}
        style={grow ? { flex: '1 1 0' } : undefined}
        aria-label={t('pool.release.action')}
        data-testid="release-customer"
      >
        {isPhone ? null : t('pool.release.action')}
      </Button>
      <ReleaseModal
        customers={[{ id: customer.id, name: customer.name }]}
        open={open}
        onClose={() => setOpen(false)}
        // Released, it waits in its pool: that is where to see it now.
        onReleased={(ids) => {
          if (ids.includes(customer.id)) navigate(`/customer-pool${customer.poolId ? `?pool=${encodeURIComponent(customer.poolId)}` : ''}`);
        }}
      />
    </>
  );
}
