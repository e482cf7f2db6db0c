// extractPage on small synthetic pages: balancer profiles, inline-JS players vs JS comments, charsets,
// JSON-LD, magnets, relative URLs; and the `kuzet extract` command.
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import extractCommand from '../../cli/commands/extract.ts';
import { extractPage } from '../../crawlers/extract.ts';
import { detectCharset } from '../../crawlers/extract/charset.ts';
import { stripJsComments } from '../../crawlers/extract/scripts.ts';
import { normaliseBtih } from '../../crawlers/extract/torrents.ts';
import { tempDirs } from '../kit/temp.ts';

const BASE = 'https://pirate.example/films/123-film.html';

describe('players', () => {
  it('finds balancer iframes (Kodik, Alloha, Collaps, VideoCDN, HDVB) and resolves protocol-relative URLs', () => {
    const html = `<html><body>
      <iframe src="//kodik.info/seria/1/abc/720p" width="640" height="360"></iframe>
      <iframe data-src="https://alloha.tv/?kp=301" width="640" height="360"></iframe>
      <iframe src="https://api.embedcdn.cc/embed/movie/301" width="640" height="360"></iframe>
      <iframe src="//videocdn.tv/abc/movie/301" width="640" height="360"></iframe>
      <iframe src="https://vb17123.hdvb.org/movie/x/iframe" width="640" height="360"></iframe>
      <iframe id="bn-top" src="/bn/top.html" height="90"></iframe>
      <iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe></body></html>`;
    const r = extractPage(html, BASE);
    expect(r.players).toEqual([
      'https://kodik.info/seria/1/abc/720p',
      'https://alloha.tv/?kp=301',
      'https://api.embedcdn.cc/embed/movie/301',
      'https://videocdn.tv/abc/movie/301',
      'https://vb17123.hdvb.org/movie/x/iframe',
    ]);
    expect(r.trailers).toEqual(['https://www.youtube.com/embed/abcdefghijk']);
    expect(r.profiles).toEqual(expect.arrayContaining(['balancer:kodik', 'balancer:alloha', 'balancer:collaps', 'balancer:videocdn', 'balancer:hdvb']));
    expect(r.externalIds.kinopoisk).toBe('301');
    expect(r.kind).toBe('detail');
  });

  it('counts players created by inline JS but not URLs only inside JS comments', () => {
    const html = `<script>
      // var old = document.createElement('iframe'); old.src = "//kodik.info/old-player";
      /* s.src = "https://alloha.tv/commented"; */
      var s = document.createElement('iframe'); s.src = "//cdn.collaps.org/embed/kp/555";
      var label = "http://not-a-comment.example//x"; // trailing comment with "//kodik.info/nope"
      var player = new Playerjs({id: "p", file: "/hls/film/index.m3u8"});
    </script>`;
    const r = extractPage(html, BASE);
    expect(r.players).toEqual(['https://cdn.collaps.org/embed/kp/555']);
    expect(r.streams).toEqual(['https://pirate.example/hls/film/index.m3u8']);
    expect(JSON.stringify(r)).not.toMatch(/old-player|commented|nope/);
  });

  it('collects <video>/<source> streams', () => {
    const r = extractPage('<video poster="p.jpg"><source src="../media/a.mp4" type="video/mp4"></video>', BASE);
    expect(r.streams).toEqual(['https://pirate.example/media/a.mp4']);
  });

  it('stripJsComments keeps strings that contain // and /*', () => {
    expect(stripJsComments('a = "//x/*y*/"; // c\nb = \'/*\' /* d */;')).toBe('a = "//x/*y*/"; \nb = \'/*\'  ;');
  });
});

describe('charsets', () => {
  const page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>Кочевник (2005) смотреть</title></head><body><h1>Кочевник / Nomad (2005)</h1></body></html>';

  it('decodes windows-1251 declared by <meta http-equiv>', () => {
    const r = extractPage(iconv.encode(page, 'win1251'), BASE);
    expect(r.title).toBe('Кочевник');
    expect(r.originalTitle).toBe('Nomad');
    expect(r.year).toBe('2005');
  });

  it('decodes windows-1251 declared only in Content-Type, and guesses it when undeclared', () => {
    const bare = iconv.encode(page.replace(/<meta[^>]+>/, ''), 'win1251');
    expect(extractPage(bare, BASE, 'text/html; charset=cp1251').title).toBe('Кочевник');
    expect(detectCharset(bare)).toBe('windows-1251');
    expect(detectCharset(Buffer.from('<p>Кочевник</p>'))).toBe('utf-8');
  });
});

describe('detail fields', () => {
  it('reads JSON-LD, OpenGraph, IMDb and Kinopoisk ids', () => {
    const html = `<head><meta property="og:image" content="/poster/big.jpg">
      <script type="application/ld+json">{"@type":"Movie","name":"Бауыржан Момышұлы","datePublished":"2013-05-01","image":"https://img.example/p.jpg"}</script></head>
      <body><a href="https://www.imdb.com/title/tt2554648/">IMDb</a> <a href="https://www.kinopoisk.ru/film/718223/">КП</a></body>`;
    const r = extractPage(html, BASE);
    expect(r.title).toBe('Бауыржан Момышұлы');
    expect(r.year).toBe('2013');
    expect(r.posters).toEqual(['https://pirate.example/poster/big.jpg', 'https://img.example/p.jpg']);
    expect(r.externalIds).toEqual({ kinopoisk: '718223', imdb: 'tt2554648' });
  });

  it('normalises base32 magnets to hex info-hashes and finds .torrent links', () => {
    const r = extractPage('<a href="magnet:?xt=urn:btih:MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U&dn=x">m</a><a href="/files/film.torrent">t</a>', BASE);
    expect(r.infoHashes).toEqual([normaliseBtih('MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U')]);
    expect(r.infoHashes[0]).toBe('6162636465666768696a6b6c6d6e6f7071727374');
    expect(r.torrents).toEqual(['https://pirate.example/files/film.torrent']);
  });
});

describe('kuzet extract', () => {
  const tmp = tempDirs('kuzet-extract-');
  it('prints the ExtractResult as JSON', async () => {
    const file = path.join(tmp(), 'p.html');
    fs.writeFileSync(file, '<h1>Томирис / Tomiris (2019)</h1><iframe src="/player/1?kp=1183582" height="400"></iframe>');
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const code = await extractCommand.run(['--file', file, '--url', 'http://site.example/f/1.html', '--json'], { io } as never);
    expect(code).toBe(0);
    const r = JSON.parse(out.join('\n'));
    expect(r).toMatchObject({ kind: 'detail', title: 'Томирис', originalTitle: 'Tomiris', year: '2019', players: ['http://site.example/player/1?kp=1183582'] });
    await expect(extractCommand.run(['--file', file], { io } as never)).rejects.toThrow(/--url is required/);
  });
});
