import { Type } from 'typebox';
import { errors, Obj, Res, Timestamp } from '../../../http/schemas.js';

const Period = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'Calendar month, YYYY-MM (UTC)' });
export const Payout = Res({
  id: Type.String(),
  developerId: Type.String(),
  period: Type.String(),
  currency: Type.String(),
  amountMinor: Type.Integer(),
  createdAt: Timestamp,
});
const Line = Res({
  date: Type.String(),
  type: Type.String(),
  reference: Type.String(),
  grossMinor: Type.Integer(),
  commissionMinor: Type.Integer(),
  netMinor: Type.Integer(),
});
const Totals = { grossMinor: Type.Integer(), commissionMinor: Type.Integer(), netMinor: Type.Integer() };

export const revenue = {
  tags: ['developer console'],
  summary: 'Sales, commission, refunds and net per currency (default: the last 30 days), daily series and balance owed',
  querystring: Obj({ from: Type.Optional(Type.String({ format: 'date' })), to: Type.Optional(Type.String({ format: 'date' })) }),
  response: {
    200: Res({
      from: Type.String(),
      to: Type.String(),
      totals: Type.Array(Res({ currency: Type.String(), units: Type.Integer(), refunds: Type.Integer(), ...Totals })),
      daily: Type.Array(
        Res({ day: Type.String(), currency: Type.String(), units: Type.Integer(), grossMinor: Type.Integer(), netMinor: Type.Integer() }),
      ),
      balance: Type.Array(Res({ currency: Type.String(), amountMinor: Type.Integer() })),
    }),
    ...errors(400, 401, 403),
  },
};

export const listPayouts = {
  tags: ['developer console'],
  summary: 'Your monthly payouts',
  response: { 200: Res({ payouts: Type.Array(Payout) }), ...errors(401, 403) },
};

export const payoutStatement = {
  tags: ['developer console'],
  summary: 'A payout’s statement (JSON; add /statement.csv for CSV)',
  params: Obj({ payoutId: Type.String({ maxLength: 64 }) }),
  response: {
    200: Res({
      developerId: Type.String(),
      period: Type.String(),
      currency: Type.String(),
      openingBalanceMinor: Type.Integer(),
      lines: Type.Array(Line),
      totals: Res(Totals),
      payoutMinor: Type.Integer(),
    }),
    ...errors(401, 403, 404),
  },
};

export const payoutCsv = {
  tags: ['developer console'],
  summary: 'A payout’s statement as CSV',
  params: Obj({ payoutId: Type.String({ maxLength: 64 }) }),
};

export const commission = {
  tags: ['developer console'],
  summary: 'Your commission program and rate (basis points)',
  response: { 200: Res({ program: Type.String(), commissionBps: Type.Integer() }), ...errors(401, 403) },
};

export const setCommission = {
  tags: ['admin'],
  summary: 'Put a developer on a commission program: standard, reduced (e.g. 15%) or custom',
  params: Obj({ developerId: Type.String({ maxLength: 64 }) }),
  body: Obj({
    program: Type.Enum(['standard', 'reduced', 'custom']),
    commissionBps: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  }),
  response: { 200: Res({ program: Type.String(), commissionBps: Type.Integer() }), ...errors(400, 401, 403, 404) },
};

export const runPayouts = {
  tags: ['admin'],
  summary: 'Create the payouts of a closed month now (idempotent per developer, period and currency)',
  body: Obj({ period: Period }),
  response: { 200: Res({ created: Type.Array(Payout) }), ...errors(400, 401, 403) },
};

export const reconcile = {
  tags: ['admin'],
  summary: 'Resolve pending purchases with an unknown charge outcome now',
  response: {
    200: Res({ completed: Type.Integer(), declined: Type.Integer(), voided: Type.Integer(), skipped: Type.Integer() }),
    ...errors(401, 403),
  },
};
