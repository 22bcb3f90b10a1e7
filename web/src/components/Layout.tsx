import { Suspense } from 'react';
import { Outlet, ScrollRestoration } from 'react-router-dom';
import { useOnNavigate } from '../lib/useOnNavigate';
import { Footer } from './Footer';
import { Header } from './Header';

/** Moves focus to the main region after client-side navigation, as a full page load would. */
function useFocusOnNavigate() {
  useOnNavigate(() => {
    const main = document.getElementById('main');
    if (main && document.activeElement && document.activeElement !== document.body && !main.contains(document.activeElement)) {
      const active = document.activeElement as HTMLElement;
      // Keep focus in the header search box while typing there.
      if (active.closest('.searchbox')) return;
      main.focus({ preventScroll: true });
    }
  });
}

export function PageFallback() {
  return (
    <div className="page-loading" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}

export function Layout() {
  useFocusOnNavigate();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" tabIndex={-1} className="site-main">
        <Suspense fallback={<PageFallback />}>
          <Outlet />
        </Suspense>
      </main>
      <Footer />
      <ScrollRestoration />
    </>
  );
}
