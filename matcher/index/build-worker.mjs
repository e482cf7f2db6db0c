// Worker-thread entry for buildMihInWorker (build-in-worker.ts). Plain JS so it can register the tsx loader itself
// (the repo runs TypeScript through tsx, and a worker does not inherit a loader registered with tsx/esm/api).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { MihIndex } = await import('./mih.ts');

parentPort.once('message', ({ hashes, n, layout }) => {
  const parts = MihIndex.build(hashes, n, layout).parts();
  const buffers = [...parts.offsets, ...parts.ids].map((a) => a.buffer);
  parentPort.postMessage({ layout: parts.layout, offsets: parts.offsets, ids: parts.ids }, buffers); // moved, not copied
});
