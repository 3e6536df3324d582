import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may post. A webhook's address is checked when it is saved and again before
 * every delivery: the host is resolved, and every address it resolves to must be public — or
 * in an internal network the deployment allows by name — and the delivery then connects to
 * exactly the address that was checked (see delivery.ts), so a name that changes its answer
 * between the check and the connection (DNS rebinding) reaches nothing else.
 *
 * Never reachable, whatever the settings: link-local addresses, the cloud metadata services
 * (by name and by address), unspecified, broadcast, multicast and reserved addresses, and
 * IPv4 addresses written in unusual ways (2130706433, 0x7f.1, 017700000001 …).
 * Reachable only when the deployment lists their network: loopback, private (RFC 1918),
 * shared (carrier-grade NAT) and unique-local addresses, also in their IPv4-mapped and NAT64
 * IPv6 forms.
 */

/** The group robots of WeCom (企业微信) and DingTalk (钉钉): what `robots` in the host list means. */
export const ROBOT_HOSTS = ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'] as const;

/** Names of the cloud metadata services: never reachable, whatever they resolve to. */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.tencentyun.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** Addresses of the cloud metadata services (AWS, GCP, Azure, Huawei, Tencent, Alibaba …). */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.0.23',
  '100.100.100.200',
  'fd00:ec2::254',
]);

export interface EgressSettings {
  /** when set, the only hosts webhooks may address (lowercase names or addresses) */
  hosts?: readonly string[];
  /** internal networks webhooks may reach, as CIDR (a deployment that relays through one) */
  internalNetworks?: readonly string[];
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Every address a host name resolves to. */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

/** The operating system's resolver, as connections would use it (hosts file, DNS). */
export const systemResolve: Resolve = async (host) =>
  (await lookup(host, { all: true, order: 'verbatim' })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export type RefusalCode = 'refused_address' | 'host_not_allowed' | 'dns';

/** A webhook address the policy refuses; `reason` names the host and why, for a person. */
export class EgressRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A checked address: connect to `address` (and nothing else) for `url`. */
export interface EgressTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export interface WebhookEgress {
  readonly settings: Readonly<EgressSettings>;
  /** Resolve and check the address of a webhook; throws EgressRefusal. */
  check(url: string): Promise<EgressTarget>;
}

type Ip = ipaddr.IPv4 | ipaddr.IPv6;
type Verdict =
  | { kind: 'public' }
  /** reachable only when a listed internal network contains `effective` */
  | { kind: 'internal'; what: string; effective: Ip }
  | { kind: 'never'; what: string };

const internal = (what: string, effective: Ip): Verdict => ({ kind: 'internal', what, effective });
const never = (what: string): Verdict => ({ kind: 'never', what });

function fromParts(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/** What an address is, by ipaddr.js's ranges (and the metadata services'). */
export function classifyAddress(ip: Ip): Verdict {
  if (METADATA_ADDRESSES.has(ip.kind() === 'ipv6' ? (ip as ipaddr.IPv6).toRFC5952String() : ip.toString()))
    return never('a cloud metadata address');
  if (ip.kind() === 'ipv4') {
    const range = (ip as ipaddr.IPv4).range() as string;
    switch (range) {
      case 'unicast':
        return { kind: 'public' };
      case 'loopback':
        return internal('a loopback address', ip);
      case 'private':
        return internal('a private address', ip);
      case 'carrierGradeNat':
        return internal('a shared (carrier-grade NAT) address', ip);
      case 'linkLocal':
        return never('a link-local address');
      case 'unspecified':
        return never('an unspecified address');
      case 'broadcast':
        return never('the broadcast address');
      case 'multicast':
        return never('a multicast address');
      default:
        return never(`a reserved address (${range})`);
    }
  }
  const v6 = ip as ipaddr.IPv6;
  const p = v6.parts;
  // ::a.b.c.d, the deprecated IPv4-compatible form (:: and ::1 are themselves below)
  if (p.slice(0, 6).every((x) => x === 0) && !(p[6] === 0 && (p[7] ?? 0) <= 1))
    return never('an IPv4-compatible IPv6 address, a deprecated form');
  const range = v6.range() as string;
  switch (range) {
    case 'unicast':
      return { kind: 'public' };
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052': {
      // an IPv4 address in IPv6 clothes (mapped, translated, NAT64): judged as that address
      const v4 = fromParts(p[6] ?? 0, p[7] ?? 0);
      const inner = classifyAddress(v4);
      if (inner.kind === 'public') return inner;
      const what = `${inner.what} in IPv6 form`;
      return inner.kind === 'internal' ? internal(what, v4) : never(what);
    }
    case '6to4': {
      const v4 = fromParts(p[1] ?? 0, p[2] ?? 0);
      const inner = classifyAddress(v4);
      return inner.kind === 'public' ? inner : never(`a 6to4 address wrapping ${inner.what}`);
    }
    case 'loopback':
      return internal('a loopback address', ip);
    case 'uniqueLocal':
      return internal('a unique-local address', ip);
    case 'linkLocal':
      return never('a link-local address');
    case 'unspecified':
      return never('an unspecified address');
    case 'multicast':
      return never('a multicast address');
    case 'teredo':
      return never('a Teredo tunnel address');
    default:
      return never(`a reserved address (${range})`);
  }
}

/** The host as written in the address text, before the URL parser normalised it. */
function writtenHost(raw: string): string {
  const authority = /^[a-z][a-z0-9+.-]*:[\\/]*([^/?#\\]*)/i.exec(raw.trim())?.[1] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d*$/, '');
}

const isIpv4Host = (hostname: string) => /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
const isIpv6Host = (hostname: string) => hostname.startsWith('[');
/** A host as the URL parser gives it, compared without case and without a final dot. */
const bare = (hostname: string) => hostname.toLowerCase().replace(/\.$/, '');

function parseNetwork(entry: string, setting: string): [Ip, number] {
  const cidr = entry.includes('/') ? entry : `${entry}/${entry.includes(':') ? 128 : 32}`;
  const v4 = !cidr.includes(':');
  if (!(v4 ? ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr) : ipaddr.IPv6.isValidCIDR(cidr)))
    throw new Error(`${setting}: "${entry}" is not a network (e.g. 10.20.0.0/16, 127.0.0.1, fd12:3456::/48)`);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  const verdict = classifyAddress(net);
  if (verdict.kind === 'public')
    throw new Error(`${setting}: ${entry} is public: only internal networks need to be listed`);
  if (verdict.kind === 'never')
    throw new Error(`${setting}: ${entry} is ${verdict.what}, which webhooks may never reach`);
  return [net, bits];
}

function parseHost(entry: string, setting: string): string {
  let u: URL;
  try {
    u = new URL(`http://${entry}`);
  } catch {
    throw new Error(`${setting}: "${entry}" is not a host name`);
  }
  if (
    u.username ||
    u.port ||
    u.pathname !== '/' ||
    u.search ||
    u.hash ||
    writtenHost(`http://${entry}`) !== entry
  )
    throw new Error(`${setting}: "${entry}" is not a host name (no scheme, port or path)`);
  if (isIpv4Host(u.hostname) && !ipaddr.IPv4.isValidFourPartDecimal(entry))
    throw new Error(`${setting}: write the address "${entry}" as four decimal numbers (${u.hostname})`);
  return bare(u.hostname);
}

/**
 * The deployment's settings from their text: `hosts` is a list of host names or addresses
 * (commas or spaces between them), where `robots` stands for the WeCom and DingTalk robot
 * hosts; `internalNetworks` a list of CIDR networks. Empty or absent: not set. Throws with
 * the setting's name and the entry that is wrong.
 */
export function egressSettings(
  text: { hosts?: string; internalNetworks?: string },
  names = {
    hosts: 'webhook hosts (HUAJIE_WEBHOOK_HOSTS, --webhook-hosts)',
    internalNetworks:
      'webhook internal networks (HUAJIE_WEBHOOK_INTERNAL_NETWORKS, --webhook-internal-networks)',
  },
): EgressSettings {
  const list = (s: string | undefined) => (s ?? '').split(/[\s,]+/).filter(Boolean);
  const hosts = list(text.hosts).flatMap((h) =>
    h.toLowerCase() === 'robots' ? [...ROBOT_HOSTS] : [parseHost(h, names.hosts)],
  );
  const networks = list(text.internalNetworks);
  for (const n of networks) parseNetwork(n, names.internalNetworks);
  return {
    ...(hosts.length ? { hosts: [...new Set(hosts)] } : {}),
    ...(networks.length ? { internalNetworks: networks } : {}),
  };
}

/**
 * The policy over the deployment's settings. `resolve` is the resolver (tests inject one);
 * a name that gives no answer within `resolveTimeoutMs` is refused.
 */
export function webhookEgress(
  settings: EgressSettings = {},
  opts: { resolve?: Resolve; resolveTimeoutMs?: number } = {},
): WebhookEgress {
  const networks = (settings.internalNetworks ?? []).map((n) => parseNetwork(n, 'webhook internal networks'));
  const allowed = settings.hosts ? new Set(settings.hosts.map(bare)) : null;
  const resolve = opts.resolve ?? systemResolve;
  const resolveTimeoutMs = opts.resolveTimeoutMs ?? 5_000;

  /** Why an address may not be reached, or null when it may. */
  function refusedBecause(ip: Ip): string | null {
    const v = classifyAddress(ip);
    if (v.kind === 'public') return null;
    if (v.kind === 'internal') {
      const e = v.effective;
      if (networks.some(([net, bits]) => net.kind() === e.kind() && e.match(net, bits))) return null;
    }
    return v.what;
  }

  function allowList(host: string): void {
    if (allowed && !allowed.has(host))
      throw new EgressRefusal(
        'host_not_allowed',
        `${host} is not a host this server posts to (${[...allowed].join(', ')})`,
      );
  }

  async function addressesOf(name: string): Promise<ResolvedAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        resolve(name),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error('no answer'), { code: 'ETIMEOUT' })),
            resolveTimeoutMs,
          );
        }),
      ]);
      if (answer.length === 0) throw Object.assign(new Error('no address'), { code: 'ENODATA' });
      return answer;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      throw new EgressRefusal(
        'dns',
        `${name} does not resolve (${typeof code === 'string' ? code : 'no answer'})`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    settings,
    async check(text) {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw new EgressRefusal('refused_address', 'the address is not a URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new EgressRefusal('refused_address', 'only http:// and https:// addresses are posted to');
      const hostname = url.hostname;
      if (isIpv4Host(hostname) || isIpv6Host(hostname)) {
        const ip = ipaddr.parse(isIpv6Host(hostname) ? hostname.slice(1, -1) : hostname);
        const written = writtenHost(text);
        const shown = written.toLowerCase() === hostname ? hostname : `${written} (that is ${hostname})`;
        const why = refusedBecause(ip);
        if (why) throw new EgressRefusal('refused_address', `${shown} is ${why}`);
        if (isIpv4Host(hostname) && written.toLowerCase() !== hostname)
          throw new EgressRefusal(
            'refused_address',
            `${written} is an unusual way of writing ${hostname}: write it as ${hostname}`,
          );
        allowList(hostname);
        return { url, address: ip.toString(), family: ip.kind() === 'ipv6' ? 6 : 4 };
      }
      const name = bare(hostname);
      if (METADATA_NAMES.has(name))
        throw new EgressRefusal('refused_address', `${name} is a cloud metadata service`);
      allowList(name);
      const addresses = await addressesOf(hostname);
      for (const a of addresses) {
        const ip = ipaddr.isValid(a.address) ? ipaddr.parse(a.address) : null;
        const why = ip ? refusedBecause(ip) : 'not an address';
        // named by its kind only: the server's view of internal names is not shown
        if (why) throw new EgressRefusal('refused_address', `${name} resolves to ${why}`);
      }
      const first = addresses[0] as ResolvedAddress;
      return { url, address: first.address, family: first.family };
    },
  };
}
