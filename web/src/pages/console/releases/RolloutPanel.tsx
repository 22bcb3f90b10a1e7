/** A phased release: the share of users offered the update today, and pause / resume / halt / complete. */
import { useMutation } from '@tanstack/react-query';
import { Pause, Play, SkipForward, Square } from 'lucide-react';
import { type RolloutAction, releasesApi, type Version } from '../../../api/releases';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useToast } from '../../../components/Toast';
import { rolloutLabels } from './labels';
import { useVersionUpdated } from './release-cache';

const STEPS = [1, 2, 5, 10, 20, 50, 100];
const DAY_MS = 86_400_000;

export function RolloutPanel({ bundleId, version: v }: { bundleId: string; version: Version }) {
  const r = v.rollout;
  const updated = useVersionUpdated(bundleId);
  const toast = useToast();
  const act = useMutation({
    mutationFn: (a: RolloutAction) => releasesApi.rollout(bundleId, v.version, a),
    onSuccess: (next, a) => {
      updated(next);
      const words = { pause: 'paused', resume: 'resumed', halt: 'halted', complete: 'completed: everyone gets it now' };
      toast(`Rollout ${words[a]}.`);
    },
  });
  if (!r) return null;
  const pct = Math.round(r.percent * 10) / 10;
  const running = r.status === 'active' || r.status === 'paused';
  return (
    <section className="rollout" aria-labelledby={`rollout-${v.id}`}>
      <div className="rollout__head">
        <h4 id={`rollout-${v.id}`}>Phased release</h4>
        <span className={`badge badge--${r.status === 'active' ? 'live' : r.status === 'complete' ? 'info' : 'draft'}`}>
          {rolloutLabels[r.status]}
        </span>
        <span className="rollout__pct" aria-live="polite">
          {pct}% of users
        </span>
      </div>
      <div
        className="rollout__bar"
        role="progressbar"
        aria-label="Share of users offered this version"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <span style={{ width: `${Math.min(100, r.percent)}%` }} />
      </div>
      <ol className="rollout__steps" aria-label="Rollout schedule">
        {STEPS.map((s, i) => (
          <li key={s} className={i + 1 <= r.day ? 'is-done' : undefined}>
            <span className="small">Day {i + 1}</span> <span className="strong">{s}%</span>
          </li>
        ))}
      </ol>
      <p className="muted small">
        {r.status === 'paused'
          ? `Paused ${r.pausedAt ? new Date(r.pausedAt).toLocaleString() : ''}; ${Math.floor(r.pauseLeftMs / DAY_MS)} days of pause left. It resumes on its own after that.`
          : r.status === 'halted'
            ? 'Halted: nobody new is offered this version. Users who have it keep it.'
            : r.status === 'complete'
              ? 'Everyone is offered this version.'
              : `Day ${r.day} of 7. Users keep their place in the rollout, so nobody flips in and out.`}
      </p>
      {running && (
        <div className="row-actions">
          {r.status === 'active' && (
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => act.mutate('pause')} disabled={act.isPending}>
              <Pause size={14} aria-hidden="true" /> Pause rollout
            </button>
          )}
          {r.status === 'paused' && (
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => act.mutate('resume')} disabled={act.isPending}>
              <Play size={14} aria-hidden="true" /> Resume rollout
            </button>
          )}
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => act.mutate('complete')} disabled={act.isPending}>
            <SkipForward size={14} aria-hidden="true" /> Release to everyone
          </button>
          <button type="button" className="btn btn--danger-ghost btn--sm" onClick={() => act.mutate('halt')} disabled={act.isPending}>
            <Square size={14} aria-hidden="true" /> Halt rollout
          </button>
        </div>
      )}
      <ErrorNotice error={act.error} />
    </section>
  );
}
