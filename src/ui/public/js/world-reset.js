import { api } from './api.js';
import { $ } from './dom.js';

/**
 * The *Reset world* button: asks for confirmation, asks the server to put the scene's simulated
 * world back as its scene file describes it, and shows the outcome. The server refuses while a
 * mission on the scene has not ended; its reason (which mission, what to do) is shown as it is.
 */
export function setupWorldReset(currentScene, onReset) {
  const button = $('world-reset');
  const status = $('world-reset-status');
  button.addEventListener('click', async () => {
    const scene = currentScene();
    if (!scene) return;
    const question = `Reset the simulated world of "${scene}"? Every object and robot goes back to where the scene file puts it, and the robots forget what they saw.`;
    if (!window.confirm(question)) return;
    button.disabled = true;
    try {
      await api('POST', `/api/scenes/${encodeURIComponent(scene)}/reset`);
      status.dataset.state = 'done';
      status.textContent = `The world of ${scene} is back to its scene file.`;
      onReset(scene);
    } catch (e) {
      status.dataset.state = 'refused';
      // Shown beside the button rather than as a toast, which would cover the world column.
      status.textContent = `Not reset: ${e.message}`;
    } finally {
      button.disabled = false;
    }
  });
}
