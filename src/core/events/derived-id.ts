/**
 * Ids for events core derives from a command: valid UUIDv7s, deterministic in (seed, index),
 * so that a retried command derives the very same events and the store sees a pure retry.
 * They reuse the seed's 48-bit timestamp; the other bits come from a hash of (seed, index).
 *
 * A deriver is passed in: the server's is keyed by a secret of the installation (a
 * `derivedIds` of its head key), so that nobody can compute the id of an event in a case they
 * cannot see from the case id alone. `derivedId` here is the unkeyed one, for pure uses and
 * tests of core.
 */
export type IdDeriver = (seed: string, index: number | string) => string;

function fnv1a64(text: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

/** The seed's 48-bit UUIDv7 timestamp as 12 hex digits (a hash of it when it is no UUID). */
function timestampOf(seed: string): string {
  const hex = seed.replace(/-/g, '');
  return /^[0-9a-f]{12}/i.test(hex)
    ? hex.slice(0, 12).toLowerCase()
    : fnv1a64(seed).toString(16).padStart(16, '0').slice(0, 12);
}

/** A UUIDv7 with the seed's timestamp and 74 bits taken from `hex` (at least 19 hex digits). */
export function uuidv7FromHash(seed: string, hex: string): string {
  const variant = ((Number.parseInt(hex[3] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const h = `${timestampOf(seed)}7${hex.slice(0, 3)}${variant}${hex.slice(4, 19)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const derivedId: IdDeriver = (seed, index) => {
  const a = fnv1a64(`${seed}#${index}#a`).toString(16).padStart(16, '0');
  const b = fnv1a64(`${seed}#${index}#b`).toString(16).padStart(16, '0');
  return uuidv7FromHash(seed, `${a.slice(0, 3)}${b.slice(0, 16)}`);
};
