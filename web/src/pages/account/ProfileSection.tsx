import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { accountsApi } from '../../api/accounts';
import type { Me } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Fields';
import { useToast } from '../../components/Toast';
import { countryOptions } from '../../lib/options';
import { useRefreshSession } from '../../lib/session';
import { checkDisplayName } from '../../lib/validation';

export function ProfileSection({ me }: { me: Me }) {
  const [displayName, setDisplayName] = useState(me.user.displayName);
  const [country, setCountry] = useState(me.user.country);
  const [error, setError] = useState<string>();
  const refresh = useRefreshSession();
  const toast = useToast();
  const save = useMutation({
    mutationFn: accountsApi.updateMe,
    onSuccess: async ({ user }) => {
      await refresh({ ...me, user });
      toast('Profile saved.');
    },
  });
  const dirty = displayName !== me.user.displayName || country !== me.user.country;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const err = checkDisplayName(displayName);
    setError(err);
    if (!err) save.mutate({ displayName: displayName.trim(), country });
  };
  return (
    <section className="card panel" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted small">
          Signed in as <strong>{me.user.email}</strong>
        </p>
        <TextField
          label="Display name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={error}
          maxLength={80}
          autoComplete="nickname"
        />
        <SelectField
          label="Country or region"
          value={country}
          onChange={(e) => setCountry(e.target.value)}
          options={countryOptions}
          hint="Your storefront: the prices and currency you see."
        />
        <ErrorNotice error={save.error} />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save profile'}
          </button>
        </div>
      </form>
    </section>
  );
}
