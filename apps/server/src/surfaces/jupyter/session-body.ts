// The bodies Jupyter's sessions and kernels APIs accept, as JupyterLab sends them. They come from
// the browser, so they are parsed (a kernel name that is not a string is a 400, not a crash).
import { z } from 'zod';
import { validation } from '../../platform/errors.ts';

const ZSessionBody = z
  .object({
    path: z.string().optional(),
    name: z.string().optional(),
    type: z.string().optional(),
    notebook: z.object({ path: z.string().optional() }).optional(),
    kernel: z.object({ name: z.string().optional(), id: z.string().optional() }).nullish(),
  })
  .loose();

export type SessionBody = z.infer<typeof ZSessionBody>;

export function parseSessionBody(value: unknown): SessionBody {
  const r = ZSessionBody.safeParse(value);
  if (!r.success)
    throw validation(`Unexpected session or kernel request: ${r.error.issues[0]?.message ?? 'malformed'}`);
  return r.data;
}
