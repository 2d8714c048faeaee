// SecondaryStatusTransitions as SageMaker reports them: each entry opens when the job enters a
// status and is closed (EndTime) when it leaves; a terminal status is closed at once.
export interface Transition {
  Status: string;
  StartTime: number; // epoch ms in the row; the API view converts to seconds
  EndTime?: number;
  StatusMessage?: string;
}

const TERMINAL = new Set([
  'Completed',
  'Failed',
  'Stopped',
  'MaxRuntimeExceeded',
  'Interrupted',
  'MaxWaitTimeExceeded',
]);

export function advance(
  list: Transition[] | null | undefined,
  status: string,
  message: string,
  now: number,
): Transition[] {
  const out = (list ?? []).map((t) => ({ ...t }));
  const last = out[out.length - 1];
  if (last?.Status === status) return out;
  if (last && last.EndTime === undefined) last.EndTime = now;
  out.push({
    Status: status,
    StartTime: now,
    StatusMessage: message,
    ...(TERMINAL.has(status) ? { EndTime: now } : {}),
  });
  return out;
}
