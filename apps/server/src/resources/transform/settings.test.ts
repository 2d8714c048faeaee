import { describe, expect, it } from 'vitest';
import { batchEnvironment, batchSettings } from './settings.ts';

describe('batch settings', () => {
  it("takes the job's values first, then the container's execution parameters, then the defaults", () => {
    expect(batchSettings({})).toEqual({ maxConcurrent: 1, maxPayloadInMB: 6, strategy: 'MultiRecord' });
    expect(
      batchSettings({}, { MaxConcurrentTransforms: 4, MaxPayloadInMB: 12, BatchStrategy: 'SingleRecord' }),
    ).toEqual({ maxConcurrent: 4, maxPayloadInMB: 12, strategy: 'SingleRecord' });
    expect(
      batchSettings(
        { MaxConcurrentTransforms: 2, MaxPayloadInMB: 1, BatchStrategy: 'MultiRecord' },
        { MaxConcurrentTransforms: 4, MaxPayloadInMB: 12, BatchStrategy: 'SingleRecord' },
      ),
    ).toEqual({ maxConcurrent: 2, maxPayloadInMB: 1, strategy: 'MultiRecord' });
    // 0 means "ask the container" for the concurrency, and "unlimited" for the payload.
    expect(batchSettings({ MaxConcurrentTransforms: 0, MaxPayloadInMB: 0 }, { MaxConcurrentTransforms: 3 })).toEqual({
      maxConcurrent: 3,
      maxPayloadInMB: 100,
      strategy: 'MultiRecord',
    });
  });
  it("passes the job's values to the container the way SageMaker names them", () => {
    expect(batchEnvironment({ Environment: { A: '1' } })).toEqual({ A: '1', SAGEMAKER_BATCH: 'true' });
    expect(batchEnvironment({ MaxConcurrentTransforms: 2, MaxPayloadInMB: 3, BatchStrategy: 'SingleRecord' })).toEqual({
      SAGEMAKER_BATCH: 'true',
      SAGEMAKER_MAX_PAYLOAD_IN_MB: '3',
      SAGEMAKER_BATCH_STRATEGY: 'SINGLE_RECORD',
      SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: '2',
    });
  });
});
