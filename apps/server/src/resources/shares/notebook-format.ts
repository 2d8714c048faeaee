// The part of nbformat 4 the viewer relies on, checked loosely (unknown keys kept): a shared
// snapshot is whatever Jupyter saved, so only what would break rendering is refused.
import { z } from 'zod';

const ZMultiline = z.union([z.string(), z.array(z.string())]);
const ZMimeBundle = z.record(z.string(), z.unknown());

const ZOutput = z.looseObject({
  output_type: z.enum(['stream', 'display_data', 'execute_result', 'error', 'update_display_data']),
  name: z.string().optional(),
  text: ZMultiline.optional(),
  data: ZMimeBundle.optional(),
  execution_count: z.number().int().nullable().optional(),
  ename: z.string().optional(),
  evalue: z.string().optional(),
  traceback: z.array(z.string()).optional(),
});

const ZCell = z.looseObject({
  cell_type: z.enum(['code', 'markdown', 'raw']),
  source: ZMultiline,
  metadata: z.record(z.string(), z.unknown()).optional(),
  attachments: z.record(z.string(), ZMimeBundle).optional(),
  outputs: z.array(ZOutput).optional(),
  execution_count: z.number().int().nullable().optional(),
});

export const ZNotebook = z.looseObject({
  nbformat: z.literal(4),
  nbformat_minor: z.number().int().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  cells: z.array(ZCell),
});
export type Notebook = z.infer<typeof ZNotebook>;
export type NotebookCell = Notebook['cells'][number];
export type NotebookOutput = NonNullable<NotebookCell['outputs']>[number];

export const joinSource = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join('') : (s ?? ''));
