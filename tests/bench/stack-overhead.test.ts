import { describe, expect, it } from 'vitest';
import { processCpuMs } from '../../bench/stack-overhead.js';

describe('processCpuMs', () => {
  it('reads utime and stime after the command name, even when the name holds spaces and parentheses', () => {
    const fields = ['S', '1', '2', '3', '0', '-1', '4194304', '100', '0', '0', '0', '37', '5', '0', '0'];
    const stat = `4242 (node (orca) serve) ${fields.join(' ')}`;
    expect(processCpuMs(4242, () => stat)).toBe((37 + 5) * 10);
  });
  it('reads this process from /proc', () => {
    expect(processCpuMs(process.pid)).toBeGreaterThanOrEqual(0);
  });
});
