/** The smallest label size, in screen pixels, that reads at arm's length. */
export const MIN_LABEL_PX = 11;

/**
 * The map's SVG is drawn in scene units and scaled to its box, which shrinks small labels below
 * legibility. Each label gets the font size (in the SVG's units) that shows it at least `minPx`
 * high on screen, never smaller than the renderer chose. Called again when the box changes size.
 */
export function fitMapLabels(svg, minPx = MIN_LABEL_PX) {
  const vb = svg.viewBox?.baseVal;
  const box = svg.getBoundingClientRect();
  if (!vb || !vb.width || !vb.height || !box.width || !box.height) return;
  const scale = Math.min(box.width / vb.width, box.height / vb.height);
  for (const text of svg.querySelectorAll('text')) {
    if (!text.dataset.baseSize) text.dataset.baseSize = text.getAttribute('font-size') ?? '12';
    const base = Number(text.dataset.baseSize) || 12;
    text.setAttribute('font-size', base * scale < minPx ? (minPx / scale).toFixed(2) : String(base));
  }
}

/** Refits the labels of whatever map `container` holds whenever it is resized. */
export function watchMapLabels(container) {
  new ResizeObserver(() => {
    const svg = container.querySelector('svg');
    if (svg) fitMapLabels(svg);
  }).observe(container);
}
