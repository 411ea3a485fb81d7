import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scripted chat-completions endpoint for tests, speaking the wire format exactly
 * (POST /v1/chat/completions, OpenAI's success and error bodies). Each request takes the next
 * scripted reply; the last one repeats. Every request body is recorded for assertions.
 */

export type Reply =
  | { content: string; status?: undefined }
  | { status: number; error: { message: string; type: string; code: string | null }; headers?: Record<string, string> }
  | { hang: true };

export interface RecordedRequest {
  path: string;
  method: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean } };
  };
}

export interface FakeServer {
  baseURL: string;
  requests: RecordedRequest[];
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export const ok = (value: unknown): Reply => ({ content: typeof value === 'string' ? value : JSON.stringify(value) });
export const httpError = (status: number, headers?: Record<string, string>): Reply => ({
  status,
  error: { message: status === 429 ? 'Rate limit reached' : 'The server had an error', type: status === 429 ? 'requests' : 'server_error', code: status === 429 ? 'rate_limit_exceeded' : null },
  ...(headers ? { headers } : {}),
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeServer(): Promise<FakeServer> {
  let replies: Reply[] = [];
  let served = 0;
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error', code: null } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest['body'];
      requests.push({ path: req.url, method: req.method, authorization: req.headers.authorization, body });
      const reply = replies[Math.min(served, replies.length - 1)];
      served++;
      if (!reply || 'hang' in reply) {
        hanging.add(res);
        return;
      }
      if (reply.status !== undefined) {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
        res.end(JSON.stringify({ error: reply.error }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${served}`,
          object: 'chat.completion',
          created: 1_700_000_000 + served,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
        }),
      );
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...r) {
      replies = r;
      served = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
