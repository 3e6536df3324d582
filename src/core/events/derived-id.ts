/**
 * Ids for events core derives from a command: valid UUIDv7s, deterministic in (seed, index),
 * so that a retried command derives the very same events and the store sees a pure retry.
 * They reuse the seed's 48-bit timestamp; the random bits come from a 64-bit FNV-1a hash.
 */
function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

export function derivedId(seed: string, index: number | string): string {
  const hex = seed.replace(/-/g, '');
  const ts = /^[0-9a-f]{12}/i.test(hex)
    ? hex.slice(0, 12)
    : fnv1a64(seed).toString(16).padStart(16, '0').slice(0, 12);
  const a = fnv1a64(`${seed}#${index}#a`).toString(16).padStart(16, '0');
  const b = fnv1a64(`${seed}#${index}#b`).toString(16).padStart(16, '0');
  const variant = ((Number.parseInt(b[0] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = `${ts}7${a.slice(0, 3)}${variant}${b.slice(1, 16)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
