// What the training, processing and transform reconcilers each use: one list, so a part that all
// three need (the instance tokens of their containers, say) is given to all three at once.
import type { Services } from '../services.ts';

export type JobReconcilerDeps = Pick<
  Services,
  | 'db'
  | 'logger'
  | 'config'
  | 'events'
  | 'runtimes'
  | 'objects'
  | 'followers'
  | 'reconciler'
  | 'logs'
  | 'instanceTokens'
>;
