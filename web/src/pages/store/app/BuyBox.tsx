/** The Get/Buy area of an app page: price in the shopper's storefront, sign-in link, purchase sheet. */

import { useQueryClient } from '@tanstack/react-query';
import { CircleCheck } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { AppDetail } from '../../../api/types';
import { useToast } from '../../../components/Toast';
import { formatPrice } from '../../../lib/money';
import { useSession } from '../../../lib/session';
import { storefrontOf } from '../../../lib/shared';
import { entryOf, libraryKey, useLibrary } from '../../../lib/useLibrary';
import { PurchaseSheet } from './PurchaseSheet';

export function BuyBox({ app, country }: { app: AppDetail; country: string }) {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const [bought, setBought] = useState(false);
  const toast = useToast();
  const qc = useQueryClient();
  const library = useLibrary();
  const owned = bought || Boolean(entryOf(library.data, app.bundleId));
  const price = app.price === undefined ? { country, priceMinor: app.priceMinor, currency: app.currency } : app.price;
  const where = storefrontOf(country)?.name ?? country;

  if (!price) {
    return (
      <div className="buybox">
        <p className="buybox__unavailable">Not available in {where}</p>
      </div>
    );
  }
  const free = price.priceMinor === 0;
  const label = formatPrice(price.priceMinor, price.currency);
  if (app.status !== 'live') {
    return (
      <div className="buybox">
        <span className="btn btn--primary btn--lg is-disabled" aria-disabled="true">
          {free ? 'Get' : label}
        </span>
        <p className="muted small">Not on sale until it’s published.</p>
      </div>
    );
  }
  return (
    <div className="buybox">
      {owned ? (
        <p className="buybox__owned">
          <CircleCheck size={18} aria-hidden="true" /> Owned
        </p>
      ) : me ? (
        <button type="button" className="btn btn--primary btn--lg" onClick={() => setOpen(true)} aria-haspopup="dialog">
          {free ? 'Get' : `Buy ${label}`}
        </button>
      ) : (
        <Link className="btn btn--primary btn--lg" to={`/signin?next=${encodeURIComponent(`/apps/${app.bundleId}`)}`}>
          {free ? 'Get' : `Buy ${label}`}
        </Link>
      )}
      <p className="muted small">{me ? (free ? `Free in ${where}` : `Price in ${where}`) : `Sign in to ${free ? 'get it' : 'buy'}`}</p>
      {me && (
        <PurchaseSheet
          app={app}
          price={price}
          country={country}
          open={open}
          onClose={() => setOpen(false)}
          onOwned={() => {
            if (!owned) toast(`${app.name} is now in your library.`);
            setBought(true);
            void qc.invalidateQueries({ queryKey: libraryKey });
          }}
        />
      )}
    </div>
  );
}
