// Slows password guessing: after 10 failed sign-ins for one username within 5 minutes, further
// attempts for it are refused until the window passes. In memory: a restart forgives.
const WINDOW_MS = 5 * 60_000;
const MAX_FAILURES = 10;
const MAX_TRACKED = 100_000;

export interface LoginThrottle {
  retryAfterSeconds(username: string): number;
  failed(username: string): void;
  succeeded(username: string): void;
}

export function createLoginThrottle(now: () => number = Date.now): LoginThrottle {
  const failures = new Map<string, number[]>();
  const recent = (username: string) => (failures.get(username) ?? []).filter((t) => now() - t < WINDOW_MS);
  return {
    retryAfterSeconds(username) {
      const times = recent(username);
      if (times.length < MAX_FAILURES) return 0;
      return Math.ceil((times[0]! + WINDOW_MS - now()) / 1000);
    },
    failed(username) {
      const times = recent(username);
      times.push(now());
      failures.delete(username);
      failures.set(username, times); // re-inserted: the map stays ordered by last failure
      // Bounded memory: forget the names that failed longest ago, never the active ones.
      for (const oldest of failures.keys()) {
        if (failures.size <= MAX_TRACKED) break;
        failures.delete(oldest);
      }
    },
    succeeded(username) {
      failures.delete(username);
    },
  };
}
