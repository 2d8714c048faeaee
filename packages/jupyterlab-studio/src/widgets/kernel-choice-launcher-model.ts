// The stock launcher shows one card per kernelspec; Tessera has one kernelspec per image and
// instance type, which would flood it. This model keeps the cards of the chosen pair only (or
// every card when no kernelspec is a Tessera one, e.g. a plain Jupyter server in development).
import { LauncherModel, type ILauncher } from '@jupyterlab/launcher';
import type { KernelChoice } from '../kernel-choice.ts';
import { parseKernelName } from '../kernel-names.ts';

export class KernelChoiceLauncherModel extends LauncherModel {
  constructor(private readonly choice: KernelChoice) {
    super();
    choice.changed.connect(() => this.stateChanged.emit(void 0));
  }

  *items(): IterableIterator<ILauncher.IItemOptions> {
    const all = [...super.items()];
    const kernelItems = all.filter((i) => typeof i.args?.kernelName === 'string');
    const tessera = kernelItems.some((i) => parseKernelName(i.args!.kernelName as string));
    const chosen = this.choice.kernelName;
    const hasChosen = kernelItems.some((i) => i.args!.kernelName === chosen);
    for (const item of all) {
      const name = item.args?.kernelName;
      if (typeof name !== 'string' || !tessera) yield item;
      else if (hasChosen ? name === chosen : parseKernelName(name)?.imageName === this.choice.imageName) yield item;
    }
  }
}
