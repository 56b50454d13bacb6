// The drawer to add a user, or to edit one: profile, team and roles, enable or
// disable, and set a new password.
import { UserCreate, UserPatch, type User } from '@kehu/shared';
import { App, Button, Col, Divider, Flex, Form, Input, Popconfirm, Row, Select, Tooltip, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCurrentMe } from '../../api/auth';
import { isApiError, VERSION_CONFLICT } from '../../api/client';
import { useCreateUser, useRoles, useTeams, useUpdateUser, useUser } from '../../api/identity';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { LocaleSelect } from '../../components/locale-select';
import { PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { roleName } from './labels';
import { teamTreeOptions } from './team-tree';

export type UserDrawerMode = { kind: 'create' } | { kind: 'edit'; userId: string };

interface UserValues {
  name: string;
  email: string;
  password: string;
  phone?: string;
  teamId?: string | null;
  roleIds: string[];
  locale?: User['locale'];
  timeZone?: string | null;
}

const isMasked = (phone: string | null) => phone !== null && phone.includes('*');

/** Team, roles, language and time zone: the fields adding and editing share. */
function AssignmentFields() {
  const { t } = useTranslation();
  const can = useCan();
  const me = useCurrentMe();
  const teams = useTeams({ enabled: can('teams:read') });
  const roles = useRoles({ enabled: can('roles:read') });
  return (
    <>
      <Form.Item name="roleIds" label={t('users.fields.roles')} required rules={[zodRule(UserCreate.shape.roleIds, t)]}>
        <Select<string[]>
          mode="multiple"
          loading={roles.isLoading}
          disabled={!can('roles:read')}
          showSearch={{ optionFilterProp: 'label' }}
          options={(roles.data ?? []).map((role) => ({ value: role.id, label: roleName(role, t) }))}
          placeholder={t('users.fields.rolesPlaceholder')}
        />
      </Form.Item>
      <Form.Item name="teamId" label={t('users.fields.team')}>
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          loading={teams.isLoading}
          disabled={!can('teams:read')}
          treeData={teamTreeOptions(teams.data ?? [])}
          placeholder={t('users.fields.teamPlaceholder')}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="locale" label={t('users.fields.locale')}>
            <LocaleSelect allowClear placeholder={t('users.fields.followOrganization')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="timeZone" label={t('users.fields.timeZone')}>
            <TimeZoneSelect allowClear placeholder={me.organization.timeZone} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const create = useCreateUser();
  const problem = useFormProblem(form);

  const onFinish = (values: UserValues) => {
    problem.clear();
    const body = UserCreate.parse({
      ...values,
      phone: values.phone?.trim() || undefined,
      teamId: values.teamId ?? null,
      locale: values.locale ?? null,
      timeZone: values.timeZone ?? null,
    });
    create.mutate(body, {
      onSuccess: (user) => {
        void message.success(t('users.created', { name: user.name }));
        onDone();
      },
      onError: problem.onError,
    });
  };

  return (
    <Form<UserValues> form={form} name="user-create" layout="vertical" onFinish={onFinish} initialValues={{ roleIds: [] }}>
      <Form.Item name="name" label={t('users.fields.name')} required rules={[zodRule(UserCreate.shape.name, t)]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="email" label={t('users.fields.email')} required rules={[zodRule(UserCreate.shape.email, t)]}>
        <Input type="email" autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="password"
        required
        label={t('users.fields.password')}
        extra={t('users.fields.passwordHint')}
        rules={[zodRule(UserCreate.shape.password, t)]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="phone" label={t('users.fields.phone')} rules={[zodRule(UserCreate.shape.phone, t)]}>
        <Input type="tel" autoComplete="off" />
      </Form.Item>
      <AssignmentFields />
      <FormProblem state={problem} />
      <FormActions onCancel={onDone} submitLabel={t('users.createSubmit')} loading={create.isPending} />
    </Form>
  );
}

function editValues(user: User): Omit<UserValues, 'email' | 'password'> {
  return {
    name: user.name,
    phone: user.phone ?? '',
    teamId: user.teamId,
    roleIds: user.roles.map((r) => r.id),
    locale: user.locale,
    timeZone: user.timeZone,
  };
}

/** Only what changed goes to the server, so a masked phone is never written back. */
function diff(user: User, values: UserValues): z.input<typeof UserPatch> | null {
  const patch: z.input<typeof UserPatch> = {};
  if (values.name.trim() !== user.name) patch.name = values.name.trim();
  if (!isMasked(user.phone)) {
    const phone = values.phone?.trim() || null;
    if (phone !== user.phone) patch.phone = phone;
  }
  if ((values.teamId ?? null) !== user.teamId) patch.teamId = values.teamId ?? null;
  const before = user.roles.map((r) => r.id).sort().join(',');
  if ([...values.roleIds].sort().join(',') !== before) patch.roleIds = values.roleIds;
  if ((values.locale ?? null) !== user.locale) patch.locale = values.locale ?? null;
  if ((values.timeZone ?? null) !== user.timeZone) patch.timeZone = values.timeZone ?? null;
  return Object.keys(patch).length > 0 ? { ...patch, version: user.version } : null;
}

function EditUserForm({ user, onDone, onReload }: { user: User; onDone: () => void; onReload: () => Promise<User | undefined> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentMe();
  const [form] = Form.useForm<UserValues>();
  const [passwordForm] = Form.useForm<{ password: string }>();
  const update = useUpdateUser();
  const problem = useFormProblem(form);
  const passwordProblem = useFormProblem(passwordForm);
  const isSelf = user.id === me.user.id;

  const reload = async () => {
    const fresh = await onReload();
    if (fresh) form.setFieldsValue(editValues(fresh));
  };

  const onFinish = (values: UserValues) => {
    problem.clear();
    const patch = diff(user, values);
    if (!patch) {
      void message.info(t('common.noChanges'));
      return;
    }
    update.mutate(
      { userId: user.id, body: patch },
      {
        onSuccess: () => {
          void message.success(t('users.saved'));
          onDone();
        },
        onError: problem.onError,
      },
    );
  };

  const toggleStatus = () => {
    const status = user.status === 'active' ? 'disabled' : 'active';
    update.mutate(
      { userId: user.id, body: { status, version: user.version } },
      {
        onSuccess: () => void message.success(status === 'active' ? t('users.enabled') : t('users.disabled')),
        onError: (error) => {
          if (isApiError(error, VERSION_CONFLICT)) void reload();
          void message.error(isApiError(error) ? error.problem.title : t('errors.unknown'));
        },
      },
    );
  };

  const resetPassword = ({ password }: { password: string }) => {
    passwordProblem.clear();
    update.mutate(
      { userId: user.id, body: { password, version: user.version } },
      {
        onSuccess: () => {
          passwordForm.resetFields();
          void message.success(t('users.passwordReset'));
        },
        onError: passwordProblem.onError,
      },
    );
  };

  return (
    <>
      <Form<UserValues> form={form} name="user-edit" layout="vertical" onFinish={onFinish} initialValues={editValues(user)}>
        <Form.Item label={t('users.fields.email')}>
          <Typography.Text>{user.email}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('users.fields.name')} required rules={[zodRule(UserCreate.shape.name, t)]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('users.fields.phone')}
          extra={isMasked(user.phone) ? t('users.fields.phoneMasked') : undefined}
          rules={isMasked(user.phone) ? [] : [zodRule(UserCreate.shape.phone, t)]}
        >
          <Input type="tel" autoComplete="off" disabled={isMasked(user.phone)} />
        </Form.Item>
        <AssignmentFields />
        <FormProblem state={problem} onReload={() => void reload()} />
        <FormActions onCancel={onDone} submitLabel={t('common.save')} loading={update.isPending} />
      </Form>

      <Divider titlePlacement="start">{t('users.statusSection')}</Divider>
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 200 }}>
          {user.status === 'active' ? t('users.activeHint') : t('users.disabledHint')}
        </Typography.Text>
        {user.status === 'active' ? (
          <Tooltip title={isSelf ? t('users.cannotDisableSelf') : undefined}>
            <Popconfirm
              title={t('users.disableConfirm', { name: user.name })}
              okText={t('users.disable')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={toggleStatus}
              disabled={isSelf}
            >
              <Button danger disabled={isSelf} data-testid="disable-user">
                {t('users.disable')}
              </Button>
            </Popconfirm>
          </Tooltip>
        ) : (
          <Button onClick={toggleStatus} data-testid="enable-user">
            {t('users.enable')}
          </Button>
        )}
      </Flex>

      <Divider titlePlacement="start">{t('users.passwordSection')}</Divider>
      <Form<{ password: string }> form={passwordForm} name="user-password" layout="vertical" onFinish={resetPassword}>
        <Form.Item
          name="password"
          label={t('users.fields.newPassword')}
          extra={t('validation.passwordPolicy')}
          rules={[zodRule(UserCreate.shape.password, t)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <FormProblem state={passwordProblem} onReload={() => void reload()} />
        <Button htmlType="submit" loading={update.isPending}>
          {t('users.resetPassword')}
        </Button>
      </Form>
    </>
  );
}

function EditUser({ userId, onDone }: { userId: string; onDone: () => void }) {
  const user = useUser(userId);
  if (user.isPending) return <PageSkeleton rows={8} />;
  if (user.isError) return <ErrorState error={user.error} onRetry={() => void user.refetch()} />;
  return <EditUserForm user={user.data} onDone={onDone} onReload={async () => (await user.refetch()).data} />;
}

export function UserDrawer({ mode, onClose }: { mode: UserDrawerMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDrawer<UserDrawerMode>
      mode={mode}
      onClose={onClose}
      title={(shown) => (shown.kind === 'edit' ? t('users.editTitle') : t('users.createTitle'))}
    >
      {(shown) =>
        shown.kind === 'create' ? <CreateUserForm onDone={onClose} /> : <EditUser key={shown.userId} userId={shown.userId} onDone={onClose} />
      }
    </FormDrawer>
  );
}
