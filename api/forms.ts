// HTML form bodies without a dependency: application/x-www-form-urlencoded and multipart/form-data (RFC 7578), for
// public forms posted by browsers without script. Hostile input: the whole body is already capped by the route's
// bodyLimit; here every part is bounded (count, header size, field size) and anything malformed is a 400.
export interface FormFile {
  filename: string;
  data: Buffer;
}
export interface ParsedForm {
  fields: Record<string, string>;
  files: Record<string, FormFile>;
}

export class FormError extends Error {
  readonly statusCode = 400;
  readonly code = 'bad_request';
}

const MAX_PARTS = 20;
const MAX_FIELD = 20_000;

export function parseUrlEncoded(body: string): ParsedForm {
  const fields: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    if (Object.keys(fields).length >= MAX_PARTS) throw new FormError('too many form fields');
    if (v.length > MAX_FIELD) throw new FormError(`form field ${k} is too long`);
    fields[k] = v;
  }
  return { fields, files: {} };
}

export function parseMultipart(body: Buffer, contentType: string): ParsedForm {
  const m = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  if (!m) throw new FormError('multipart/form-data without a boundary');
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const fields: Record<string, string> = {};
  const files: Record<string, FormFile> = {};
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new FormError('multipart body without its boundary');
  for (let parts = 0; ; parts++) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString('latin1') === '--') break; // closing delimiter
    if (parts >= MAX_PARTS) throw new FormError('too many form parts');
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') throw new FormError('malformed multipart delimiter');
    const headEnd = body.indexOf('\r\n\r\n', pos + 2);
    if (headEnd < 0 || headEnd - pos > 2000) throw new FormError('malformed multipart part headers');
    const head = body.subarray(pos + 2, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headEnd + 4);
    if (next < 0) throw new FormError('multipart body ends inside a part');
    const data = body.subarray(headEnd + 4, next);
    const disp = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? '';
    const name = /;\s*name="([^"]{1,100})"/i.exec(disp)?.[1];
    if (!name) throw new FormError('multipart part without a name');
    const filename = /;\s*filename="([^"]{0,255})"/i.exec(disp)?.[1];
    if (filename !== undefined) {
      if (data.length) files[name] = { filename, data: Buffer.from(data) };
    } else {
      if (data.length > MAX_FIELD) throw new FormError(`form field ${name} is too long`);
      fields[name] = data.toString('utf8');
    }
    pos = next + 2;
  }
  return { fields, files };
}
