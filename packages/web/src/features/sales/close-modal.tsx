// Closing an opportunity (赢单 / 输单) asks why, and which competitor was involved.
import type { Opportunity } from '@kehu/shared';
import { App, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { usePicklists } from '../../api/picklists';
import { useCloseOpportunity } from '../../api/sales';
import { FormProblem, useFormProblem } from '../../components/forms';
import { reasonChoices } from '../customers/labels';

export interface CloseRequest {
  opportunity: Opportunity;
  outcome: 'won' | 'lost';
}

interface CloseValues {
  reason?: string;
  competitor?: string;
  note?: string;
}

export function CloseModal({ request, onClose }: { request: CloseRequest | null; onClose: (closed?: Opportunity) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CloseValues>();
  const lists = usePicklists().data;
  const close = useCloseOpportunity();
  const problem = useFormProblem(form);
  const outcome = request?.outcome ?? 'won';

  const onFinish = (values: CloseValues) => {
    if (!request) return;
    problem.clear();
    close.mutate(
      {
        opportunityId: request.opportunity.id,
        body: { outcome, reason: values.reason!, competitor: values.competitor?.trim() || null, note: values.note?.trim() || null, version: request.opportunity.version },
      },
      {
        onSuccess: (closed) => {
          void message.success(t(`opportunities.close.done.${outcome}`, { name: closed.name }));
          form.resetFields();
          onClose(closed);
        },
        onError: (error) => {
          problem.onError(error);
          if (!isApiError(error)) void message.error(t('errors.unknown'));
        },
      },
    );
  };

  return (
    <Modal
      open={request !== null}
      title={request ? t(`opportunities.close.title.${outcome}`, { name: request.opportunity.name }) : null}
      okText={t(`opportunities.close.confirm.${outcome}`)}
      okButtonProps={{ danger: outcome === 'lost', loading: close.isPending, 'data-testid': 'close-confirm' } as ButtonProps}
      onOk={() => form.submit()}
      onCancel={() => {
        problem.clear();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<CloseValues> form={form} layout="vertical" onFinish={onFinish} preserve={false}>
        <Form.Item name="reason" label={t(`opportunities.close.reason.${outcome}`)} rules={[{ required: true, message: t('validation.required') }]}>
          <Select options={reasonChoices(outcome, t, lists)} placeholder={t('customers.hints.pick')} data-testid="close-reason" />
        </Form.Item>
        <Form.Item name="competitor" label={t(`opportunities.close.competitor.${outcome}`)}>
          <Input autoComplete="off" maxLength={100} data-testid="close-competitor" />
        </Form.Item>
        <Form.Item name="note" label={t('opportunities.close.note')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <FormProblem state={problem} />
      </Form>
    </Modal>
  );
}
