/** One-line, human summaries of trace events; every tier owns its `data`, so each kind is read defensively. */

const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

function failureText(f) {
  if (!f) return '';
  if (typeof f === 'string') return f;
  return [f.code, f.diagnosis ? `(likely ${f.diagnosis})` : '', f.message].filter(Boolean).join(' ');
}

function decisionText(d) {
  if (!d) return '';
  if (typeof d === 'string') return d;
  const extra = d.instruction ?? d.person ?? d.question ?? d.reason ?? '';
  return `${d.kind ?? ''}${extra ? `: ${str(extra)}` : ''}`;
}

/** Cause and decision of a reflection, whether from the execution tier or the agents. */
export function reflectionParts(data) {
  const cause = failureText(data.failure) || str(data.code) || str(data.cause);
  const decision = decisionText(data.choice ?? data.decision);
  const why = str(data.choice?.why ?? data.note ?? '');
  return { cause, decision, why };
}

export function summarize(e) {
  const d = e.data ?? {};
  switch (e.kind) {
    case 'instruction':
      return Array.isArray(d.steps) && d.steps.length > 0 ? `${str(d.text ?? d.instruction)} — steps: ${d.steps.map(str).join(' | ')}` : str(d.text ?? d.instruction);
    case 'question':
      return [str(d.question ?? d.text), Array.isArray(d.options) && d.options.length ? `options: ${d.options.join(' | ')}` : ''].filter(Boolean).join(' — ');
    case 'answer':
      return str(d.answer ?? d.text ?? d.response?.text ?? d.response?.reason ?? d.response?.type ?? d.detail ?? d.kind);
    case 'plan':
      if (Array.isArray(d.calls)) return `plan v${d.version ?? '?'}: ${d.calls.map((c) => (typeof c === 'object' && c ? `${c.skill ?? c.name ?? ''}(${Object.values(c.args ?? {}).join(', ')})` : str(c))).join(' → ')}`;
      if (Array.isArray(d.subgoals)) return `${str(d.type ?? 'plan')}: ${d.subgoals.join(', ')}`;
      return str(d.type ?? '');
    case 'dispatch':
      return `${str(d.robotId)} attempt ${str(d.attempt)}: ${str(d.instruction)}`;
    case 'verdict':
      return `${str(d.kind)}${typeof d.score === 'number' ? ` score ${d.score.toFixed(2)}` : ''}${d.code ? ` (${d.code})` : ''}`;
    case 'reflection': {
      const { cause, decision, why } = reflectionParts(d);
      if (d.type === 'reflection_requested') return `failure ${cause}, attempt ${str(d.attempt)}, ${str(d.remainingRetries)} retries left`;
      return `${cause ? `${cause} → ` : ''}${decision}${why ? ` (${why})` : ''}`;
    }
    case 'transition':
      return d.from !== undefined || d.to !== undefined ? `${str(d.from) || '∅'} → ${str(d.to)}` : str(d.kind ?? d.type);
    case 'delegation':
      return `${str(d.person ?? d.to)}: ${str(d.instruction ?? d.text)}`;
    case 'outcome':
      return `${str(d.status ?? d.outcome)}${d.reason ? `: ${str(d.reason)}` : ''}`;
    case 'estop':
      return str(d.reason ?? 'e-stop');
    case 'correction':
      return str(d.instruction ?? d.text);
    case 'error':
      return `${str(d.code)} ${str(d.message)}`;
    case 'note':
      return str(d.text ?? d.note ?? d.message);
    default: {
      const text = JSON.stringify(d);
      return text === '{}' ? '' : text.slice(0, 200);
    }
  }
}
