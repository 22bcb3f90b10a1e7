/**
 * My apps: everything the account owns (bought, free or granted), with signed downloads of the
 * newest build for the chosen device type and "update available" for builds downloaded here.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { CircleArrowUp, Download, Library } from 'lucide-react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { type DownloadOffer, type LibraryApp, libraryApi, type Platform } from '../../api/library';
import { AppIcon } from '../../components/AppIcon';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField } from '../../components/Fields';
import { RequireSignIn } from '../../components/RequireSignIn';
import { Skeleton } from '../../components/Skeleton';
import { CURRENT_OS, type DownloadedBuild, useDevicePlatform, useDownloads } from '../../lib/downloads';
import { formatBytes, formatDate } from '../../lib/format';
import { problemMessage } from '../../lib/problems';
import { useLibrary } from '../../lib/useLibrary';
import { usePageTitle } from '../../lib/usePageTitle';
import { LibraryTabs } from './LibraryTabs';

const DEVICES: Array<{ value: Platform; label: string }> = [
  { value: 'phone', label: 'Phone' },
  { value: 'tablet', label: 'Tablet' },
  { value: 'desktop', label: 'Desktop' },
  { value: 'tv', label: 'TV' },
];

const SOURCES: Record<string, string> = { purchase: 'Bought', free: 'Free download', grant: 'Granted', subscription: 'Subscription' };

function downloadMessage(err: unknown, platform: Platform): string {
  if (isApiError(err) && err.code === 'no_release') return 'No download yet: the developer hasn’t released a build.';
  if (isApiError(err) && err.code === 'no_compatible_build') return `There’s no build for ${platform === 'tv' ? 'TV' : platform} yet.`;
  return problemMessage(err);
}

/** Starts the browser's download of a signed URL without leaving the page. */
function startDownload(offer: DownloadOffer) {
  const a = document.createElement('a');
  a.href = offer.downloadUrl;
  a.download = `${offer.bundleId}-${offer.version}.zip`;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

function LibraryRow({
  entry,
  platform,
  downloaded,
  update,
  onDownloaded,
}: {
  entry: LibraryApp;
  platform: Platform;
  downloaded?: DownloadedBuild;
  update?: DownloadOffer;
  onDownloaded: (offer: DownloadOffer) => void;
}) {
  const { app } = entry;
  const name = app.name ?? app.bundleId;
  const dl = useMutation({
    mutationFn: async () => {
      // A fresh offer unless the update's signed URL is still good for a while.
      if (update && Date.parse(update.expiresAt) - Date.now() > 30_000) return update;
      return libraryApi.download(app.bundleId, { platform, osVersion: CURRENT_OS });
    },
    onSuccess: (offer) => {
      startDownload(offer);
      onDownloaded(offer);
    },
  });
  return (
    <li className="library-item card">
      <Link to={`/apps/${encodeURIComponent(app.bundleId)}`} className="library-item__app">
        <AppIcon name={name} bundleId={app.bundleId} iconUrl={app.iconUrl ?? null} size={56} />
        <span>
          <span className="library-item__name">{name}</span>
          <span className="muted small">
            {[app.developer, SOURCES[entry.source] ?? entry.source, entry.acquiredAt ? formatDate(entry.acquiredAt) : '']
              .filter(Boolean)
              .join(' · ')}
          </span>
          {entry.products.length > 0 && <span className="muted small">In-app purchases: {entry.products.join(', ')}</span>}
        </span>
      </Link>
      <div className="library-item__actions">
        {update ? (
          <p className="library-item__update">
            <CircleArrowUp size={16} aria-hidden="true" /> Update available: version {update.version}
          </p>
        ) : downloaded ? (
          <p className="muted small">
            Downloaded version {downloaded.version} (build {downloaded.buildNumber})
          </p>
        ) : null}
        <button
          type="button"
          className={`btn btn--sm ${update ? 'btn--primary' : 'btn--ghost'}`}
          onClick={() => dl.mutate()}
          disabled={dl.isPending}
          aria-label={`${update ? 'Download update of' : 'Download'} ${name}`}
        >
          <Download size={16} aria-hidden="true" /> {dl.isPending ? 'Preparing…' : update ? 'Update' : 'Download'}
        </button>
        {dl.isSuccess && (
          <p className="muted small" role="status">
            Downloading {formatBytes(dl.data.sizeBytes)} · SHA-256 {dl.data.sha256.slice(0, 12)}…
          </p>
        )}
        {dl.error ? (
          <p className="small library-item__error" role="alert">
            {downloadMessage(dl.error, platform)}
          </p>
        ) : null}
      </div>
    </li>
  );
}

function LibraryList({ userId }: { userId: string }) {
  const [platform, setPlatform] = useDevicePlatform();
  const { downloads, remember } = useDownloads(userId);
  const q = useLibrary();
  const apps = q.data ?? [];
  const installed = apps
    .map((e) => ({ bundleId: e.app.bundleId, buildNumber: downloads[e.app.bundleId]?.buildNumber }))
    .filter((x): x is { bundleId: string; buildNumber: number } => typeof x.buildNumber === 'number');
  const updates = useQuery({
    queryKey: ['updates', userId, platform, installed],
    queryFn: () => libraryApi.checkUpdates({ platform, osVersion: CURRENT_OS }, installed.slice(0, 500)),
    enabled: installed.length > 0,
    retry: false,
    staleTime: 60_000,
  });
  const updateFor = new Map((updates.data ?? []).map((u) => [u.bundleId, u]));

  if (q.isPending)
    return (
      <div className="stack" aria-busy="true">
        <Skeleton height={88} radius={16} />
        <Skeleton height={88} radius={16} />
      </div>
    );
  if (q.error) return <ErrorNotice error={q.error} onRetry={() => q.refetch()} />;
  if (apps.length === 0)
    return (
      <EmptyState
        icon={Library}
        title="No apps yet"
        action={
          <Link className="btn btn--primary" to="/">
            Discover apps
          </Link>
        }
      >
        Apps you get or buy show up here, ready to download on any of your devices.
      </EmptyState>
    );
  return (
    <>
      <div className="library__toolbar">
        <p className="muted" aria-live="polite">
          {apps.length} {apps.length === 1 ? 'app' : 'apps'}
          {updateFor.size > 0 ? ` · ${updateFor.size} ${updateFor.size === 1 ? 'update' : 'updates'} available` : ''}
        </p>
        <SelectField label="Download for" value={platform} onChange={(e) => setPlatform(e.target.value as Platform)} options={DEVICES} />
      </div>
      <ul className="library-list">
        {apps.map((e) => (
          <LibraryRow
            key={e.app.bundleId}
            entry={e}
            platform={platform}
            downloaded={downloads[e.app.bundleId]}
            update={updateFor.get(e.app.bundleId)}
            onDownloaded={(offer) => remember(offer.bundleId, { version: offer.version, buildNumber: offer.buildNumber })}
          />
        ))}
      </ul>
    </>
  );
}

export function LibraryPage() {
  usePageTitle('My apps');
  return (
    <RequireSignIn>
      {(me) => (
        <div className="container page narrow">
          <h1 className="page-title">My apps</h1>
          <LibraryTabs current="apps" />
          <div className="library">
            <LibraryList userId={me.user.id} />
          </div>
        </div>
      )}
    </RequireSignIn>
  );
}
