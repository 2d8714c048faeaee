// Tessera Studio's JupyterLab library: tokens, widgets and the REST client. The plugins that
// put them into JupyterLab live in @tessera/jupyterlab-studio-extension.
export * from './api-error.ts';
export * from './icons.ts';
export * from './kernel-choice.ts';
export * from './kernel-names.ts';
export * from './kernel-watchdog.ts';
export * from './notebook-diff.ts';
export * from './rest-client.ts';
export * from './samples/index.ts';
export * from './studio-context.ts';
export * from './studio-events.ts';
export * from './studio-server-settings.ts';
export * from './tokens.ts';
export * from './types.ts';
export * from './widgets/checkpoint-diff.ts';
export * from './widgets/choice-selects.ts';
export * from './widgets/git-panel.ts';
export * from './widgets/jumpstart-panel.ts';
export * from './widgets/kernel-choice-bar.ts';
export * from './widgets/kernel-choice-launcher-model.ts';
export * from './widgets/kernel-target-picker.ts';
export * from './widgets/kernel-usage.ts';
export * from './widgets/resources-panel.ts';
export * from './widgets/resource-link.ts';
export * from './widgets/details/resource-ref.ts';
export * from './widgets/details/resource-detail.ts';
export * from './widgets/share-dialog.ts';
