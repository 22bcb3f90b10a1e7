/** Schema building blocks shared by every module's `<module>.schemas.ts`. */
import { type TProperties, Type } from 'typebox';

/** A closed object: unknown members are rejected in requests and dropped from responses. */
export const Obj = <T extends TProperties>(props: T, opts: { description?: string; $id?: string } = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

/**
 * A response object: serialisation (fast-json-stringify) writes only the declared members, so
 * private fields never leak, but extra members on the source object are not an error.
 */
export const Res = <T extends TProperties>(props: T, opts: { description?: string } = {}) => Type.Object(props, opts);

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Timestamp = Type.String({ format: 'date-time', description: 'ISO-8601 UTC' });
export const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code (docs/api.md#error-codes)' }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** Documented error responses for OpenAPI; the error handler renders them. */
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { ...Problem, description: 'Problem details' }]));

export const Pagination = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
};
