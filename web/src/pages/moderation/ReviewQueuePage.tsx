/**
 * Reviews waiting for a moderator, riskiest first: the review, its trust score with every signal
 * and reason, reports from shoppers; approve or reject with a reason, one by one or in bulk.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Flag, ListChecks, X } from 'lucide-react';
import { useId, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { type ModeratorAction, moderationApi, type QueueItem } from '../../api/moderation';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Pagination } from '../../components/Pagination';
import { RatingStars } from '../../components/RatingStars';
import { SegmentedLinks } from '../../components/SegmentedLinks';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { pageFrom, withParams } from '../../lib/url';
import { usePageTitle } from '../../lib/usePageTitle';
import { ModelStatus, modelsKey } from './ModelStatus';
import { pct, SignalBars, tone } from './SignalBars';

const PAGE_SIZE = 20;
const queueKey = ['moderation', 'queue'];
const sourceLabels: Record<string, string> = { integrity: 'Flagged by integrity check', reports: 'Reported by shoppers' };

export function ReviewQueuePage() {
  usePageTitle('Review queue');
  const [params] = useSearchParams();
  const { pathname } = useLocation();
  const page = pageFrom(params);
  const source = params.get('source') ?? '';
  const q = useQuery({
    queryKey: [...queueKey, page],
    queryFn: () => moderationApi.queue({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const items = (q.data?.items ?? []).filter((i) => !source || i.source === source);
  const pageCount = q.data ? Math.ceil(q.data.total / PAGE_SIZE) : 0;
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <div className="stack">
      <div className="section__head">
        <div>
          <h1 className="page-title">Review queue</h1>
          {q.data && <p className="muted">{q.data.total === 1 ? '1 review waits' : `${q.data.total} reviews wait`}, riskiest first</p>}
        </div>
        <SegmentedLinks
          label="Show"
          items={[
            { label: 'All', to: withParams(pathname, params, { source: undefined }), current: !source },
            { label: 'Flagged', to: withParams(pathname, params, { source: 'integrity' }), current: source === 'integrity' },
            { label: 'Reported', to: withParams(pathname, params, { source: 'reports' }), current: source === 'reports' },
          ]}
        />
      </div>
      <ModelStatus />
      {selected.size > 0 && <BulkBar ids={[...selected]} onDone={() => setSelected(new Set())} />}
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data && items.length === 0 && (
        <EmptyState icon={ListChecks} title="Nothing to moderate">
          The queue is empty{source ? ' for this filter' : ''}. New suspicious or reported reviews appear here.
        </EmptyState>
      )}
      <ul className="mod-queue">
        {items.map((item) => (
          <li key={item.review.id}>
            <QueueCard item={item} selected={selected.has(item.review.id)} onSelect={(on) => toggle(item.review.id, on)} />
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={pageCount} hrefFor={(p) => withParams(pathname, params, { page: p })} />
    </div>
  );
}

function useDecided() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: queueKey });
    void qc.invalidateQueries({ queryKey: modelsKey });
  };
}

function QueueCard({ item, selected, onSelect }: { item: QueueItem; selected: boolean; onSelect: (on: boolean) => void }) {
  const r = item.review;
  const id = useId();
  const toast = useToast();
  const decided = useDecided();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [open, setOpen] = useState(item.source === 'reports');
  const detail = useQuery({ queryKey: ['moderation', 'review', r.id], queryFn: () => moderationApi.review(r.id), enabled: open });
  const decide = useMutation({
    mutationFn: (action: ModeratorAction) => moderationApi.decide(r.id, action, reason.trim()),
    onSuccess: (rv, action) => {
      toast(action === 'approve' ? `Approved “${rv.title || 'review'}”.` : `Rejected “${rv.title || 'review'}”.`);
      decided();
    },
  });
  const act = (a: ModeratorAction) => {
    if (!reason.trim()) {
      setReasonError('Say why: the reason is kept in the audit log and teaches the model.');
      return;
    }
    setReasonError(undefined);
    decide.mutate(a);
  };
  const title = r.title || '(no title)';
  return (
    <article className="mod-card card" aria-labelledby={`${id}-title`}>
      <header className="mod-card__head">
        <label className="checkbox">
          <input type="checkbox" checked={selected} onChange={(e) => onSelect(e.target.checked)} />
          <span className="sr-only">Select review {title}</span>
        </label>
        <span className={`score score--${tone(item.score)}`} title="Trust score: lower is riskier">
          {pct(item.score)}
        </span>
        <div className="mod-card__title">
          <h2 id={`${id}-title`}>{title}</h2>
          <p className="muted small">
            <RatingStars value={r.rating} /> {r.author.displayName} · <code>{r.bundleId}</code> · {r.country} · {formatDate(r.createdAt)}
          </p>
        </div>
        <span className={`badge ${item.source === 'reports' ? 'badge--removed' : 'badge--draft'}`}>
          {item.source === 'reports' ? <Flag size={12} aria-hidden="true" /> : null} {sourceLabels[item.source] ?? item.source}
        </span>
      </header>
      {r.body && <p className="mod-card__body">{r.body}</p>}
      {r.reportCount > 0 && (
        <p className="small strong">
          {r.reportCount} report{r.reportCount === 1 ? '' : 's'} from shoppers
        </p>
      )}
      {item.decision ? <SignalBars decision={item.decision} /> : <p className="muted small">Not scored yet.</p>}
      <details className="disclosure" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>Reports and history</summary>
        <ErrorNotice error={detail.error} />
        {detail.data && (
          <div className="small">
            {detail.data.reports.length ? (
              <ul className="reasons">
                {detail.data.reports.map((rep) => (
                  <li key={rep.createdAt + rep.reason}>
                    <strong>{rep.reason.replace('_', ' ')}</strong>
                    {rep.note && `: ${rep.note}`} <span className="muted">({formatDate(rep.createdAt)})</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No reports.</p>
            )}
            <p className="muted">
              {detail.data.decisions.length} integrity decision{detail.data.decisions.length === 1 ? '' : 's'} · revision {r.revision}
              {r.edited ? ' (edited)' : ''}
            </p>
          </div>
        )}
      </details>
      <div className="mod-card__decide">
        <div className={`field${reasonError ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={`${id}-reason`}>
            Reason
          </label>
          <input
            id={`${id}-reason`}
            className="input"
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. generic text posted from many new accounts"
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? `${id}-reason-error` : undefined}
          />
          {reasonError && (
            <p className="field__error" id={`${id}-reason-error`}>
              {reasonError}
            </p>
          )}
        </div>
        <div className="row-actions">
          <button type="button" className="btn btn--primary" onClick={() => act('approve')} disabled={decide.isPending}>
            <Check size={16} aria-hidden="true" /> Approve
          </button>
          <button type="button" className="btn btn--danger" onClick={() => act('reject')} disabled={decide.isPending}>
            <X size={16} aria-hidden="true" /> Reject
          </button>
        </div>
      </div>
      <ErrorNotice error={decide.error} />
    </article>
  );
}

function BulkBar({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const toast = useToast();
  const decided = useDecided();
  const [reason, setReason] = useState('');
  const bulk = useMutation({
    mutationFn: (action: ModeratorAction) => moderationApi.bulk(ids, action, reason.trim()),
    onSuccess: (results, action) => {
      const ok = results.filter((x) => x.ok).length;
      const failed = results.length - ok;
      toast(
        `${action === 'approve' ? 'Approved' : 'Rejected'} ${ok} review${ok === 1 ? '' : 's'}${failed ? `; ${failed} failed` : ''}.`,
        failed ? 'error' : 'success',
      );
      decided();
      onDone();
    },
  });
  return (
    <section className="bulk-bar card" aria-label="Bulk actions">
      <span className="strong">{ids.length} selected</span>
      <input
        className="input"
        aria-label="Reason for all selected"
        placeholder="Reason for all selected"
        maxLength={500}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button
        type="button"
        className="btn btn--primary btn--sm"
        disabled={!reason.trim() || bulk.isPending}
        onClick={() => bulk.mutate('approve')}
      >
        Approve selected
      </button>
      <button
        type="button"
        className="btn btn--danger btn--sm"
        disabled={!reason.trim() || bulk.isPending}
        onClick={() => bulk.mutate('reject')}
      >
        Reject selected
      </button>
      <button type="button" className="btn btn--ghost btn--sm" onClick={onDone}>
        Clear
      </button>
      <ErrorNotice error={bulk.error} />
    </section>
  );
}
