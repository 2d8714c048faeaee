// Left sidebar, "JumpStart": sample notebooks bundled with Studio. Opening one copies it into
// the home directory (jumpstart/), so the user edits their own copy, and opens it on the
// launcher's image and instance type.
import { showErrorMessage } from '@jupyterlab/apputils';
import type { Contents } from '@jupyterlab/services';
import type { CommandRegistry } from '@lumino/commands';
import { Widget } from '@lumino/widgets';
import { h } from '../dom.ts';
import { SAMPLES, type Sample } from '../samples/index.ts';
import type { IStudioContext } from '../tokens.ts';

const FOLDER = 'jumpstart';

export class JumpStartPanel extends Widget {
  constructor(
    private readonly studio: IStudioContext,
    private readonly contents: Contents.IManager,
    private readonly commands: CommandRegistry,
  ) {
    super();
    this.addClass('tessera-Panel');
    this.addClass('tessera-JumpStartPanel');
    this.node.replaceChildren(
      h('header', { className: 'tessera-Panel-header' }, h('h2', {}, 'JumpStart')),
      h('p', { className: 'tessera-Muted' }, 'Sample notebooks to start from. Opening one puts a copy in ~/jumpstart.'),
      h(
        'ul',
        { className: 'tessera-Samples' },
        SAMPLES.map((s) => this.card(s)),
      ),
    );
  }

  private card(sample: Sample): HTMLElement {
    return h(
      'li',
      { className: 'tessera-Sample' },
      h('strong', {}, sample.title),
      h('p', {}, sample.description),
      h(
        'div',
        { className: 'tessera-Tags' },
        sample.tags.map((t) => h('span', { className: 'tessera-Tag' }, t)),
      ),
      h('button', { className: 'tessera-Button', onclick: () => void this.open(sample) }, 'Open notebook'),
    );
  }

  async open(sample: Sample): Promise<string | undefined> {
    try {
      await this.contents.get(FOLDER, { content: false }).catch(async () => {
        const dir = await this.contents.newUntitled({ type: 'directory', path: '' });
        await this.contents.rename(dir.path, FOLDER);
      });
      const path = await this.freePath(`${FOLDER}/${sample.file}`);
      // The copy names the launcher's kernel, so it opens on that image and instance type.
      const { choice } = this.studio;
      const kernelspec = {
        name: choice.kernelName,
        display_name: `Python 3 (${choice.imageName}) · ${choice.instanceType}`,
        language: 'python',
      };
      const notebook = { ...sample.notebook, metadata: { ...(sample.notebook.metadata as object), kernelspec } };
      await this.contents.save(path, { type: 'notebook', format: 'json', content: notebook });
      await this.commands.execute('docmanager:open', {
        path,
        factory: 'Notebook',
        kernel: { name: choice.kernelName },
      });
      return path;
    } catch (err) {
      void showErrorMessage(`Could not open ${sample.title}`, err as Error);
      return undefined;
    }
  }

  /** name.ipynb, or name-1.ipynb, name-2.ipynb… when the user already has a copy. */
  private async freePath(path: string): Promise<string> {
    const stem = path.replace(/\.ipynb$/, '');
    for (let i = 0; ; i++) {
      const candidate = i ? `${stem}-${i}.ipynb` : path;
      const exists = await this.contents.get(candidate, { content: false }).then(
        () => true,
        () => false,
      );
      if (!exists) return candidate;
    }
  }
}
