"""tessera/sagemaker-model-monitor-analyzer: SageMaker Model Monitor's analyzer
(sagemaker-model-monitor-analyzer), reading and writing the files AWS's does
(docs/design/model-monitor-clarify-formats.md, sections 1-3).

process() reads its job from the environment (settings.py) and runs one of:
- data-quality baselining (no baseline_* set): statistics.json and constraints.json;
- data-quality monitoring (baseline_statistics and/or baseline_constraints): the window's
  statistics.json and constraint_violations.json (always written, possibly empty);
- with analysis_type=MODEL_QUALITY, the same for model quality (model_quality.py).
Results go to output_path. /opt/ml/output/message says how the job ended ("Completed: ..." or
"CompletedWithViolations: ..."); CloudWatch metrics, when publish_cloudwatch_metrics is Enabled, go
to /opt/ml/output/metrics/cloudwatch/metrics.jsonl. A refusal is a ClientError, whose message the
processing job's FailureReason carries (failure.py)."""
import os

from ... import paths
from . import data_quality, model_quality, output, scripts, settings


def process():
    # A message left by an earlier run in the same /opt/ml must not speak for this one.
    if os.path.exists(paths.opt_ml("output", "message")):
        os.remove(paths.opt_ml("output", "message"))
    job = settings.load()
    kind = "model quality" if job.analysis_type == settings.MODEL_QUALITY else "data quality"
    print(f"model monitor: {kind} {'monitoring' if job.monitoring else 'baselining'}; "
          f"data {job.dataset_source}, results {job.output_path}", flush=True)
    if job.analysis_type == settings.MODEL_QUALITY:
        violations = model_quality.monitor(job) if job.monitoring else model_quality.baseline(job)
    else:
        violations = data_quality.monitor(job) if job.monitoring else data_quality.baseline(job)
    if job.post_analytics_processor_script:
        scripts.run_postprocessor(job.post_analytics_processor_script)
    output.write_message(violations)
