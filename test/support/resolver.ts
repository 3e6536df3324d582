import type { Resolve } from '../../src/server/notifications/egress.ts';

/**
 * A resolver over a fixed table, so that tests never ask the network. An entry is the list of
 * addresses a name resolves to, or a function of how many times it was asked before (to make
 * a name change its answer: DNS rebinding). A name not in the table does not resolve.
 */
export function fakeResolver(table: Record<string, string[] | ((asked: number) => string[])>) {
  const calls: string[] = [];
  const resolve: Resolve = async (host) => {
    const name = host.toLowerCase().replace(/\.$/, '');
    const asked = calls.filter((c) => c === name).length;
    calls.push(name);
    const entry = table[name];
    const list = typeof entry === 'function' ? entry(asked) : entry;
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return {
    resolve,
    calls,
    /** how many times `name` was resolved */
    count: (name: string) => calls.filter((c) => c === name).length,
  };
}
