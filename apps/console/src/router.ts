// A small history router: the console's pages are paths under /console, so a reload or a
// bookmark lands on the same page.
import { useEffect, useState } from 'react';

const BASE = '/console';

export function navigate(path: string) {
  history.pushState(null, '', BASE + path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function usePath(): string {
  const read = () => location.pathname.slice(BASE.length) || '/';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const on = () => setPath(read());
    addEventListener('popstate', on);
    return () => removeEventListener('popstate', on);
  }, []);
  return path;
}
