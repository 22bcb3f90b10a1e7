/** Report a review to the moderators: a reason and an optional note. */
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { type ReportReason, reviewsApi, type StoreReview } from '../../../../api/reviews';
import { SelectField, TextArea } from '../../../../components/Fields';
import { Sheet } from '../../../../components/Sheet';
import { problemMessage } from '../../../../lib/problems';
import { REPORT_REASONS } from './review-labels';

export function ReportSheet({
  review,
  open,
  onClose,
  onReported,
}: {
  review: StoreReview;
  open: boolean;
  onClose: () => void;
  onReported: () => void;
}) {
  const [reason, setReason] = useState<ReportReason>('spam');
  const [note, setNote] = useState('');
  const report = useMutation({ mutationFn: () => reviewsApi.report(review.id, reason, note.trim() || undefined), onSuccess: onReported });
  const { reset } = report;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);
  return (
    <Sheet open={open} title="Report this review" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          report.mutate();
        }}
      >
        <p className="muted small">Tell us what’s wrong. Moderators check every report; the author isn’t told who reported it.</p>
        <SelectField label="Reason" value={reason} onChange={(e) => setReason(e.target.value as ReportReason)} options={REPORT_REASONS} />
        <TextArea
          label="Details (optional)"
          value={note}
          maxLength={500}
          rows={3}
          onChange={(e) => setNote(e.target.value)}
          hint={`${note.length}/500`}
        />
        <div role="alert" aria-live="assertive">
          {report.error ? <p className="notice notice--error">{problemMessage(report.error)}</p> : null}
        </div>
        <div className="purchase__actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={report.isPending}>
            {report.isPending ? 'Sending…' : 'Send report'}
          </button>
        </div>
      </form>
    </Sheet>
  );
}
