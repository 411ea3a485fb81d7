import { h } from './dom.js';

const KIND_LABEL = { clarification: 'Question', question: 'Question', approval: 'Approval needed', delegation: 'Please do this' };

/**
 * One card per pending request, answerable in one click: options as buttons, approve/reject,
 * done/couldn't, plus free text where the request accepts it. `answer(request, response)` posts it.
 */
export function renderRequests(container, requests, answer) {
  container.replaceChildren(
    ...requests.map((r) => {
      const allowed = new Set(r.allowed ?? []);
      const buttons = [];
      for (const option of r.options ?? []) {
        buttons.push(h('button', { type: 'button', 'data-option': option, onclick: () => answer(r, { type: 'respond', text: option }) }, option));
      }
      if (r.kind === 'approval') {
        if (allowed.has('accept')) buttons.push(h('button', { type: 'button', 'data-action': 'accept', onclick: () => answer(r, { type: 'accept' }) }, 'Approve'));
        if (allowed.has('ignore')) buttons.push(h('button', { type: 'button', 'data-action': 'ignore', onclick: () => answer(r, { type: 'ignore' }) }, 'Reject'));
      } else if (r.kind === 'delegation') {
        if (allowed.has('accept')) buttons.push(h('button', { type: 'button', 'data-action': 'accept', onclick: () => answer(r, { type: 'accept' }) }, 'Done'));
        if (allowed.has('ignore')) buttons.push(h('button', { type: 'button', 'data-action': 'ignore', onclick: () => answer(r, { type: 'ignore', reason: 'could not do it' }) }, "Couldn't do it"));
      } else {
        if (allowed.has('accept')) buttons.push(h('button', { type: 'button', 'data-action': 'accept', onclick: () => answer(r, { type: 'accept' }) }, 'OK'));
        if (allowed.has('ignore')) buttons.push(h('button', { type: 'button', 'data-action': 'ignore', onclick: () => answer(r, { type: 'ignore' }) }, 'Skip'));
      }
      const textType = allowed.has('respond') ? 'respond' : allowed.has('edit') ? 'edit' : null;
      const inputId = `req-text-${r.id}`;
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
