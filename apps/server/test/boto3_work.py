"""The core of the SageMaker work flow with boto3 (Debian's python3-boto3) against Tessera:
data to S3, the built-in XGBoost algorithm trained from its published image URI, its metrics and
logs, the model deployed to an endpoint, a prediction through sagemaker-runtime, the endpoint
deleted. Each wait is a boto3 waiter, as user code would write it.

Reads TESSERA_URL, BUCKET, ROLE_ARN, NAME and the usual AWS_* variables; prints one JSON line of
what it saw.
"""
import json
import os
import random
import tempfile

import boto3
import botocore
from botocore.config import Config

URL = os.environ["TESSERA_URL"]
BUCKET = os.environ["BUCKET"]
ROLE = os.environ["ROLE_ARN"]
NAME = os.environ["NAME"]
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
# SageMaker's waiters poll every 30-120 s; a local server is ready in seconds.
FAST = {"Delay": 1, "MaxAttempts": 300}

session = boto3.session.Session(region_name="us-east-1")
s3 = session.client("s3", endpoint_url=URL, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
sm = session.client("sagemaker", endpoint_url=URL)
runtime = session.client("sagemaker-runtime", endpoint_url=URL)
logs = session.client("logs", endpoint_url=URL)
seen = {"botocore": botocore.__version__}

# y = 2x + 1 with a little noise, label first and no header: what the built-in algorithm reads.
rng = random.Random(7)
path = os.path.join(tempfile.mkdtemp(), "train.csv")
with open(path, "w") as f:
    for _ in range(400):
        x = rng.uniform(0, 10)
        f.write(f"{2 * x + 1 + rng.uniform(-0.05, 0.05):.4f},{x:.4f}\n")
s3.create_bucket(Bucket=BUCKET)
s3.upload_file(path, BUCKET, "xgboost/train/train.csv")

job = f"{NAME}-train"
sm.create_training_job(
    TrainingJobName=job,
    RoleArn=ROLE,
    AlgorithmSpecification={
        "TrainingImage": IMAGE,
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": "train:rmse", "Regex": r".*\[[0-9]+\].*#011train-rmse:([-+]?[0-9]*\.?[0-9]+)"}],
    },
    HyperParameters={"num_round": "60", "objective": "reg:squarederror", "max_depth": "4", "eta": "0.3"},
    InputDataConfig=[{
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/xgboost/train/", "S3DataDistributionType": "FullyReplicated"}},
        "ContentType": "text/csv",
    }],
    OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/xgboost/output"},
    ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
    StoppingCondition={"MaxRuntimeInSeconds": 600},
)
sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=job, WaiterConfig=FAST)
described = sm.describe_training_job(TrainingJobName=job)
seen["training"] = {
    "status": described["TrainingJobStatus"],
    "secondary": [t["Status"] for t in described["SecondaryStatusTransitions"]],
    "artifacts": described["ModelArtifacts"]["S3ModelArtifacts"],
    "metrics": {m["MetricName"]: m["Value"] for m in described.get("FinalMetricDataList", [])},
    "times_are_datetimes": all(hasattr(described[k], "tzinfo") for k in ("CreationTime", "TrainingStartTime", "TrainingEndTime")),
}

# The job's output, read the way the SageMaker Python SDK's logs() does: the streams named
# <job>/algo-N-<epoch>, each read from its head until a page comes back empty.
group = "/aws/sagemaker/TrainingJobs"
streams = logs.describe_log_streams(logGroupName=group, logStreamNamePrefix=job + "/", orderBy="LogStreamName", limit=50)["logStreams"]
lines = []
for stream in streams:
    token = None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"], startTime=0, startFromHead=True, **kwargs)
        lines += [e["message"] for e in page["events"]]
        if not page["events"]:
            break
        token = page["nextForwardToken"]
seen["logs"] = {
    "streams": [s["logStreamName"] for s in streams],
    "lines": len(lines),
    "round_lines": sum(1 for line in lines if "#011train-rmse:" in line),
}

model = f"{NAME}-model"
config = f"{NAME}-config"
endpoint = f"{NAME}-endpoint"
sm.create_model(ModelName=model, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE, "ModelDataUrl": described["ModelArtifacts"]["S3ModelArtifacts"]})
sm.create_endpoint_config(
    EndpointConfigName=config,
    ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": model, "InstanceType": "ml.m5.large", "InitialInstanceCount": 1, "InitialVariantWeight": 1.0}],
)
sm.create_endpoint(EndpointName=endpoint, EndpointConfigName=config)
sm.get_waiter("endpoint_in_service").wait(EndpointName=endpoint, WaiterConfig=FAST)
live = sm.describe_endpoint(EndpointName=endpoint)
seen["endpoint"] = {"status": live["EndpointStatus"], "variants": [(v["VariantName"], v["CurrentInstanceCount"]) for v in live["ProductionVariants"]]}

xs = [1.0, 4.5, 8.25]
answer = runtime.invoke_endpoint(EndpointName=endpoint, ContentType="text/csv", Accept="text/csv", Body="\n".join(str(x) for x in xs))
predictions = [float(v) for v in answer["Body"].read().decode().split()]
seen["invoke"] = {
    "content_type": answer["ContentType"],
    "variant": answer["InvokedProductionVariant"],
    "xs": xs,
    "predictions": predictions,
    "max_error": max(abs(p - (2 * x + 1)) for p, x in zip(predictions, xs)),
}

sm.delete_endpoint(EndpointName=endpoint)
sm.get_waiter("endpoint_deleted").wait(EndpointName=endpoint, WaiterConfig=FAST)
sm.delete_endpoint_config(EndpointConfigName=config)
sm.delete_model(ModelName=model)
seen["deleted"] = True
print(json.dumps(seen))
