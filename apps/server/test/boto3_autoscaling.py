# Endpoint autoscaling with boto3 (Debian's python3-boto3), as the AWS documentation shows it
# for SageMaker endpoint variants; the same calls as the README's snippet.
import json
import os

import boto3
from botocore.exceptions import ClientError

aas = boto3.client("application-autoscaling", endpoint_url=os.environ["TESSERA_URL"], region_name="us-east-1")
resource_id = f"endpoint/{os.environ['ENDPOINT_NAME']}/variant/AllTraffic"
dimension = "sagemaker:variant:DesiredInstanceCount"

aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource_id, ScalableDimension=dimension, MinCapacity=1, MaxCapacity=4)
aas.put_scaling_policy(
    PolicyName="invocations-per-instance",
    ServiceNamespace="sagemaker",
    ResourceId=resource_id,
    ScalableDimension=dimension,
    PolicyType="TargetTrackingScaling",
    TargetTrackingScalingPolicyConfiguration={
        "TargetValue": 70.0,
        "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
        "ScaleInCooldown": 300,
        "ScaleOutCooldown": 60,
    },
)
targets = [
    {k: t[k] for k in ("ResourceId", "MinCapacity", "MaxCapacity")}
    for page in aas.get_paginator("describe_scalable_targets").paginate(ServiceNamespace="sagemaker", ResourceIds=[resource_id])
    for t in page["ScalableTargets"]
]
policies = [
    (p["PolicyName"], p["TargetTrackingScalingPolicyConfiguration"]["TargetValue"])
    for p in aas.describe_scaling_policies(ServiceNamespace="sagemaker", ResourceId=resource_id)["ScalingPolicies"]
]
activities = [a["Description"] for a in aas.describe_scaling_activities(ServiceNamespace="sagemaker", ResourceId=resource_id)["ScalingActivities"]]
try:
    aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource_id, ScalableDimension=dimension, MinCapacity=5, MaxCapacity=2)
    validation = None
except ClientError as e:
    validation = e.response["Error"]["Code"]

print(json.dumps({"targets": targets, "policies": policies, "activities": activities, "validation": validation}))
