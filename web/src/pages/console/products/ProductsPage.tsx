/** In-app products of one app: create, rename, price (tier or per storefront), remove and restore. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Boxes, Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { commerceApi, type PriceTier, type Product, type ProductType } from '../../../api/commerce-console';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { SelectField, TextArea, TextField } from '../../../components/Fields';
import { useToast } from '../../../components/Toast';
import { formatMoney } from '../../../lib/money';
import { type Errors, hasErrors } from '../../../lib/validation';
import { AppFrame } from '../AppFrame';
import { PricingEditor, type PricingState, pricingFromPrices, pricingToBody, tiersKey } from './PricingEditor';

const productsKey = (bundleId: string) => ['products', bundleId];
const PRODUCT_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const typeOptions = [
  { value: 'consumable', label: 'Consumable (can be bought again, e.g. coins)' },
  { value: 'non_consumable', label: 'Non-consumable (bought once, e.g. a pro upgrade)' },
];

export function ProductsPage() {
  return <AppFrame section="In-app products">{(app) => <Products bundleId={app.bundleId} />}</AppFrame>;
}

function Products({ bundleId }: { bundleId: string }) {
  const q = useQuery({ queryKey: productsKey(bundleId), queryFn: () => commerceApi.products(bundleId) });
  const [creating, setCreating] = useState(false);
  return (
    <section className="card panel" aria-labelledby="products-title">
      <div className="section__head">
        <h2 id="products-title">In-app products</h2>
        {!creating && (
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            <Plus size={16} aria-hidden="true" /> New product
          </button>
        )}
      </div>
      {creating && <CreateProduct bundleId={bundleId} onDone={() => setCreating(false)} />}
      <ErrorNotice error={q.error} onRetry={() => q.refetch()} />
      {q.data?.length === 0 && !creating && (
        <EmptyState icon={Boxes} title="No in-app products yet">
          Sell coins, levels or a pro upgrade inside your app. Each product has its own price in every storefront.
        </EmptyState>
      )}
      <ul className="product-list">
        {q.data?.map((p) => (
          <li key={p.productId}>
            <ProductCard bundleId={bundleId} product={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}

type Field = 'productId' | 'name' | 'pricing';

function CreateProduct({ bundleId, onDone }: { bundleId: string; onDone: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [productId, setProductId] = useState('');
  const [type, setType] = useState<ProductType>('non_consumable');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [pricing, setPricing] = useState<PricingState>({ mode: 'tier', tier: '1' });
  const [errors, setErrors] = useState<Errors<Field>>({});
  const create = useMutation({
    mutationFn: (body: Parameters<typeof commerceApi.createProduct>[1]) => commerceApi.createProduct(bundleId, body),
    onSuccess: (p) => {
      qc.setQueryData<Product[]>(productsKey(bundleId), (xs) => [...(xs ?? []), p]);
      toast(`${p.name} created.`);
      onDone();
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const priced = pricingToBody(pricing);
    const errs: Errors<Field> = {
      productId:
        !productId.trim() || productId.length > 100 || !PRODUCT_ID_RE.test(productId.trim())
          ? 'Use letters, digits, dots, dashes and underscores, like coins.100.'
          : undefined,
      name: !name.trim() ? 'Give the product a name.' : name.length > 100 ? 'Use at most 100 characters.' : undefined,
      pricing: typeof priced === 'string' ? priced : undefined,
    };
    setErrors(errs);
    if (hasErrors(errs) || typeof priced === 'string') return;
    create.mutate({ productId: productId.trim(), type, name: name.trim(), description, ...priced });
  };
  return (
    <form className="form product-form" onSubmit={onSubmit} noValidate aria-label="New in-app product">
      <div className="form__row">
        <TextField label="Product ID" value={productId} onChange={(e) => setProductId(e.target.value)} error={errors.productId} />
        <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value as ProductType)} options={typeOptions} />
      </div>
      <TextField label="Product name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} maxLength={100} />
      <TextArea
        label="Product description"
        rows={2}
        maxLength={2000}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <PricingEditor idPrefix="new" value={pricing} onChange={setPricing} />
      {errors.pricing && <p className="field__error">{errors.pricing}</p>}
      <ErrorNotice error={create.error} />
      <div className="form__actions">
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create product'}
        </button>
      </div>
    </form>
  );
}

function ProductCard({ bundleId, product: p }: { bundleId: string; product: Product }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(p.name);
  const [description, setDescription] = useState(p.description);
  const [pricing, setPricing] = useState<PricingState>({ mode: 'tier', tier: '1' });
  const [pricingError, setPricingError] = useState<string>();
  const store = (next: Product) =>
    qc.setQueryData<Product[]>(productsKey(bundleId), (xs) => xs?.map((x) => (x.productId === next.productId ? next : x)));
  const save = useMutation({
    mutationFn: async () => {
      const priced = pricingToBody(pricing);
      if (typeof priced === 'string') throw new Error(priced);
      let next = p;
      if (name.trim() !== p.name || description !== p.description)
        next = await commerceApi.updateProduct(bundleId, p.productId, { name: name.trim(), description });
      next = await commerceApi.setProductPrices(bundleId, p.productId, priced);
      return next;
    },
    onSuccess: (next) => {
      store(next);
      setEditing(false);
      toast(`${next.name} saved.`);
    },
    onError: (err) => setPricingError(err instanceof Error && !('status' in err) ? err.message : undefined),
  });
  const status = useMutation({
    mutationFn: () => commerceApi.updateProduct(bundleId, p.productId, { status: p.status === 'active' ? 'removed' : 'active' }),
    onSuccess: (next) => {
      store(next);
      toast(next.status === 'removed' ? `${next.name} is no longer sold.` : `${next.name} is on sale again.`);
    },
  });
  const us = p.prices.find((x) => x.country === 'US');
  return (
    <article className={`product card${p.status === 'removed' ? ' is-removed' : ''}`} aria-label={`Product ${p.name}`}>
      <header className="product__head">
        <div>
          <h3>{p.name}</h3>
          <code className="muted small">{p.productId}</code> ·{' '}
          <span className="small muted">{p.type === 'consumable' ? 'Consumable' : 'Non-consumable'}</span>
        </div>
        <span className="strong">{us ? formatMoney(us.priceMinor, us.currency) : `${p.prices.length} storefronts`}</span>
        {p.status === 'removed' && <span className="badge badge--removed">Not sold</span>}
      </header>
      {p.description && <p className="muted small">{p.description}</p>}
      <p className="small muted">
        Sold in {p.prices.length} storefront{p.prices.length === 1 ? '' : 's'}
        {p.prices.length > 0 &&
          `: ${p.prices
            .slice(0, 6)
            .map((x) => `${x.country} ${formatMoney(x.priceMinor, x.currency)}`)
            .join(', ')}`}
        {p.prices.length > 6 && ' …'}
      </p>
      {editing ? (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            setPricingError(undefined);
            save.mutate();
          }}
          noValidate
        >
          <TextField label={`Name of ${p.productId}`} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
          <TextArea
            label={`Description of ${p.productId}`}
            rows={2}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <PricingEditor idPrefix={p.productId} value={pricing} onChange={setPricing} />
          {pricingError && <p className="field__error">{pricingError}</p>}
          <ErrorNotice error={pricingError ? null : save.error} />
          <div className="form__actions">
            <button type="button" className="btn btn--ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn--primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save product'}
            </button>
          </div>
        </form>
      ) : (
        <div className="row-actions">
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            onClick={() => {
              setName(p.name);
              setDescription(p.description);
              setPricing(pricingFromPrices(p.prices, qc.getQueryData<PriceTier[]>(tiersKey)));
              setEditing(true);
            }}
          >
            Edit {p.name}
          </button>
          <button type="button" className="btn btn--ghost btn--sm" onClick={() => status.mutate()} disabled={status.isPending}>
            {p.status === 'active' ? 'Stop selling' : 'Sell again'}
          </button>
        </div>
      )}
      <ErrorNotice error={status.error} />
    </article>
  );
}
