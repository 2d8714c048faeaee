// Just enough of a browser for sign-in flows across two origins (Tessera and an OpenID
// provider): a cookie jar per host, redirects followed by hand, HTML forms posted.
export interface Page {
  url: string;
  status: number;
  text: string;
  headers: Headers;
}

export class CookieBrowser {
  private jar = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    return [...(this.jar.get(new URL(url).host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(url: string, headers: Headers) {
    const host = new URL(url).host;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    this.jar.set(host, cookies);
    for (const line of headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired =
        attrs.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]!).getTime() < Date.now()) ||
        attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  /** One request, no redirect followed. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(url),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin } : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    this.store(url, res.headers);
    return { url, status: res.status, text: await res.text(), headers: res.headers };
  }

  /** Follows redirects until a page that is not one, or until `stop` says so; returns every hop. */
  async follow(
    url: string,
    init: Parameters<CookieBrowser['request']>[1] = {},
    stop: (url: URL) => boolean = () => false,
  ): Promise<Page[]> {
    const hops: Page[] = [];
    let page = await this.request(url, init);
    hops.push(page);
    for (let i = 0; i < 20 && page.status >= 300 && page.status < 400; i++) {
      const next = new URL(page.headers.get('location')!, page.url).href;
      if (stop(new URL(next))) {
        hops.push({ url: next, status: 0, text: '', headers: new Headers() });
        break;
      }
      page = await this.request(next);
      hops.push(page);
    }
    return hops;
  }
}

/** The action of the first form on a page, resolved against it. */
export function formAction(page: Page): string {
  const m = /<form[^>]*action="([^"]*)"/.exec(page.text);
  if (!m) throw new Error(`no form on ${page.url}:\n${page.text.slice(0, 500)}`);
  return new URL(m[1]!.replace(/&amp;/g, '&'), page.url).href;
}
