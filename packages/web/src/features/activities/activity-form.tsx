// The "log activity" (记录跟进) drawer: pick the kind first, and the form shows only the
// fields that kind takes (the server refuses fields of another kind rather than drop them).
import { ActivityCreate, activityKinds, callOutcomes, scheduledKinds, type ActivityKind, type RelatedRef } from '@kehu/shared';
import { App, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Segmented, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateActivity, type ActivityCreateBody } from '../../api/activities';
import { useContacts } from '../../api/customers';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { zodRule } from '../../components/rules';
import { useIsPhone } from '../../components/use-is-phone';
import { useFormat } from '../../i18n/format';
import { text } from '../customers/form-parts';
import { WatcherSelect } from './task-parts';
import { directionLabel, hasDirection, KindIcon } from './activity-parts';

/**
 * Logged with a customer (and maybe one of its records, such as an opportunity), or with a
 * record alone when there is no customer yet (a lead).
 */
export type ActivityDrawerMode = { kind: 'create'; customerId: string | null; related?: RelatedRef };
type Target = { customerId: string | null; related?: RelatedRef };

type Direction = 'inbound' | 'outbound';

interface ActivityValues {
  kind: ActivityKind;
  direction?: Direction;
  durationSeconds?: number | null;
  outcome?: (typeof callOutcomes)[number];
  occurredAt?: Dayjs | null;
  endsAt?: Dayjs | null;
  location?: string;
  attendeeIds?: string[];
  contactId?: string;
  subject?: string;
  body?: string;
  isPrivate?: boolean;
}

const shape = ActivityCreate.shape;
const TIME = 'YYYY-MM-DD HH:mm';

/** Minutes and seconds for a person, one number of seconds for the form and the API. */
function DurationInput({ value, onChange, id }: { value?: number | null; onChange?: (value: number | null) => void; id?: string }) {
  const { t } = useTranslation();
  const minutes = value == null ? null : Math.floor(value / 60);
  const seconds = value == null ? null : value % 60;
  const set = (m: number | null, s: number | null) => onChange?.(m == null && s == null ? null : (m ?? 0) * 60 + (s ?? 0));
  return (
    <Flex gap={8}>
      <InputNumber
        id={id}
        min={0}
        max={1440}
        precision={0}
        value={minutes}
        onChange={(m) => set(m, seconds)}
        suffix={t('activities.form.fields.minutes')}
        aria-label={t('activities.form.fields.minutes')}
        style={{ flex: 1 }}
        data-testid="activity-duration-minutes"
      />
      <InputNumber
        min={0}
        max={59}
        precision={0}
        value={seconds}
        onChange={(s) => set(minutes, s)}
        suffix={t('activities.form.fields.seconds')}
        aria-label={t('activities.form.fields.seconds')}
        style={{ flex: 1 }}
        data-testid="activity-duration-seconds"
      />
    </Flex>
  );
}

/** The body for the kind chosen: only the fields that kind takes. */
function bodyOf(target: Target, v: ActivityValues, toIso: (value: Dayjs) => string): ActivityCreateBody {
  const scheduled = scheduledKinds.includes(v.kind);
  return {
    kind: v.kind,
    ...(target.customerId ? { customerId: target.customerId } : {}),
    ...(target.related ? { related: target.related } : {}),
    contactId: v.contactId ?? null,
    subject: text(v.subject),
    body: text(v.body),
    ...(v.occurredAt ? { occurredAt: toIso(v.occurredAt) } : {}),
    ...(hasDirection(v.kind) ? { direction: v.direction ?? null } : {}),
    ...(v.kind === 'call' ? { durationSeconds: v.durationSeconds ?? null, outcome: v.outcome ?? null } : {}),
    ...(scheduled
      ? { endsAt: v.endsAt ? toIso(v.endsAt) : null, location: text(v.location), attendeeIds: v.attendeeIds ?? [] }
      : {}),
    ...(v.kind === 'note' ? { isPrivate: v.isPrivate ?? false } : {}),
  };
}

function ActivityForm({ target, onDone }: { target: Target; onDone: () => void }) {
  const customerId = target.customerId;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const format = useFormat();
  const isPhone = useIsPhone();
  const [form] = Form.useForm<ActivityValues>();
  const problem = useFormProblem(form);
  const create = useCreateActivity();
  const contacts = useContacts(customerId);
  const kind = Form.useWatch('kind', form) ?? 'call';
  const scheduled = scheduledKinds.includes(kind);

  const contactOptions = useMemo(
    () => (contacts.data?.pages.flatMap((page) => page.data) ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name })),
    [contacts.data],
  );
  const initialValues = useMemo<ActivityValues>(
    () => ({ kind: 'call', direction: 'outbound', occurredAt: format.fromIso(new Date().toISOString()), attendeeIds: [], isPrivate: false }),
    [format],
  );

  const onFinish = (values: ActivityValues) => {
    problem.clear();
    create.mutate(bodyOf(target, values, format.toIso), {
      onSuccess: () => {
        void message.success(t('activities.form.created'));
        onDone();
      },
      onError: problem.onError,
    });
  };

  const directionField = hasDirection(kind) ? (
    <Form.Item name="direction" label={t('activities.form.fields.direction')}>
      <Segmented<Direction>
        options={(['outbound', 'inbound'] as const).map((value) => ({ value, label: directionLabel(kind, value, t) }))}
        data-testid="activity-direction"
      />
    </Form.Item>
  ) : null;

  const half = (key: string, node: ReactNode) => (
    <Col key={key} xs={24} sm={12}>
      {node}
    </Col>
  );

  return (
    <Form<ActivityValues> form={form} name="activity-create" layout="vertical" onFinish={onFinish} initialValues={initialValues} scrollToFirstError>
      <Form.Item name="kind" label={t('activities.form.fields.kind')}>
        <Segmented<ActivityKind>
          block={isPhone}
          // Seven kinds side by side do not fit a phone's row; there each icon stands over its name.
          styles={isPhone ? { label: { paddingInline: 0, paddingBlock: 4, minHeight: 0, lineHeight: 1.4 } } : undefined}
          options={activityKinds.map((value) =>
            isPhone
              ? {
                  value,
                  label: (
                    <Flex vertical align="center">
                      <KindIcon kind={value} />
                      <span style={{ fontSize: 12 }}>{t(`activities.kinds.${value}`)}</span>
                    </Flex>
                  ),
                }
              : { value, label: t(`activities.kinds.${value}`), icon: <KindIcon kind={value} /> },
          )}
          data-testid="activity-kind"
        />
      </Form.Item>
      {kind === 'call' ? (
        <>
          {directionField}
          <Row gutter={16}>
            {half(
              'duration',
              <Form.Item name="durationSeconds" label={t('activities.form.fields.duration')}>
                <DurationInput />
              </Form.Item>,
            )}
            {half(
              'outcome',
              <Form.Item name="outcome" label={t('activities.form.fields.outcome')}>
                <Select
                  allowClear
                  placeholder={t('customers.hints.pick')}
                  options={callOutcomes.map((value) => ({ value, label: t(`activities.outcomes.${value}`) }))}
                  data-testid="activity-outcome"
                />
              </Form.Item>,
            )}
          </Row>
        </>
      ) : (
        directionField
      )}
      <Row gutter={16}>
        {half(
          'occurredAt',
          <Form.Item
            name="occurredAt"
            label={scheduled ? t('activities.form.fields.startsAt') : t('activities.form.fields.occurredAt')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format={TIME} style={{ width: '100%' }} data-testid="activity-occurred-at" />
          </Form.Item>,
        )}
        {scheduled
          ? half(
              'endsAt',
              <Form.Item name="endsAt" label={t('activities.form.fields.endsAt')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format={TIME} style={{ width: '100%' }} data-testid="activity-ends-at" />
              </Form.Item>,
            )
          : null}
      </Row>
      {scheduled ? (
        <>
          <Form.Item name="location" label={t('activities.form.fields.location')} rules={[zodRule(shape.location, t)]}>
            <Input autoComplete="off" placeholder={t('activities.form.hints.location')} data-testid="activity-location" />
          </Form.Item>
          <Form.Item name="attendeeIds" label={t('activities.form.fields.attendeeIds')}>
            <WatcherSelect
              placeholder={t('activities.form.hints.attendees')}
              aria-label={t('activities.form.fields.attendeeIds')}
              data-testid="activity-attendees"
            />
          </Form.Item>
        </>
      ) : null}
      {customerId ? (
      <Form.Item name="contactId" label={t('activities.form.fields.contactId')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={contacts.isPending}
          options={contactOptions}
          placeholder={t('activities.form.hints.contact')}
          notFoundContent={contacts.isPending ? undefined : t('activities.form.hints.noContacts')}
          aria-label={t('activities.form.fields.contactId')}
          data-testid="activity-contact"
        />
      </Form.Item>
      ) : null}
      <Form.Item name="subject" label={t('activities.form.fields.subject')} rules={[zodRule(shape.subject, t)]}>
        <Input autoComplete="off" placeholder={t('activities.form.hints.subject')} data-testid="activity-subject" />
      </Form.Item>
      <Form.Item name="body" label={t('activities.form.fields.body')} rules={[zodRule(shape.body, t)]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} placeholder={t('activities.form.hints.body')} data-testid="activity-body" />
      </Form.Item>
      {kind === 'note' ? (
        <Form.Item name="isPrivate" label={t('activities.form.fields.isPrivate')} extra={t('activities.form.hints.isPrivate')} valuePropName="checked">
          <Switch data-testid="activity-private" />
        </Form.Item>
      ) : null}
      <FormProblem state={problem} />
      <FormActions onCancel={onDone} submitLabel={t('activities.form.submit')} loading={create.isPending || create.isSuccess} testId="activity-submit" />
    </Form>
  );
}

/** Opens on a customer or a lead; closing or saving calls onClose. */
export function ActivityDrawer({ mode, onClose }: { mode: ActivityDrawerMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDrawer<ActivityDrawerMode> mode={mode} onClose={onClose} width={600} title={() => t('activities.form.title')}>
      {(shown) => <ActivityForm key={`${shown.customerId}:${shown.related?.id}`} target={shown} onDone={onClose} />}
    </FormDrawer>
  );
}
