// Browsers attach cookies to cross-site WebSocket requests, so a browser's Origin must be this
// server's own: the Host it was reached at, or TESSERA_PUBLIC_URL.
export function sameOrigin(origin: string, host: string | undefined, publicUrl: string): boolean {
  try {
    const o = new URL(origin);
    return o.host === host || o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}
