// Renders a document's Markdown subset to PDF with pdfkit and a TrueType font that has the Kazakh letters
// (ә ғ қ ң ө ұ ү һ і: DejaVu Sans does). Without the font (Debian package fonts-dejavu-core) there is no PDF: the
// caller records why. Images come from the packet itself (ImageLookup), never from the network.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const DEFAULT_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** The bytes of a packet file (JPEG or PNG) by its packet path, or null. */
export type ImageLookup = (packetPath: string) => Buffer | null;

interface PdfDoc {
  registerFont(name: string, src: string): PdfDoc;
  font(name: string): PdfDoc;
  fontSize(n: number): PdfDoc;
  fillColor(c: string): PdfDoc;
  text(s: string, x?: number | Record<string, unknown>, y?: number, opts?: Record<string, unknown>): PdfDoc;
  image(src: Buffer | object, x?: number | Record<string, unknown>, y?: number, opts?: Record<string, unknown>): PdfDoc;
  rect(x: number, y: number, w: number, h: number): PdfDoc;
  stroke(c?: string): PdfDoc;
  moveDown(lines?: number): PdfDoc;
  addPage(): PdfDoc;
  openImage(src: Buffer): { width: number; height: number };
  x: number; y: number;
  page: { width: number; height: number; margins: { left: number; right: number; top: number; bottom: number } };
  on(ev: 'data', cb: (b: Buffer) => void): PdfDoc;
  on(ev: 'end' | 'error', cb: (e?: Error) => void): PdfDoc;
  end(): void;
}
type PdfCtor = new (opts: Record<string, unknown>) => PdfDoc;

export type PdfResult = { status: 'ok'; pdf: Buffer } | { status: 'skipped'; reason: string };

const IMG = /^!\[([^\]]*)\]\(([^)]*)\)$/;
const PAIR = /^\| !\[([^\]]*)\]\(([^)]*)\) \| !\[([^\]]*)\]\(([^)]*)\) \|$/;
/** Is this a JPEG or PNG pdfkit can embed (other bytes are never handed to it)? */
const embeddable = (b: Buffer) => (b[0] === 0xff && b[1] === 0xd8) || (b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG');

/** Renders markdown to PDF. `date` fixes CreationDate (and so the file id): same input, same bytes. */
export async function renderPdf(title: string, markdown: string, opts: { date: Date; fontPath?: string; images?: ImageLookup }): Promise<PdfResult> {
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
  const image = (ref: string): Buffer | null => {
    const b = opts.images?.(ref.replace(/^(\.\.\/)+/, '')) ?? null;
    return b && embeddable(b) ? b : null;
  };
  for (const line of markdown.split('\n')) drawLine(doc, line, image);
  doc.end();
  return { status: 'ok', pdf: await done };
}

function drawLine(doc: PdfDoc, raw: string, image: (ref: string) => Buffer | null): void {
  const pair = PAIR.exec(raw);
  if (pair) return drawPair(doc, [pair[1]!, pair[2]!], [pair[3]!, pair[4]!], image);
  const img = IMG.exec(raw);
  if (img) return drawImage(doc, img[1]!, image(img[2]!));
  if (raw === '---') return void doc.addPage(); // the annex starts on its own page
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

const usable = (doc: PdfDoc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
function ensureRoom(doc: PdfDoc, h: number): void {
  if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function drawImage(doc: PdfDoc, caption: string, bytes: Buffer | null): void {
  const w = usable(doc);
  const x = doc.page.margins.left;
  if (bytes) {
    const im = doc.openImage(bytes);
    const scale = Math.min(w / im.width, 560 / im.height);
    const h = im.height * scale;
    ensureRoom(doc, h + 20);
    const top = doc.y;
    doc.image(im, x, top, { width: im.width * scale, height: h });
    doc.y = top + h + 4;
  }
  doc.font('body').fontSize(8.5).fillColor('#333333').text(bytes ? caption : `${caption}: —`, x, doc.y, { width: w });
  doc.moveDown(0.5);
}

function drawPair(doc: PdfDoc, left: [string, string], right: [string, string], image: (ref: string) => Buffer | null): void {
  const gap = 12;
  const w = (usable(doc) - gap) / 2;
  const h = w * 9 / 16;
  ensureRoom(doc, h + 34);
  const top = doc.y;
  let bottom = top;
  for (const [i, [caption, ref]] of [left, right].entries()) {
    const x = doc.page.margins.left + i * (w + gap);
    const bytes = image(ref);
    if (bytes) doc.image(bytes, x, top, { fit: [w, h], align: 'center', valign: 'center' });
    else doc.font('body').fontSize(9).fillColor('#8a1c1c').text(ref, x + 8, top + h / 2 - 6, { width: w - 16, align: 'center' });
    doc.rect(x, top, w, h).stroke('#999999');
    doc.font('body').fontSize(8.5).fillColor('#333333').text(caption, x, top + h + 3, { width: w });
    bottom = Math.max(bottom, doc.y);
  }
  doc.x = doc.page.margins.left;
  doc.y = bottom + 8;
}
