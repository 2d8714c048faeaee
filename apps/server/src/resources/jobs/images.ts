// Image names as SageMaker users write them resolve to Tessera's local images: the published
// framework and algorithm URIs (what the SageMaker Python SDK's image_uris.retrieve returns, e.g.
// 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3) run on the
// images scripts/docker.sh builds; any other name is a local Docker image, used as it is.
const ECR = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/([^:@]+)(?::([^@]+))?(?:@.+)?$/;

/** Repository name in the published URI → Tessera's image. */
const BUILT_IN: Record<string, string> = {
  'sagemaker-scikit-learn': 'tessera/sagemaker-scikit-learn:latest',
  'sagemaker-xgboost': 'tessera/sagemaker-xgboost:latest',
  xgboost: 'tessera/sagemaker-xgboost:latest',
  kmeans: 'tessera/sagemaker-kmeans:latest',
  'linear-learner': 'tessera/sagemaker-linear-learner:latest',
  // Processing containers: Model Monitor's analyzer and SageMaker Clarify.
  'sagemaker-model-monitor-analyzer': 'tessera/sagemaker-model-monitor-analyzer:latest',
  'sagemaker-clarify-processing': 'tessera/sagemaker-clarify:latest',
};

export function resolveImage(uri: string): { image: string; builtIn: string | undefined } {
  const m = ECR.exec(uri);
  const repo = m?.[2];
  if (repo && BUILT_IN[repo]) return { image: BUILT_IN[repo]!, builtIn: repo };
  // Tessera's own names work too (tessera/sagemaker-xgboost, with or without a tag).
  const own = Object.values(BUILT_IN).find((i) => uri === i || `${uri}:latest` === i);
  if (own) return { image: own, builtIn: own };
  return { image: uri, builtIn: undefined };
}

/** The names the README and error messages list. */
export const BUILT_IN_REPOSITORIES = Object.keys(BUILT_IN);
