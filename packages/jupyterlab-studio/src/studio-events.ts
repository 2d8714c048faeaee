// The server's events WebSocket (/api/v1/events): status changes of the user's resources.
// Reconnects with backoff, because a server restart must not leave the panels stale.
import { Signal, type ISignal } from '@lumino/signaling';
import type { IDisposable } from '@lumino/disposable';
import type { StudioEvent } from './types.ts';

export class StudioEvents implements IDisposable {
  constructor(
    private readonly url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events`,
  ) {
    this.connect();
  }

  get received(): ISignal<this, StudioEvent> {
    return this._received;
  }
  get isDisposed(): boolean {
    return this._disposed;
  }

  dispose(): void {
    this._disposed = true;
    clearTimeout(this._timer);
    this._socket?.close();
    Signal.clearData(this);
  }

  private connect(): void {
    if (this._disposed) return;
    const socket = new WebSocket(this.url);
    this._socket = socket;
    socket.onopen = () => {
      this._delay = 1000;
    };
    socket.onmessage = (msg) => {
      try {
        const event = JSON.parse(String(msg.data)) as StudioEvent;
        if (event && typeof event.type === 'string') this._received.emit(event);
      } catch {
        // Not an event (e.g. a keep-alive): ignored.
      }
    };
    socket.onclose = () => {
      if (this._disposed) return;
      this._timer = setTimeout(() => this.connect(), this._delay);
      this._delay = Math.min(this._delay * 2, 30_000);
    };
  }

  private _socket: WebSocket | undefined;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _delay = 1000;
  private _disposed = false;
  private _received = new Signal<this, StudioEvent>(this);
}
