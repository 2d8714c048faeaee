// A resource's log lines: the first pages from the REST API, then each new batch as the events
// socket delivers it (lines already shown are not repeated: the same stream and timestamp).
import { h } from '../../dom.ts';
import { resourceLogs } from '../../details-client.ts';

type Kind = 'TrainingJob' | 'ProcessingJob' | 'TransformJob' | 'Endpoint';
const MAX_LINES = 5000;

export class LogsView {
  readonly node = h('pre', { className: 'tessera-Logs', 'aria-label': 'Logs' });

  constructor(
    private kind: Kind,
    private name: string,
  ) {}

  async load(): Promise<void> {
    let nextToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await resourceLogs({
        kind: this.kind,
        name: this.name,
        limit: 1000,
        ...(nextToken ? { nextToken } : {}),
      });
      this.append(r.Events.map((e) => ({ stream: e.LogStreamName, timestamp: e.Timestamp, message: e.Message })));
      if (!r.NextToken || !r.Events.length) break;
      nextToken = r.NextToken;
    }
    if (!this.node.textContent) this.node.textContent = '';
  }

  /** Lines from the events socket (`log` events of this resource). */
  append(lines: { stream: string; timestamp: number; message: string }[]): void {
    const stick = this.node.scrollTop + this.node.clientHeight >= this.node.scrollHeight - 4;
    for (const l of lines) {
      const key = `${l.stream}\0${l.timestamp}\0${l.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.node.append(`${l.message}\n`);
    }
    while (this.node.childNodes.length > MAX_LINES) this.node.firstChild!.remove();
    if (stick) this.node.scrollTop = this.node.scrollHeight;
  }

  private seen = new Set<string>();
}
