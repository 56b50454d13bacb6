// A select that asks the server as the user types, for lists too long to load
// whole (users, owners). The chosen value keeps its label while the search moves on.
import { Select, type SelectProps } from 'antd';
import { useState } from 'react';
import { useDebounced } from './use-debounced';

export interface SearchOption {
  value: string;
  label: string;
}

export interface SearchResult {
  options: SearchOption[];
  loading: boolean;
}

export interface SearchSelectProps extends Omit<SelectProps<string>, 'options' | 'showSearch' | 'loading'> {
  /** The options for a search text ('' before anything is typed). Pass the same hook on every render. */
  useOptions: (q: string) => SearchResult;
  /** Labels for values that may not be among the options, e.g. a record's current owner. */
  knownLabels?: Record<string, string>;
}

export function SearchSelect({ useOptions, knownLabels, ...props }: SearchSelectProps) {
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim(), 250);
  const { options: found, loading } = useOptions(q);
  const [seen] = useState(() => new Map<string, string>());
  for (const option of found) seen.set(option.value, option.label);
  const options = [...found];
  const selected = props.value;
  if (selected && !options.some((o) => o.value === selected)) {
    options.unshift({ value: selected, label: seen.get(selected) ?? knownLabels?.[selected] ?? selected });
  }
  return <Select<string> showSearch={{ filterOption: false, onSearch: setTyped }} loading={loading} options={options} {...props} />;
}
