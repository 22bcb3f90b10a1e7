/**
 * Console → an app's subscriptions: groups and plans (create, prices), the billing grace
 * period, metrics (active, new, churned, revenue by day, MRR), subscribers, and server
 * notifications (webhook URL, "send test notification", delivery log with replay).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Bell, Send } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { formatMoney, parseMajor } from '../../lib/money';
import { subscriptionsApi } from './api';
import { BarChart } from './Chart';

const PERIODS = ['week', 'month', 'quarter', 'year'] as const;

function Plans({ bundleId }: { bundleId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const key = ['console', bundleId, 'subscription-groups'];
  const q = useQuery({ queryKey: key, queryFn: () => subscriptionsApi.groups(bundleId) });
  const [groupName, setGroupName] = useState('');
  const [form, setForm] = useState({ groupId: '', productId: '', name: '', period: 'month', level: '1', price: '', trial: false });
  const refresh = () => qc.invalidateQueries({ queryKey: key });
  const createGroup = useMutation({
    mutationFn: () => subscriptionsApi.createGroup(bundleId, groupName.trim()),
    onSuccess: () => {
      setGroupName('');
      return refresh();
    },
  });
  const createPlan = useMutation({
    mutationFn: () => {
      const priceMinor = parseMajor(form.price, 'USD');
      if (!priceMinor) throw new Error('Enter a price');
      return subscriptionsApi.createProduct(bundleId, {
        groupId: form.groupId || q.data?.groups[0]?.id,
        productId: form.productId.trim(),
        name: form.name.trim(),
        period: form.period,
        level: Number(form.level),
        ...(form.trial ? { introType: 'free_trial', introPeriods: 1 } : {}),
        prices: [{ country: 'US', priceMinor }],
      });
    },
    onSuccess: () => {
      toast('Plan created');
      setForm({ ...form, productId: '', name: '', price: '' });
      return refresh();
    },
  });
  const grace = useMutation({
    mutationFn: (d: number) => subscriptionsApi.setGrace(bundleId, d),
    onSuccess: () => {
      toast('Grace period saved');
      return refresh();
    },
  });
  if (q.isLoading) return <Skeleton height={120} />;
  const groups = q.data?.groups ?? [];
  return (
    <section className="panel" aria-labelledby="plans">
      <h2 id="plans" className="panel__title">
        Groups and plans
      </h2>
      {groups.map((g) => (
        <div key={g.id}>
          <h3>{g.name}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Product id</th>
                <th scope="col">Name</th>
                <th scope="col">Period</th>
                <th scope="col">Level</th>
                <th scope="col">US price</th>
                <th scope="col">Offer</th>
              </tr>
            </thead>
            <tbody>
              {g.products.map((p) => {
                const us = p.prices.find((x) => x.country === 'US');
                return (
                  <tr key={p.productId}>
                    <td>
                      <code>{p.productId}</code>
                    </td>
                    <td>{p.name}</td>
                    <td>{p.period}</td>
                    <td>{p.level}</td>
                    <td>{us ? formatMoney(us.priceMinor, us.currency) : '—'}</td>
                    <td>{p.introType ? `${p.introType.replace('_', ' ')} × ${p.introPeriods}` : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      <form
        className="form form--inline"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (groupName.trim()) createGroup.mutate();
        }}
      >
        <label className="field">
          <span className="field__label">New group</span>
          <input className="input" value={groupName} onChange={(e) => setGroupName(e.target.value)} maxLength={100} />
        </label>
        <button className="btn btn--ghost" type="submit">
          Add group
        </button>
      </form>
      {groups.length > 0 && (
        <form
          className="form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            createPlan.mutate();
          }}
        >
          <h3>New plan</h3>
          <div className="form__row">
            <label className="field">
              <span className="field__label">Group</span>
              <select className="input" value={form.groupId} onChange={(e) => setForm({ ...form, groupId: e.target.value })}>
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">Product id</span>
              <input className="input" required value={form.productId} onChange={(e) => setForm({ ...form, productId: e.target.value })} />
            </label>
            <label className="field">
              <span className="field__label">Name</span>
              <input className="input" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </label>
            <label className="field">
              <span className="field__label">Period</span>
              <select className="input" value={form.period} onChange={(e) => setForm({ ...form, period: e.target.value })}>
                {PERIODS.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field__label">Level (1 = highest)</span>
              <input
                className="input"
                type="number"
                min={1}
                max={100}
                value={form.level}
                onChange={(e) => setForm({ ...form, level: e.target.value })}
              />
            </label>
            <label className="field">
              <span className="field__label">US price</span>
              <input
                className="input"
                inputMode="decimal"
                required
                value={form.price}
                onChange={(e) => setForm({ ...form, price: e.target.value })}
              />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={form.trial} onChange={(e) => setForm({ ...form, trial: e.target.checked })} /> Free trial (one
              period)
            </label>
          </div>
          <button className="btn btn--primary" type="submit">
            Create plan
          </button>
        </form>
      )}
      <label className="field">
        <span className="field__label">Billing grace period (days)</span>
        <select className="input" value={q.data?.gracePeriodDays ?? 16} onChange={(e) => grace.mutate(Number(e.target.value))}>
          {[0, 3, 6, 16].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <ErrorNotice error={q.error ?? createGroup.error ?? createPlan.error ?? grace.error} />
    </section>
  );
}

function MetricsPanel({ bundleId }: { bundleId: string }) {
  const q = useQuery({ queryKey: ['console', bundleId, 'subscription-metrics'], queryFn: () => subscriptionsApi.metrics(bundleId, 30) });
  const subs = useQuery({ queryKey: ['console', bundleId, 'subscribers'], queryFn: () => subscriptionsApi.subscribers(bundleId) });
  if (q.isLoading) return <Skeleton height={200} />;
  const m = q.data;
  const byDay = new Map<string, { newSubscriptions: number; churned: number; revenueMinor: number; mrrMinor: number }>();
  for (const d of m?.daily ?? []) {
    const e = byDay.get(d.day) ?? { newSubscriptions: 0, churned: 0, revenueMinor: 0, mrrMinor: 0 };
    e.newSubscriptions += d.newSubscriptions;
    e.churned += d.churned;
    e.revenueMinor += d.revenueMinor;
    e.mrrMinor += d.mrrMinor ?? 0;
    byDay.set(d.day, e);
  }
  const days = [...byDay.entries()];
  const currency = m?.daily[0]?.currency ?? m?.mrr[0]?.currency ?? 'USD';
  return (
    <section className="panel" aria-labelledby="metrics">
      <h2 id="metrics" className="panel__title">
        Metrics (30 days)
      </h2>
      <p>
        <strong>{m?.active ?? 0}</strong> active subscriptions · MRR{' '}
        {(m?.mrr ?? []).map((x) => formatMoney(x.amountMinor, x.currency)).join(' + ') || formatMoney(0, 'USD')}
      </p>
      <BarChart
        title="MRR by day"
        points={days.map(([label, v]) => ({ label, value: v.mrrMinor }))}
        format={(n) => formatMoney(n, currency)}
      />
      <BarChart title="New subscriptions per day" points={days.map(([label, v]) => ({ label, value: v.newSubscriptions }))} />
      <BarChart title="Churned per day" points={days.map(([label, v]) => ({ label, value: v.churned }))} />
      <BarChart
        title="Revenue per day"
        points={days.map(([label, v]) => ({ label, value: v.revenueMinor }))}
        format={(n) => formatMoney(n, currency)}
      />
      <h3>Subscribers</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Original transaction</th>
            <th scope="col">Plan</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Auto-renew</th>
          </tr>
        </thead>
        <tbody>
          {(subs.data?.subscriptions ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                <code>{s.originalTransactionId.slice(0, 13)}…</code>
              </td>
              <td>{s.productId}</td>
              <td>{s.status.replaceAll('_', ' ')}</td>
              <td>{formatDate(s.expiresDate)}</td>
              <td>{s.autoRenew ? 'on' : 'off'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={q.error ?? subs.error} />
    </section>
  );
}

function Webhooks({ bundleId }: { bundleId: string }) {
  const qc = useQueryClient();
  const toast = useToast();
  const settings = useQuery({ queryKey: ['console', bundleId, 'webhook'], queryFn: () => subscriptionsApi.webhook(bundleId) });
  const log = useQuery({ queryKey: ['console', bundleId, 'notifications'], queryFn: () => subscriptionsApi.notifications(bundleId) });
  const [url, setUrl] = useState<string>();
  const refresh = () => qc.invalidateQueries({ queryKey: ['console', bundleId] });
  const save = useMutation({
    mutationFn: () => subscriptionsApi.setWebhook(bundleId, url ?? ''),
    onSuccess: () => {
      toast('Webhook saved');
      return refresh();
    },
  });
  const test = useMutation({
    mutationFn: () => subscriptionsApi.sendTest(bundleId),
    onSuccess: (r) => {
      const ok = r.notification.status === 'delivered';
      toast(ok ? 'Test notification delivered' : 'Test notification failed; it will be retried', ok ? 'success' : 'error');
      return refresh();
    },
  });
  const replay = useMutation({ mutationFn: (id: string) => subscriptionsApi.replay(bundleId, id), onSuccess: refresh });
  return (
    <section className="panel" aria-labelledby="webhooks">
      <h2 id="webhooks" className="panel__title">
        <Bell size={18} aria-hidden="true" /> Server notifications
      </h2>
      <form
        className="form form--inline"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label className="field">
          <span className="field__label">Webhook URL (https)</span>
          <input
            className="input"
            type="url"
            value={url ?? settings.data?.url ?? ''}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://api.example.com/orchard"
          />
        </label>
        <button type="submit" className="btn btn--primary">
          Save
        </button>
        <button type="button" className="btn btn--ghost" disabled={!settings.data?.url} onClick={() => test.mutate()}>
          <Send size={16} aria-hidden="true" /> Send test notification
        </button>
      </form>
      <table className="table">
        <caption className="sr-only">Delivery log</caption>
        <thead>
          <tr>
            <th scope="col">Sent</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {(log.data?.notifications ?? []).map((n) => (
            <tr key={n.notificationUUID}>
              <td>{formatDate(n.createdAt)}</td>
              <td>
                {n.notificationType}
                {n.subtype ? ` / ${n.subtype}` : ''}
              </td>
              <td>{n.status.replace('_', ' ')}</td>
              <td>{n.attempts}</td>
              <td>{n.lastStatus ?? n.lastError ?? '—'}</td>
              <td>
                <button
                  type="button"
                  className="btn btn--ghost btn--sm"
                  onClick={() => replay.mutate(n.notificationUUID)}
                  disabled={!settings.data?.url}
                >
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={settings.error ?? log.error ?? save.error ?? test.error ?? replay.error} />
    </section>
  );
}

export function ConsoleSubscriptionsPage() {
  const { bundleId = '' } = useParams();
  return (
    <div className="stack">
      <h1 className="page-title">Subscriptions · {bundleId}</h1>
      <Plans bundleId={bundleId} />
      <MetricsPanel bundleId={bundleId} />
      <Webhooks bundleId={bundleId} />
    </div>
  );
}
