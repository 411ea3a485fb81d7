/** Minimal ANSI styling; every helper is the identity when colours are off. */
export interface Style {
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  blue: (s: string) => string;
  magenta: (s: string) => string;
  cyan: (s: string) => string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const COLOURED: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  magenta: wrap(35, 39),
  cyan: wrap(36, 39),
};

const id = (s: string): string => s;
const PLAIN: Style = { bold: id, dim: id, red: id, green: id, yellow: id, blue: id, magenta: id, cyan: id };

export function style(color: boolean): Style {
  return color ? COLOURED : PLAIN;
}

/** Colour of a status or verdict word: green for success, red for failure, yellow for waiting. */
export function statusColor(s: Style, word: string): string {
  if (/^(succeeded|ok|accepted_as_reported|done|approved)$/.test(word)) return s.green(word);
  if (/^(failed|false_completion|stalled|cancelled|estopped|rejected|abort|invalid)$/.test(word)) return s.red(word);
  if (/^(uncertain|awaiting_human|needs_answer|paused|interrupted|delegated)$/.test(word)) return s.yellow(word);
  return word;
}

/** Compact one-line JSON, cut to `max` characters. */
export function brief(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
