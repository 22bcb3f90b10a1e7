import { useCategories } from '../../api/queries';
import { CategoryGrid } from '../../components/CategoryGrid';
import { ErrorNotice } from '../../components/ErrorNotice';
import { usePageTitle } from '../../lib/usePageTitle';

export function CategoriesPage() {
  usePageTitle('Categories');
  const categories = useCategories();
  return (
    <div className="container page">
      <h1 className="page-title">Categories</h1>
      <CategoryGrid categories={categories.data} />
      <ErrorNotice error={categories.error} onRetry={() => categories.refetch()} />
    </div>
  );
}
