// Teams: the department tree with member counts; add sub-teams, rename, move.
import { EditOutlined, MoreOutlined, PlusOutlined, SubnodeOutlined } from '@ant-design/icons';
import { TeamCreate, type Team } from '@kehu/shared';
import { App, Button, Card, Dropdown, Flex, Form, Input, Modal, Tag, Tree, TreeSelect, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTeam, useTeams, useUpdateTeam } from '../../api/identity';
import { useCan } from '../../app/access';
import { ErrorState } from '../../components/error-state';
import { FormProblem, useFormProblem } from '../../components/forms';
import { PageHeader } from '../../components/page-header';
import { EmptyState, PageSkeleton } from '../../components/page-state';
import { zodRule } from '../../components/rules';
import { useFormat } from '../../i18n/format';
import { buildTeamTree, subtreeIds, teamTreeOptions, type TeamNode } from './team-tree';

type TeamDialog = { kind: 'create'; parentId: string | null } | { kind: 'edit'; team: Team };

interface TeamValues {
  name: string;
  parentId?: string | null;
}

/** Mounted afresh for each opening (see the key in TeamsPage), so the form starts from that dialog's values. */
function TeamModal({ dialog, teams, onClose }: { dialog: TeamDialog | null; teams: Team[]; onClose: () => void }) {
  const { t } = useTranslation();
  // What the dialog was opened for; it stays while the closing animation runs.
  const [opened] = useState(dialog);
  const { message } = App.useApp();
  const [form] = Form.useForm<TeamValues>();
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const problem = useFormProblem(form);
  const pending = create.isPending || update.isPending;
  const editing = opened?.kind === 'edit' ? opened.team : null;
  const parentOptions = useMemo(
    () => teamTreeOptions(teams, editing ? subtreeIds(teams, editing.id) : new Set()),
    [teams, editing],
  );

  const onFinish = (values: TeamValues) => {
    problem.clear();
    const parentId = values.parentId ?? null;
    if (editing) {
      const body = {
        ...(values.name.trim() !== editing.name ? { name: values.name.trim() } : {}),
        ...(parentId !== editing.parentId ? { parentId } : {}),
      };
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      update.mutate(
        { teamId: editing.id, body: { ...body, version: editing.version } },
        {
          onSuccess: () => {
            void message.success(t('teams.saved'));
            onClose();
          },
          onError: problem.onError,
        },
      );
    } else {
      create.mutate(
        { name: values.name.trim(), parentId },
        {
          onSuccess: (team) => {
            void message.success(t('teams.created', { name: team.name }));
            onClose();
          },
          onError: problem.onError,
        },
      );
    }
  };

  return (
    <Modal
      open={dialog !== null}
      title={editing ? t('teams.editTitle') : t('teams.createTitle')}
      onCancel={onClose}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={pending}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) problem.clear();
      }}
    >
      <Form<TeamValues>
        form={form}
        name="team"
        layout="vertical"
        onFinish={onFinish}
        preserve={false}
        initialValues={
          editing
            ? { name: editing.name, parentId: editing.parentId }
            : { name: '', parentId: opened?.kind === 'create' ? opened.parentId : null }
        }
      >
        <Form.Item name="name" label={t('teams.fields.name')} required rules={[zodRule(TeamCreate.shape.name, t)]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="parentId" label={t('teams.fields.parent')} extra={t('teams.fields.parentHint')}>
          <TreeSelect allowClear treeDefaultExpandAll treeData={parentOptions} placeholder={t('teams.fields.noParent')} />
        </Form.Item>
        <FormProblem state={problem} onReload={onClose} />
      </Form>
    </Modal>
  );
}

export function TeamsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const format = useFormat();
  const teams = useTeams();
  const [dialog, setDialogState] = useState<TeamDialog | null>(null);
  const [dialogKey, setDialogKey] = useState(0);
  const setDialog = (next: TeamDialog | null) => {
    if (next) setDialogKey((k) => k + 1);
    setDialogState(next);
  };
  // Track what the user folded, so teams added later show up expanded.
  const [collapsed, setCollapsed] = useState<ReadonlySet<Key>>(new Set());
  const canWrite = can('teams:write');
  const allIds = useMemo(() => (teams.data ?? []).map((team) => team.id), [teams.data]);

  const treeData = useMemo(() => {
    const toNode = (node: TeamNode): DataNode => ({
      key: node.team.id,
      title: (
        <Flex align="center" gap={8} style={{ minHeight: 32 }}>
          <Typography.Text strong style={{ flex: 1, minWidth: 0 }} ellipsis>
            {node.team.name}
          </Typography.Text>
          <Tag>{t('teams.members', { n: format.number(node.team.memberCount) })}</Tag>
          {canWrite ? (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'child', icon: <SubnodeOutlined aria-hidden />, label: t('teams.addChild') },
                  { key: 'edit', icon: <EditOutlined aria-hidden />, label: t('teams.edit') },
                ],
                onClick: ({ key, domEvent }) => {
                  domEvent.stopPropagation();
                  setDialog(key === 'child' ? { kind: 'create', parentId: node.team.id } : { kind: 'edit', team: node.team });
                },
              }}
            >
              <Button
                type="text"
                size="small"
                icon={<MoreOutlined aria-hidden />}
                aria-label={t('teams.actionsFor', { name: node.team.name })}
                onClick={(e) => e.stopPropagation()}
              />
            </Dropdown>
          ) : null}
        </Flex>
      ),
      children: node.children.map(toNode),
    });
    return buildTeamTree(teams.data ?? []).map(toNode);
  }, [teams.data, canWrite, t, format]);

  // The header's button carries the test hook; the empty state's copy does not, so the hook stays unique.
  const addButton = (testId?: string) =>
    canWrite ? (
      <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setDialog({ kind: 'create', parentId: null })} data-testid={testId}>
        {t('teams.add')}
      </Button>
    ) : null;

  return (
    <>
      <PageHeader title={t('teams.title')} description={t('teams.description')} extra={addButton('add-team')} />
      {teams.isPending ? (
        <PageSkeleton />
      ) : teams.isError ? (
        <ErrorState error={teams.error} onRetry={() => void teams.refetch()} />
      ) : teams.data.length === 0 ? (
        <Card>
          <EmptyState description={canWrite ? t('teams.empty') : t('teams.emptyReadOnly')} action={addButton()} />
        </Card>
      ) : (
        <Card>
          <Tree
            treeData={treeData}
            expandedKeys={allIds.filter((id) => !collapsed.has(id))}
            onExpand={(expanded) => {
              const open = new Set(expanded);
              setCollapsed(new Set(allIds.filter((id) => !open.has(id))));
            }}
            blockNode
            selectable={false}
            showLine
            data-testid="team-tree"
          />
        </Card>
      )}
      <TeamModal key={dialogKey} dialog={dialog} teams={teams.data ?? []} onClose={() => setDialog(null)} />
    </>
  );
}
