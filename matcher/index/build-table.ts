// One MIH posting table in CSR form: ids sorted by key (stable, so ascending within a key) + offsets[2^bits + 1].
// Up to 16 bits a direct counting sort (its 256 KB cursor stays in cache). Wider keys use a two-digit LSD radix sort
// and derive the offsets from one sequential sweep: a direct counting sort over a 16 MB cursor is two random memory
// accesses per hash and was several times slower at 10M hashes.
export interface Table { offsets: Uint32Array; ids: Uint32Array }

export function buildTable(keys: Uint32Array, bits: number): Table {
  const n = keys.length;
  const values = 2 ** bits;
  const offsets = new Uint32Array(values + 1);
  const ids = new Uint32Array(n);
  if (bits <= 16) {
    for (let i = 0; i < n; i++) offsets[keys[i]! + 1]!++;
    for (let v = 0; v < values; v++) offsets[v + 1]! += offsets[v]!;
    const cursor = offsets.slice(0, values);
    for (let i = 0; i < n; i++) ids[cursor[keys[i]!]!++] = i;
    return { offsets, ids };
  }
  const lowBits = bits >>> 1;
  const lowMask = 2 ** lowBits - 1;
  // pass 1: stable scatter by the low digit
  const lowCursor = digitStarts(keys, n, (k) => k & lowMask, 2 ** lowBits);
  const keys1 = new Uint32Array(n);
  const ids1 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    const p = lowCursor[key & lowMask]!++;
    keys1[p] = key;
    ids1[p] = i;
  }
  // pass 2: stable scatter by the high digit → fully sorted by key
  const highCursor = digitStarts(keys1, n, (k) => k >>> lowBits, 2 ** (bits - lowBits));
  const sorted = keys; // reuse the caller's scratch keys array for the sorted keys
  for (let j = 0; j < n; j++) {
    const key = keys1[j]!;
    const p = highCursor[key >>> lowBits]!++;
    sorted[p] = key;
    ids[p] = ids1[j]!;
  }
  // offsets from one sequential sweep over the sorted keys
  let p = 0;
  for (let v = 0; v < values; v++) {
    offsets[v] = p;
    while (p < n && sorted[p] === v) p++;
  }
  offsets[values] = n;
  return { offsets, ids };
}

function digitStarts(keys: Uint32Array, n: number, digit: (k: number) => number, size: number): Uint32Array {
  const starts = new Uint32Array(size + 1);
  for (let i = 0; i < n; i++) starts[digit(keys[i]!) + 1]!++;
  for (let d = 0; d < size; d++) starts[d + 1]! += starts[d]!;
  return starts;
}
