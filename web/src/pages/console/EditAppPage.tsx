import { useMutation, useQuery } from '@tanstack/react-query';
import { ExternalLink, Send } from 'lucide-react';
import { Link, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { consoleApi } from '../../api/console';
import { AppIcon } from '../../components/AppIcon';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageFallback } from '../../components/Layout';
import { StatusBadge } from '../../components/StatusBadge';
import { useToast } from '../../components/Toast';
import { usePageTitle } from '../../lib/usePageTitle';
import { NotFoundPage } from '../store/NotFoundPage';
import { AppTabs } from './AppTabs';
import { consoleAppKey, useAppUpdated } from './console-cache';
import { DangerZone } from './edit/DangerZone';
import { ListingSection } from './edit/ListingSection';
import { MediaSection } from './edit/MediaSection';
import { PricesSection } from './edit/PricesSection';

export function EditAppPage() {
  const { bundleId = '' } = useParams();
  const q = useQuery({ queryKey: consoleAppKey(bundleId), queryFn: () => consoleApi.app(bundleId) });
  const updated = useAppUpdated(bundleId);
  const toast = useToast();
  const publish = useMutation({
    mutationFn: () => consoleApi.publish(bundleId),
    onSuccess: (app) => {
      updated(app);
      toast(`${app.name} is live in the store.`);
    },
  });
  usePageTitle(q.data ? `Edit ${q.data.name}` : 'Edit app');
  if (q.isPending) return <PageFallback />;
  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage what="app" />;
  const app = q.data;
  if (!app) return <ErrorNotice error={q.error} onRetry={() => q.refetch()} />;
  const removed = app.status === 'removed';
  return (
    <div className="stack-lg">
      <header className="edit-head card">
        <AppIcon name={app.name} bundleId={app.bundleId} iconUrl={app.iconUrl} size={72} />
        <div className="edit-head__text">
          <h1 className="page-title">
            {app.name} <StatusBadge status={app.status} />
          </h1>
          <code className="muted">{app.bundleId}</code>
        </div>
        <div className="row-actions">
          <Link to={`/console/apps/${encodeURIComponent(app.bundleId)}/analytics`} className="btn btn--ghost">
            Analytics
          </Link>
          {app.status === 'live' && (
            <Link to={`/apps/${encodeURIComponent(app.bundleId)}`} className="btn btn--ghost">
              View in store <ExternalLink size={16} aria-hidden="true" />
            </Link>
          )}
          {app.status === 'draft' && (
            <button type="button" className="btn btn--primary" onClick={() => publish.mutate()} disabled={publish.isPending}>
              <Send size={16} aria-hidden="true" /> {publish.isPending ? 'Publishing…' : 'Publish'}
            </button>
          )}
        </div>
      </header>
      <AppTabs bundleId={app.bundleId} />
      <ErrorNotice error={publish.error} />
      {removed ? (
        <p className="notice notice--info">This app was removed from the store. It stays here for your records.</p>
      ) : (
        <>
          <ListingSection app={app} />
          <MediaSection app={app} />
          <PricesSection app={app} />
          <DangerZone app={app} />
        </>
      )}
    </div>
  );
}
