// media/hls.ts: the one HLS parser and loader (shared by the SSRF guard and the segment reader).
import { describe, expect, it } from 'vitest';
import { loadHls, looksLikeHls, MAX_SUB_PLAYLISTS, namedUris, parsePlaylist, type PlaylistFetch } from '../../media/hls.ts';

const BASE = 'https://cdn.example/a/b/index.m3u8';

describe('parsePlaylist', () => {
  it('reads a master: every variant with its bandwidth, renditions, I-frame playlists and session keys', () => {
    const p = parsePlaylist([
      '#EXTM3U',
      '#EXT-X-SESSION-KEY:METHOD=AES-128,URI="https://keys.example/k"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="kk",URI="audio/kk.m3u8"',
      '#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="x",INSTREAM-ID="CC1"',
      '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="a"',
      'low/index.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=200000',
      'http://other.example/tiny.m3u8',
      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI="iframes.m3u8"',
    ].join('\n'), BASE);
    expect(p.kind).toBe('master');
    expect(p.variants).toEqual([{ uri: 'https://cdn.example/a/b/low/index.m3u8', bandwidth: 800000 }, { uri: 'http://other.example/tiny.m3u8', bandwidth: 200000 }]);
    expect(p.renditions).toEqual(['https://cdn.example/a/b/audio/kk.m3u8', 'https://cdn.example/a/b/iframes.m3u8']);
    expect(p.uris).toEqual(expect.arrayContaining(['https://keys.example/k', ...p.renditions, ...p.variants.map((v) => v.uri)]));
    expect(p.segments).toEqual([]);
  });

  it('reads a media playlist: times, byte ranges, keys, init maps and discontinuities per segment', () => {
    const p = parsePlaylist([
      '#EXTM3U', '#EXT-X-TARGETDURATION:4',
      '#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"',
      '#EXT-X-KEY:METHOD=AES-128,URI="../key.bin",IV=0x1',
      '#EXTINF:4.0,', '#EXT-X-BYTERANGE:1000@720', 'film.mp4',
      '#EXTINF:3.5,title', '#EXT-X-BYTERANGE:500', 'film.mp4',
      '#EXT-X-KEY:METHOD=NONE', '#EXT-X-DISCONTINUITY',
      '#EXTINF:2,', 'http://ads.example/ad.ts',
      '#EXT-X-ENDLIST',
    ].join('\r\n'), BASE);
    expect(p.kind).toBe('media');
    const [a, b, c] = p.segments;
    expect(a).toEqual({ uri: 'https://cdn.example/a/b/film.mp4', startS: 0, durationS: 4, byteRange: { length: 1000, offset: 720 }, key: { method: 'AES-128', uri: 'https://cdn.example/a/key.bin' }, map: { uri: 'https://cdn.example/a/b/init.mp4', byteRange: { length: 720, offset: 0 } } });
    expect(b).toMatchObject({ startS: 4, durationS: 3.5, byteRange: { length: 500, offset: 1720 } });
    expect(c).toEqual({ uri: 'http://ads.example/ad.ts', startS: 7.5, durationS: 2, map: a!.map, discontinuity: true });
    expect(p.uris).toEqual(expect.arrayContaining(['https://cdn.example/a/b/init.mp4', 'https://cdn.example/a/key.bin', 'http://ads.example/ad.ts']));
  });

  it('keeps every scheme it is given (the guard decides), and refuses a URI that does not parse', () => {
    expect(parsePlaylist('#EXTM3U\n#EXTINF:2,\nfile:///etc/passwd\n#EXT-X-KEY:METHOD=AES-128,URI="data:,x"\n', BASE).uris).toEqual(['file:///etc/passwd', 'data:,x']);
    expect(() => parsePlaylist('#EXTM3U\n#EXTINF:2,\nhttp://[bad/seg.ts\n', BASE)).toThrow(/invalid URI/);
  });
});

describe('looksLikeHls', () => {
  it('goes by the bytes or the media type, never by the path', () => {
    expect(looksLikeHls('video/mp4', Buffer.from('\uFEFF#EXTM3U\n'))).toBe(true);
    expect(looksLikeHls('application/vnd.apple.mpegurl', Buffer.from(''))).toBe(true);
    expect(looksLikeHls('audio/x-mpegURL', Buffer.from('x'))).toBe(true);
    expect(looksLikeHls('application/octet-stream', Buffer.from('\x00\x00\x00\x18ftypmp42'))).toBe(false);
  });
});

describe('loadHls', () => {
  const served: Record<string, string> = {
    'https://cdn.example/master.m3u8': '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="audio.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=900\nhi.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=100\nlo.m3u8\n',
    'https://cdn.example/hi.m3u8': '#EXTM3U\n#EXTINF:2,\nhi.ts\n',
    'https://cdn.example/lo.m3u8': '#EXTM3U\n#EXTINF:2,\nlo.ts\n',
    'https://cdn.example/audio.m3u8': '#EXTM3U\n#EXTINF:2,\nhttp://10.0.0.7/a.ts\n',
    'https://cdn.example/nested.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmaster.m3u8\n',
    'https://cdn.example/html.m3u8': '<html></html>',
  };
  const fetcher = (seen: string[]): PlaylistFetch => async (url) => {
    seen.push(url);
    if (!(url in served)) throw new Error(`404 ${url}`);
    return { url, body: Buffer.from(served[url]!) };
  };

  it('loads every variant and rendition of a master, so nothing the second variant names goes unseen', async () => {
    const seen: string[] = [];
    const hls = await loadHls(fetcher(seen), 'https://cdn.example/master.m3u8');
    expect(seen).toEqual(['https://cdn.example/master.m3u8', 'https://cdn.example/hi.m3u8', 'https://cdn.example/lo.m3u8', 'https://cdn.example/audio.m3u8']);
    expect(namedUris(hls)).toEqual(expect.arrayContaining(['https://cdn.example/hi.ts', 'https://cdn.example/lo.ts', 'http://10.0.0.7/a.ts']));
  });

  it('loads only the lowest-bandwidth variant when asked (the segment reader)', async () => {
    const seen: string[] = [];
    const hls = await loadHls(fetcher(seen), 'https://cdn.example/master.m3u8', { only: 'lowest' });
    expect(seen).toEqual(['https://cdn.example/master.m3u8', 'https://cdn.example/lo.m3u8']);
    expect(hls.media[0]!.playlist.segments[0]!.uri).toBe('https://cdn.example/lo.ts');
  });

  it('refuses a non-playlist, a variant that is itself a master, and a master naming too many playlists', async () => {
    await expect(loadHls(fetcher([]), 'https://cdn.example/html.m3u8')).rejects.toThrow(/not an HLS playlist/);
    await expect(loadHls(fetcher([]), 'https://cdn.example/nested.m3u8')).rejects.toThrow(/itself a master/);
    const many = '#EXTM3U\n' + Array.from({ length: MAX_SUB_PLAYLISTS + 1 }, (_, i) => `#EXT-X-STREAM-INF:BANDWIDTH=${i}\nv${i}.m3u8`).join('\n');
    await expect(loadHls(fetcher([]), 'https://cdn.example/x.m3u8', { first: { url: 'https://cdn.example/x.m3u8', body: Buffer.from(many) } })).rejects.toThrow(/names 33 playlists/);
  });
});
