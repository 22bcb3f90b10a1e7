/** The integrity signals of a decision as labelled bars (1 = trustworthy), with their weights. */
import { type Decision, SIGNALS, type SignalName } from '../../api/moderation';

export const signalLabels: Record<SignalName, string> = {
  velocity: 'Author’s review velocity',
  content: 'Content quality',
  accountAge: 'Account age',
  verifiedPurchase: 'Verified purchase',
  coordination: 'Coordination (app spike)',
  originality: 'Originality',
};

/** Weights of the rule score (DESIGN.md's reference formula). */
const weights: Record<SignalName, number> = {
  velocity: 0.15,
  content: 0.25,
  accountAge: 0.1,
  verifiedPurchase: 0.2,
  coordination: 0.2,
  originality: 0.1,
};

export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const tone = (x: number) => (x < 0.3 ? 'bad' : x < 0.6 ? 'warn' : 'good');

export function SignalBars({ decision: d }: { decision: Decision }) {
  return (
    <div className="signals">
      <dl className="signals__scores">
        <div>
          <dt>Trust score</dt>
          <dd className={`score score--${tone(d.score)}`}>{pct(d.score)}</dd>
        </div>
        <div>
          <dt>Rules</dt>
          <dd>{pct(d.ruleScore)}</dd>
        </div>
        <div>
          <dt>Model{d.modelVersion ? ` v${d.modelVersion}` : ''}</dt>
          <dd>{d.modelScore === null ? 'not used' : pct(d.modelScore)}</dd>
        </div>
        <div>
          <dt>Suggested</dt>
          <dd>{d.action.replace('_', ' ')}</dd>
        </div>
      </dl>
      <ul className="signals__bars" aria-label="Signal breakdown">
        {SIGNALS.map((s) => {
          const v = d.signals[s] ?? 0;
          return (
            <li key={s} className="signal">
              <span className="signal__label">
                {signalLabels[s]} <span className="muted small">×{weights[s]}</span>
              </span>
              <span className="signal__track" aria-hidden="true">
                <span className={`signal__bar signal__bar--${tone(v)}`} style={{ width: pct(v) }} />
              </span>
              <span className="signal__value">{pct(v)}</span>
            </li>
          );
        })}
      </ul>
      {d.reasons.length > 0 && (
        <ul className="reasons">
          {d.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
