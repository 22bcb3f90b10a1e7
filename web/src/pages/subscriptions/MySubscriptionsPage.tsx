/**
 * Account → Subscriptions: each subscription with its plan, status, next renewal (date and
 * price), a billing-problem banner with a payment update, cancel / resume, change plan, consent
 * to a price increase, and resubscribe once expired.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreditCard, Repeat } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RequireSignIn } from '../../components/RequireSignIn';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { type Subscription, subscriptionsApi } from './api';

const key = ['me', 'subscriptions'];

const STATUS: Record<Subscription['status'], string> = {
  active: 'Active',
  billing_grace_period: 'Payment problem — still active',
  billing_retry: 'Payment problem — paused',
  expired: 'Expired',
  revoked: 'Refunded',
};

function SubscriptionCard({ sub }: { sub: Subscription }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [changing, setChanging] = useState(false);
  const [token, setToken] = useState('tok_ok');
  const plans = useQuery({ queryKey: [...key, sub.id, 'plans'], queryFn: () => subscriptionsApi.one(sub.id), enabled: changing });
  const done = async (msg: string) => {
    toast(msg);
    await qc.invalidateQueries({ queryKey: key });
  };
  const act = useMutation({
    mutationFn: async (a: { kind: 'cancel' | 'resume' | 'consent' | 'pay' | 'resubscribe' } | { kind: 'plan'; productId: string }) => {
      if (a.kind === 'plan') return subscriptionsApi.changePlan(sub.id, a.productId);
      if (a.kind === 'cancel') return subscriptionsApi.cancel(sub.id);
      if (a.kind === 'resume') return subscriptionsApi.resume(sub.id);
      if (a.kind === 'consent') return subscriptionsApi.consent(sub.id);
      if (a.kind === 'pay') return subscriptionsApi.paymentMethod(sub.id, token);
      return subscriptionsApi.resubscribe(sub.bundleId, sub.productId);
    },
    onSuccess: (_r, a) =>
      done(
        a.kind === 'cancel'
          ? 'Auto-renew is off; you keep access until the end of the period.'
          : a.kind === 'plan'
            ? 'Plan changed.'
            : a.kind === 'pay'
              ? 'Payment method updated; we will retry shortly.'
              : 'Done.',
      ),
  });
  const live = sub.status === 'active' || sub.status === 'billing_grace_period' || sub.status === 'billing_retry';
  return (
    <article className="panel" aria-labelledby={`sub-${sub.id}`}>
      <header className="page-header">
        <div>
          <h2 id={`sub-${sub.id}`} className="panel__title">
            <Link to={`/apps/${sub.bundleId}`}>{sub.appName}</Link> · {sub.productName}
          </h2>
          <p className="panel__subtitle">
            {STATUS[sub.status]} · {formatMoney(sub.priceMinor, sub.currency)} per {sub.period}
          </p>
        </div>
      </header>
      {sub.billingIssue && (
        <div className="notice notice--error" role="alert">
          <CreditCard size={18} aria-hidden="true" />
          <span>
            We couldn’t renew this subscription.{' '}
            {sub.gracePeriodEndsAt
              ? `You keep access until ${formatDate(sub.gracePeriodEndsAt)}.`
              : 'Access is paused until payment succeeds.'}
          </span>
        </div>
      )}
      {sub.priceIncrease === 'pending' && (
        <div className="notice notice--info" role="status">
          <span>
            The price rises to {formatMoney(sub.renewalPriceMinor, sub.currency)} at the next renewal. Without your consent the subscription
            ends on {formatDate(sub.expiresDate)}.
          </span>
          <button type="button" className="btn btn--primary btn--sm" onClick={() => act.mutate({ kind: 'consent' })}>
            Accept new price
          </button>
        </div>
      )}
      <dl className="facts">
        <dt>{live && sub.autoRenew ? 'Renews' : live ? 'Ends' : 'Ended'}</dt>
        <dd>{formatDate(sub.expiresDate)}</dd>
        {sub.renewalDate && (
          <>
            <dt>Next charge</dt>
            <dd>
              {formatMoney(sub.renewalPriceMinor, sub.currency)}
              {sub.renewalProductId !== sub.productId ? ` (${sub.renewalProductId})` : ''}
            </dd>
          </>
        )}
      </dl>
      <div className="form__actions">
        {live && sub.autoRenew && (
          <button type="button" className="btn btn--ghost" onClick={() => act.mutate({ kind: 'cancel' })}>
            Cancel subscription
          </button>
        )}
        {live && !sub.autoRenew && (
          <button type="button" className="btn btn--primary" onClick={() => act.mutate({ kind: 'resume' })}>
            Resume
          </button>
        )}
        {!live && (
          <button type="button" className="btn btn--primary" onClick={() => act.mutate({ kind: 'resubscribe' })}>
            <Repeat size={16} aria-hidden="true" /> Resubscribe
          </button>
        )}
        {sub.status !== 'expired' && sub.status !== 'revoked' && (
          <button type="button" className="btn btn--ghost" aria-expanded={changing} onClick={() => setChanging(!changing)}>
            Change plan
          </button>
        )}
      </div>
      {sub.billingIssue && (
        <form
          className="form form--inline"
          onSubmit={(e) => {
            e.preventDefault();
            act.mutate({ kind: 'pay' });
          }}
        >
          <label className="field">
            <span className="field__label">Payment token (sandbox)</span>
            <input className="input" value={token} onChange={(e) => setToken(e.target.value)} maxLength={200} />
          </label>
          <button type="submit" className="btn btn--primary">
            Update payment
          </button>
        </form>
      )}
      {changing && (
        <ul className="plan-list">
          {plans.isLoading && <Skeleton height={48} />}
          {plans.data?.plans.map((p) => {
            const price = p.prices.find((x) => x.country === sub.country) ?? p.prices[0];
            return (
              <li key={p.productId} className="plan-list__item">
                <span>
                  {p.name} · {price ? formatMoney(price.priceMinor, price.currency) : '—'} per {p.period}
                </span>
                <button
                  type="button"
                  className="btn btn--sm btn--ghost"
                  disabled={p.productId === sub.productId && p.productId === sub.renewalProductId}
                  onClick={() => act.mutate({ kind: 'plan', productId: p.productId })}
                >
                  {p.productId === sub.productId ? 'Current' : 'Switch'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <ErrorNotice error={act.error ?? plans.error} />
    </article>
  );
}

export function MySubscriptionsPage() {
  return (
    <RequireSignIn>
      {() => (
        <div className="container page">
          <h1 className="page-title">Subscriptions</h1>
          <SubscriptionList />
        </div>
      )}
    </RequireSignIn>
  );
}

function SubscriptionList() {
  const q = useQuery({ queryKey: key, queryFn: subscriptionsApi.mine });
  if (q.isLoading) return <Skeleton height={160} />;
  if (q.error) return <ErrorNotice error={q.error} onRetry={() => q.refetch()} />;
  const subs = q.data?.subscriptions ?? [];
  if (subs.length === 0)
    return (
      <EmptyState icon={Repeat} title="No subscriptions yet">
        Subscriptions you start in apps show up here.
      </EmptyState>
    );
  return (
    <div className="stack">
      {subs.map((s) => (
        <SubscriptionCard key={s.id} sub={s} />
      ))}
    </div>
  );
}
