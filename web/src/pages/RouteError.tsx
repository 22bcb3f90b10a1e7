import { useRouteError } from 'react-router-dom';

/** Last resort when a page fails to render (or a code-split chunk fails to load after a deploy). */
export function RouteError() {
  const err = useRouteError() as Error | undefined;
  const chunk = err?.message?.includes('dynamically imported module');
  return (
    <main id="main" className="container page">
      <div className="empty-state" role="alert">
        <h1 className="empty-state__title">{chunk ? 'A new version of the store is available' : 'Something went wrong'}</h1>
        <p className="empty-state__text">{chunk ? 'Reload to get it.' : 'Reload the page to try again.'}</p>
        <div className="empty-state__action">
          <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
            Reload
          </button>
          <a href="/" className="btn btn--ghost">
            Home
          </a>
        </div>
      </div>
    </main>
  );
}
