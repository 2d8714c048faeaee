// Notebook toolbar: the image or the instance type of the notebook's kernel. Changing it moves
// the kernel: the session's kernel is changed to the kernelspec of the new pair, which makes the
// server start (or reuse) that KernelGateway app — several seconds, shown as "Starting …".
import type { ISessionContext } from '@jupyterlab/apputils';
import { showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { h } from '../dom.ts';
import { kernelName, parseKernelName } from '../kernel-names.ts';
import type { IStudioContext } from '../tokens.ts';
import { imageSelect, instanceTypeForImage, instanceTypeSelect } from './choice-selects.ts';

export type TargetKind = 'image' | 'instanceType';

export class KernelTargetPicker extends Widget {
  constructor(
    private readonly studio: IStudioContext,
    private readonly sessionContext: ISessionContext,
    private readonly kind: TargetKind,
  ) {
    super();
    this.addClass('tessera-KernelTargetPicker');
    this.node.dataset.kind = kind;
    sessionContext.kernelChanged.connect(this.render, this);
    sessionContext.statusChanged.connect(this.onStatus, this);
    this.render();
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.sessionContext.kernelChanged.disconnect(this.render, this);
    this.sessionContext.statusChanged.disconnect(this.onStatus, this);
    super.dispose();
  }

  /** The pair the kernel runs on now (or will, for a notebook whose kernel is not started yet). */
  private current() {
    const name = this.sessionContext.session?.kernel?.name ?? this.sessionContext.kernelPreference.name;
    return (
      parseKernelName(name) ?? {
        imageName: this.studio.choice.imageName,
        instanceType: this.studio.choice.instanceType,
      }
    );
  }

  private onStatus(): void {
    // While the kernel is (re)starting its app, say so next to the picker that asked for it.
    if (!this._pending) this.render();
  }

  private render(): void {
    if (this._pending) return;
    const cur = this.current();
    this.studio.catalog().then(
      ({ images, instanceTypes }) => {
        if (this.isDisposed || this._pending) return;
        const select =
          this.kind === 'image'
            ? imageSelect(
                images,
                cur.imageName,
                (imageName) =>
                  void this.move({
                    imageName,
                    instanceType: instanceTypeForImage(
                      images.find((i) => i.ImageName === cur.imageName),
                      images.find((i) => i.ImageName === imageName),
                      instanceTypes,
                      cur.instanceType,
                    ),
                  }),
                { compact: true },
              )
            : instanceTypeSelect(
                instanceTypes,
                cur.instanceType,
                (instanceType) => void this.move({ ...cur, instanceType }),
                { compact: true },
              );
        this.node.replaceChildren(select);
      },
      () => {
        if (!this.isDisposed)
          this.node.replaceChildren(
            h('span', { className: 'tessera-Muted' }, this.kind === 'image' ? cur.imageName : cur.instanceType),
          );
      },
    );
  }

  private async move(target: { imageName: string; instanceType: string }): Promise<void> {
    const name = kernelName(target.imageName, target.instanceType);
    if (name === this.sessionContext.session?.kernel?.name) return;
    const what = this.kind === 'image' ? target.imageName : target.instanceType;
    this._pending = true;
    this.node.replaceChildren(
      h(
        'span',
        { className: 'tessera-Starting', role: 'status' },
        h('span', { className: 'tessera-Spinner' }),
        `Starting ${what}…`,
      ),
    );
    try {
      await this.sessionContext.changeKernel({ name });
    } catch (err) {
      void showErrorMessage(`Could not move the kernel to ${what}`, err as Error);
    } finally {
      this._pending = false;
      this.render();
    }
  }

  private _pending = false;
}
