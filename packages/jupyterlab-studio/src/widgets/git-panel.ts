// Left sidebar: the Git repositories in the home directory — status, diffs, and commits of the
// chosen files — through Tessera's Git routes (the server runs git; the kernel is not needed).
import { showErrorMessage } from '@jupyterlab/apputils';
import type { GitFileStatus, GitStatusResponse } from '@tessera/contracts';
import { Widget } from '@lumino/widgets';
import { h } from '../dom.ts';
import type { IStudioContext } from '../tokens.ts';

export class GitPanel extends Widget {
  constructor(private readonly studio: IStudioContext) {
    super();
    this.addClass('tessera-Panel');
    this.addClass('tessera-GitPanel');
    this.node.tabIndex = -1;
  }

  /** Reloads repositories and the chosen repository's status. */
  async refresh(): Promise<void> {
    const git = this.studio.client.git;
    try {
      const { repositories } = await git.repositories();
      if (!repositories.some((r) => r.repo === this._repo)) this._repo = repositories[0]?.repo;
      this._status = this._repo ? await git.status(this._repo) : undefined;
      this._repos = repositories.map((r) => r.repo);
      this._error = undefined;
    } catch (err) {
      this._error = (err as Error).message;
    }
    this.render();
  }

  /**
   * Shows the diff of a file given by its path in the home directory (the notebook toolbar's Git
   * diff): in the repository that holds it. Answers false when no repository does.
   */
  async showDiffOf(homePath: string): Promise<boolean> {
    const { repositories } = await this.studio.client.git.repositories();
    const holder = repositories
      .map((r) => r.repo)
      .filter((r) => r === '' || r === '.' || homePath.startsWith(`${r}/`))
      .sort((a, b) => b.length - a.length)[0];
    if (holder === undefined) return false;
    this._repo = holder;
    await this.refresh();
    await this.showDiff(holder === '' || holder === '.' ? homePath : homePath.slice(holder.length + 1));
    return true;
  }

  protected onAfterShow(): void {
    void this.refresh();
  }

  private render(): void {
    const status = this._status;
    const header = h(
      'header',
      { className: 'tessera-Panel-header' },
      h('h2', {}, 'Git'),
      h(
        'button',
        {
          className: 'tessera-IconButton',
          title: 'Refresh',
          'aria-label': 'Refresh',
          onclick: () => void this.refresh(),
        },
        '⟳',
      ),
    );
    if (this._error)
      return void this.node.replaceChildren(header, h('div', { className: 'tessera-Error' }, this._error));
    const repoPicker = h(
      'label',
      { className: 'tessera-Field' },
      h('span', {}, 'Repository'),
      h(
        'select',
        {
          className: 'tessera-Select',
          onchange: (e: Event) => ((this._repo = (e.target as HTMLSelectElement).value), void this.refresh()),
        },
        this._repos.map((r) => h('option', { value: r, selected: r === this._repo }, r === '.' ? '~ (home)' : r)),
      ),
    );
    const init = h(
      'form',
      {
        className: 'tessera-GitInit',
        onsubmit: (e: Event) => (e.preventDefault(), void this.init((e.target as HTMLFormElement).repo.value)),
      },
      h('input', {
        name: 'repo',
        placeholder: 'folder (e.g. my-project)',
        'aria-label': 'Folder to make a repository',
        required: true,
      }),
      h('button', { className: 'tessera-Button', type: 'submit' }, 'Initialize'),
    );
    if (!status) {
      return void this.node.replaceChildren(
        header,
        h('p', { className: 'tessera-Muted' }, 'No Git repository in your home directory yet. Make one:'),
        init,
      );
    }
    const summary = h(
      'p',
      { className: 'tessera-Muted' },
      `On ${status.branch ?? 'a detached HEAD'}${status.head ? ` at ${status.head.slice(0, 7)}` : ', no commits yet'}`,
    );
    const files = status.files.length
      ? h(
          'ul',
          { className: 'tessera-GitFiles' },
          status.files.map((f) => this.fileRow(f)),
        )
      : h('p', { className: 'tessera-Muted' }, 'Nothing to commit: the work tree is clean.');
    const commit = h(
      'form',
      {
        className: 'tessera-GitCommit',
        onsubmit: (e: Event) => (e.preventDefault(), void this.commit(status, (e.target as HTMLFormElement).message)),
      },
      h('textarea', {
        name: 'message',
        rows: 3,
        placeholder: 'Commit message',
        'aria-label': 'Commit message',
        required: true,
      }),
      h(
        'button',
        { className: 'tessera-Button', type: 'submit', disabled: !status.files.length },
        this._selected.size ? `Commit ${this._selected.size} file(s)` : 'Commit all',
      ),
    );
    this.node.replaceChildren(
      header,
      repoPicker,
      summary,
      files,
      commit,
      this._diff ?? '',
      h('details', {}, h('summary', {}, 'New repository'), init),
    );
  }

  private fileRow(f: GitFileStatus): HTMLElement {
    const check = h('input', {
      type: 'checkbox',
      checked: this._selected.has(f.path),
      'aria-label': `Include ${f.path} in the commit`,
      onchange: (e: Event) => {
        if ((e.target as HTMLInputElement).checked) this._selected.add(f.path);
        else this._selected.delete(f.path);
        this.render();
      },
    });
    return h(
      'li',
      { className: 'tessera-GitFile', dataset: { status: f.status } },
      check,
      h(
        'button',
        {
          className: 'tessera-LinkButton',
          title: `Show the diff of ${f.path}`,
          onclick: () => void this.showDiff(f.path),
        },
        f.path,
      ),
      h('span', { className: 'tessera-GitCode', title: f.status }, f.code.trim() || f.code),
    );
  }

  private async showDiff(path: string): Promise<void> {
    try {
      const d = await this.studio.client.git.diff(this._repo!, path);
      this._diff = h(
        'section',
        { className: 'tessera-GitDiff' },
        h(
          'header',
          {},
          h('strong', {}, path),
          h(
            'button',
            {
              className: 'tessera-IconButton',
              title: 'Close diff',
              onclick: () => ((this._diff = undefined), this.render()),
            },
            '×',
          ),
        ),
        h(
          'pre',
          {},
          d.diff.split('\n').map((line) =>
            h(
              'div',
              {
                className: 'tessera-DiffLine',
                dataset: {
                  kind:
                    line.startsWith('+') && !line.startsWith('+++')
                      ? 'add'
                      : line.startsWith('-') && !line.startsWith('---')
                        ? 'del'
                        : line.startsWith('@@')
                          ? 'hunk'
                          : 'ctx',
                },
              },
              line,
            ),
          ),
          d.truncated ? h('div', { className: 'tessera-Muted' }, '… (truncated)') : null,
        ),
      );
      this.render();
    } catch (err) {
      void showErrorMessage('Git diff failed', err as Error);
    }
  }

  private async commit(status: GitStatusResponse, field: HTMLTextAreaElement): Promise<void> {
    try {
      const paths = [...this._selected].filter((p) => status.files.some((f) => f.path === p));
      const r = await this.studio.client.git.commit({
        repo: status.repo,
        message: field.value,
        ...(paths.length ? { paths } : {}),
      });
      this._selected.clear();
      this._diff = h('p', { className: 'tessera-Success' }, `Committed ${r.commit.slice(0, 7)}: ${r.summary}`);
      await this.refresh();
    } catch (err) {
      void showErrorMessage('Git commit failed', err as Error);
    }
  }

  private async init(repo: string): Promise<void> {
    try {
      const r = await this.studio.client.git.init(repo);
      this._repo = r.repo;
      await this.refresh();
    } catch (err) {
      void showErrorMessage('Could not create the repository', err as Error);
    }
  }

  private _repo: string | undefined;
  private _repos: string[] = [];
  private _status: GitStatusResponse | undefined;
  private _selected = new Set<string>();
  private _diff: HTMLElement | undefined;
  private _error: string | undefined;
}
