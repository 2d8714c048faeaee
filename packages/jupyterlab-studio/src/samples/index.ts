// JumpStart's sample notebooks, bundled with Studio as nbformat JSON.
import matplotlib from './matplotlib-plotting.json';
import processing from './processing-prepare-data.json';
import sklearnDeploy from './sklearn-train-deploy.json';
import xgboostBatch from './xgboost-batch-transform.json';
import sklearn from './sklearn-classification.json';
import xgboost from './xgboost-tabular.json';

export interface Sample {
  id: string;
  title: string;
  description: string;
  tags: string[];
  /** File name of the user's copy. */
  file: string;
  notebook: Record<string, unknown>;
}

export const SAMPLES: Sample[] = [
  // Run as SageMaker work from the notebook, with boto3 and Studio's own credentials.
  {
    id: 'sklearn-train-deploy',
    title: 'Train, deploy and invoke (scikit-learn)',
    description:
      'Your own train.py as a training job in the scikit-learn container, deployed to an endpoint and invoked.',
    tags: ['training job', 'endpoint', 'scikit-learn'],
    file: 'sklearn-train-deploy.ipynb',
    notebook: sklearnDeploy,
  },
  {
    id: 'xgboost-batch-transform',
    title: 'Built-in XGBoost with batch transform',
    description: 'The built-in XGBoost algorithm trained on S3 data, a test file scored by a batch transform job.',
    tags: ['training job', 'batch transform', 'XGBoost'],
    file: 'xgboost-batch-transform.ipynb',
    notebook: xgboostBatch,
  },
  {
    id: 'processing-prepare-data',
    title: 'Prepare data with a processing job',
    description: 'A processing job that cleans, scales and splits raw data from S3 into train and test sets.',
    tags: ['processing job', 'scikit-learn'],
    file: 'processing-prepare-data.ipynb',
    notebook: processing,
  },
  // Run in the kernel itself.
  {
    id: 'xgboost-tabular',
    title: 'XGBoost on tabular data',
    description: 'Gradient-boosted trees on the breast-cancer data set: train, evaluate, read the report.',
    tags: ['XGBoost', 'classification'],
    file: 'xgboost-tabular.ipynb',
    notebook: xgboost,
  },
  {
    id: 'sklearn-classification',
    title: 'scikit-learn classification',
    description: 'A scaling + logistic-regression pipeline on iris with cross-validation.',
    tags: ['scikit-learn', 'pipeline'],
    file: 'sklearn-classification.ipynb',
    notebook: sklearn,
  },
  {
    id: 'matplotlib-plotting',
    title: 'Plotting with matplotlib',
    description: 'Inline line plots and histograms in a notebook.',
    tags: ['matplotlib', 'visualisation'],
    file: 'matplotlib-plotting.ipynb',
    notebook: matplotlib,
  },
];
