import type { CreateTrialComponentRequest, OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findComponent } from '../lookup.ts';

// Merges what is given into the component and removes what is named. A job's component takes its
// status, parameters and artifacts from the job: only its display name changes.
export async function updateTrialComponent(
  ctx: OpContext<'db'>,
  input: OperationInput<'UpdateTrialComponent'>,
): Promise<OperationOutput<'UpdateTrialComponent'>> {
  const c = await findComponent(ctx.services.db, ctx.principal, input.TrialComponentName);
  const {
    TrialComponentName,
    DisplayName,
    ParametersToRemove,
    InputArtifactsToRemove,
    OutputArtifactsToRemove,
    ...set
  } = input;
  const changes = Object.keys(set).length + (ParametersToRemove?.length ?? 0) + (InputArtifactsToRemove?.length ?? 0);
  if (c.sourceJobId && changes + (OutputArtifactsToRemove?.length ?? 0))
    throw validation(
      `Trial component ${TrialComponentName} records a job: its status, parameters and artifacts are the job's; ` +
        'only DisplayName can be changed',
    );
  const spec = { ...(c.spec as Partial<CreateTrialComponentRequest>) };
  const merge = <K extends 'Parameters' | 'InputArtifacts' | 'OutputArtifacts'>(key: K, remove?: string[]) => {
    const next = { ...(spec[key] ?? {}), ...(set[key] ?? {}) } as Record<string, unknown>;
    for (const k of remove ?? []) delete next[k];
    spec[key] = next as never;
  };
  merge('Parameters', ParametersToRemove);
  merge('InputArtifacts', InputArtifactsToRemove);
  merge('OutputArtifacts', OutputArtifactsToRemove);
  if (set.Status) spec.Status = set.Status;
  if (set.StartTime !== undefined) spec.StartTime = set.StartTime;
  if (set.EndTime !== undefined) spec.EndTime = set.EndTime;
  if (Object.keys(spec.Parameters ?? {}).length > 300)
    throw validation('A trial component holds at most 300 parameters');
  await ctx.services.db.trialComponent.update({
    where: { id: c.id },
    data: {
      spec: JSON.parse(JSON.stringify(spec)),
      ...(DisplayName !== undefined ? { displayName: DisplayName } : {}),
    },
  });
  return { TrialComponentArn: c.arn };
}
