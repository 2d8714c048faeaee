// Notebook toolbar: CPU and memory use of the instance the kernel runs on, polled every 3 s
// while the notebook is visible (a hidden tab costs the server nothing).
import type { ISessionContext } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { formatBytes, h } from '../dom.ts';
import type { IStudioContext } from '../tokens.ts';

const EVERY_MS = 3000;

export class KernelUsageWidget extends Widget {
  constructor(
    private readonly studio: IStudioContext,
    private readonly sessionContext: ISessionContext,
  ) {
    super();
    this.addClass('tessera-KernelUsage');
    this.node.title = 'CPU and memory of the instance this kernel runs on';
    this.show_('—');
    this._timer = setInterval(() => void this.poll(), EVERY_MS);
    sessionContext.kernelChanged.connect(() => void this.poll(), this);
    void this.poll();
  }

  dispose(): void {
    clearInterval(this._timer);
    super.dispose();
  }

  private async poll(): Promise<void> {
    if (this.isDisposed || this._busy || !this.isVisible || document.hidden) return;
    const kernel = this.sessionContext.session?.kernel;
    if (!kernel) return this.show_('No kernel');
    this._busy = true;
    try {
      const u = await this.studio.client.kernelUsage(this.studio.jupyterBaseUrl, kernel.id);
      if (kernel !== this.sessionContext.session?.kernel) return;
      const memPct = u.MemoryLimitBytes ? (100 * u.MemoryBytes) / u.MemoryLimitBytes : 0;
      this.node.replaceChildren(
        meter('CPU', Math.min(100, u.CpuPercent / Math.max(1, u.CpuLimit)), `${u.CpuPercent.toFixed(0)}%`),
        meter('Mem', memPct, formatBytes(u.MemoryBytes)),
      );
      this.node.title =
        `${u.InstanceType} (${u.AppName}): CPU ${u.CpuPercent.toFixed(1)}% of ${u.CpuLimit} vCPU, ` +
        `memory ${formatBytes(u.MemoryBytes)} of ${formatBytes(u.MemoryLimitBytes)}`;
    } catch {
      this.show_('Usage unavailable');
    } finally {
      this._busy = false;
    }
  }

  private show_(text: string): void {
    this.node.replaceChildren(h('span', { className: 'tessera-Muted' }, text));
  }

  private _timer: ReturnType<typeof setInterval>;
  private _busy = false;
}

function meter(label: string, pct: number, text: string): HTMLElement {
  const level = pct > 90 ? 'high' : pct > 70 ? 'mid' : 'low';
  return h(
    'span',
    { className: 'tessera-Meter', dataset: { level } },
    h('span', { className: 'tessera-Meter-label' }, label),
    h(
      'span',
      { className: 'tessera-Meter-bar' },
      h('span', { className: 'tessera-Meter-fill', style: `width:${Math.max(2, Math.min(100, pct)).toFixed(0)}%` }),
    ),
    h('span', { className: 'tessera-Meter-text' }, text),
  );
}
