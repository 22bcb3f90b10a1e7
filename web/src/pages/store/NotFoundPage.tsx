import { Compass } from 'lucide-react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { usePageTitle } from '../../lib/usePageTitle';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  usePageTitle('Not found');
  return (
    <div className="container page">
      <h1 className="sr-only">Not found</h1>
      <EmptyState
        icon={Compass}
        title={`We couldn’t find that ${what}`}
        action={
          <Link to="/" className="btn btn--primary">
            Go to Discover
          </Link>
        }
      >
        It may have been removed, or the link may be mistyped. Try searching for it instead.
      </EmptyState>
    </div>
  );
}
