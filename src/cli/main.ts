import { createInterface } from 'node:readline/promises';
import { runCli } from './cli.js';
import { realDeps } from './deps.js';
import type { CliIo } from './io.js';

/**
 * The `orca` executable (bin/orca.mjs loads this through tsx). Prompts and progress go to stderr so
 * stdout carries only the command's result (JSON with --json).
 */
function processIo(): CliIo {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const color = process.stderr.isTTY === true && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb';
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    interactive,
    color,
    env: process.env,
    cwd: process.cwd(),
    ask: async (question, signal) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // While readline reads, the terminal is in raw mode and Ctrl-C reaches readline, not the process.
      rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
      try {
        const closed = new Promise<null>((resolve) => rl.once('close', () => resolve(null)));
        return await Promise.race([rl.question(question, signal ? { signal } : {}), closed]);
      } catch (error) {
        if (signal?.aborted) {
          process.stderr.write('\n');
          return null;
        }
        throw error;
      } finally {
        rl.close();
      }
    },
  };
}

// `orca trace … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), processIo(), realDeps());
