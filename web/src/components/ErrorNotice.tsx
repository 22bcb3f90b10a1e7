import { CircleAlert } from 'lucide-react';
import { problemMessage } from '../lib/problems';

/** An async error, announced to screen readers as it appears. Renders the live region even when empty. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div role="alert" aria-live="assertive" className={error ? 'notice notice--error' : 'sr-only'}>
      {error ? (
        <>
          <CircleAlert aria-hidden="true" size={18} />
          <span>{problemMessage(error)}</span>
          {onRetry && (
            <button type="button" className="btn btn--ghost btn--sm" onClick={onRetry}>
              Try again
            </button>
          )}
        </>
      ) : null}
    </div>
  );
}
