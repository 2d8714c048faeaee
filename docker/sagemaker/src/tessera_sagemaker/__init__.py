"""SageMaker's container contract (train / serve, /opt/ml) for Tessera's images and for host
processes alike: `python3 -m tessera_sagemaker train|serve` with TESSERA_CONTAINER naming the
image's behaviour and TESSERA_OPT_ML moving /opt/ml."""
