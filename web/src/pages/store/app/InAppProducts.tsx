/**
 * In-app products of an app, priced in the shopper's storefront, bought through the same
 * purchase sheet as the app (Idempotency-Key per attempt). Hidden when the app has none.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type InAppProduct, libraryApi } from '../../../api/library';
import type { AppDetail } from '../../../api/types';
import { useToast } from '../../../components/Toast';
import { formatPrice } from '../../../lib/money';
import { useSession } from '../../../lib/session';
import { entryOf, libraryKey, useLibrary } from '../../../lib/useLibrary';
import { PurchaseSheet } from './PurchaseSheet';

export function InAppProducts({ app, country }: { app: AppDetail; country: string }) {
  const { me } = useSession();
  const qc = useQueryClient();
  const toast = useToast();
  const [buying, setBuying] = useState<InAppProduct | null>(null);
  const products = useQuery({
    queryKey: ['products', app.bundleId, country],
    queryFn: () => libraryApi.products(app.bundleId, country),
    retry: false,
    staleTime: 60_000,
  });
  const library = useLibrary();
  const list = (products.data ?? []).filter((p) => p.status === 'active');
  if (list.length === 0 || app.status !== 'live') return null;
  const entry = entryOf(library.data, app.bundleId);
  // Buying an in-app product needs the app; if the library can't be read, let the server decide.
  const mayBuy = !library.data || Boolean(entry);
  const ownedProducts = new Set(entry?.products ?? []);

  return (
    <section className="section" aria-labelledby="iap-title">
      <h2 id="iap-title">In-app purchases</h2>
      <ul className="iap-list card">
        {list.map((p) => {
          const owned = p.type === 'non_consumable' && ownedProducts.has(p.productId);
          return (
            <li key={p.productId} className="iap">
              <div className="iap__text">
                <p className="iap__name">{p.name}</p>
                {p.description && <p className="muted small">{p.description}</p>}
                <p className="muted small">{p.type === 'consumable' ? 'Consumable · can be bought again' : 'One-time purchase'}</p>
              </div>
              {!p.price ? (
                <span className="muted small">Not sold in your storefront</span>
              ) : owned ? (
                <span className="iap__owned">
                  <CircleCheck size={16} aria-hidden="true" /> Owned
                </span>
              ) : !me ? (
                <Link className="btn btn--ghost btn--sm" to={`/signin?next=${encodeURIComponent(`/apps/${app.bundleId}`)}`}>
                  {formatPrice(p.price.priceMinor, p.price.currency)}
                </Link>
              ) : mayBuy ? (
                <button
                  type="button"
                  className="btn btn--ghost btn--sm"
                  aria-haspopup="dialog"
                  aria-label={`Buy ${p.name} for ${formatPrice(p.price.priceMinor, p.price.currency)}`}
                  onClick={() => setBuying(p)}
                >
                  {formatPrice(p.price.priceMinor, p.price.currency)}
                </button>
              ) : (
                <span className="muted small">{formatPrice(p.price.priceMinor, p.price.currency)} · get the app first</span>
              )}
            </li>
          );
        })}
      </ul>
      {buying?.price && (
        <PurchaseSheet
          app={app}
          price={buying.price}
          country={country}
          open={Boolean(buying)}
          product={{ productId: buying.productId, name: buying.name, consumable: buying.type === 'consumable' }}
          onClose={() => setBuying(null)}
          onOwned={() => {
            toast(`${buying.name} is yours.`);
            void qc.invalidateQueries({ queryKey: libraryKey });
          }}
        />
      )}
    </section>
  );
}
