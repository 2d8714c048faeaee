"""A smaller lifecycle run with boto3 (Debian's python3-boto3) against a Tessera server.

Reads TESSERA_URL and the usual AWS_* variables; prints one JSON line of what it saw.
"""
import json
import os
import time

import boto3
from botocore.exceptions import ClientError

sm = boto3.client("sagemaker", endpoint_url=os.environ["TESSERA_URL"], region_name="us-east-1")


def wait_status(describe, want, **kwargs):
    for _ in range(200):
        status = describe(**kwargs)["Status"]
        if status == want:
            return status
        time.sleep(0.05)
    raise AssertionError(f"never reached {want}: {status}")


def error_code(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as err:
        return err.response["Error"]["Code"]
    return None


name = f"boto3-{os.getpid()}"
domain = sm.create_domain(
    DomainName=name,
    AuthMode="IAM",
    DefaultUserSettings={"ExecutionRole": "arn:aws:iam::123456789012:role/Boto"},
    Tags=[{"Key": "client", "Value": "boto3"}],
    # Debian's botocore (1.29) still models these two as required.
    SubnetIds=["subnet-0a1b2c"],
    VpcId="vpc-0a1b2c",
)
# botocore 1.29 models no DomainId in the response; users read it off the ARN.
domain_id = domain["DomainArn"].split("/")[-1]
wait_status(sm.describe_domain, "InService", DomainId=domain_id)
described = sm.describe_domain(DomainId=domain_id)

for user in ("ada", "grace", "linus"):
    sm.create_user_profile(DomainId=domain_id, UserProfileName=user)
paged = []
for page in sm.get_paginator("list_user_profiles").paginate(DomainIdEquals=domain_id, PaginationConfig={"PageSize": 1}):
    paged += [p["UserProfileName"] for p in page["UserProfiles"]]
wait_status(sm.describe_user_profile, "InService", DomainId=domain_id, UserProfileName="ada")

sm.add_tags(ResourceArn=domain["DomainArn"], Tags=[{"Key": "stage", "Value": "test"}])
tags = sm.list_tags(ResourceArn=domain["DomainArn"])["Tags"]

sm.update_domain(DomainId=domain_id, DefaultUserSettings={"SharingSettings": {"NotebookOutputOption": "Disabled"}})
wait_status(sm.describe_domain, "InService", DomainId=domain_id)
updated = sm.describe_domain(DomainId=domain_id)["DefaultUserSettings"]

errors = {
    "in_use": error_code(sm.delete_domain, DomainId=domain_id),
    "not_found": error_code(sm.describe_domain, DomainId="d-nonexistent00"),
    "validation": error_code(sm.create_domain, DomainName="no spaces allowed", AuthMode="IAM", DefaultUserSettings={}, SubnetIds=["s"], VpcId="v"),
    "duplicate": error_code(sm.create_user_profile, DomainId=domain_id, UserProfileName="ada"),
}

for user in ("ada", "grace", "linus"):
    sm.delete_user_profile(DomainId=domain_id, UserProfileName=user)
for _ in range(200):
    if not sm.list_user_profiles(DomainIdEquals=domain_id)["UserProfiles"]:
        break
    time.sleep(0.05)
sm.delete_domain(DomainId=domain_id)
for _ in range(200):
    gone = error_code(sm.describe_domain, DomainId=domain_id)
    if gone:
        break
    time.sleep(0.05)

print(json.dumps({
    "domain_id": domain_id,
    "status": described["Status"],
    "creation_time_is_datetime": hasattr(described["CreationTime"], "timestamp"),
    "paged": paged,
    "tags": tags,
    "updated": updated,
    "errors": errors,
    "after_delete": gone,
}))
