import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { consoleApi } from '../../../api/console';
import type { AppDetail } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useToast } from '../../../components/Toast';

/** Removing an app takes it off the store (shoppers get 404); it stays in the console. */
export function DangerZone({ app }: { app: AppDetail }) {
  const [confirming, setConfirming] = useState(false);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => consoleApi.remove(app.bundleId),
    onSuccess: async () => {
      await qc.invalidateQueries();
      toast(`${app.name} was removed from the store.`, 'info');
      navigate('/console');
    },
  });
  return (
    <section className="card panel panel--danger" aria-labelledby="danger-title">
      <h2 id="danger-title">Remove from the store</h2>
      <p className="muted">Shoppers will no longer find or buy {app.name}. People who own it keep it. This can’t be undone here.</p>
      <ErrorNotice error={remove.error} />
      {confirming ? (
        <div className="row-actions">
          <button type="button" className="btn btn--danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            <Trash2 size={16} aria-hidden="true" /> {remove.isPending ? 'Removing…' : `Yes, remove ${app.name}`}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn--danger-ghost" onClick={() => setConfirming(true)}>
          Remove app…
        </button>
      )}
    </section>
  );
}
