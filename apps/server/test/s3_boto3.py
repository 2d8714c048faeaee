"""S3 with boto3 (Debian's python3-boto3) against a Tessera server's S3 API.

Reads TESSERA_URL, BUCKET and the usual AWS_* variables; prints one JSON line of what it saw.
"""
import hashlib
import json
import os
import tempfile
import urllib.request

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["TESSERA_URL"],
    region_name="us-east-1",
    # s3v4 also for presigned URLs, which botocore would otherwise sign with SigV2 (s3-sigv2.int.test.ts covers those).
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
)
bucket = os.environ["BUCKET"]
seen = {}

s3.create_bucket(Bucket=bucket)
try:
    s3.create_bucket(Bucket=bucket)
except ClientError as err:
    seen["create_again"] = err.response["Error"]["Code"]

workdir = tempfile.mkdtemp()
source = os.path.join(workdir, "train.bin")
with open(source, "wb") as f:
    for i in range(12):
        f.write(bytes([i]) * (1024 * 1024))
    f.write(b"tail")
with open(source, "rb") as f:
    seen["md5"] = hashlib.md5(f.read()).hexdigest()

# boto3 keeps parts at 5 MiB at least; a low threshold makes this a 3-part upload.
transfer = TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024, max_concurrency=2)
s3.upload_file(source, bucket, "datasets/train.bin", ExtraArgs={"Metadata": {"origin": "boto3"}, "ContentType": "application/x-train"}, Config=transfer)
s3.put_object(Bucket=bucket, Key="datasets/notes with space+plus.txt", Body=b"small")
s3.put_object(Bucket=bucket, Key="top.txt", Body=b"top")

head = s3.head_object(Bucket=bucket, Key="datasets/train.bin")
seen["etag"] = head["ETag"]
seen["size"] = head["ContentLength"]
seen["metadata"] = head["Metadata"]
seen["content_type"] = head["ContentType"]

# list_objects_v2 asks for url-encoded keys and decodes them; paginate two at a time.
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}):
    keys += [o["Key"] for o in page.get("Contents", [])]
seen["keys"] = keys
top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
seen["prefixes"] = [p["Prefix"] for p in top.get("CommonPrefixes", [])]
seen["top_keys"] = [o["Key"] for o in top.get("Contents", [])]

target = os.path.join(workdir, "downloaded.bin")
s3.download_file(bucket, "datasets/train.bin", target, Config=transfer)
with open(target, "rb") as f:
    seen["downloaded_md5"] = hashlib.md5(f.read()).hexdigest()
seen["range"] = s3.get_object(Bucket=bucket, Key="datasets/train.bin", Range="bytes=-4")["Body"].read().decode()
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "top.txt"}, ExpiresIn=60)
seen["presigned_url"] = url

# An HTML object: boto3 reports the type it was uploaded with; the response is a sandboxed download,
# also when a presigned link asks for text/html on a text object.
s3.put_object(Bucket=bucket, Key="page.html", Body=b"<script>document.title = 'ran'</script>", ContentType="text/html")
page = s3.get_object(Bucket=bucket, Key="page.html")
inert = ("x-content-type-options", "content-disposition", "content-security-policy")
seen["html"] = {
    "content_type": page["ContentType"],
    "content_disposition": page.get("ContentDisposition"),
    "body": page["Body"].read().decode(),
    "headers": {k: page["ResponseMetadata"]["HTTPHeaders"].get(k) for k in inert},
}
overridden = s3.generate_presigned_url(
    "get_object", Params={"Bucket": bucket, "Key": "top.txt", "ResponseContentType": "text/html"}, ExpiresIn=60
)
with urllib.request.urlopen(overridden) as r:
    seen["overridden"] = {k: r.headers.get(k) for k in ("content-type",) + inert}
s3.delete_object(Bucket=bucket, Key="page.html")

s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
seen["after_delete"] = s3.list_objects_v2(Bucket=bucket).get("KeyCount")
try:
    s3.get_object(Bucket=bucket, Key="top.txt")
except ClientError as err:
    seen["get_deleted"] = err.response["Error"]["Code"]
s3.delete_bucket(Bucket=bucket)
print(json.dumps(seen))
