// What the Jupyter proxy sees of each app: open WebSocket connections and the time of the last
// request. Idle shutdown never stops an app while a client is connected to it.
export interface AppActivity {
  opened(appId: string): void;
  closed(appId: string): void;
  touched(appId: string): void;
  connections(appId: string): number;
  lastSeen(appId: string): number | undefined;
}

export function createAppActivity(): AppActivity {
  const open = new Map<string, number>();
  const seen = new Map<string, number>();
  return {
    opened(appId) {
      open.set(appId, (open.get(appId) ?? 0) + 1);
      seen.set(appId, Date.now());
    },
    closed(appId) {
      const n = (open.get(appId) ?? 1) - 1;
      if (n <= 0) open.delete(appId);
      else open.set(appId, n);
      seen.set(appId, Date.now());
    },
    touched(appId) {
      seen.set(appId, Date.now());
    },
    connections: (appId) => open.get(appId) ?? 0,
    lastSeen: (appId) => seen.get(appId),
  };
}
