import { Link } from 'react-router-dom';
import { setBrowserCountry, useCountry, useSession } from '../lib/session';
import { storefrontOf, storefronts } from '../lib/shared';

/** Site footer; also where a signed-out shopper picks the storefront prices are shown for. */
export function Footer() {
  const { me } = useSession();
  const country = useCountry();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p className="site-footer__brand">
          <strong>Orchard</strong> — an open-source app store.
        </p>
        <nav aria-label="Footer" className="site-footer__links">
          <Link to="/categories">All categories</Link>
          <a href="/docs">API docs</a>
          {me ? <Link to="/account">Your account</Link> : <Link to="/signup">Create an account</Link>}
        </nav>
        {me ? (
          <p className="small muted">
            Storefront: {storefrontOf(country)?.name ?? country} · <Link to="/account">change</Link>
          </p>
        ) : (
          <label className="site-footer__country small">
            Storefront
            <select className="input select input--sm" value={country} onChange={(e) => setBrowserCountry(e.target.value)}>
              {storefronts.map((s) => (
                <option key={s.country} value={s.country}>
                  {s.name} ({s.currency})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
    </footer>
  );
}
