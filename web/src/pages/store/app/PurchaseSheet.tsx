/**
 * Confirm-and-pay sheet. POST /purchases with an Idempotency-Key: the same key is reused only
 * to retry the same attempt after a lost answer (network error, outcome unknown), so a retry
 * can never charge twice; any definite answer starts a fresh key for the next attempt.
 */
import { useMutation } from '@tanstack/react-query';
import { CircleCheck, Lock } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import { libraryApi } from '../../../api/library';
import { storeApi } from '../../../api/store';
import type { AppDetail, Price } from '../../../api/types';
import { AppIcon } from '../../../components/AppIcon';
import { SelectField } from '../../../components/Fields';
import { Sheet } from '../../../components/Sheet';
import { formatPrice } from '../../../lib/money';
import { problemMessage } from '../../../lib/problems';

const PAYMENT_METHODS = [
  { value: 'tok_ok', label: 'Sandbox card •••• 4242' },
  { value: 'tok_decline', label: 'Sandbox card •••• 0002 (always declines)' },
  { value: 'tok_flaky', label: 'Sandbox card •••• 0119 (flaky network)' },
];

/** Answers after which the same attempt may be sent again with the same key. */
const retrySameAttempt = (err: unknown) =>
  !isApiError(err) || err.code === 'network_error' || err.code === 'payment_outcome_unknown' || err.code === 'idempotency_key_in_use';

function purchaseErrorMessage(err: unknown): string {
  if (!isApiError(err)) return problemMessage(err);
  if (err.isMissingEndpoint) return 'Purchases aren’t open in this store yet. Nothing was charged — check back soon.';
  if (err.status === 402) return 'Your payment was declined. Nothing was charged — try another payment method.';
  if (err.code === 'payment_outcome_unknown') return 'The payment provider didn’t answer in time. Try again — you won’t be charged twice.';
  if (err.status === 503) return 'Payments are unavailable right now. Nothing was charged — please try again later.';
  return problemMessage(err);
}

interface Props {
  app: AppDetail;
  price: Price;
  country: string;
  open: boolean;
  onClose: () => void;
  onOwned: () => void;
  /** An in-app product of the app instead of the app itself (same sheet, same key rules). */
  product?: { productId: string; name: string; consumable: boolean };
}

export function PurchaseSheet({ app, price, country, open, onClose, onOwned, product }: Props) {
  const [token, setToken] = useState('tok_ok');
  const key = useRef<string>(crypto.randomUUID());
  const free = price.priceMinor === 0 && !product;
  const buy = useMutation({
    mutationFn: () =>
      product
        ? libraryApi.buyProduct({ bundleId: app.bundleId, productId: product.productId, country, paymentToken: token }, key.current)
        : storeApi.purchase({ bundleId: app.bundleId, country, paymentToken: token }, key.current),
    onSuccess: () => {
      key.current = crypto.randomUUID();
      onOwned();
    },
    onError: (err) => {
      if (!retrySameAttempt(err)) key.current = crypto.randomUUID();
      if (isApiError(err) && err.code === 'already_owned') onOwned();
    },
  });
  const { reset } = buy;
  useEffect(() => {
    if (open) reset();
  }, [open, reset]);

  const owned = buy.isSuccess || (isApiError(buy.error) && buy.error.code === 'already_owned');
  const needsSignIn = isApiError(buy.error) && buy.error.status === 401;
  const amount = formatPrice(price.priceMinor, price.currency);

  return (
    <Sheet open={open} title={free ? 'Get this app' : 'Confirm purchase'} onClose={onClose}>
      <div className="purchase">
        <div className="purchase__item">
          <AppIcon name={app.name} bundleId={app.bundleId} iconUrl={app.iconUrl} size={56} />
          <div>
            <p className="purchase__name">{product ? product.name : app.name}</p>
            <p className="muted small">{product ? `In-app purchase · ${app.name}` : app.developer}</p>
          </div>
          <p className="purchase__amount">{amount}</p>
        </div>
        {owned ? (
          <div className="notice notice--success" role="status">
            <CircleCheck size={18} aria-hidden="true" />
            <span>
              {product
                ? buy.isSuccess
                  ? `${product.name} is yours. It’s ready in ${app.name}.`
                  : 'You already own this item.'
                : `${buy.isSuccess ? `${app.name} is yours.` : 'You already own this app.'} Install it from the Orchard app on your devices.`}
            </span>
          </div>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              buy.mutate();
            }}
          >
            {!free && (
              <SelectField
                label="Pay with"
                value={token}
                onChange={(e) => {
                  setToken(e.target.value);
                  key.current = crypto.randomUUID();
                }}
                options={PAYMENT_METHODS}
                hint="This store runs the built-in sandbox payment provider: no real money moves."
              />
            )}
            <div role="alert" aria-live="assertive">
              {buy.error && !owned ? (
                <p className="notice notice--error">
                  {purchaseErrorMessage(buy.error)}
                  {needsSignIn && (
                    <>
                      {' '}
                      <Link to={`/signin?next=${encodeURIComponent(`/apps/${app.bundleId}`)}`}>Sign in</Link>
                    </>
                  )}
                </p>
              ) : null}
            </div>
            <div className="purchase__actions">
              <button type="button" className="btn btn--ghost" onClick={onClose}>
                Cancel
              </button>
              <button type="submit" className="btn btn--primary" disabled={buy.isPending}>
                {buy.isPending ? 'Processing…' : free ? 'Get' : `Buy for ${amount}`}
              </button>
            </div>
            <p className="purchase__fine muted small">
              <Lock size={14} aria-hidden="true" /> Country: {country}. You’ll get a signed receipt for this purchase.
            </p>
          </form>
        )}
        {owned && (
          <div className="purchase__actions">
            <button type="button" className="btn btn--primary" onClick={onClose}>
              Done
            </button>
          </div>
        )}
      </div>
    </Sheet>
  );
}
