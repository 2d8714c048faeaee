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
    const kernelItems = all.filter((i) => typeof kernelOf(i) === 'string');
    const tessera = kernelItems.some((i) => parseKernelName(kernelOf(i)));
    const chosen = this.choice.kernelName;
    const hasChosen = kernelItems.some((i) => kernelOf(i) === chosen);
    for (const item of all) {
      const name = kernelOf(item);
      if (typeof name !== 'string' || !tessera) yield item;
      else if (hasChosen ? name === chosen : parseKernelName(name)?.imageName === this.choice.imageName) yield item;
    }
  }
}

/** Notebook cards name their kernel as args.kernelName, console cards as args.kernelPreference.name. */
function kernelOf(item: ILauncher.IItemOptions): string | undefined {
  const args = item.args as { kernelName?: unknown; kernelPreference?: { name?: unknown } } | undefined;
  const name = args?.kernelName ?? args?.kernelPreference?.name;
  return typeof name === 'string' ? name : undefined;
}
