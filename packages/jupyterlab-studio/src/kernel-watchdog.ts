// When the reply to JupyterLab's first kernel_info request never arrives (the kernel's app was
// restarted underneath it, a dropped proxy connection), JupyterLab shows "Starting" forever.
// Reconnecting the socket asks again. Backs off, and stops once the kernel has answered.
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel } from '@jupyterlab/services';

const WAITING = new Set(['starting', 'unknown']);

export function watchKernelStart(sessionContext: ISessionContext, firstDelayMs = 6000, attempts = 5): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watched: Kernel.IKernelConnection | null = null;
  let tries = 0;
  const check = () => {
    const kernel = sessionContext.session?.kernel ?? null;
    if (kernel !== watched) {
      watched = kernel;
      tries = 0;
    }
    clearTimeout(timer);
    if (!kernel || !WAITING.has(kernel.status) || tries >= attempts) return;
    timer = setTimeout(
      () => {
        if (sessionContext.isDisposed || kernel !== sessionContext.session?.kernel || !WAITING.has(kernel.status))
          return;
        if (kernel.connectionStatus !== 'connected') return check();
        tries++;
        void kernel.reconnect().then(check, check);
      },
      firstDelayMs * 2 ** tries,
    );
  };
  sessionContext.statusChanged.connect(check);
  sessionContext.kernelChanged.connect(check);
  sessionContext.connectionStatusChanged.connect(check);
  sessionContext.disposed.connect(() => clearTimeout(timer));
  check();
}
