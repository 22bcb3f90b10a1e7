/** Write or edit your review: a star rating (required), a title and the text, with limits shown as you type. */
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { type ReviewInput, reviewsApi, type StoreReview } from '../../../../api/reviews';
import { TextArea, TextField } from '../../../../components/Fields';
import { fieldErrors, problemMessage } from '../../../../lib/problems';

const STAR_WORDS = ['', 'Hated it', 'Disliked it', 'It’s OK', 'Liked it', 'Loved it'];

export function ReviewForm({
  bundleId,
  existing,
  onSaved,
  onCancel,
}: {
  bundleId: string;
  existing: StoreReview | null;
  onSaved: (review: StoreReview, created: boolean) => void;
  onCancel: () => void;
}) {
  const [rating, setRating] = useState(existing?.rating ?? 0);
  const [title, setTitle] = useState(existing?.title ?? '');
  const [body, setBody] = useState(existing?.body ?? '');
  const [ratingError, setRatingError] = useState<string | undefined>();
  const legendId = useId();
  const save = useMutation({
    mutationFn: (input: ReviewInput) => reviewsApi.submit(bundleId, input),
    onSuccess: (review) => onSaved(review, !existing),
  });
  const errs = fieldErrors(save.error);

  return (
    <form
      className="review-form card panel stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (rating < 1) {
          setRatingError('Choose a rating from 1 to 5 stars.');
          return;
        }
        save.mutate({ rating, title: title.trim(), body: body.trim() });
      }}
    >
      <fieldset className="star-input" aria-describedby={ratingError ? `${legendId}-error` : undefined}>
        <legend id={legendId} className="field__label">
          Your rating
        </legend>
        <div className="star-input__stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={`star-input__star${n <= rating ? ' is-on' : ''}`}>
              <input
                type="radio"
                name={`${legendId}-rating`}
                value={n}
                checked={rating === n}
                onChange={() => {
                  setRating(n);
                  setRatingError(undefined);
                }}
                aria-label={`${n} star${n === 1 ? '' : 's'}: ${STAR_WORDS[n]}`}
              />
              <span aria-hidden="true">★</span>
            </label>
          ))}
          <span className="muted small" aria-hidden="true">
            {STAR_WORDS[rating]}
          </span>
        </div>
        {(ratingError || errs.rating) && (
          <p className="field__error" id={`${legendId}-error`}>
            {ratingError ?? errs.rating}
          </p>
        )}
      </fieldset>
      <TextField
        label="Title (optional)"
        value={title}
        maxLength={100}
        onChange={(e) => setTitle(e.target.value)}
        error={errs.title}
        hint={`${title.length}/100`}
      />
      <TextArea
        label="Review (optional)"
        value={body}
        maxLength={4000}
        rows={5}
        onChange={(e) => setBody(e.target.value)}
        error={errs.body}
        hint={`${body.length}/4,000 · What did you like, what could be better?`}
      />
      <div role="alert" aria-live="assertive">
        {save.error && Object.keys(errs).length === 0 ? <p className="notice notice--error">{problemMessage(save.error)}</p> : null}
      </div>
      <div className="row-actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : existing ? 'Save changes' : 'Submit review'}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
