/** Query hooks shared by several pages (one cache key each, so pages share the data). */
import { useQuery } from '@tanstack/react-query';
import { catalogApi } from './catalog';

export function useCategories() {
  return useQuery({ queryKey: ['categories'], queryFn: catalogApi.categories, staleTime: 5 * 60_000 });
}
