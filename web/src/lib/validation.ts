/** Client-side checks that mirror the server's schemas, so most mistakes are caught before a round trip. */

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const BUNDLE_ID_RE = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)+$/;

export type Errors<K extends string> = Partial<Record<K, string>>;

export function checkEmail(v: string): string | undefined {
  if (!v.trim()) return 'Enter your email address.';
  if (!EMAIL_RE.test(v.trim()) || v.length > 254) return 'Enter an email address like name@example.com.';
}

export function checkPassword(v: string): string | undefined {
  if (v.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (v.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
}

export function checkDisplayName(v: string): string | undefined {
  if (!v.trim()) return 'Enter the name people will see.';
  if (v.length > 80) return 'Use at most 80 characters.';
}

export function checkBundleId(v: string): string | undefined {
  if (!v.trim()) return 'Enter a bundle ID.';
  if (v.length < 3 || v.length > 155 || !BUNDLE_ID_RE.test(v))
    return 'Use reverse-domain form, like com.example.notes (letters, digits, - and _).';
}

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export const hasErrors = (e: Record<string, string | undefined>) => Object.values(e).some(Boolean);
