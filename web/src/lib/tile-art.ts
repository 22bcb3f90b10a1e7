/** A deterministic look for apps without an icon: a gradient from a hash of the bundle id and the name's initials. */

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function tileGradient(key: string): string {
  const h = hash(key);
  const hue = h % 360;
  const hue2 = (hue + 25 + ((h >>> 9) % 50)) % 360;
  const angle = 120 + ((h >>> 17) % 90);
  return `linear-gradient(${angle}deg, hsl(${hue} 72% 58%), hsl(${hue2} 70% 42%))`;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]?.[0], words[1]?.[0]] : [words[0]?.[0]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}
