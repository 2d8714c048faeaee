// What every installation starts with: the instance types (sizes in the spirit of SageMaker's
// published ones, prices per hour from its on-demand list, editable later) and the built-in
// SageMaker images, each backed by a kernel image built from docker/.
export interface InstanceTypeSeed {
  name: string;
  vcpu: number;
  memoryGiB: number;
  gpus: number;
  fastLaunch: boolean;
  pricePerHour: number;
}

export const BUILT_IN_INSTANCE_TYPES: InstanceTypeSeed[] = [
  { name: 'system', vcpu: 2, memoryGiB: 4, gpus: 0, fastLaunch: true, pricePerHour: 0 },
  { name: 'ml.t2.medium', vcpu: 2, memoryGiB: 4, gpus: 0, fastLaunch: false, pricePerHour: 0.056 },
  { name: 'ml.t3.medium', vcpu: 2, memoryGiB: 4, gpus: 0, fastLaunch: true, pricePerHour: 0.05 },
  { name: 'ml.t3.large', vcpu: 2, memoryGiB: 8, gpus: 0, fastLaunch: false, pricePerHour: 0.1 },
  { name: 'ml.t3.xlarge', vcpu: 4, memoryGiB: 16, gpus: 0, fastLaunch: false, pricePerHour: 0.2 },
  { name: 'ml.m5.large', vcpu: 2, memoryGiB: 8, gpus: 0, fastLaunch: true, pricePerHour: 0.115 },
  { name: 'ml.m5.xlarge', vcpu: 4, memoryGiB: 16, gpus: 0, fastLaunch: false, pricePerHour: 0.23 },
  { name: 'ml.m5.2xlarge', vcpu: 8, memoryGiB: 32, gpus: 0, fastLaunch: false, pricePerHour: 0.461 },
  { name: 'ml.m4.xlarge', vcpu: 4, memoryGiB: 16, gpus: 0, fastLaunch: false, pricePerHour: 0.24 },
  { name: 'ml.c5.large', vcpu: 2, memoryGiB: 4, gpus: 0, fastLaunch: true, pricePerHour: 0.102 },
  { name: 'ml.c5.xlarge', vcpu: 4, memoryGiB: 8, gpus: 0, fastLaunch: false, pricePerHour: 0.204 },
  { name: 'ml.c4.xlarge', vcpu: 4, memoryGiB: 7.5, gpus: 0, fastLaunch: false, pricePerHour: 0.239 },
  { name: 'ml.g4dn.xlarge', vcpu: 4, memoryGiB: 16, gpus: 1, fastLaunch: true, pricePerHour: 0.736 },
  { name: 'ml.p3.2xlarge', vcpu: 8, memoryGiB: 61, gpus: 1, fastLaunch: false, pricePerHour: 3.825 },
];

export const DEFAULT_CPU_INSTANCE_TYPE = 'ml.t3.medium';
export const DEFAULT_GPU_INSTANCE_TYPE = 'ml.g4dn.xlarge';

export interface ImageSeed {
  name: string;
  displayName: string;
  description: string;
  containerImage: string;
  /** The kernel (spec name) the image's Jupyter server runs. */
  kernelName: string;
  /** What its kernels start on when nothing else is asked for. */
  defaultInstanceType: string;
}

export const BUILT_IN_IMAGES: ImageSeed[] = [
  {
    name: 'datascience',
    displayName: 'Data Science',
    description: 'Python 3.11 with scikit-learn, pandas, matplotlib and XGBoost',
    containerImage: 'tessera/kernel-datascience:latest',
    kernelName: 'python3',
    defaultInstanceType: DEFAULT_CPU_INSTANCE_TYPE,
  },
  {
    name: 'pytorch',
    displayName: 'PyTorch (GPU)',
    description:
      'Data Science with PyTorch, made for GPU instances: starts on ml.g4dn.xlarge. Its torch is CUDA-enabled ' +
      'when the image was built from a CUDA index (TESSERA_TORCH_INDEX_URL), else the CPU build',
    containerImage: 'tessera/kernel-pytorch:latest',
    kernelName: 'python3',
    defaultInstanceType: DEFAULT_GPU_INSTANCE_TYPE,
  },
  {
    name: 'minimal',
    displayName: 'Python (minimal)',
    description: 'Python 3.11 with the Jupyter kernel and nothing else',
    containerImage: 'tessera/kernel-minimal:latest',
    kernelName: 'python3',
    defaultInstanceType: DEFAULT_CPU_INSTANCE_TYPE,
  },
];

export const DEFAULT_IMAGE = 'datascience';
/** The JupyterServer app serves files and terminals; it runs on this image. */
export const JUPYTER_SERVER_IMAGE = 'minimal';
