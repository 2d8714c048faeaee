"""Presigned S3 URLs from boto3 with its default configuration, against a Tessera server.

botocore presigns S3 URLs with Signature Version 2 by default in us-east-1 (1.29 and 1.43 alike);
should this one use SigV4 instead, signature_version "s3" asks for SigV2, and the output says so.
Reads TESSERA_URL, TESSERA_REGION, BUCKET, KEY, MISSING_BUCKET, the usual AWS_* variables (a user's
long-term key) and OTHER_ACCESS_KEY_ID / OTHER_SECRET_ACCESS_KEY (another user's); prints one JSON line.
The user also presigns with temporary credentials (STS AssumeRole of the installation's execution role).
"""
import json
import os

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError


def client(**kwargs):
    url, region = os.environ["TESSERA_URL"], os.environ["TESSERA_REGION"]
    return boto3.client("s3", endpoint_url=url, region_name=region, **kwargs)


bucket, key = os.environ["BUCKET"], os.environ["KEY"]
default = client()
sample = default.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": key}, ExpiresIn=60)
sigv2_by_default = "AWSAccessKeyId=" in sample
sigv2 = {} if sigv2_by_default else {"config": Config(signature_version="s3")}
s3 = client(**sigv2)
other = client(
    aws_access_key_id=os.environ["OTHER_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["OTHER_SECRET_ACCESS_KEY"],
    **sigv2,
)


def presign(operation, expires=300, signer=s3, **params):
    return signer.generate_presigned_url(operation, Params=params, ExpiresIn=expires)


typed = {"ContentType": "text/csv", "Metadata": {"origin": "presigned"}}
seen = {
    "botocore": botocore.__version__,
    "sigv2_by_default": sigv2_by_default,
    "default_url": sample,
    "put": presign("put_object", Bucket=bucket, Key=key),
    "get": presign("get_object", Bucket=bucket, Key=key),
    "head": presign("head_object", Bucket=bucket, Key=key),
    "put_typed": presign("put_object", Bucket=bucket, Key="typed.csv", **typed),
    "put_typed_bare": presign("put_object", Bucket=bucket, Key="typed-bare.csv", **typed),
    "head_typed": presign("head_object", Bucket=bucket, Key="typed.csv"),
    "get_typed_bare": presign("get_object", Bucket=bucket, Key="typed-bare.csv"),
    "list": presign("list_objects_v2", Bucket=bucket, Prefix="data/"),
    "expired": presign("get_object", expires=1, Bucket=bucket, Key=key),
    "missing_key": presign("get_object", Bucket=bucket, Key="data/no-such-key"),
    "missing_bucket": presign("get_object", Bucket=os.environ["MISSING_BUCKET"], Key=key),
    "other_user": presign("get_object", signer=other, Bucket=bucket, Key=key),
}

# Temporary credentials: the URL carries their session token (x-amz-security-token), which is signed.
sts = boto3.client("sts", endpoint_url=os.environ["TESSERA_URL"], region_name=os.environ["TESSERA_REGION"])
role = f"arn:aws:iam::{sts.get_caller_identity()['Account']}:role/service-role/TesseraExecutionRole"
temp, other_temp = (
    sts.assume_role(RoleArn=role, RoleSessionName=name, DurationSeconds=900)["Credentials"] for name in ("presigned", "another")
)
keys = {"aws_access_key_id": temp["AccessKeyId"], "aws_secret_access_key": temp["SecretAccessKey"]}
session = client(aws_session_token=temp["SessionToken"], **keys, **sigv2)
swapped = client(aws_session_token=other_temp["SessionToken"], **keys, **sigv2)
seen["temporary_get"] = presign("get_object", signer=session, Bucket=bucket, Key=key)
seen["temporary_swapped_token"] = presign("get_object", signer=swapped, Bucket=bucket, Key=key)

# An ordinary call signed with SigV2 in the Authorization header: refused, in S3's words.
try:
    client(config=Config(signature_version="s3", retries={"max_attempts": 1})).list_objects_v2(Bucket=bucket)
    seen["header_sigv2"] = "accepted"
except ClientError as err:
    seen["header_sigv2"] = {
        "code": err.response["Error"]["Code"],
        "message": err.response["Error"]["Message"],
        "status": err.response["ResponseMetadata"]["HTTPStatusCode"],
    }
print(json.dumps(seen))
