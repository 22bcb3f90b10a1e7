/**
 * Authentication and authorization for routes. A request carries at most one principal,
 * resolved from `Authorization: Bearer <token>` (devices, API keys) or the session cookie
 * (web). Route guards are preHandlers: `guards.user`, `guards.role('moderator')`,
 * `guards.developer('apps:write')`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { type Principal, roleAtLeast } from '../modules/accounts/accounts.service.js';
import type { UserRole } from '../modules/accounts/accounts.tables.js';
import { AppError } from '../platform/errors.js';
import type { Http } from './types.js';

export const SESSION_COOKIE = 'orchard_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** True when the principal came from the cookie (so CSRF rules apply). */
    viaCookie: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: Http, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('viaCookie', false);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization;
    let token: string | undefined;
    if (header) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new AppError('unauthenticated', 'Authorization must be "Bearer <token>"');
      token = m[1];
    } else {
      token = req.cookies?.[SESSION_COOKIE];
      if (token) req.viaCookie = true;
    }
    if (!token) return;
    req.principal = await ctx.services.accounts.resolve(ctx.db, token);
    if (!req.principal && header) throw new AppError('unauthenticated', 'The token is invalid or expired');
    if (req.principal && req.viaCookie && !SAFE_METHODS.has(req.method)) {
      // Defence in depth on top of SameSite cookies: a cross-site Origin never gets to act.
      const origin = req.headers.origin;
      if (origin && origin !== 'null' && !sameOrigin(origin, req, ctx.config.publicUrl)) {
        throw new AppError('csrf_rejected');
      }
    }
  });
}

function sameOrigin(origin: string, req: FastifyRequest, publicUrl: string): boolean {
  try {
    const o = new URL(origin);
    if (o.origin === new URL(publicUrl).origin) return true;
    return o.host === req.headers.host;
  } catch {
    return false;
  }
}

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** The principal of a request that passed a guard. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('unauthenticated');
  return req.principal;
}

export const guards = {
  /** Any signed-in user (session or device token). API keys are not users. */
  user: (async (req) => {
    if (!req.principal) throw new AppError('unauthenticated');
    if (req.principal.via === 'api_key') throw new AppError('forbidden', 'API keys cannot use this endpoint');
  }) as Guard,
  /** A signed-in user whose role is at least `min` (admin ⊇ moderator ⊇ developer ⊇ customer). */
  role(min: UserRole): Guard {
    return async (req, reply) => {
      await guards.user(req, reply);
      if (!roleAtLeast(principalOf(req).user.role, min)) throw new AppError('forbidden');
    };
  },
  /** A developer account, signed in or through an API key that holds `scope`. */
  developer(scope?: string): Guard {
    return async (req) => {
      const p = req.principal;
      if (!p) throw new AppError('unauthenticated');
      if (!p.user.developerId) throw new AppError('developer_required');
      if (p.via === 'api_key' && (!scope || !p.scopes?.includes(scope)))
        throw new AppError('forbidden', scope ? `This API key lacks the ${scope} scope` : 'API keys cannot use this endpoint');
    };
  },
};
