"""boto3 clients for the container. The endpoint and credentials come from the environment, as SageMaker's
containers get them (Tessera sets AWS_ENDPOINT_URL and container credentials; boto3 >= 1.31 reads both).
S3 is addressed path-style, which every S3-compatible store answers."""
import os

_clients = {}


def client(service):
    if service not in _clients:
        import boto3
        from botocore.config import Config

        session = boto3.session.Session()
        region = session.region_name or os.environ.get("AWS_REGION") or "us-east-1"
        config = Config(retries={"max_attempts": 3, "mode": "standard"}, read_timeout=120,
                        s3={"addressing_style": "path"})
        # Named here as well as read by boto3 itself, so an older botocore (Debian's 1.29, in host mode) finds
        # the endpoint too.
        endpoint = os.environ.get("AWS_ENDPOINT_URL_" + service.upper().replace("-", "_")) \
            or os.environ.get("AWS_ENDPOINT_URL") or None
        _clients[service] = session.client(service, region_name=region, endpoint_url=endpoint, config=config)
    return _clients[service]


def split_s3(uri):
    if not uri.startswith("s3://"):
        raise ValueError(uri)
    bucket, _, key = uri[len("s3://"):].partition("/")
    return bucket, key


def read_s3(uri):
    bucket, key = split_s3(uri)
    return client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()


def download_prefix(uri, directory):
    """Every object under an S3 prefix (or the one object the URI names) into directory; the file paths."""
    bucket, prefix = split_s3(uri)
    s3 = client("s3")
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.extend(o["Key"] for o in page.get("Contents", []) if not o["Key"].endswith("/"))
    paths = []
    for key in sorted(keys):
        rel = key[len(prefix):].lstrip("/") if key != prefix else os.path.basename(key)
        path = os.path.join(directory, rel or os.path.basename(key))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        s3.download_file(bucket, key, path)
        paths.append(path)
    return paths
