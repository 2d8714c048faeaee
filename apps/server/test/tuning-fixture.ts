// What the tuning tests share: a training script whose loss follows a known curve, and the wait
// for a tuning job to end.
import {
  DescribeHyperParameterTuningJobCommand,
  type DescribeHyperParameterTuningJobCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';

/** Prints loss = offset + scale / (epoch + 1) for `epochs` epochs, `pause` seconds apart. */
export const EPOCHS_PY = `
import json, os, time
hp = {k: json.loads(v) if v.startswith('"') else v
      for k, v in json.load(open('/opt/ml/input/config/hyperparameters.json')).items()}
offset, scale = float(hp.get('offset', 0)), float(hp.get('scale', 1))
for e in range(int(hp.get('epochs', 5))):
    print(f'epoch={e} loss={offset + scale / (e + 1):.6f}', flush=True)
    time.sleep(float(hp.get('pause', 0.2)))
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write(str(offset))
`;

export async function tuningEnds(
  sm: SageMakerClient,
  name: string,
  timeoutMs = 400_000,
): Promise<DescribeHyperParameterTuningJobCommandOutput> {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
      return ['Completed', 'Failed', 'Stopped'].includes(d.HyperParameterTuningJobStatus!) ? d : undefined;
    },
    `tuning job ${name} to end`,
    timeoutMs,
    500,
  );
}
