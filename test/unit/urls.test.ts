import { describe, expect, it } from 'vitest';
import { hostOf, isHttpUrl, parseHttpUrl, siteHostOf, telegramChannel, telegramPostUrl, telegramPreviewUrl } from '../../net/urls.ts';

describe('net/urls: the one home of URL facts', () => {
  it('hostOf: ASCII, lower case, no brackets or trailing dot, empty when unparsable', () => {
    expect(hostOf('https://WWW.Kino.Example.KZ./x')).toBe('www.kino.example.kz');
    expect(hostOf('http://[2001:db8::1]:8080/')).toBe('2001:db8::1');
    expect(hostOf('https://фильм.қаз/')).toBe('xn--h1agd3a5b.xn--80ao21a');
    expect(hostOf('not a url')).toBe('');
    expect(siteHostOf('https://www.kinogo.example/a')).toBe('kinogo.example');
  });
  it('http(s) only', () => {
    expect(isHttpUrl('https://a.example/')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'ftp://a.example/', '//a.example', ''])
      expect(parseHttpUrl(bad), bad).toBeNull();
  });
  it('Telegram channels in every accepted form, and nothing else', () => {
    for (const ok of ['@kino_free_kz', 't.me/kino_free_kz', 'https://t.me/kino_free_kz/', 'https://t.me/s/kino_free_kz', 'http://telegram.me/kino_free_kz', 'https://www.t.me/s/kino_free_kz'])
      expect(telegramChannel(ok), ok).toBe('kino_free_kz');
    for (const bad of ['@abc', 'https://t.me/kino_free_kz/101', 'https://evil.example/kino_free_kz', 'https://t.me/', 'https://t.me/joinchat?x=1'])
      expect(telegramChannel(bad), bad).toBeNull();
    expect(telegramPreviewUrl('@kino_free_kz')).toBe('https://t.me/s/kino_free_kz');
    expect(telegramPreviewUrl('http://127.0.0.1:9/s/fixture')).toBe('http://127.0.0.1:9/s/fixture');
    // a local fixture named t.me (TEST_RESOLVE, the demo) keeps its origin; the real t.me never has a port
    expect(telegramPreviewUrl('http://t.me:4123/s/kino_free_kz')).toBe('http://t.me:4123/s/kino_free_kz');
    expect(telegramPreviewUrl('http://t.me:4123/kino_free_kz')).toBe('http://t.me:4123/s/kino_free_kz');
    expect(telegramPreviewUrl('http://t.me/kino_free_kz')).toBe('https://t.me/s/kino_free_kz');
    expect(telegramPostUrl('https://t.me/s/kino_free_kz/101?single')).toBe('https://t.me/kino_free_kz/101');
    expect(telegramPostUrl('https://t.me/c/123456/7')).toBe('https://t.me/c/123456/7');
  });
});
