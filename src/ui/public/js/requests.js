import { h } from './dom.js';

const KIND_LABEL = { clarification: 'Question', question: 'Question', approval: 'Approval needed', delegation: 'Please do this' };

/** Accept / ignore in the words of each kind; a question has none, its answer is an option or words. */
const ACTIONS = {
  approval: { accept: 'Approve', ignore: 'Reject' },
  delegation: { accept: 'Done', ignore: "Couldn't do it" },
};

/**
 * The request's own options when it has them and takes a response (a delegation's "Done" and
 * "I could not do it" are its options, so no second pair is added), else the kind's accept / ignore.
 */
function choiceButtons(r, allowed, answer) {
  const options = allowed.size === 0 || allowed.has('respond') ? r.options ?? [] : [];
  if (options.length > 0) return options.map((option) => h('button', { type: 'button', 'data-option': option, onclick: () => answer(r, { type: 'respond', text: option }) }, option));
  const labels = ACTIONS[r.kind];
  if (!labels) return [];
  const out = [];
  if (allowed.has('accept')) out.push(h('button', { type: 'button', 'data-action': 'accept', onclick: () => answer(r, { type: 'accept' }) }, labels.accept));
  if (allowed.has('ignore')) out.push(h('button', { type: 'button', 'data-action': 'ignore', onclick: () => answer(r, { type: 'ignore', reason: r.kind === 'delegation' ? 'could not do it' : 'rejected' }) }, labels.ignore));
  return out;
}

/**
 * One card per pending request, answerable in one click: options as buttons, approve/reject,
 * done/couldn't, plus free text where the request accepts it. `answer(request, response)` posts it.
 */
export function renderRequests(container, requests, answer, idPrefix = 'req') {
  container.replaceChildren(
    ...requests.map((r) => {
      const allowed = new Set(r.allowed ?? []);
      const buttons = choiceButtons(r, allowed, answer);
      const textType = allowed.has('respond') ? 'respond' : allowed.has('edit') ? 'edit' : null;
      const inputId = `${idPrefix}-text-${r.id}`;
      const form = textType
        ? h(
            'form',
            {
              onsubmit: (ev) => {
                ev.preventDefault();
                const text = ev.currentTarget.querySelector('input').value.trim();
                if (text) answer(r, { type: textType, text });
              },
            },
            h('label', { for: inputId, class: 'visually-hidden' }, 'Your answer'),
            h('input', { id: inputId, type: 'text', placeholder: textType === 'edit' ? 'Edit the instruction…' : 'Or type an answer…', autocomplete: 'off' }),
            h('button', { type: 'submit' }, 'Send'),
          )
        : null;
      return h(
        'article',
        { class: 'request', 'data-request': r.id, 'data-kind': r.kind, 'aria-label': `${KIND_LABEL[r.kind] ?? 'Request'}: ${r.question}` },
        h('div', { class: 'kind muted' }, KIND_LABEL[r.kind] ?? r.kind, r.assignedTo ? ` · for ${r.assignedTo}` : '', r.subgoalId ? ` · ${r.subgoalId}` : ''),
        h('div', { class: 'q' }, r.question),
        buttons.length ? h('div', { class: 'options', role: 'group', 'aria-label': 'Choices' }, buttons) : null,
        form,
      );
    }),
  );
}
