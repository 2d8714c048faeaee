// JumpStart's sample notebooks, bundled with Studio as nbformat JSON.
import matplotlib from './matplotlib-plotting.json';
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
