// Headers on every response, and a strict Content-Security-Policy on every HTML page. Pages carry no inline code but
// their own <style> (and /review its <script>), allowed by sha256 hash; a route that needs more sets its own
// policy with `htmlPolicy({ scripts, connect })`, and this hook leaves it alone.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { PAGE_CSS } from '../html/layout.ts';

/** The CSP source expression that allows exactly this inline <script> or <style> body. */
export const inlineHash = (body: string) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;

/** A page policy: nothing by default; its stylesheet (and the given inline scripts) by hash; forms and fetches to itself only. */
export function htmlPolicy(opts: { scripts?: string[]; connect?: boolean } = {}): string {
  return [
    "default-src 'none'",
    `style-src ${inlineHash(PAGE_CSS)}`,
    ...(opts.scripts?.length ? [`script-src ${opts.scripts.map(inlineHash).join(' ')}`] : []),
    ...(opts.connect ? ["connect-src 'self'"] : []),
    "img-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function installSecurityHeaders(app: FastifyInstance): void {
  const pagePolicy = htmlPolicy();
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
    reply.header('x-content-type-options', 'nosniff');
    if (!String(reply.getHeader('content-type') ?? '').startsWith('text/html')) return;
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', pagePolicy);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });
}
