import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { packb, unpackb } from '../../executors/protocols/msgpack-numpy.js';
import type { MsgDecoded } from '../../executors/protocols/msgpack-numpy.js';
import { ndarray } from '../../executors/protocols/ndarray.js';

export interface InTestOpenPi {
  url: string;
  /** Each request as decoded, with what `onRequest` returned when it arrived. */
  requests: { body: MsgDecoded; mark: unknown }[];
  close(): Promise<void>;
}

/**
 * An openpi policy server for tests (`websocket_policy_server.py`'s wire: metadata first, then one
 * msgpack-numpy answer of `rows` actions × 7 per request; GET /healthz). `silent` never answers.
 */
export async function startOpenPi(opts: { rows?: number; silent?: boolean; onRequest?: () => unknown } = {}): Promise<InTestOpenPi> {
  const http = createServer((req, res) => {
    if (req.url === '/healthz') res.writeHead(200).end('OK\n');
    else res.writeHead(426).end();
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  const requests: InTestOpenPi['requests'] = [];
  const rows = opts.rows ?? 5;
  wss.on('connection', (ws) => {
    ws.send(packb({}), { binary: true });
    ws.on('message', (data) => {
      requests.push({ body: unpackb(new Uint8Array(data as Buffer)), mark: opts.onRequest?.() });
      if (opts.silent) return;
      ws.send(packb({ actions: ndarray(new Float32Array(rows * 7), [rows, 7]) }), { binary: true });
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}
