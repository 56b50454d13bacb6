// The contact form in a drawer: add a contact to a customer, or edit one, with its
// marketing consent per channel and its custom fields.
import { ContactCreate, type Contact, type ContactPatch, type CustomField } from '@kehu/shared';
import { App, Col, DatePicker, Divider, Form, Input, Row, Switch } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCurrentMe } from '../../api/auth';
import { useCreateContact, useUpdateContact } from '../../api/customers';
import { keys } from '../../api/keys';
import { FormDrawer } from '../../components/form-drawer';
import { FormActions, FormProblem, useFormProblem } from '../../components/forms';
import { zodRule } from '../../components/rules';
import { ConsentFields, consentsChanged, consentsFrom, consentValuesOf, type ConsentValues } from './consents';
import { customChanges, CustomFieldsSection, customFormValues, WithCustomFields, type CustomFormValues } from './custom-fields';
import { ChoiceField, compact, formValues, ListField, listValue, patchOf, text } from './form-parts';
import { customerOptions } from './labels';

export type ContactDrawerMode = { kind: 'create'; customerId: string } | { kind: 'edit'; contact: Contact };

/** The built-in fields a save may send; consents and custom fields go their own way. */
type Fields = Required<Omit<z.input<typeof ContactPatch>, 'version' | 'custom' | 'consents'>>;

type ContactValues = Omit<ReturnType<typeof formValues<Fields>>, 'phones' | 'emails' | 'birthday'> & {
  phones: string[];
  emails: string[];
  birthday?: Dayjs | null;
  consents?: ConsentValues;
  custom?: CustomFormValues;
};

const shape = ContactCreate.shape;
const DATE = 'YYYY-MM-DD';
// A section's divider keeps its distance from the field above it.
const sectionStyle = { marginTop: 24 };

function fieldsOf(c: Contact): Fields {
  return {
    name: c.name,
    title: c.title,
    department: c.department,
    phones: c.phones.map((p) => p.number),
    emails: c.emails,
    wechat: c.wechat,
    birthday: c.birthday,
    decisionRole: c.decisionRole,
    isPrimary: c.isPrimary,
    preferredChannel: c.preferredChannel,
    notes: c.notes,
  };
}

function valuesOf(c: Contact, customFields: CustomField[]): ContactValues {
  const fields = fieldsOf(c);
  return {
    ...formValues(fields),
    phones: listValue(fields.phones),
    emails: listValue(fields.emails),
    birthday: c.birthday ? dayjs(c.birthday, DATE) : null,
    consents: consentValuesOf(c.consents),
    custom: customFormValues(customFields, c.custom),
  };
}

function fieldsFrom(v: ContactValues): Fields {
  return {
    name: v.name?.trim() ?? '',
    title: text(v.title),
    department: text(v.department),
    phones: compact(v.phones),
    emails: compact(v.emails).map((e) => e.toLowerCase()),
    wechat: text(v.wechat),
    birthday: v.birthday ? v.birthday.format(DATE) : null,
    decisionRole: v.decisionRole ?? null,
    isPrimary: v.isPrimary ?? false,
    preferredChannel: v.preferredChannel ?? null,
    notes: text(v.notes),
  };
}

function ContactForm({ mode, customFields, onDone }: { mode: ContactDrawerMode; customFields: CustomField[]; onDone: () => void }) {
  const { t } = useTranslation();
  const currency = useCurrentMe().organization.currency;
  const { message } = App.useApp();
  const [form] = Form.useForm<ContactValues>();
  const create = useCreateContact();
  const update = useUpdateContact();
  const problem = useFormProblem(form);
  const options = customerOptions(t);
  const contact = mode.kind === 'edit' ? mode.contact : null;
  const client = useQueryClient();

  // After a stale write: close, and have the list show the contact as it now is.
  const reload = () => {
    void client.invalidateQueries({ queryKey: keys.contacts(contact?.customerId ?? '') });
    onDone();
  };

  const onFinish = (values: ContactValues) => {
    problem.clear();
    const fields = fieldsFrom(values);
    const previousConsents = contact?.consents ?? [];
    const consents = consentsFrom(form, values.consents, previousConsents);
    const consentChange = consentsChanged(consents, previousConsents) ? { consents } : {};
    const custom = customChanges(customFields, values.custom, contact?.custom ?? {}, currency);
    const customChange = custom ? { custom } : {};
    form.setFieldsValue({ phones: listValue(fields.phones), emails: listValue(fields.emails) });
    if (mode.kind === 'create') {
      create.mutate(
        { customerId: mode.customerId, ...fields, ...consentChange, ...customChange },
        {
          onSuccess: (created) => {
            void message.success(t('contacts.created', { name: created.name }));
            onDone();
          },
          onError: problem.onError,
        },
      );
      return;
    }
    const patch = patchOf(fieldsOf(mode.contact), fields, mode.contact.version);
    if (!patch && !consentChange.consents && !custom) {
      onDone();
      return;
    }
    update.mutate(
      { contactId: mode.contact.id, body: { ...(patch ?? { version: mode.contact.version }), ...consentChange, ...customChange } },
      {
        onSuccess: () => {
          void message.success(t('contacts.saved'));
          onDone();
        },
        onError: problem.onError,
      },
    );
  };

  return (
    <Form<ContactValues>
      form={form}
      name={contact ? 'contact-edit' : 'contact-create'}
      layout="vertical"
      onFinish={onFinish}
      initialValues={
        contact
          ? valuesOf(contact, customFields)
          : { phones: [''], emails: [''], isPrimary: false, consents: consentValuesOf([]), custom: customFormValues(customFields, {}) }
      }
      scrollToFirstError
    >
      <Form.Item name="name" label={t('contacts.fields.name')} required rules={[zodRule(shape.name, t)]}>
        <Input autoComplete="off" placeholder={t('contacts.fields.namePlaceholder')} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="title" label={t('contacts.fields.title')} rules={[zodRule(shape.title, t)]}>
            <Input autoComplete="off" placeholder={t('contacts.fields.titlePlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="department" label={t('contacts.fields.department')} rules={[zodRule(shape.department, t)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <ChoiceField name="decisionRole" label={t('contacts.fields.decisionRole')} options={options.decisionRoles} optional />
        </Col>
        <Col xs={24} sm={12}>
          <ChoiceField name="preferredChannel" label={t('contacts.fields.preferredChannel')} options={options.channels} optional />
        </Col>
      </Row>
      <ListField name="phones" label={t('contacts.fields.phones')} />
      <ListField name="emails" label={t('contacts.fields.emails')} />
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="wechat" label={t('contacts.fields.wechat')} rules={[zodRule(shape.wechat, t)]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="birthday" label={t('contacts.fields.birthday')}>
            <DatePicker format={DATE} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="isPrimary" label={t('contacts.fields.isPrimary')} extra={t('contacts.fields.isPrimaryHint')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="notes" label={t('contacts.fields.notes')} rules={[zodRule(shape.notes, t)]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Divider titlePlacement="start" style={sectionStyle}>
        {t('contacts.sections.consents')}
      </Divider>
      <ConsentFields />
      <CustomFieldsSection
        title={t('contacts.sections.custom')}
        fields={customFields}
        stored={contact?.custom ?? {}}
        currency={currency}
      />
      <FormProblem state={problem} onReload={reload} />
      <FormActions
        onCancel={onDone}
        submitLabel={contact ? t('common.save') : t('contacts.add')}
        loading={create.isPending || update.isPending}
        testId="contact-submit"
      />
    </Form>
  );
}

export function ContactDrawer({ mode, onClose }: { mode: ContactDrawerMode | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormDrawer<ContactDrawerMode>
      mode={mode}
      onClose={onClose}
      title={(shown) => (shown.kind === 'edit' ? t('contacts.editTitle') : t('contacts.createTitle'))}
    >
      {(shown) => (
        <WithCustomFields object="contact">
          {(customFields) => (
            <ContactForm key={shown.kind === 'edit' ? shown.contact.id : 'create'} mode={shown} customFields={customFields} onDone={onClose} />
          )}
        </WithCustomFields>
      )}
    </FormDrawer>
  );
}
