import { describe, expect, it } from 'vitest';
import { buildGuardPolicy, guardRequest, parseAllowedHosts } from './request-guard.js';
import type { GuardPolicy } from './request-guard.js';

const req = (method: string, path: string, headers: Record<string, string>) => ({ method, path, headers });
const statusOf = (policy: GuardPolicy, method: string, path: string, headers: Record<string, string>) => guardRequest(req(method, path, headers), policy)?.status ?? 200;

describe('buildGuardPolicy', () => {
  it('a loopback bind accepts the loopback names with its port, and bare names only on port 80', () => {
    const p = buildGuardPolicy({ bindHost: '127.0.0.1', port: 8080, tokens: 'none' });
    expect([...p.exactHosts].sort()).toEqual(['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
    expect(p.anyAddress).toBe(false);
    const on80 = buildGuardPolicy({ bindHost: '::1', port: 80, tokens: 'none' });
    expect(statusOf(on80, 'GET', '/', { host: 'localhost' })).toBe(200);
    expect(statusOf(on80, 'GET', '/', { host: '[::1]' })).toBe(200);
  });

  it('a wildcard bind needs tokens and then accepts any IP address, localhost and the machine name, never another domain name', () => {
    expect(() => buildGuardPolicy({ bindHost: '0.0.0.0', port: 8080, tokens: 'none' })).toThrow(/tokens/);
    const p = buildGuardPolicy({ bindHost: '0.0.0.0', port: 8080, tokens: 'required', machineName: 'Kitchen-PC' });
    for (const host of ['192.168.1.20:8080', '10.0.0.5:9000', '[fe80::1]:8080', 'localhost:8080', 'kitchen-pc:8080']) expect(statusOf(p, 'GET', '/', { host }), host).toBe(200);
    for (const host of ['evil.example:8080', 'kitchen-pc.evil.example:8080', 'localhost:9000']) expect(statusOf(p, 'GET', '/', { host }), host).toBe(421);
    expect(buildGuardPolicy({ bindHost: '::', port: 1, tokens: 'required' }).anyAddress).toBe(true);
  });

  it('a specific non-loopback bind accepts that address and the configured names', () => {
    const p = buildGuardPolicy({ bindHost: '192.168.1.20', port: 8080, tokens: 'required', allowedHosts: ['orca.lan'] });
    expect(statusOf(p, 'GET', '/', { host: '192.168.1.20:8080' })).toBe(200);
    expect(statusOf(p, 'GET', '/', { host: 'orca.lan:443' })).toBe(200);
    expect(statusOf(p, 'GET', '/', { host: '127.0.0.1:8080' })).toBe(421);
    expect(statusOf(p, 'GET', '/', { host: '10.0.0.1:8080' })).toBe(421);
  });
});

describe('guardRequest', () => {
  const p = buildGuardPolicy({ bindHost: '127.0.0.1', port: 8080, tokens: 'none', allowedHosts: ['orca.test'] });

  it('compares the Origin with the Host, default ports included, and only for writes', () => {
    expect(statusOf(p, 'POST', '/api/estop', { host: 'orca.test', origin: 'http://orca.test' })).toBe(200);
    expect(statusOf(p, 'POST', '/api/estop', { host: 'orca.test:443', origin: 'https://orca.test' })).toBe(200);
    expect(statusOf(p, 'POST', '/api/estop', { host: 'orca.test', origin: 'https://orca.test:8443' })).toBe(403);
    expect(statusOf(p, 'DELETE', '/api/x', { host: 'localhost:8080', origin: 'http://evil.example' })).toBe(403);
    expect(statusOf(p, 'GET', '/api/x', { host: 'localhost:8080', origin: 'http://evil.example' })).toBe(200);
    expect(statusOf(p, 'OPTIONS', '/api/x', { host: 'localhost:8080', origin: 'http://evil.example' })).toBe(200);
  });

  it('checks the media type of a body only, and lets the e-stop read any', () => {
    const host = 'localhost:8080';
    expect(statusOf(p, 'POST', '/api/missions', { host, 'content-length': '0' })).toBe(200);
    expect(statusOf(p, 'POST', '/api/missions', { host, 'content-length': '3', 'content-type': 'text/plain' })).toBe(415);
    expect(statusOf(p, 'POST', '/api/missions', { host, 'transfer-encoding': 'chunked' })).toBe(415);
    expect(statusOf(p, 'POST', '/api/estop', { host, 'content-length': '3', 'content-type': 'text/plain' })).toBe(200);
    expect(statusOf(p, 'POST', '/api/estop/release', { host, 'content-length': '3', 'content-type': 'text/plain' })).toBe(415);
    expect(statusOf(p, 'POST', '/API/Scenes/', { host, 'content-length': '3', 'content-type': 'text/yaml' })).toBe(200);
    expect(statusOf(p, 'POST', '/api/scenes/home/reset', { host, 'content-length': '3', 'content-type': 'text/yaml' })).toBe(415);
  });

  it('refuses a Host with user info, a path or no name', () => {
    for (const host of ['evil.example@localhost:8080', 'localhost:8080/x', ':8080', '']) expect(statusOf(p, 'GET', '/', { host }), host).toBeGreaterThanOrEqual(400);
  });
});

describe('parseAllowedHosts', () => {
  it('reads names and name:port, and names a bad entry', () => {
    expect(parseAllowedHosts({ ORCA_ALLOWED_HOSTS: ' Orca.LAN , proxy:8443,' })).toEqual(['orca.lan', 'proxy:8443']);
    expect(parseAllowedHosts({})).toEqual([]);
    expect(() => parseAllowedHosts({ ORCA_ALLOWED_HOSTS: 'ok,http://bad/' })).toThrow(/entry 2/);
  });
});
