// Kinopoisk and IMDb ids from URLs, attributes and inline script of the page.

const KP: RegExp[] = [
  /kinopoisk\.ru\/(?:film|series|level\/\d+\/film)\/(\d{2,9})/i,
  /[?&;]kp(?:_?id)?=(\d{2,9})/i,
  /\/(?:embed|film|video)\/kp\/(\d{2,9})/i,
  /data-kp(?:-?id)?=["'](\d{2,9})/i,
  /kinopoisk(?:_?id|Id)["']?\s*[:=]\s*["']?(\d{2,9})/i,
  /\bkp(?:_?id|Id)["']?\s*[:=]\s*["']?(\d{2,9})/i,
];

const IMDB: RegExp[] = [/imdb\.com\/title\/(tt\d{5,10})/i, /imdb(?:_?id|Id)?["']?\s*[:=]\s*["']?(tt\d{5,10})/i, /[?&]imdb=(tt\d{5,10})/i];

function first(res: RegExp[], text: string): string | null {
  for (const re of res) {
    const m = re.exec(text);
    if (m?.[1]) return m[1];
  }
  return null;
}

export function extractIds(text: string): { kinopoisk: string | null; imdb: string | null } {
  return { kinopoisk: first(KP, text), imdb: first(IMDB, text) };
}
