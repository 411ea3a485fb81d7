import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import type { Checked } from './convert.js';
import { fillPrompt } from './prompts.js';
import type { Transport } from './transport.js';

/**
 * One structured question to the model with bounded repair: the answer is parsed as JSON, checked
 * against the wire schema and then by `check` (grounding, symbolic validation); on problems the
 * model's answer and the problems go back to it as the next turn, at most `rounds` times.
 */

export type Asked<T> =
  | { ok: true; value: T; repairs: number }
  | { ok: false; problems: string[]; repairs: number };

export interface AskSpec<W, T> {
  transport: Transport;
  messages: ChatCompletionMessageParam[];
  schema: z.ZodType<W>;
  schemaName: string;
  check: (wire: W) => Checked<T>;
  rounds: number;
  repairTemplate: string;
  /** Ends the exchange, repair rounds included (the stage's deadline). */
  signal?: AbortSignal;
}

/** Models behind some servers wrap JSON in a Markdown fence despite the response format. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return m?.[1] ?? text;
}

function read<W, T>(content: string, spec: AskSpec<W, T>): { formatError: string; checked: Checked<T> } {
  let json: unknown;
  try {
    json = JSON.parse(stripFence(content));
  } catch (err) {
    return { formatError: `It is not valid JSON (${(err as Error).message}).`, checked: { ok: false, problems: ['the reply must be a single JSON object'] } };
  }
  const wire = spec.schema.safeParse(json);
  if (!wire.success) {
    const problems = wire.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { formatError: 'It does not match the schema.', checked: { ok: false, problems } };
  }
  return { formatError: '', checked: spec.check(wire.data) };
}

/** Throws only what the transport throws (the endpoint failed); bad answers come back as `ok: false`. */
export async function askWithRepair<W, T>(spec: AskSpec<W, T>): Promise<Asked<T>> {
  const messages = [...spec.messages];
  for (let round = 0; ; round++) {
    const content = await spec.transport.complete(messages, spec.schema, spec.schemaName, spec.signal);
    const { formatError, checked } = read(content, spec);
    if (checked.ok) return { ok: true, value: checked.value, repairs: round };
    if (round >= spec.rounds) return { ok: false, problems: checked.problems, repairs: round };
    messages.push({ role: 'assistant', content });
    messages.push({
      role: 'user',
      content: fillPrompt(spec.repairTemplate, { issues: checked.problems.map((p) => `- ${p}`).join('\n'), format_error: formatError || ' ' }),
    });
  }
}
