// The task list's bulk action: hand the selected tasks to one person (转交).
import { App, Button, Card, Flex, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useReassignTasks } from '../../api/tasks';
import { OwnerSelect } from '../customers/owner-select';

interface ReassignValues {
  assigneeId: string;
}

export function TaskBulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reassign = useReassignTasks();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ReassignValues>();
  const label = t('tasks.bulk.assignee');

  const onFinish = ({ assigneeId }: ReassignValues) =>
    reassign.mutate(
      { ids, assigneeId },
      {
        onSuccess: ({ updated }) => {
          void message.success(t('tasks.bulk.done', { count: updated }));
          setOpen(false);
          onDone();
        },
        onError: (error) => void message.error(isApiError(error) ? error.problem.title : t('errors.unknown')),
      },
    );

  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="task-bulk-bar">
      <Flex gap={8} wrap align="center">
        <Typography.Text strong style={{ marginInlineEnd: 8 }}>
          {t('tasks.bulk.selected', { count: ids.length })}
        </Typography.Text>
        <Button onClick={() => setOpen(true)} data-testid="task-bulk-reassign">
          {t('tasks.bulk.reassign')}
        </Button>
        <Button type="link" onClick={onDone} style={{ marginInlineStart: 'auto' }}>
          {t('tasks.bulk.clear')}
        </Button>
      </Flex>
      <Modal
        open={open}
        title={t('tasks.bulk.reassignTitle', { count: ids.length })}
        onCancel={() => setOpen(false)}
        okText={t('tasks.bulk.apply')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        confirmLoading={reassign.isPending}
        okButtonProps={{ 'data-testid': 'task-bulk-apply' }}
        destroyOnHidden
      >
        <Form<ReassignValues> form={form} name="task-reassign" layout="vertical" onFinish={onFinish} preserve={false}>
          <Form.Item name="assigneeId" label={label} rules={[{ required: true, message: t('tasks.bulk.required') }]}>
            <OwnerSelect aria-label={label} placeholder={label} data-testid="task-bulk-assignee" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
