// Currency picker over the currencies our customers trade in most.
import { Select, type SelectProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const common = ['CNY', 'HKD', 'TWD', 'MOP', 'USD', 'EUR', 'GBP', 'JPY', 'KRW', 'SGD', 'AUD', 'CAD', 'CHF', 'NZD', 'THB', 'MYR', 'INR', 'AED'];

export function CurrencySelect(props: SelectProps<string>) {
  const { i18n } = useTranslation();
  const { value } = props;
  const options = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'currency' });
    const codes = value && !common.includes(value) ? [value, ...common] : common;
    return codes.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
  }, [i18n.language, value]);
  return <Select<string> showSearch={{ optionFilterProp: 'label' }} options={options} {...props} />;
}
