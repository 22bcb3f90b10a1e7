/**
 * Reviews of the developer's apps with filters kept in the URL (rating, country, version,
 * unanswered), and a public response per review that can be written, edited or deleted.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MessageSquareText } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { developerReviewsApi, type FullReview, type InboxQuery } from '../../../api/moderation';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { SelectField, TextField } from '../../../components/Fields';
import { Pagination } from '../../../components/Pagination';
import { RatingStars } from '../../../components/RatingStars';
import { useToast } from '../../../components/Toast';
import { formatDate } from '../../../lib/format';
import { storefronts } from '../../../lib/shared';
import { pageFrom, withParams } from '../../../lib/url';

const PAGE_SIZE = 20;
export const inboxKey = ['review-inbox'];
const sortOptions = [
  { value: 'recent', label: 'Most recent' },
  { value: 'critical', label: 'Most critical' },
  { value: 'favorable', label: 'Most favourable' },
  { value: 'helpful', label: 'Most helpful' },
];
const ratingOptions = [{ value: '', label: 'Any rating' }, ...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${n} stars` }))];
const countryOptions = [{ value: '', label: 'Every country' }, ...storefronts.map((s) => ({ value: s.country, label: s.name }))];

export function ReviewInbox({ bundleId, appOptions }: { bundleId?: string; appOptions?: Array<{ value: string; label: string }> }) {
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const page = pageFrom(params);
  const rating = Number(params.get('rating')) || undefined;
  const query: InboxQuery = {
    bundleId: bundleId ?? (params.get('app') || undefined),
    rating: rating && rating >= 1 && rating <= 5 ? rating : undefined,
    country: params.get('country') || undefined,
    version: params.get('version') || undefined,
    unanswered: params.get('unanswered') === '1' || undefined,
    sort: (params.get('sort') as InboxQuery['sort']) || 'recent',
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const q = useQuery({
    queryKey: [...inboxKey, query],
    queryFn: () => developerReviewsApi.inbox(query),
    placeholderData: keepPreviousData,
  });
  const [version, setVersion] = useState(query.version ?? '');
  const setParam = (k: string, v: string | undefined) => navigate(withParams(pathname, params, { [k]: v }));
  const pageCount = q.data ? Math.ceil(q.data.total / PAGE_SIZE) : 0;
  return (
    <section className="card panel" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Reviews{q.data ? ` (${q.data.total})` : ''}</h2>
      <form
        className="console-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setParam('version', version.trim() || undefined);
        }}
      >
        {appOptions && (
          <SelectField
            label="App"
            value={query.bundleId ?? ''}
            onChange={(e) => setParam('app', e.target.value)}
            options={[{ value: '', label: 'All my apps' }, ...appOptions]}
          />
        )}
        <SelectField
          label="Rating"
          value={query.rating ? String(query.rating) : ''}
          onChange={(e) => setParam('rating', e.target.value)}
          options={ratingOptions}
        />
        <SelectField
          label="Country"
          value={query.country ?? ''}
          onChange={(e) => setParam('country', e.target.value)}
          options={countryOptions}
        />
        <TextField
          label="Version"
          placeholder="any"
          value={version}
          onChange={(e) => setVersion(e.target.value)}
          onBlur={() => setParam('version', version.trim() || undefined)}
          maxLength={50}
        />
        <SelectField label="Sort" value={query.sort} onChange={(e) => setParam('sort', e.target.value)} options={sortOptions} />
        <label className="checkbox console-filters__check">
          <input
            type="checkbox"
            checked={query.unanswered === true}
            onChange={(e) => setParam('unanswered', e.target.checked ? '1' : undefined)}
          />
          Unanswered only
        </label>
      </form>
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data?.reviews.length === 0 && (
        <EmptyState icon={MessageSquareText} title="No reviews match">
          Reviews of your apps appear here as soon as they are approved or waiting for moderation.
        </EmptyState>
      )}
      <ul className={`review-inbox${q.isPlaceholderData ? ' is-stale' : ''}`}>
        {q.data?.reviews.map((r) => (
          <li key={r.id}>
            <InboxReview review={r} showApp={!bundleId} />
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
    </section>
  );
}

function InboxReview({ review: r, showApp }: { review: FullReview; showApp: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(r.response?.body ?? '');
  const id = useId();
  const save = useMutation({
    mutationFn: () => developerReviewsApi.respond(r.id, text.trim()),
    onSuccess: async () => {
      setEditing(false);
      toast(r.response ? 'Response updated.' : 'Response published. The reviewer is notified.');
      await qc.invalidateQueries({ queryKey: inboxKey });
    },
  });
  const remove = useMutation({
    mutationFn: () => developerReviewsApi.removeResponse(r.id),
    onSuccess: async () => {
      setText('');
      toast('Response deleted.', 'info');
      await qc.invalidateQueries({ queryKey: inboxKey });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) save.mutate();
  };
  return (
    <article className="inbox-review" aria-labelledby={`${id}-title`}>
      <header className="inbox-review__head">
        <RatingStars value={r.rating} />
        <h3 id={`${id}-title`} className="inbox-review__title">
          {r.title || <span className="muted">(no title)</span>}
        </h3>
        {r.status !== 'approved' && <span className="badge badge--draft">{r.status === 'rejected' ? 'Rejected' : 'In moderation'}</span>}
      </header>
      <p className="muted small">
        {r.author.displayName} · {r.country} · version {r.appVersion || '—'} · {formatDate(r.createdAt)}
        {showApp && (
          <>
            {' '}
            · <code>{r.bundleId}</code>
          </>
        )}
      </p>
      {r.body && <p className="inbox-review__body">{r.body}</p>}
      {r.response && !editing && (
        <div className="dev-response">
          <p className="strong small">Your response · {formatDate(r.response.updatedAt)}</p>
          <p>{r.response.body}</p>
        </div>
      )}
      {editing ? (
        <form onSubmit={onSubmit} className="form" noValidate>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-reply`}>
              Response to {r.author.displayName}
            </label>
            <textarea
              id={`${id}-reply`}
              className="input textarea"
              rows={3}
              maxLength={5000}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
            <p className="field__hint">Public, shown under the review. Be kind and specific.</p>
          </div>
          <ErrorNotice error={save.error} />
          <div className="form__actions">
            <button type="button" className="btn btn--ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn--primary" disabled={!text.trim() || save.isPending}>
              {save.isPending ? 'Publishing…' : 'Publish response'}
            </button>
          </div>
        </form>
      ) : (
        <div className="row-actions">
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setEditing(true)}>
            {r.response ? 'Edit response' : 'Reply'}
          </button>
          {r.response && (
            <button type="button" className="btn btn--danger-ghost btn--sm" onClick={() => remove.mutate()} disabled={remove.isPending}>
              Delete response
            </button>
          )}
        </div>
      )}
      <ErrorNotice error={remove.error} />
    </article>
  );
}
