import { describe, expect, it } from 'vitest';
import { redactUrl } from './webhooks.routes.ts';

describe('webhooks', () => {
  it('are shown with their address only as far as its host: keys and tokens stay hidden', () => {
    expect(redactUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret')).toBe(
      'https://qyapi.weixin.qq.com/…',
    );
    expect(redactUrl('https://hooks.example.org/')).toBe('https://hooks.example.org/');
    expect(redactUrl('not a url')).toBe('…');
  });
});
