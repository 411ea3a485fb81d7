import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body, or null when it is not JSON. */
  json: unknown;
}

/**
 * One HTTP request with exactly the headers given (fetch would add or refuse Host and Origin), for
 * tests of the request guard. `setHost: false` sends no Host header at all (HTTP/1.0 style).
 */
export function rawHttp(
  baseUrl: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | Buffer; setHost?: boolean } = {},
): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: base.hostname, port: base.port, method, path, headers: opts.headers ?? {}, setHost: opts.setHost ?? !Object.keys(opts.headers ?? {}).some((k) => k.toLowerCase() === 'host') },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = (res.headers['content-type'] ?? '').includes('json') ? (JSON.parse(text) as unknown) : null;
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}
