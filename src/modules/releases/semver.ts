/** Semantic versions (2.0.0) for app versions, and dotted OS versions ("14", "14.2.1") for minimum-OS checks. */
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$';
export const OS_VERSION_PATTERN = '^\\d{1,5}(\\.\\d{1,5}){0,3}$';

const semverRe = new RegExp(SEMVER_PATTERN);

export const isSemver = (v: string): boolean => semverRe.test(v);

/** Compares two semantic versions (build metadata ignored): negative, 0 or positive. */
export function compareSemver(a: string, b: string): number {
  const pa = semverRe.exec(a);
  const pb = semverRe.exec(b);
  if (!pa || !pb) throw new Error(`not a semantic version: ${pa ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  const ra = pa[4];
  const rb = pb[4];
  // a pre-release sorts before its release
  if (ra === undefined || rb === undefined) return ra === rb ? 0 : ra === undefined ? 1 : -1;
  const xa = ra.split('.');
  const xb = rb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const x = xa[i];
    const y = xb[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Compares dotted numeric versions; missing parts count as 0 ("14" = "14.0"). */
export function compareOs(a: string, b: string): number {
  const xa = a.split('.').map(Number);
  const xb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const d = (xa[i] ?? 0) - (xb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
