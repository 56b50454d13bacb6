// The owner picker: active users by name, which every signed-in user may look up.
import { useCurrentMe } from '../../api/auth';
import { useUserLookup } from '../../api/identity';
import { SearchSelect, type SearchResult, type SearchSelectProps } from '../../components/search-select';

function useOwnerOptions(q: string): SearchResult {
  const users = useUserLookup(q);
  return { options: (users.data ?? []).map((user) => ({ value: user.id, label: user.name })), loading: users.isFetching };
}

export function OwnerSelect({ knownLabels, ...props }: Omit<SearchSelectProps, 'useOptions'>) {
  const me = useCurrentMe();
  return <SearchSelect useOptions={useOwnerOptions} knownLabels={{ [me.user.id]: me.user.name, ...knownLabels }} {...props} />;
}
