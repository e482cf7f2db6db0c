// Reading a CSV export as the State Film Register or a spreadsheet writes it: UTF-8 with or without a BOM, or
// Windows-1251 (detected: bytes that are not valid UTF-8 are read as 1251); `;` or `,` separated (whichever the header
// line has more of outside quotes); RFC 4180 quoting, CRLF or LF. Each record keeps the line it starts on.
import iconv from 'iconv-lite';

export interface CsvText { text: string; encoding: 'utf-8' | 'utf-8-bom' | 'windows-1251' }

export function decodeCsv(bytes: Uint8Array): CsvText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'win1251'), encoding: 'windows-1251' };
  }
}

/** `;` or `,`: the one the first line holds more of outside quotes (`;` on a tie: the register's Excel default). */
export function detectDelimiter(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return comma > semi ? ',' : ';';
}

export interface CsvRecord { line: number; fields: string[] }

/** Parses the whole text; an unterminated quote ends at the end of the text (that record is then reported by its
 * field count or values, not silently dropped). */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
      continue;
    }
    if (ch === '"' && atFieldStart) { quoted = true; atFieldStart = false; continue; }
    if (ch === delimiter) { fields.push(field); field = ''; atFieldStart = true; continue; }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
      continue;
    }
    field += ch;
    atFieldStart = false;
  }
  if (field !== '' || fields.length) endRecord();
  return out;
}
