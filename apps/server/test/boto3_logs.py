# Reading training logs with boto3 (Debian's python3-boto3) as the SageMaker Python SDK does:
# list a job's streams, then read each from the head until the forward token stops changing.
import json
import os

import boto3
from botocore.exceptions import ClientError

logs = boto3.client("logs", endpoint_url=os.environ["TESSERA_URL"], region_name="us-east-1")
group = "/aws/sagemaker/TrainingJobs"

streams = []
for page in logs.get_paginator("describe_log_streams").paginate(logGroupName=group, logStreamNamePrefix="job-a/", PaginationConfig={"PageSize": 1}):
    streams += [s["logStreamName"] for s in page["logStreams"]]

lines = []
for stream in streams:
    token = None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = logs.get_log_events(logGroupName=group, logStreamName=stream, startTime=0, startFromHead=True, limit=4, **kwargs)
        lines += [e["message"] for e in page["events"]]
        if page["nextForwardToken"] == token:
            break
        token = page["nextForwardToken"]

try:
    logs.get_log_events(logGroupName="/aws/sagemaker/Nothing", logStreamName="x")
    not_found = None
except ClientError as e:
    not_found = e.response["Error"]["Code"]

print(json.dumps({"streams": streams, "lines": len(lines), "first": lines[0], "not_found": not_found}))
