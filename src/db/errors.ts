/**
 * Database errors from both dialects translated in one place into a small set of kinds,
 * so services can say "a unique violation on users.email means email_taken" without
 * knowing whether SQLite or PostgreSQL raised it.
 */

export type DbErrorKind = 'unique' | 'foreign_key' | 'check' | 'not_null' | 'serialization' | 'busy' | 'invalid_text';

export class DbConstraintError extends Error {
  constructor(
    readonly kind: DbErrorKind,
    /** `table.column[,column]` for unique/not-null; table (or constraint) for the others, when known. */
    readonly target: string,
    override readonly cause: unknown,
  ) {
    super(`${kind} violation${target ? ` on ${target}` : ''}`);
    this.name = 'DbConstraintError';
  }
}

interface SqliteLike {
  code?: string;
  message?: string;
}
interface PgLike {
  code?: string;
  table?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/** Returns the translated error, or null when `err` is not a constraint/concurrency error. */
export function translateDbError(err: unknown): DbConstraintError | null {
  if (err instanceof DbConstraintError) return err;
  if (!err || typeof err !== 'object') return null;
  const code = (err as SqliteLike).code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_')) {
    const msg = (err as SqliteLike).message ?? '';
    // e.g. "UNIQUE constraint failed: apps.bundle_id" or "... failed: t.a, t.b"
    const target = normaliseSqliteTarget(msg.split(': ')[1] ?? '');
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new DbConstraintError('unique', target, err);
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new DbConstraintError('foreign_key', '', err);
    if (code === 'SQLITE_CONSTRAINT_CHECK') return new DbConstraintError('check', target, err);
    if (code === 'SQLITE_CONSTRAINT_NOTNULL') return new DbConstraintError('not_null', target, err);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED')
      return new DbConstraintError('busy', '', err);
    return null;
  }
  const pg = err as PgLike;
  switch (code) {
    case '23505': {
      const cols = /Key \(([^)]+)\)/.exec(pg.detail ?? '')?.[1]?.replace(/\s+/g, '') ?? pg.constraint ?? '';
      return new DbConstraintError('unique', `${pg.table ?? ''}.${cols}`, err);
    }
    case '23503':
      return new DbConstraintError('foreign_key', pg.table ?? pg.constraint ?? '', err);
    case '23514':
      return new DbConstraintError('check', pg.constraint ?? pg.table ?? '', err);
    case '23502':
      return new DbConstraintError('not_null', `${pg.table ?? ''}.${pg.column ?? ''}`, err);
    case '40001':
    case '40P01':
      return new DbConstraintError('serialization', '', err);
    case '55P03':
      return new DbConstraintError('busy', '', err);
    case '22021': // NUL or invalid UTF-8 in text
    case '22P05':
      return new DbConstraintError('invalid_text', '', err);
    default:
      return null;
  }
}

function normaliseSqliteTarget(s: string): string {
  const parts = s
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return '';
  const table = parts[0]?.split('.')[0] ?? '';
  if (!parts.every((p) => p.includes('.'))) return s.trim();
  return `${table}.${parts.map((p) => p.split('.')[1]).join(',')}`;
}

/** True when `err` is a unique violation on exactly `target` (e.g. "users.email"). */
export function isUniqueViolation(err: unknown, target?: string): boolean {
  const t = translateDbError(err);
  return t?.kind === 'unique' && (target === undefined || t.target === target);
}

export function isRetryableTxError(err: unknown): boolean {
  const t = translateDbError(err);
  return t?.kind === 'serialization' || t?.kind === 'busy';
}
