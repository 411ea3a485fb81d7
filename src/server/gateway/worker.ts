import { parentPort, workerData } from 'node:worker_threads';
import { startFront } from './front.js';
import type { FromGateway } from './protocol.js';
import { GatewayDataSchema, ToGatewaySchema } from './protocol.js';

/** Entry of the gateway thread (see gateway.ts): serve until the main thread says close. */
const port = parentPort;
if (!port) throw new Error('the gateway runs in a worker thread');
const send = (m: FromGateway): void => port.postMessage(m);
const parsed = GatewayDataSchema.safeParse((workerData as { data?: unknown } | null)?.data);
if (!parsed.success) {
  send({ type: 'failed', message: `invalid gateway data: ${parsed.error.message}` });
} else {
  const front = startFront(parsed.data, send);
  front.server.on('error', (err) => send({ type: 'failed', message: err.message }));
  front.server.listen(parsed.data.port, parsed.data.host, () => {
    const address = front.server.address();
    const bound = typeof address === 'object' && address ? address.port : parsed.data.port;
    front.bound(bound);
    send({ type: 'listening', port: bound });
  });
  port.on('message', (raw: unknown) => {
    if (!ToGatewaySchema.safeParse(raw).success) return;
    void front.close().then(() => {
      send({ type: 'closed' });
      port.close();
    });
  });
}
