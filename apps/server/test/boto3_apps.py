# Apps and images with boto3 (Debian's python3-boto3), exactly as a SageMaker user writes them.
import json
import os
import time

import boto3

sm = boto3.client("sagemaker", endpoint_url=os.environ["TESSERA_URL"], region_name="us-east-1")
domain_id = os.environ["DOMAIN_ID"]
key = dict(DomainId=domain_id, UserProfileName=os.environ["PROFILE"], AppType="KernelGateway", AppName="boto3-app")

image = sm.describe_image(ImageName="datascience")
images = [i["ImageName"] for i in sm.list_images(SortBy="IMAGE_NAME", SortOrder="ASCENDING")["Images"]]
version = sm.describe_image_version(ImageName="datascience")
sm.create_app(**key, ResourceSpec={"InstanceType": "ml.t3.medium", "SageMakerImageArn": image["ImageArn"]})
seen = []
for _ in range(600):
    status = sm.describe_app(**key)["Status"]
    if not seen or seen[-1] != status:
        seen.append(status)
    if status in ("InService", "Failed"):
        break
    time.sleep(0.1)
described = sm.describe_app(**key)
listed = [(a["AppName"], a["Status"]) for a in sm.list_apps(DomainIdEquals=domain_id)["Apps"]]
sm.delete_app(**key)
for _ in range(600):
    if sm.describe_app(**key)["Status"] == "Deleted":
        break
    time.sleep(0.1)

print(json.dumps({
    "image_status": image["ImageStatus"],
    "images": images,
    "version": [version["Version"], version["ImageVersionStatus"]],
    "statuses": seen,
    "instance_type": described["ResourceSpec"]["InstanceType"],
    "health_checked": "LastHealthCheckTimestamp" in described,
    "listed": listed,
    "after_delete": sm.describe_app(**key)["Status"],
}))
