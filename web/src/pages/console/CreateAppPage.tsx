import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { isApiError } from '../../api/client';
import { consoleApi } from '../../api/console';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Fields';
import { useToast } from '../../components/Toast';
import { fieldErrors } from '../../lib/problems';
import { usePageTitle } from '../../lib/usePageTitle';
import { checkBundleId, type Errors, hasErrors } from '../../lib/validation';
import { checkListing, emptyListing, type ListingField, type ListingState, listingToFields } from './app-form-state';
import { myAppsKey } from './console-cache';
import { ListingForm } from './ListingForm';

export function CreateAppPage() {
  usePageTitle('New app');
  const navigate = useNavigate();
  const toast = useToast();
  const qc = useQueryClient();
  const [bundleId, setBundleId] = useState('');
  const [listing, setListing] = useState<ListingState>(emptyListing);
  const [errors, setErrors] = useState<Errors<ListingField | 'bundleId'>>({});
  const create = useMutation({
    mutationFn: consoleApi.create,
    onSuccess: async (app) => {
      await qc.invalidateQueries({ queryKey: myAppsKey });
      toast(`Draft “${app.name}” created. Add media and prices, then publish.`);
      navigate(`/console/apps/${encodeURIComponent(app.bundleId)}`);
    },
    onError: (err) => {
      const e: Errors<ListingField | 'bundleId'> = fieldErrors(err);
      if (isApiError(err) && err.code === 'bundle_id_taken') e.bundleId = 'This bundle ID is already taken.';
      setErrors(e);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = { ...checkListing(listing), bundleId: checkBundleId(bundleId) };
    setErrors(errs);
    if (hasErrors(errs)) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    create.mutate({ bundleId: bundleId.trim(), ...listingToFields(listing) });
  };
  return (
    <section aria-labelledby="new-app-title" className="card panel">
      <h1 id="new-app-title" className="page-title">
        New app
      </h1>
      <p className="muted">Your app starts as a draft. Only you can see it until you publish.</p>
      <form onSubmit={onSubmit} noValidate>
        <ListingForm
          value={listing}
          errors={errors}
          onChange={setListing}
          before={
            <TextField
              label="Bundle ID"
              value={bundleId}
              onChange={(e) => setBundleId(e.target.value)}
              onBlur={() => bundleId && setErrors((x) => ({ ...x, bundleId: checkBundleId(bundleId) }))}
              error={errors.bundleId}
              placeholder="com.example.notes"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={155}
              hint="Unique and permanent: it identifies your app on every device."
              required
            />
          }
        />
        <ErrorNotice error={create.error} />
        <div className="form__actions">
          <Link to="/console" className="btn btn--ghost">
            Cancel
          </Link>
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create draft'}
          </button>
        </div>
      </form>
    </section>
  );
}
