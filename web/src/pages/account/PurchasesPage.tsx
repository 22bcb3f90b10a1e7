/**
 * Purchase history: every purchase with its signed receipt (viewable, copyable and checked against
 * the store's live status), refund state, and a refund request for purchases that qualify.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ReceiptText } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { libraryApi, type PurchaseEntry, type RefundStatus } from '../../api/library';
import { AppIcon } from '../../components/AppIcon';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextArea } from '../../components/Fields';
import { Pagination } from '../../components/Pagination';
import { RequireSignIn } from '../../components/RequireSignIn';
import { Sheet } from '../../components/Sheet';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { formatPrice } from '../../lib/money';
import { fieldErrors, problemMessage } from '../../lib/problems';
import { libraryKey } from '../../lib/useLibrary';
import { usePageTitle } from '../../lib/usePageTitle';
import { LibraryTabs } from './LibraryTabs';

const PAGE = 20;

const REFUND_TEXT: Record<RefundStatus, string> = {
  requested: 'Refund requested',
  approved: 'Refund approved',
  completed: 'Refunded',
  rejected: 'Refund declined',
};

const TYPE_TEXT: Record<PurchaseEntry['type'], string> = {
  paid_app: 'App',
  free_app: 'Free app',
  consumable: 'In-app purchase',
  non_consumable: 'In-app purchase',
};

function statusOf(p: PurchaseEntry): { text: string; tone: 'live' | 'draft' | 'removed' } | null {
  if (p.status === 'refunded' || p.refund?.status === 'completed') return { text: 'Refunded', tone: 'removed' };
  if (p.refund) return { text: REFUND_TEXT[p.refund.status], tone: p.refund.status === 'rejected' ? 'removed' : 'draft' };
  return null;
}

/** Paid, not refunded, and no request open (a declined request may be followed by another). */
const refundable = (p: PurchaseEntry) => p.status === 'completed' && (!p.refund || p.refund.status === 'rejected') && p.amountMinor > 0;

function ReceiptSheet({ purchase, open, onClose }: { purchase: PurchaseEntry; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const check = useMutation({ mutationFn: () => libraryApi.verifyReceipt(purchase.receipt ?? '', purchase.bundleId) });
  const { reset } = check;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  return (
    <Sheet open={open} title="Receipt" onClose={onClose}>
      <div className="stack">
        <dl className="facts receipt-facts">
          <div className="facts__row">
            <dt>Item</dt>
            <dd>{purchase.productId ? `${purchase.appName} · ${purchase.productId}` : purchase.appName}</dd>
          </div>
          <div className="facts__row">
            <dt>Amount</dt>
            <dd>{formatPrice(purchase.amountMinor, purchase.currency)}</dd>
          </div>
          <div className="facts__row">
            <dt>Date</dt>
            <dd>{formatDate(purchase.purchasedAt)}</dd>
          </div>
          <div className="facts__row">
            <dt>Transaction</dt>
            <dd className="mono">{purchase.transactionId}</dd>
          </div>
          <div className="facts__row">
            <dt>Storefront</dt>
            <dd>{purchase.country}</dd>
          </div>
        </dl>
        {purchase.receipt ? (
          <>
            <TextArea
              label="Signed receipt (JWS)"
              value={purchase.receipt}
              readOnly
              rows={4}
              className="input textarea mono"
              hint="Apps verify it with the store’s public keys at /.well-known/jwks.json."
            />
            <div className="row-actions">
              <button
                type="button"
                className="btn btn--ghost btn--sm"
                onClick={() =>
                  navigator.clipboard
                    ?.writeText(purchase.receipt ?? '')
                    .then(() => toast('Receipt copied.'))
                    .catch(() => toast('Couldn’t copy. Select the text and copy it instead.', 'error'))
                }
              >
                Copy
              </button>
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => check.mutate()} disabled={check.isPending}>
                {check.isPending ? 'Checking…' : 'Check with the store'}
              </button>
            </div>
            <div role="status" aria-live="polite">
              {check.data ? (
                <p className={`notice ${check.data.valid ? 'notice--success' : 'notice--error'}`}>
                  {check.data.valid ? `Valid receipt · status: ${check.data.status}` : `Not valid (${check.data.reason ?? 'unknown'})`}
                </p>
              ) : null}
            </div>
            {check.error ? <p className="notice notice--error">{problemMessage(check.error)}</p> : null}
          </>
        ) : (
          <p className="muted">This purchase has no receipt.</p>
        )}
      </div>
    </Sheet>
  );
}

function RefundSheet({ purchase, open, onClose }: { purchase: PurchaseEntry; open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const ask = useMutation({
    mutationFn: () => libraryApi.requestRefund(purchase.id, reason.trim()),
    onSuccess: (refund) => {
      toast(
        refund.status === 'approved' || refund.status === 'completed'
          ? 'Refund approved. The money goes back to your payment method.'
          : 'Refund requested. We’ll let you know what we decide.',
      );
      void qc.invalidateQueries({ queryKey: ['purchases'] });
      void qc.invalidateQueries({ queryKey: libraryKey });
      onClose();
    },
  });
  const { reset } = ask;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  return (
    <Sheet open={open} title="Request a refund" onClose={onClose}>
      <form
        className="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!reason.trim()) {
            setError('Tell us briefly why you want a refund.');
            return;
          }
          setError(undefined);
          ask.mutate();
        }}
      >
        <p>
          {purchase.productId ? `${purchase.appName} · ${purchase.productId}` : purchase.appName} ·{' '}
          <strong>{formatPrice(purchase.amountMinor, purchase.currency)}</strong>
        </p>
        <p className="muted small">
          Small purchases from the last 48 hours are refunded at once; others are reviewed by the store. A refunded app leaves your library.
        </p>
        <TextArea
          label="Reason"
          value={reason}
          maxLength={1000}
          rows={3}
          onChange={(e) => setReason(e.target.value)}
          error={error ?? fieldErrors(ask.error).reason}
        />
        <div role="alert" aria-live="assertive">
          {ask.error ? <p className="notice notice--error">{problemMessage(ask.error)}</p> : null}
        </div>
        <div className="purchase__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={ask.isPending}>
            {ask.isPending ? 'Sending…' : 'Request refund'}
          </button>
        </div>
      </form>
    </Sheet>
  );
}

function PurchaseRow({ p }: { p: PurchaseEntry }) {
  const [sheet, setSheet] = useState<'receipt' | 'refund' | null>(null);
  const status = statusOf(p);
  return (
    <li className="purchase-row card">
      <AppIcon name={p.appName} bundleId={p.bundleId} iconUrl={p.iconUrl} size={48} />
      <div className="purchase-row__text">
        <p className="purchase-row__name">
          <Link to={`/apps/${encodeURIComponent(p.bundleId)}`}>{p.appName}</Link>
          {p.productId && <span className="muted"> · {p.productId}</span>}{' '}
          {status && <span className={`badge badge--${status.tone}`}>{status.text}</span>}
        </p>
        <p className="muted small">
          {TYPE_TEXT[p.type] ?? p.type} · {formatDate(p.purchasedAt)} · {p.country}
        </p>
        {p.refund?.status === 'rejected' && (
          <p className="muted small" data-testid="refund-declined">
            Refund declined{p.refund.decidedAt ? ` on ${formatDate(p.refund.decidedAt)}` : ''}
            {p.refund.note ? `: ${p.refund.note}` : '.'}
          </p>
        )}
      </div>
      <p className="purchase-row__amount">{p.amountMinor === 0 ? 'Free' : formatPrice(p.amountMinor, p.currency)}</p>
      <div className="purchase-row__actions">
        <button type="button" className="btn btn--ghost btn--sm" aria-haspopup="dialog" onClick={() => setSheet('receipt')}>
          <ReceiptText size={16} aria-hidden="true" /> Receipt
        </button>
        {refundable(p) && (
          <button type="button" className="btn btn--ghost btn--sm" aria-haspopup="dialog" onClick={() => setSheet('refund')}>
            Request refund
          </button>
        )}
      </div>
      <ReceiptSheet purchase={p} open={sheet === 'receipt'} onClose={() => setSheet(null)} />
      {refundable(p) && <RefundSheet purchase={p} open={sheet === 'refund'} onClose={() => setSheet(null)} />}
    </li>
  );
}

function PurchaseList({ userId }: { userId: string }) {
  const [params] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const q = useQuery({
    queryKey: ['purchases', userId, page],
    queryFn: () => libraryApi.purchases({ limit: PAGE, offset: (page - 1) * PAGE }),
    placeholderData: keepPreviousData,
  });
  if (q.isPending)
    return (
      <div className="stack" aria-busy="true">
        <Skeleton height={72} radius={16} />
        <Skeleton height={72} radius={16} />
      </div>
    );
  if (q.error) return <ErrorNotice error={q.error} onRetry={() => q.refetch()} />;
  const { purchases, total } = q.data;
  if (total === 0)
    return (
      <EmptyState icon={ReceiptText} title="No purchases yet">
        Apps and in-app items you buy or get appear here with their receipts.
      </EmptyState>
    );
  return (
    <>
      <p className="muted" aria-live="polite">
        {total} {total === 1 ? 'purchase' : 'purchases'}
      </p>
      <ul className="purchase-list" aria-busy={q.isPlaceholderData}>
        {purchases.map((p) => (
          <PurchaseRow key={p.id} p={p} />
        ))}
      </ul>
      <Pagination page={page} pageCount={Math.ceil(total / PAGE)} hrefFor={(n) => (n === 1 ? '/purchases' : `/purchases?page=${n}`)} />
    </>
  );
}

export function PurchasesPage() {
  usePageTitle('Purchase history');
  return (
    <RequireSignIn>
      {(me) => (
        <div className="container page narrow">
          <h1 className="page-title">Purchase history</h1>
          <LibraryTabs current="purchases" />
          <div className="library">
            <PurchaseList userId={me.user.id} />
          </div>
        </div>
      )}
    </RequireSignIn>
  );
}
