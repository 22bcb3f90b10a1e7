import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { consoleApi } from '../../../api/console';
import type { AppDetail } from '../../../api/types';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useToast } from '../../../components/Toast';
import { fieldErrors } from '../../../lib/problems';
import { type Errors, hasErrors } from '../../../lib/validation';
import { changedFields, checkListing, type ListingField, listingFromApp, listingToFields } from '../app-form-state';
import { useAppUpdated } from '../console-cache';
import { ListingForm } from '../ListingForm';

export function ListingSection({ app }: { app: AppDetail }) {
  const [listing, setListing] = useState(() => listingFromApp(app));
  const [errors, setErrors] = useState<Errors<ListingField>>({});
  const updated = useAppUpdated(app.bundleId);
  const toast = useToast();
  const saved = listingToFields(listingFromApp(app));
  const changes = changedFields(saved, listingToFields(listing));
  const dirty = Object.keys(changes).length > 0;
  const save = useMutation({
    mutationFn: () => consoleApi.update(app.bundleId, changes),
    onSuccess: (a) => {
      updated(a);
      setListing(listingFromApp(a));
      toast('Changes saved.');
    },
    onError: (err) => setErrors(fieldErrors(err)),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const errs = checkListing(listing);
    setErrors(errs);
    if (!hasErrors(errs)) save.mutate();
  };
  return (
    <section className="card panel" aria-labelledby="listing-title">
      <h2 id="listing-title">Store listing</h2>
      <form onSubmit={onSubmit} noValidate>
        <ListingForm value={listing} errors={errors} onChange={setListing} />
        <ErrorNotice error={save.error} />
        <div className="form__actions">
          {dirty && (
            <button type="button" className="btn btn--ghost" onClick={() => setListing(listingFromApp(app))}>
              Discard changes
            </button>
          )}
          <button type="submit" className="btn btn--primary" disabled={!dirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
    </section>
  );
}
