import { useCallback, useEffect, useRef, useState } from 'react';
import { RestError } from '../api.ts';

/** Loads data, reloads on demand (and every `pollMs` if given); keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], pollMs?: number) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const live = useRef(true);
  const reload = useCallback(async () => {
    try {
      const d = await load();
      if (live.current) {
        setData(d);
        setError(undefined);
      }
    } catch (e) {
      if (live.current) setError((e as Error).message);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    live.current = true;
    void reload();
    const timer = pollMs ? setInterval(() => void reload(), pollMs) : undefined;
    return () => {
      live.current = false;
      if (timer) clearInterval(timer);
    };
  }, [reload, pollMs]);
  return { data, error, reload };
}

/** Runs an action, tracking busy state and the server's error message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (e) {
      setError(e instanceof RestError ? e.message : String((e as Error).message ?? e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
