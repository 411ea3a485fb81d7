/** Shown at `/` until the web page is installed (createApp's `staticDir`). */
export function placeholderPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>orca</title></head>
<body>
<h1>orca</h1>
<p>The orca service is running. The API is described in <a href="/openapi.json">/openapi.json</a>; health at <a href="/healthz">/healthz</a>.</p>
</body>
</html>
`;
}
