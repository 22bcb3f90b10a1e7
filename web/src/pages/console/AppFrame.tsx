/** The frame of an app's console sections: the app's header and section tabs around the page. */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { consoleApi } from '../../api/console';
import type { AppDetail } from '../../api/types';
import { AppIcon } from '../../components/AppIcon';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageFallback } from '../../components/Layout';
import { StatusBadge } from '../../components/StatusBadge';
import { usePageTitle } from '../../lib/usePageTitle';
import { NotFoundPage } from '../store/NotFoundPage';
import { AppTabs } from './AppTabs';
import { consoleAppKey } from './console-cache';

export function AppFrame({ section, children }: { section: string; children: (app: AppDetail) => ReactNode }) {
  const { bundleId = '' } = useParams();
  const q = useQuery({ queryKey: consoleAppKey(bundleId), queryFn: () => consoleApi.app(bundleId) });
  usePageTitle(q.data ? `${section} · ${q.data.name}` : section);
  if (q.isPending) return <PageFallback />;
  if (isApiError(q.error) && q.error.status === 404) return <NotFoundPage what="app" />;
  const app = q.data;
  if (!app) return <ErrorNotice error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div className="stack-lg">
      <header className="edit-head card">
        <AppIcon name={app.name} bundleId={app.bundleId} iconUrl={app.iconUrl} size={56} />
        <div className="edit-head__text">
          <h1 className="page-title">
            {section}: {app.name} <StatusBadge status={app.status} />
          </h1>
          <code className="muted">{app.bundleId}</code>
        </div>
      </header>
      <AppTabs bundleId={app.bundleId} />
      {children(app)}
    </div>
  );
}
