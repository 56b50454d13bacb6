// The comment box on top of a customer's timeline: typing @ looks colleagues up with the
// same user lookup the owner picker uses; the mentioned ones are notified by the server.
import { Form, Mentions, App, Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateComment } from '../../api/activities';
import { useUserLookup } from '../../api/identity';
import { useFormProblem, FormProblem } from '../../components/forms';
import { useDebounced } from '../../components/use-debounced';

const MAX_MENTIONS = 20;

interface CommentValues {
  body?: string;
}

/** Users picked from the suggestions whose @name is still in the text; a deleted mention notifies nobody. */
function mentionedIds(body: string, picked: Map<string, string>): string[] {
  return [...picked].filter(([, name]) => body.includes(`@${name}`)).map(([id]) => id).slice(0, MAX_MENTIONS);
}

export function CommentBox({ object }: { object: { type: string; id: string } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CommentValues>();
  const problem = useFormProblem(form);
  const create = useCreateComment();
  const [typed, setTyped] = useState('');
  const [lookingUp, setLookingUp] = useState(false);
  const users = useUserLookup(useDebounced(typed.trim(), 200));
  // id → name of every user picked since the last post.
  const [picked, setPicked] = useState(() => new Map<string, string>());
  const body = Form.useWatch('body', form) ?? '';

  const options = lookingUp
    ? (users.data ?? []).map((user) => ({ key: user.id, value: user.name, label: user.name }))
    : [];

  const onFinish = (values: CommentValues) => {
    const text = values.body?.trim() ?? '';
    if (!text) return;
    problem.clear();
    create.mutate(
      { object, body: text, mentionIds: mentionedIds(text, picked) },
      {
        onSuccess: () => {
          void message.success(t('activities.comment.posted'));
          form.resetFields();
          setPicked(new Map());
        },
        onError: problem.onError,
      },
    );
  };

  return (
    <Form<CommentValues> form={form} name="comment" layout="vertical" onFinish={onFinish} data-testid="comment-box">
      <Form.Item name="body" label={t('activities.comment.label')} style={{ marginBottom: 8 }}>
        <Mentions
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={5000}
          placeholder={t('activities.comment.placeholder')}
          // The server matches names, pinyin and initials (zs → 张三); its answer is the filter.
          filterOption={false}
          loading={users.isFetching}
          notFoundContent={users.isFetching ? null : t('activities.comment.noUsers')}
          options={options}
          onSearch={(text) => {
            setLookingUp(true);
            setTyped(text);
          }}
          onSelect={(option) => {
            // The option's key is rewritten by the component, so the user is found again by name.
            const user = users.data?.find((u) => u.name === option.value);
            if (user) setPicked((prev) => new Map(prev).set(user.id, user.name));
            setLookingUp(false);
          }}
          onKeyDown={(e) => {
            // Ctrl/⌘+Enter posts, as in most chat and comment boxes.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.submit();
          }}
          data-testid="comment-input"
        />
      </Form.Item>
      <FormProblem state={problem} />
      <Flex justify="flex-end">
        <Button type="primary" htmlType="submit" loading={create.isPending} disabled={!body.trim()} data-testid="comment-submit">
          {t('activities.comment.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
