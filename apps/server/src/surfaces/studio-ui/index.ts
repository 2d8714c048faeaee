export { createStudioUi } from './create-studio-ui.ts';
