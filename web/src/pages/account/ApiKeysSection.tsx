/**
 * Developer API keys for servers: list, create (the secret is shown exactly once, with a copy
 * button) and revoke.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Check, Copy, KeyRound } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { accountsApi } from '../../api/accounts';
import type { ApiKey } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Fields';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { formatDate } from '../../lib/format';
import { API_KEY_SCOPES } from '../../lib/shared';

const keysKey = ['api-keys'];

function CopySecret({ secret }: { secret: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="secret" role="status">
      <p className="strong">Copy your new key now — you won’t be able to see it again.</p>
      <div className="secret__row">
        <code className="secret__value">{secret}</code>
        <button type="button" className="btn btn--ghost btn--sm" onClick={copy}>
          {copied ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />} {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['apps:read']);
  const [error, setError] = useState<string>();
  const create = useMutation({
    mutationFn: accountsApi.createApiKey,
    onSuccess: async ({ secret }) => {
      setName('');
      onCreated(secret);
      await qc.invalidateQueries({ queryKey: keysKey });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const err = !name.trim()
      ? 'Name the key after where it is used, like “CI server”.'
      : scopes.length === 0
        ? 'Choose at least one scope.'
        : undefined;
    setError(err);
    if (!err) create.mutate({ name: name.trim(), scopes });
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <TextField
        label="Key name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error}
        maxLength={80}
        placeholder="CI server"
      />
      <fieldset className="field">
        <legend className="field__label">Scopes</legend>
        <div className="checkbox-grid">
          {API_KEY_SCOPES.map((s) => (
            <label key={s} className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes((xs) => (e.target.checked ? [...xs, s] : xs.filter((x) => x !== s)))}
              />
              <code>{s}</code>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorNotice error={create.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          <KeyRound size={18} aria-hidden="true" /> {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}

function KeyRow({ k }: { k: ApiKey }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => accountsApi.revokeApiKey(k.id),
    onSuccess: async () => {
      toast(`Key “${k.name}” revoked.`);
      await qc.invalidateQueries({ queryKey: keysKey });
    },
    onError: () => toast('Could not revoke the key. Try again.', 'error'),
  });
  return (
    <li className={`key-row${k.revokedAt ? ' is-revoked' : ''}`}>
      <div>
        <p className="strong">
          {k.name} <code className="muted">{k.prefix}…</code>
        </p>
        <p className="muted small">
          {k.scopes.join(', ')} · created {formatDate(k.createdAt)}
          {k.lastUsedAt ? ` · last used ${formatDate(k.lastUsedAt)}` : ' · never used'}
        </p>
      </div>
      {k.revokedAt ? (
        <span className="badge badge--removed">Revoked</span>
      ) : confirming ? (
        <div className="row-actions">
          <button type="button" className="btn btn--danger btn--sm" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
            Revoke now
          </button>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn--ghost btn--sm" onClick={() => setConfirming(true)} aria-label={`Revoke key ${k.name}`}>
          Revoke
        </button>
      )}
    </li>
  );
}

export function ApiKeysSection() {
  const keys = useQuery({ queryKey: keysKey, queryFn: accountsApi.apiKeys });
  const [secret, setSecret] = useState<string>();
  return (
    <section className="card panel" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p className="muted">Let your own servers call the Orchard API as your developer account, limited to the scopes you choose.</p>
      {secret && <CopySecret secret={secret} />}
      {keys.isPending ? (
        <Skeleton height={56} radius={12} />
      ) : keys.data && keys.data.length > 0 ? (
        <ul className="key-list">
          {keys.data.map((k) => (
            <KeyRow key={k.id} k={k} />
          ))}
        </ul>
      ) : keys.data ? (
        <p className="muted small">No API keys yet.</p>
      ) : null}
      <ErrorNotice error={keys.error} onRetry={() => keys.refetch()} />
      <h3 className="panel__subtitle">Create a key</h3>
      <CreateKeyForm onCreated={setSecret} />
    </section>
  );
}
