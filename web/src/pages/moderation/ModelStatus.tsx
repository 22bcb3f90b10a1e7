/** The live integrity model in one line: decisions made here are the labels it learns from. */
import { useQuery } from '@tanstack/react-query';
import { BrainCircuit } from 'lucide-react';
import { Link } from 'react-router-dom';
import { moderationApi } from '../../api/moderation';
import { formatDate } from '../../lib/format';
import { pct } from './SignalBars';

export const modelsKey = ['moderation', 'models'];

export function ModelStatus() {
  const q = useQuery({ queryKey: modelsKey, queryFn: moderationApi.models });
  if (!q.data) return null;
  const live = q.data.find((m) => m.status === 'live');
  return (
    <p className="notice notice--info model-status">
      <BrainCircuit size={18} aria-hidden="true" />
      <span>
        {live ? (
          <>
            Model v{live.version} is live (F1 {pct(live.metrics.f1)}, accuracy {pct(live.metrics.accuracy)}, trained on {live.labels} labels
            {live.promotedAt ? ` on ${formatDate(live.promotedAt)}` : ''}).{' '}
          </>
        ) : (
          <>No model is live yet: scores come from the rules alone. </>
        )}
        Your approvals and rejections are the labels the next model learns from. <Link to="/moderation/model">Model details</Link>
      </span>
    </p>
  );
}
