// What ffmpeg may open, and by which way out. A local input gets `-protocol_whitelist file,crypto`: no network at
// all. A URL input (or a concat of URLs) gets `http,https,tcp,tls,crypto,httpproxy` (no file, data or other local
// protocols; httpproxy is ffmpeg's CONNECT client for https through a proxy) and runs with the environment
// variable http_proxy pointing at an egress session (net/egress.ts): ffmpeg's http and tls protocols read it on
// every nested open (HLS variants, segments and keys, concat parts, redirects), unlike the -http_proxy option,
// which the concat protocol does not pass on. Without an egress a URL input is refused (fail closed).
import type { Egress } from '../net/egress.ts';
import type { FetchRefused } from '../net/errors.ts';
import { MediaError } from './errors.ts';

/** The network port media code needs: the guarded fetch (playlists) and proxy sessions (ffmpeg runs). */
export type MediaEgress = Pick<Egress, 'fetch' | 'session'>;

export const isUrl = (input: string) => /^https?:\/\//i.test(input);
const parts = (input: string) => (input.startsWith('concat:') ? input.slice(7).split('|') : [input]);
/** true when ffmpeg would have to reach the network for this input */
export const isRemoteInput = (input: string) => parts(input).some((p) => /^[a-z][a-z0-9+.-]+:\/\//i.test(p));

const NETWORK = 'http,https,tcp,tls,crypto,httpproxy';
const LOCAL = 'file,crypto';
const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY'];

/** Input options: the protocol whitelist, and for URLs a read/write timeout (µs). */
export function inputArgs(input: string, timeoutMs = 20_000): string[] {
  const concat = input.startsWith('concat:') ? 'concat,' : '';
  if (!isRemoteInput(input)) return ['-protocol_whitelist', `${concat}${LOCAL}`, '-i', input];
  return ['-protocol_whitelist', `${concat}${NETWORK}`, '-rw_timeout', String(timeoutMs * 1000), '-i', input];
}

export interface MediaInput {
  /** the input options, ending with `-i input` */
  args: string[];
  /** the child's environment: http_proxy set to the session for URL inputs, no other proxy variables */
  env: NodeJS.ProcessEnv;
  /** the egress refused something during this run */
  refused(): FetchRefused | null;
  close(): Promise<void>;
}

/** Opens an input for one ffmpeg/ffprobe run: a URL gets its own egress session (close it after the run). */
export async function openInput(tools: { egress?: MediaEgress }, input: string, timeoutMs: number): Promise<MediaInput> {
  const args = inputArgs(input, timeoutMs);
  if (!isRemoteInput(input)) return { args, env: process.env, refused: () => null, close: async () => {} };
  if (!isUrl(parts(input)[0]!) || !parts(input).every(isUrl)) throw new MediaError(`only http(s) URLs can be read over the network: ${input}`, true, input);
  if (!tools.egress) throw new MediaError(`no egress to read ${input} through: URLs are read only through the egress proxy`, true, input);
  const session = await tools.egress.session();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of PROXY_VARS) delete env[k];
  env.http_proxy = session.url;
  return { args, env, refused: () => session.refusedError(), close: () => session.close() };
}

/** Runs fn over an opened input and closes it; a refusal by the egress wins over fn's result or error (ffmpeg may
 * skip a refused HLS segment or variant and still succeed). */
export async function withInput<T>(tools: { egress?: MediaEgress }, input: string, timeoutMs: number, fn: (i: MediaInput) => Promise<T>): Promise<T> {
  const i = await openInput(tools, input, timeoutMs);
  try {
    let out: T;
    try {
      out = await fn(i);
    } catch (e) {
      throw i.refused() ?? e;
    }
    const refused = i.refused();
    if (refused) throw refused;
    return out;
  } finally {
    await i.close();
  }
}
