import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../../test/support/resolver.ts';
import { EgressRefusal, egressSettings, ROBOT_HOSTS, webhookEgress } from './egress.ts';

async function refusal(p: Promise<unknown>): Promise<EgressRefusal> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(EgressRefusal);
  return e as EgressRefusal;
}

describe('webhook egress policy', () => {
  const dns = fakeResolver({
    localhost: ['127.0.0.1', '::1'],
    // a metadata name is refused by its name, whatever it resolves to
    'metadata.google.internal': ['8.8.8.8'],
    'hooks.example.org': ['93.184.215.14'],
    'v6.example.org': ['2001:4860:4860::8888'],
    'intranet.example.test': ['10.0.0.5'],
    'split.example.test': ['93.184.215.14', '192.168.0.9'],
    'relay.example.test': ['10.20.1.1'],
    'empty.example.test': [],
  });
  const strict = webhookEgress({}, { resolve: dns.resolve });

  it.each([
    // the addresses of the finding
    ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
    ['http://localhost:5432/', 'localhost resolves to a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'metadata.google.internal is a cloud metadata service',
    ],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['http://192.168.1.1/', '192.168.1.1 is a private address'],
    [
      'http://[::ffff:127.0.0.1]/',
      '[::ffff:127.0.0.1] (that is [::ffff:7f00:1]) is a loopback address in IPv6 form',
    ],
    ['http://2130706433/', '2130706433 (that is 127.0.0.1) is a loopback address'],
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified address'],
    // odd spellings of IPv4
    ['http://0x7f.1/', '0x7f.1 (that is 127.0.0.1) is a loopback address'],
    ['http://017700000001/', '017700000001 (that is 127.0.0.1) is a loopback address'],
    ['http://127.1:8080/', '127.1 (that is 127.0.0.1) is a loopback address'],
    ['http://%31%32%37.0.0.1/', '%31%32%37.0.0.1 (that is 127.0.0.1) is a loopback address'],
    ['http://0/', '0 (that is 0.0.0.0) is an unspecified address'],
    // the other internal and special ranges
    ['http://172.16.0.1/', 'a private address'],
    ['http://100.64.0.1/', 'a shared (carrier-grade NAT) address'],
    ['http://100.100.100.200/latest/meta-data/', 'a cloud metadata address'],
    ['http://169.254.10.1/', 'a link-local address'],
    ['http://255.255.255.255/', 'the broadcast address'],
    ['http://224.0.0.1/', 'a multicast address'],
    ['http://240.0.0.1/', 'a reserved address'],
    ['http://192.0.2.1/', 'a reserved address'],
    ['http://[::1]/', '[::1] is a loopback address'],
    ['http://[::]/', '[::] is an unspecified address'],
    ['http://[fd00::1]/', 'a unique-local address'],
    ['http://[fe80::1]/', 'a link-local address'],
    ['http://[ff02::1]/', 'a multicast address'],
    ['http://[fd00:ec2::254]/', 'a cloud metadata address'],
    ['http://[::ffff:169.254.169.254]/', 'a cloud metadata address in IPv6 form'],
    ['http://[::ffff:10.0.0.1]/', 'a private address in IPv6 form'],
    ['http://[64:ff9b::a00:1]/', 'a private address in IPv6 form'],
    ['http://[::127.0.0.1]/', 'an IPv4-compatible IPv6 address'],
    ['http://[2002:7f00:1::]/', 'a 6to4 address wrapping a loopback address'],
    ['http://[2001:0:4136:e378::1]/', 'a Teredo tunnel address'],
    // names
    ['http://intranet.example.test/', 'intranet.example.test resolves to a private address'],
    ['http://split.example.test/', 'split.example.test resolves to a private address'],
    ['http://METADATA.google.internal./', 'metadata.google.internal is a cloud metadata service'],
    ['http://metadata/', 'metadata is a cloud metadata service'],
  ])('refuses %s', async (url, why) => {
    const e = await refusal(strict.check(url));
    expect(e.code).toBe('refused_address');
    expect(e.reason).toContain(why);
  });

  it('refuses a metadata name without resolving it', async () => {
    const before = dns.count('metadata.google.internal');
    await refusal(strict.check('http://metadata.google.internal/'));
    expect(dns.count('metadata.google.internal')).toBe(before);
  });

  it('refuses an odd spelling of a public address too, and says how to write it', async () => {
    const e = await refusal(strict.check('http://134744072/'));
    expect(e.reason).toBe('134744072 is an unusual way of writing 8.8.8.8: write it as 8.8.8.8');
    expect((await strict.check('http://8.8.8.8/')).address).toBe('8.8.8.8');
  });

  it('allows public addresses and names, and gives the address it checked', async () => {
    expect(await strict.check('https://hooks.example.org/x?key=1')).toMatchObject({
      address: '93.184.215.14',
      family: 4,
    });
    expect((await strict.check('https://v6.example.org/')).address).toBe('2001:4860:4860::8888');
    expect((await strict.check('http://[2001:4860:4860::8888]:8080/')).address).toBe('2001:4860:4860::8888');
    // an IPv4 address in IPv6 form is judged as that address
    expect((await strict.check('http://[::ffff:8.8.8.8]/')).address).toBe('::ffff:808:808');
    expect((await strict.check('http://[64:ff9b::808:808]/')).address).toBe('64:ff9b::808:808');
  });

  it('refuses a name that does not resolve, or not in time', async () => {
    const gone = await refusal(strict.check('http://nowhere.example.test/'));
    expect(gone.code).toBe('dns');
    expect(gone.reason).toBe('nowhere.example.test does not resolve (ENOTFOUND)');
    expect((await refusal(strict.check('http://empty.example.test/'))).code).toBe('dns');
    const slow = webhookEgress({}, { resolve: () => new Promise(() => {}), resolveTimeoutMs: 20 });
    const e = await refusal(slow.check('http://slow.example.test/'));
    expect(e.reason).toBe('slow.example.test does not resolve (ETIMEOUT)');
  });

  it('refuses other schemes', async () => {
    expect((await refusal(strict.check('ftp://hooks.example.org/'))).reason).toMatch(/http/);
    expect((await refusal(strict.check('not a url'))).reason).toMatch(/not a URL/);
  });

  it('opens the internal networks a deployment lists, and nothing more', async () => {
    const relay = webhookEgress({ internalNetworks: ['127.0.0.1', '10.20.0.0/16', '100.64.0.0/10'] }, dns);
    expect((await relay.check('http://127.0.0.1:9000/')).address).toBe('127.0.0.1');
    expect((await relay.check('http://[::ffff:127.0.0.1]/')).address).toBe('::ffff:7f00:1');
    expect((await relay.check('http://relay.example.test/')).address).toBe('10.20.1.1');
    expect((await relay.check('http://100.64.3.4/')).address).toBe('100.64.3.4');
    expect((await refusal(relay.check('http://127.0.0.2/'))).reason).toContain('loopback');
    expect((await refusal(relay.check('http://10.21.0.1/'))).reason).toContain('private');
    // localhost also resolves to ::1, which is not listed
    expect((await refusal(relay.check('http://localhost/'))).reason).toBe(
      'localhost resolves to a loopback address',
    );
    // never: metadata (even inside a listed network), link-local, unspecified, odd spellings
    expect((await refusal(relay.check('http://100.100.100.200/'))).reason).toContain('metadata');
    expect((await refusal(relay.check('http://169.254.169.254/'))).reason).toContain('metadata');
    expect((await refusal(relay.check('http://0.0.0.0/'))).reason).toContain('unspecified');
    expect((await refusal(relay.check('http://2130706433/'))).reason).toContain('unusual');
  });

  it('with a list of hosts, posts to those hosts only', async () => {
    const robots = webhookEgress(egressSettings({ hosts: 'robots' }), {
      resolve: fakeResolver({
        'qyapi.weixin.qq.com': ['101.91.40.24'],
        'oapi.dingtalk.com': ['47.246.23.230'],
      }).resolve,
    });
    expect(robots.settings.hosts).toEqual([...ROBOT_HOSTS]);
    expect((await robots.check('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k')).address).toBe(
      '101.91.40.24',
    );
    expect((await robots.check('https://OAPI.dingtalk.com./robot/send?access_token=t')).address).toBe(
      '47.246.23.230',
    );
    const other = await refusal(robots.check('https://hooks.example.org/x'));
    expect(other.code).toBe('host_not_allowed');
    expect(other.reason).toBe(
      'hooks.example.org is not a host this server posts to (qyapi.weixin.qq.com, oapi.dingtalk.com)',
    );
    expect((await refusal(robots.check('http://8.8.8.8/'))).code).toBe('host_not_allowed');
    // a listed host must still resolve to a public address (or a listed internal network)
    const listed = webhookEgress({ hosts: ['intranet.example.test'] }, dns);
    expect((await refusal(listed.check('http://intranet.example.test/'))).code).toBe('refused_address');
    const opened = webhookEgress({ hosts: ['intranet.example.test'], internalNetworks: ['10.0.0.0/8'] }, dns);
    expect((await opened.check('http://intranet.example.test/')).address).toBe('10.0.0.5');
  });

  it('reads the settings, naming what is wrong', () => {
    expect(egressSettings({})).toEqual({});
    expect(egressSettings({ hosts: '  ', internalNetworks: '' })).toEqual({});
    expect(egressSettings({ hosts: 'robots' })).toEqual({
      hosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'],
    });
    expect(
      egressSettings({
        hosts: 'ROBOTS, hooks.example.gov.cn 10.1.2.3,例子.中国',
        internalNetworks: '10.1.0.0/16 ::1',
      }),
    ).toEqual({
      hosts: [
        'qyapi.weixin.qq.com',
        'oapi.dingtalk.com',
        'hooks.example.gov.cn',
        '10.1.2.3',
        'xn--fsqu00a.xn--fiqs8s',
      ],
      internalNetworks: ['10.1.0.0/16', '::1'],
    });
    for (const [hosts, why] of [
      ['https://hooks.example.org', 'not a host name'],
      ['hooks.example.org:8443', 'not a host name'],
      ['hooks.example.org/x', 'not a host name'],
      ['0x7f.1', 'four decimal numbers'],
    ] as const)
      expect(() => egressSettings({ hosts }), hosts).toThrow(why);
    for (const [internalNetworks, why] of [
      ['0.0.0.0/0', 'an unspecified address, which webhooks may never reach'],
      ['::/0', 'an unspecified address'],
      ['169.254.0.0/16', 'a link-local address'],
      ['169.254.169.254', 'a cloud metadata address'],
      ['8.8.8.0/24', 'public'],
      ['10.0.0.0/33', 'not a network'],
      ['intranet', 'not a network'],
      ['012.0.0.0/8', 'not a network'],
    ] as const)
      expect(() => egressSettings({ internalNetworks }), internalNetworks).toThrow(why);
    expect(() => egressSettings({ internalNetworks: 'x' })).toThrow('HUAJIE_WEBHOOK_INTERNAL_NETWORKS');
  });
});
