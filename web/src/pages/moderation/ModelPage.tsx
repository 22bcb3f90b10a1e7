/** The review-integrity model: versions with held-out metrics, which one is live, and retrain now. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RefreshCw } from 'lucide-react';
import { isApiError } from '../../api/client';
import { moderationApi } from '../../api/moderation';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { usePageTitle } from '../../lib/usePageTitle';
import { modelsKey } from './ModelStatus';
import { pct } from './SignalBars';

export function ModelPage() {
  usePageTitle('Integrity model');
  const qc = useQueryClient();
  const toast = useToast();
  const q = useQuery({ queryKey: modelsKey, queryFn: moderationApi.models });
  const retrain = useMutation({
    mutationFn: moderationApi.retrain,
    onSuccess: (r) => {
      toast(
        r.promoted
          ? `Model v${r.version} is live (F1 ${pct(r.metrics.f1)}).`
          : `Model v${r.version} was not better than the live one and stays off.`,
        r.promoted ? 'success' : 'info',
      );
      void qc.invalidateQueries({ queryKey: modelsKey });
    },
  });
  return (
    <div className="stack">
      <div className="section__head">
        <div>
          <h1 className="page-title">Integrity model</h1>
          <p className="muted">
            Trained on every moderator decision so far. A new version goes live only when it is not worse on the held-out slice.
          </p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => retrain.mutate()} disabled={retrain.isPending}>
          <RefreshCw size={16} aria-hidden="true" /> {retrain.isPending ? 'Training…' : 'Retrain now'}
        </button>
      </div>
      {isApiError(retrain.error) && retrain.error.code === 'not_enough_labels' ? (
        <p className="notice notice--info" role="alert">
          <span>
            Not enough moderator decisions to train on yet ({retrain.error.detail ?? 'more labels needed'}). Keep approving and rejecting
            reviews in the queue.
          </span>
        </p>
      ) : (
        <ErrorNotice error={retrain.error ?? q.error} />
      )}
      {q.data?.length === 0 && (
        <p className="muted">No model trained yet. Scores come from the rules alone until there are enough labels.</p>
      )}
      {q.data && q.data.length > 0 && (
        <div className="table-wrap card">
          <table className="data-table">
            <caption className="sr-only">Model versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Labels</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">F1</th>
                <th scope="col">Trained in</th>
                <th scope="col">Trigger</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {q.data.map((m) => (
                <tr key={m.id}>
                  <td className="num">v{m.version}</td>
                  <td>
                    <span className={`badge badge--${m.status === 'live' ? 'live' : m.status === 'rejected' ? 'removed' : 'neutral'}`}>
                      {m.status}
                    </span>
                  </td>
                  <td className="num">{m.labels}</td>
                  <td className="num">{pct(m.metrics.accuracy)}</td>
                  <td className="num">{pct(m.metrics.precision)}</td>
                  <td className="num">{pct(m.metrics.recall)}</td>
                  <td className="num strong">{pct(m.metrics.f1)}</td>
                  <td className="num">{m.trainSeconds.toFixed(1)} s</td>
                  <td>{m.trigger}</td>
                  <td>{formatDate(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
