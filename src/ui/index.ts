import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the web page's static files. Found from this module's own location (not the
 * working directory) so the server serves the same files from `tsx src/...`, a compiled `dist/` or
 * a test; `dist/` holds no copy of `public/`, so a compiled module looks back in `src/ui/public`.
 */
export function uiStaticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'public');
  if (existsSync(join(beside, 'index.html'))) return beside;
  const fromDist = join(here, '..', '..', '..', 'src', 'ui', 'public');
  if (existsSync(join(fromDist, 'index.html'))) return fromDist;
  return beside;
}

/** The page's keyboard shortcut for the e-stop, shown in the page and documented in docs/web.md. */
export const ESTOP_SHORTCUT = 'Escape pressed twice within one second';
