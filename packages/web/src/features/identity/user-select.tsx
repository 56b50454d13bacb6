// A user picker over the organization's users (needs users:read), searched on the server.
import { useUsers } from '../../api/identity';
import { SearchSelect, type SearchResult, type SearchSelectProps } from '../../components/search-select';

function useUserOptions(q: string): SearchResult {
  const users = useUsers({ q: q || undefined });
  return {
    options: (users.data?.pages[0]?.data ?? []).map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
    loading: users.isFetching,
  };
}

export function UserSelect(props: Omit<SearchSelectProps, 'useOptions'>) {
  return <SearchSelect useOptions={useUserOptions} {...props} />;
}
