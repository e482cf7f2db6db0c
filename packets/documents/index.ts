// Chooses which documents a case gets and renders each to Markdown + PDF.
import type { CaseData } from '../case.ts';
import { blockingRequestToProsecutor } from './blocking.ts';
import type { CaseDocument } from './common.ts';
import { complaintToMvd } from './complaint.ts';
import { hostingNotice, registrarNotice, searchEngineNotice, telegramNotice } from './notices.ts';
import { renderPdf, type ImageLookup } from './pdf.ts';

export interface RenderedDocument extends CaseDocument {
  pdf: Buffer | null;
  /** why there is no PDF */
  pdfSkipped?: string;
}

export interface DocumentPlan {
  documents: CaseDocument[];
  /** documents deliberately not produced, with the reason (recorded in case.json) */
  omitted: Array<{ document: string; reason: string }>;
}

export function planDocuments(c: CaseData): DocumentPlan {
  const documents: CaseDocument[] = [complaintToMvd(c, 'kk'), complaintToMvd(c, 'ru')];
  const omitted: DocumentPlan['omitted'] = [];
  const p = c.infringement.protected_domain;
  if (p) omitted.push({ document: 'blocking-request-gp', reason: `${c.infringement.domain} is protected (${p.domain}: ${p.reason}): URL-level notices only, never a domain block` });
  else documents.push(blockingRequestToProsecutor(c, 'kk'), blockingRequestToProsecutor(c, 'ru'));
  documents.push(searchEngineNotice(c));
  if (c.infringement.telegram) {
    documents.push(telegramNotice(c));
    omitted.push({ document: 'notice-hosting', reason: 'the content is hosted by Telegram: see the Telegram notice' });
  } else {
    documents.push(hostingNotice(c));
    omitted.push({ document: 'notice-telegram', reason: 'the URL is not a Telegram post' });
  }
  if (p) omitted.push({ document: 'notice-registrar', reason: `${c.infringement.domain} is a protected platform: the domain itself is not at issue` });
  else documents.push(registrarNotice(c));
  return { documents, omitted };
}

export async function renderDocuments(plan: DocumentPlan, opts: { date: Date; fontPath?: string; images?: ImageLookup }): Promise<RenderedDocument[]> {
  const out: RenderedDocument[] = [];
  for (const d of plan.documents) {
    const r = await renderPdf(d.title, d.markdown, opts);
    out.push(r.status === 'ok' ? { ...d, pdf: r.pdf } : { ...d, pdf: null, pdfSkipped: r.reason });
  }
  return out;
}
