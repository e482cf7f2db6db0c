// Renders a document's Markdown subset to PDF with pdfkit and a Cyrillic-capable TrueType font.
// Without the font (Debian package fonts-dejavu-core) there is no PDF: the caller records why.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

interface PdfDoc {
  registerFont(name: string, src: string): PdfDoc;
  font(name: string): PdfDoc;
  fontSize(n: number): PdfDoc;
  fillColor(c: string): PdfDoc;
  text(s: string, opts?: Record<string, unknown>): PdfDoc;
  moveDown(lines?: number): PdfDoc;
  on(ev: 'data', cb: (b: Buffer) => void): PdfDoc;
  on(ev: 'end' | 'error', cb: (e?: Error) => void): PdfDoc;
  end(): void;
}
type PdfCtor = new (opts: Record<string, unknown>) => PdfDoc;

export type PdfResult = { status: 'ok'; pdf: Buffer } | { status: 'skipped'; reason: string };

/** Renders markdown to PDF. `date` fixes CreationDate (and so the file id): same input, same bytes. */
export async function renderPdf(title: string, markdown: string, opts: { date: Date; fontPath?: string }): Promise<PdfResult> {
  const regular = opts.fontPath ?? DEFAULT_FONT;
  if (!fs.existsSync(regular)) return { status: 'skipped', reason: `font ${regular} not found (install fonts-dejavu-core)` };
  const boldCandidate = path.join(path.dirname(regular), path.basename(regular, '.ttf') + '-Bold.ttf');
  const bold = fs.existsSync(boldCandidate) ? boldCandidate : regular;
  const PDFDocument = createRequire(import.meta.url)('pdfkit') as PdfCtor;
  const doc = new PDFDocument({
    size: 'A4', margins: { top: 56, bottom: 56, left: 64, right: 56 }, compress: true,
    info: { Title: title, Producer: 'Kuzet', Creator: 'Kuzet', CreationDate: opts.date, ModDate: opts.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (b) => chunks.push(b));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', (e) => reject(e));
  });
  doc.registerFont('body', regular).registerFont('bold', bold);
  for (const line of markdown.split('\n')) drawLine(doc, line);
  doc.end();
  return { status: 'ok', pdf: await done };
}

function drawLine(doc: PdfDoc, raw: string): void {
  const line = raw.replace(/\*\*/g, '').replace(/`/g, '').replace(/^_(.*)_$/, '$1');
  if (!line.trim()) {
    doc.moveDown(0.4);
  } else if (line.startsWith('# ')) {
    doc.moveDown(0.3).font('bold').fontSize(14).fillColor('black').text(line.slice(2)).moveDown(0.2);
  } else if (line.startsWith('## ')) {
    doc.moveDown(0.2).font('bold').fontSize(11.5).fillColor('black').text(line.slice(3));
  } else if (line.startsWith('> ')) {
    doc.font('body').fontSize(9).fillColor('#8a1c1c').text(line.slice(2));
  } else if (line.startsWith('- ')) {
    doc.font('body').fontSize(10).fillColor('black').text(`• ${line.slice(2)}`, { indent: 8 });
  } else if (/^\d+\. /.test(line)) {
    doc.font('body').fontSize(10).fillColor('black').text(line, { indent: 8 });
  } else if (line.startsWith('  ')) {
    doc.font('body').fontSize(8.5).fillColor('#333333').text(line.trim(), { indent: 20 });
  } else {
    doc.font('body').fontSize(10).fillColor('black').text(line, { align: 'left' });
  }
}
