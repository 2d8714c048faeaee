// Intentionally empty: a handle on the "lab" chunk (see index.ts).
export {};
