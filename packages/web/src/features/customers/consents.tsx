// Marketing consent (营销许可) of a contact: per channel granted or not and where that came from,
// edited in the contact form and shown as tags in the contacts list.
import { consentChannels, consentSources, type Consent } from '@kehu/shared';
import { Flex, Form, Select, Switch, Tag, Tooltip, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';

type Channel = Consent['channel'];
type Source = Consent['source'];
type ConsentInput = Pick<Consent, 'channel' | 'granted' | 'source'>;

/** The form's consent inputs: one switch and one source per channel. */
export type ConsentValues = Record<Channel, { granted: boolean; source: Source }>;

export function consentValuesOf(consents: Consent[]): ConsentValues {
  return Object.fromEntries(
    consentChannels.map((channel) => {
      const recorded = consents.find((c) => c.channel === channel);
      return [channel, { granted: recorded?.granted ?? false, source: recorded?.source ?? 'manual' }];
    }),
  ) as ConsentValues;
}

/**
 * The full consent list a save sends: the channels recorded before and those the user touched,
 * so a channel nobody asked about stays "not recorded" rather than becoming a refusal.
 */
export function consentsFrom(form: FormInstance, values: ConsentValues | undefined, previous: Consent[]): ConsentInput[] {
  return consentChannels
    .filter(
      (channel) =>
        previous.some((c) => c.channel === channel) ||
        form.isFieldsTouched([
          ['consents', channel, 'granted'],
          ['consents', channel, 'source'],
        ]),
    )
    .map((channel) => ({ channel, granted: values?.[channel]?.granted ?? false, source: values?.[channel]?.source ?? 'manual' }));
}

/** Whether a consent list differs from the recorded one (the time stamps aside). */
export function consentsChanged(next: ConsentInput[], previous: Consent[]): boolean {
  const key = (list: ConsentInput[]) =>
    JSON.stringify(
      consentChannels.map((channel) => {
        const c = list.find((item) => item.channel === channel);
        return c ? [c.granted, c.source] : null;
      }),
    );
  return key(next) !== key(previous);
}

/** The form section: for each channel a 同意/未同意 switch and the source. */
export function ConsentFields() {
  const { t } = useTranslation();
  const sources = consentSources.map((source) => ({ value: source, label: t(`contacts.consentSources.${source}`) }));
  return (
    <Flex vertical gap={12} style={{ marginBottom: 24 }} data-testid="consent-fields">
      <Typography.Text type="secondary">{t('contacts.consents.hint')}</Typography.Text>
      {consentChannels.map((channel) => {
        const name = t(`contacts.channels.${channel}`);
        return (
          <Flex key={channel} align="center" gap={12} wrap>
            <Typography.Text style={{ width: 72 }}>{name}</Typography.Text>
            <Form.Item name={['consents', channel, 'granted']} valuePropName="checked" noStyle>
              <Switch
                checkedChildren={t('contacts.consents.granted')}
                unCheckedChildren={t('contacts.consents.denied')}
                aria-label={t('contacts.consents.switchLabel', { channel: name })}
                style={{ minWidth: 72 }}
              />
            </Form.Item>
            <Form.Item name={['consents', channel, 'source']} noStyle>
              <Select options={sources} style={{ width: 160 }} aria-label={t('contacts.consents.sourceLabel', { channel: name })} />
            </Form.Item>
          </Flex>
        );
      })}
    </Flex>
  );
}

/** A contact's recorded consents as tags: 邮件 ✓ in green, 短信 ✗ plain; the tooltip gives source and time. */
export function ConsentTags({ consents }: { consents: Consent[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (consents.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const ordered = consentChannels.flatMap((channel) => consents.filter((c) => c.channel === channel));
  return (
    <Flex gap={4} wrap>
      {ordered.map((c) => (
        <Tooltip
          key={c.channel}
          title={t('contacts.consents.tooltip', { source: t(`contacts.consentSources.${c.source}`), time: format.dateTime(c.at) })}
        >
          <Tag color={c.granted ? 'green' : 'default'} style={{ marginInlineEnd: 0 }} data-testid={`consent-${c.channel}`}>
            {t(`contacts.channels.${c.channel}`)} {c.granted ? '✓' : '✗'}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}
