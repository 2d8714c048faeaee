// Status changes and (later) log lines, fanned out to WebSocket subscribers. Each event names
// who may see it, so the socket layer never has to know about resource kinds.
import { EventEmitter } from 'node:events';

export interface TesseraEvent {
  type: string; // e.g. "domain.status", "userProfile.deleted"
  resourceArn: string;
  status?: string;
  detail?: Record<string, unknown>;
  time: number; // epoch ms
  /** Admins see everything; these users see it too. */
  audienceUserIds: string[];
}

export interface EventBus {
  publish(event: Omit<TesseraEvent, 'time'>): void;
  subscribe(listener: (event: TesseraEvent) => void): () => void;
}

export function createEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(event) {
      emitter.emit('event', { ...event, time: Date.now() });
    },
    subscribe(listener) {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
  };
}
