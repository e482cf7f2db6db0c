// Builds a MIH index on a worker thread so a live matcher keeps answering queries, /health and BullMQ lock renewals
// during a rebuild (10M hashes take ~5–15 s of CPU). The worker gets a copy of the hashes and hands the posting
// tables back by transfer (no copy); the returned index uses the caller's hashes array.
import { Worker } from 'node:worker_threads';
import { MihIndex, defaultLayout, type MihLayout } from './mih.ts';

export function buildMihInWorker(hashes: Uint32Array, n: number, layout: MihLayout = defaultLayout(n)): Promise<MihIndex> {
  const own = hashes.length === n * 8 ? hashes : hashes.subarray(0, n * 8);
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./build-worker.mjs', import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => { if (!settled) { settled = true; fn(); void worker.terminate(); } };
    worker.once('message', (msg: { layout: MihLayout; offsets: Uint32Array[]; ids: Uint32Array[] }) =>
      finish(() => {
        try {
          resolve(MihIndex.fromParts({ hashes: own, size: n, layout: msg.layout, offsets: msg.offsets, ids: msg.ids }));
        } catch (err) {
          reject(err as Error);
        }
      }));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`MIH build worker exited with code ${code} before answering`))));
    worker.postMessage({ hashes: own, n, layout });
  });
}
