/**
 * Where a command reads and writes. Injected so tests capture output and pretend to be (or not be)
 * a terminal; the entry point wires the real process streams.
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Both stdin and stderr are terminals: progress is drawn and questions are asked at the prompt. */
  interactive: boolean;
  /** ANSI colours on stderr/stdout (only on a terminal, and never with NO_COLOR). */
  color: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Asks one question at the prompt; null when the input closed (Ctrl-D) or `signal` aborted (the
   * question no longer stands), in which case the prompt is taken down.
   */
  ask: (question: string, signal?: AbortSignal) => Promise<string | null>;
  cwd: string;
}

/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  failed: 1,
  badInput: 2,
  needsAnswer: 3,
} as const;

/** Bad flags, unknown scenes, unreadable files: reported on stderr with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
