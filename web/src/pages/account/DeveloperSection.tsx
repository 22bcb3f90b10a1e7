import { useMutation } from '@tanstack/react-query';
import { ExternalLink, LayoutGrid, Rocket } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { accountsApi } from '../../api/accounts';
import type { Me } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextArea, TextField } from '../../components/Fields';
import { useToast } from '../../components/Toast';
import { fieldErrors } from '../../lib/problems';
import { useRefreshSession } from '../../lib/session';
import { type Errors, hasErrors } from '../../lib/validation';

type Field = 'name' | 'website' | 'bio';

function BecomeDeveloperForm({ me }: { me: Me }) {
  const [values, setValues] = useState<Record<Field, string>>({ name: me.user.displayName, website: '', bio: '' });
  const [errors, setErrors] = useState<Errors<Field>>({});
  const refresh = useRefreshSession();
  const toast = useToast();
  const become = useMutation({
    mutationFn: accountsApi.becomeDeveloper,
    onSuccess: async ({ developer }) => {
      await refresh({ user: { ...me.user, role: 'developer', developerId: developer.id }, developer });
      toast(`You’re a developer now, ${developer.name}. Welcome!`);
    },
    onError: (err) => setErrors(fieldErrors(err)),
  });
  const set = (f: Field) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value }));
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Errors<Field> = {
      name: values.name.trim().length < 2 ? 'Use at least 2 characters.' : undefined,
      website: values.website && !/^https?:\/\/\S+$/.test(values.website) ? 'Start with https://' : undefined,
    };
    setErrors(errs);
    if (!hasErrors(errs))
      become.mutate({ name: values.name.trim(), website: values.website.trim() || null, bio: values.bio.trim() || null });
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p className="muted">Publish apps on Orchard: set prices per country, upload screenshots and see how your apps do.</p>
      <TextField
        label="Developer or studio name"
        value={values.name}
        onChange={set('name')}
        error={errors.name}
        maxLength={100}
        hint="Shown on your apps and your public developer page."
      />
      <TextField
        label="Website (optional)"
        type="url"
        value={values.website}
        onChange={set('website')}
        error={errors.website}
        placeholder="https://"
        maxLength={300}
      />
      <TextArea label="About (optional)" value={values.bio} onChange={set('bio')} error={errors.bio} rows={3} maxLength={2000} />
      <ErrorNotice error={become.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={become.isPending}>
          <Rocket size={18} aria-hidden="true" /> {become.isPending ? 'Setting up…' : 'Become a developer'}
        </button>
      </div>
    </form>
  );
}

export function DeveloperSection({ me }: { me: Me }) {
  const dev = me.developer;
  return (
    <section className="card panel" aria-labelledby="dev-title">
      <h2 id="dev-title">{dev ? 'Developer account' : 'Become a developer'}</h2>
      {dev ? (
        <div className="stack">
          <p>
            You publish as <strong>{dev.name}</strong>.
          </p>
          <div className="row-actions">
            <Link to="/console" className="btn btn--primary">
              <LayoutGrid size={18} aria-hidden="true" /> Open the developer console
            </Link>
            <Link to={`/developers/${dev.slug}`} className="btn btn--ghost">
              Public page <ExternalLink size={16} aria-hidden="true" />
            </Link>
          </div>
        </div>
      ) : (
        <BecomeDeveloperForm me={me} />
      )}
    </section>
  );
}
