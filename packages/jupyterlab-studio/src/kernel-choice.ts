// The image and instance type new notebooks and consoles start on (the launcher's pickers).
// Remembered per browser so the next session starts where the user left off.
import { Signal, type ISignal } from '@lumino/signaling';
import { kernelName } from './kernel-names.ts';

export class KernelChoice {
  constructor(
    defaults: { imageName: string; instanceType: string },
    private readonly storageKey: string,
  ) {
    const saved = (() => {
      try {
        return JSON.parse(localStorage.getItem(storageKey) ?? 'null');
      } catch {
        return null;
      }
    })();
    this._imageName = typeof saved?.imageName === 'string' ? saved.imageName : defaults.imageName;
    this._instanceType = typeof saved?.instanceType === 'string' ? saved.instanceType : defaults.instanceType;
  }

  get imageName(): string {
    return this._imageName;
  }
  get instanceType(): string {
    return this._instanceType;
  }
  get kernelName(): string {
    return kernelName(this._imageName, this._instanceType);
  }
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  set(choice: { imageName?: string; instanceType?: string }): void {
    const imageName = choice.imageName ?? this._imageName;
    const instanceType = choice.instanceType ?? this._instanceType;
    if (imageName === this._imageName && instanceType === this._instanceType) return;
    this._imageName = imageName;
    this._instanceType = instanceType;
    try {
      localStorage.setItem(this.storageKey, JSON.stringify({ imageName, instanceType }));
    } catch {
      // Storage may be disabled; the choice then lasts for this page only.
    }
    this._changed.emit();
  }

  private _imageName: string;
  private _instanceType: string;
  private _changed = new Signal<this, void>(this);
}
