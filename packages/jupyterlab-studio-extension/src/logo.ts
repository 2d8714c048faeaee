// The top bar's mark and wordmark, in place of JupyterLab's logo (application-extension:logo
// is left out of the app).
import { ILabShell, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IStudioContext, tesseraIcon } from '@tessera/jupyterlab-studio';
import { Widget } from '@lumino/widgets';

export const logoPlugin: JupyterFrontEndPlugin<void> = {
  id: '@tessera/jupyterlab-studio-extension:logo',
  description: 'Shows the Tessera logo and wordmark in the top bar.',
  autoStart: true,
  requires: [ILabShell],
  optional: [IStudioContext],
  activate: (_app, shell: ILabShell, studio: IStudioContext | null) => {
    const logo = new Widget();
    logo.id = 'tessera-logo';
    tesseraIcon.element({
      container: logo.node,
      elementPosition: 'center',
      margin: '0',
      height: '24px',
      width: '24px',
    });
    const wordmark = document.createElement('span');
    wordmark.className = 'tessera-Wordmark';
    wordmark.innerHTML = 'Tessera<small>Studio</small>';
    logo.node.appendChild(wordmark);
    if (studio) logo.node.title = `${studio.username} · ${studio.scope.domainId} / ${studio.scope.userProfileName}`;
    shell.add(logo, 'top', { rank: 0 });
  },
};
