#!/usr/bin/env bash
# Makes this machine ready for the docker backend, skipping whatever is already done:
#   1. Docker Engine installed (Debian's docker.io) and dockerd running with user namespaces
#      remapped (container root is an unprivileged host uid)
#   2. tessera/base:bookworm, debootstrapped from this machine's Debian mirror (no registry needed)
#   3. tessera/kernel-minimal, tessera/kernel-datascience and tessera/kernel-pytorch built FROM it
#   4. the SageMaker images (tessera/sagemaker-*), thin layers FROM kernel-datascience, and
#      tessera/sagemaker-clarify FROM kernel-minimal with a venv of its own
# Each image is also tagged with a hash of its inputs (files + the image it is built FROM); the
# build runs only when that tag is missing, so a second run takes about a second.
# Prints how long each step took. Build output goes to $TESSERA_DOCKER_LOGS (default /tmp).
set -euo pipefail
cd "$(dirname "$0")/.."

logs=${TESSERA_DOCKER_LOGS:-/tmp}
# Debian's client: the /usr/local/bin one may lack buildx. The legacy builder is what runs here.
docker=/usr/bin/docker
export DOCKER_BUILDKIT=0

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
say() { echo "==> docker: $*"; }

t=$(now)
missing=()
command -v dockerd >/dev/null 2>&1 && [[ -x $docker ]] || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if (( ${#missing[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
  say "installed ${missing[*]} ($(took "$t"))"
fi

# Only one copy of this script builds at a time (install.sh and test.sh may both call it).
exec 9>/var/lock/tessera-docker.lock
flock 9

# Container root must not be host root: the engine remaps user namespaces (container uid 0 is
# host uid 100000 or so, of the `dockremap` user Docker creates). Set in daemon.json, so an engine
# started any other way (systemd) gets it too; other settings there are kept.
daemon_json=/etc/docker/daemon.json
mkdir -p /etc/docker
node -e '
  const fs = require("fs"); const f = process.argv[1];
  let c = {}; try { c = JSON.parse(fs.readFileSync(f, "utf8")); } catch {}
  if (c["userns-remap"]) process.exit(0);
  c["userns-remap"] = "default";
  fs.writeFileSync(f, JSON.stringify(c, null, 2) + "\n");
' "$daemon_json"

remapped() { $docker info --format '{{json .SecurityOptions}}' 2>/dev/null | grep -q 'name=userns'; }

start_dockerd() {
  # 9>&-: dockerd must not inherit (and hold forever) the lock.
  setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null 9>&- &
  for _ in $(seq 1 300); do
    $docker info >/dev/null 2>&1 && break
    sleep 0.1
  done
  $docker info >/dev/null 2>&1 || { tail -n 20 /var/log/dockerd.log >&2; echo "dockerd did not start" >&2; exit 1; }
}

t=$(now)
if ! $docker info >/dev/null 2>&1; then
  start_dockerd
  say "started dockerd ($(took "$t"))"
elif ! remapped; then
  # An engine started before this setting: restart it so it takes effect (its containers stop;
  # its images stay, but a remapped engine keeps its own, so Tessera's are built again below).
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker 2>/dev/null; then
    systemctl restart docker
  else
    pid=$(cat /var/run/docker.pid 2>/dev/null || true)
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
    for _ in $(seq 1 200); do
      [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    start_dockerd
  fi
  say "restarted dockerd with user namespaces remapped ($(took "$t"))"
fi
remapped || { echo "dockerd runs without user-namespace remapping (see $daemon_json)" >&2; exit 1; }

# A short hash over the given files' names and contents, plus any extra strings.
inputs_hash() {
  local extra=$1
  shift
  { printf '%s\n' "$extra"; for f in "$@"; do printf '%s\n' "$f"; cat "$f"; done; } | sha256sum | cut -c1-12
}
exists() { $docker image inspect "$1" >/dev/null 2>&1; }
image_id() { $docker image inspect -f '{{.Id}}' "$1"; }

# ensure NAME HASH_TAG MOVING_TAG BUILD_COMMAND...: builds unless NAME:HASH_TAG exists, then
# points NAME:MOVING_TAG at it (so a reverted input makes :latest the old image again).
ensure() {
  local name=$1 hash_tag=$2 moving_tag=$3
  shift 3
  local t log
  t=$(now)
  log="$logs/tessera-build-${name//\//-}.log"
  if exists "$name:$hash_tag"; then
    say "$name:$hash_tag is up to date ($(took "$t"))"
  else
    if ! "$@" >"$log" 2>&1; then
      tail -n 30 "$log" >&2
      echo "building $name failed; full log: $log" >&2
      exit 1
    fi
    say "built $name:$hash_tag ($(took "$t"), log: $log)"
  fi
  $docker tag "$name:$hash_tag" "$name:$moving_tag"
  # Older hash tags only hold disk (1.4 GB a data-science image); layers an image still in use
  # needs stay, as rmi only untags those.
  $docker image ls --format '{{.Repository}}:{{.Tag}}' "$name" \
    | grep -E ":(bookworm-)?[0-9a-f]{12}$" | grep -v -x -F "$name:$hash_tag" \
    | xargs -r $docker rmi >/dev/null 2>&1 || true
}

base=tessera/base
base_hash=$(inputs_hash "" docker/base/build.sh)
ensure "$base" "bookworm-$base_hash" bookworm \
  bash docker/base/build.sh "$base:bookworm-$base_hash"

minimal=tessera/kernel-minimal
minimal_hash=$(inputs_hash "$(image_id "$base:bookworm-$base_hash")" \
  docker/kernel/minimal/Dockerfile docker/kernel/.dockerignore docker/kernel/jupyter_server_config.py \
  docker/kernel/aws/tessera_aws_endpoint.py docker/kernel/aws/tessera-aws-endpoint.pth)
ensure "$minimal" "$minimal_hash" latest \
  $docker build --build-arg "BASE=$base:bookworm-$base_hash" -t "$minimal:$minimal_hash" \
  -f docker/kernel/minimal/Dockerfile docker/kernel

datascience=tessera/kernel-datascience
# TESSERA_SAGEMAKER_SDK_INDEX_URL: a package index to install the SageMaker Python SDK from (none here).
sdk_index=${TESSERA_SAGEMAKER_SDK_INDEX_URL:-}
datascience_hash=$(inputs_hash "$(image_id "$minimal:$minimal_hash") $sdk_index" docker/kernel/datascience/Dockerfile)
ensure "$datascience" "$datascience_hash" latest \
  $docker build --build-arg "BASE=$minimal:$minimal_hash" --build-arg "SAGEMAKER_SDK_INDEX_URL=$sdk_index" \
  -t "$datascience:$datascience_hash" docker/kernel/datascience


# SageMaker's container contract (train/serve, /opt/ml) over the data-science stack; one
# Dockerfile, CONTAINER picks the behaviour. Inputs: the Dockerfile, the entrypoints, the package.
sagemaker_inputs=(docker/sagemaker/Dockerfile docker/sagemaker/.dockerignore docker/sagemaker/bin/train docker/sagemaker/bin/serve)
mapfile -t -O ${#sagemaker_inputs[@]} sagemaker_inputs < <(find docker/sagemaker/src -type f ! -path '*/__pycache__/*' | LC_ALL=C sort)
for pair in sklearn:scikit-learn xgboost:xgboost kmeans:kmeans linear-learner:linear-learner \
  model-monitor:model-monitor-analyzer; do
  container=${pair%%:*}
  name=tessera/sagemaker-${pair#*:}
  hash=$(inputs_hash "$(image_id "$datascience:$datascience_hash") $container" "${sagemaker_inputs[@]}")
  ensure "$name" "$hash" latest \
    $docker build --build-arg "BASE=$datascience:$datascience_hash" --build-arg "CONTAINER=$container" \
    -t "$name:$hash" docker/sagemaker
done

# Wheels for the images' Python (Debian bookworm's 3.11, glibc 2.36), whatever the host runs, downloaded
# on the host into a build context (a build cannot see a local index):
#   download_wheels INDEX DEST PIP_ARGS...
# INDEX is the only index to use; empty, the host's pip configuration, its extra indexes first (where
# PyPI is unreachable they are all there is).
download_wheels() {
  local index=$1 dest=$2 sources=() platforms=() extra links v
  shift 2
  if [[ -n $index ]]; then
    sources=(--index-url "$index")
  else
    # pip prints a multi-line setting on several lines: one word per index either way.
    read -ra extra <<<"$(python3 -m pip config get global.extra-index-url 2>/dev/null | tr '\n' ' ')"
    read -ra links <<<"$(python3 -m pip config get global.find-links 2>/dev/null | tr '\n' ' ')"
    if (( ${#extra[@]} )); then sources=(--index-url "${extra[0]}"); extra=("${extra[@]:1}"); fi
    for i in "${extra[@]}"; do sources+=(--extra-index-url "$i"); done
    for l in "${links[@]}"; do sources+=(--find-links "$l"); done
  fi
  for v in $(seq 36 -1 17); do platforms+=(--platform "manylinux_2_${v}_x86_64"); done
  python3 -m pip download --no-cache-dir --only-binary :all: --python-version 3.11 --implementation cp \
    --abi cp311 "${platforms[@]}" --platform manylinux2014_x86_64 "${sources[@]}" -d "$dest" "$@"
}

# SageMaker Clarify's processing container: the tessera_sagemaker package with a venv of its own
# (/opt/clarify, as shap 0.51 needs numpy >= 2) over the minimal kernel image. Inputs: its Dockerfile, the
# pinned package list, the entrypoint, the package and the tests that run in the image.
# TESSERA_CLARIFY_INDEX_URL names the only index to download the wheels from (unset: as for PyTorch below).
clarify=tessera/sagemaker-clarify
clarify_index=${TESSERA_CLARIFY_INDEX_URL:-}
clarify_inputs=(docker/clarify/Dockerfile docker/clarify/requirements.txt docker/sagemaker/bin/serve)
mapfile -t -O ${#clarify_inputs[@]} clarify_inputs < <(find docker/sagemaker/src docker/clarify/tests -type f \
  ! -path '*/__pycache__/*' | LC_ALL=C sort)
clarify_hash=$(inputs_hash "$(image_id "$minimal:$minimal_hash") $clarify_index" "${clarify_inputs[@]}")
# A subshell, so its EXIT trap removes the build context whatever happens; each step checked by hand,
# as `set -e` does not hold in a function called from `if !`.
build_clarify() (
  local ctx
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  cp docker/clarify/Dockerfile docker/clarify/requirements.txt "$ctx/" || exit 1
  mkdir "$ctx/bin" && cp docker/sagemaker/bin/serve "$ctx/bin/" || exit 1
  cp -r docker/sagemaker/src/tessera_sagemaker docker/clarify/tests "$ctx/" || exit 1
  find "$ctx" -depth -type d -name __pycache__ -exec rm -rf {} + || exit 1
  download_wheels "$clarify_index" "$ctx/wheels" -r docker/clarify/requirements.txt || exit 1
  $docker build --build-arg "BASE=$minimal:$minimal_hash" -t "$clarify:$clarify_hash" "$ctx" || exit 1
  # The install stage's image holds the wheels; only the result is kept.
  $docker image prune -f --filter label=tessera.stage=clarify-install >/dev/null || true
)
ensure "$clarify" "$clarify_hash" latest build_clarify

# The PyTorch (GPU) image, last: torch's wheels are downloaded on the host into a build context of
# its own. TESSERA_TORCH_INDEX_URL names the only index to use (a CUDA build:
# https://download.pytorch.org/whl/cu126, which has torch's dependencies too); unset, the host's pip
# configuration.
pytorch=tessera/kernel-pytorch
torch_index=${TESSERA_TORCH_INDEX_URL:-}
pytorch_hash=$(inputs_hash "$(image_id "$datascience:$datascience_hash") $torch_index" docker/kernel/pytorch/Dockerfile)
# A subshell, as build_clarify above.
build_pytorch() (
  local ctx
  ctx=$(mktemp -d)
  trap 'rm -rf "$ctx"' EXIT
  cp docker/kernel/pytorch/Dockerfile "$ctx/" || exit 1
  download_wheels "$torch_index" "$ctx/wheels" torch || exit 1
  $docker build --build-arg "BASE=$datascience:$datascience_hash" -t "$pytorch:$pytorch_hash" "$ctx" || exit 1
  # The install stage's image holds the wheels (GBs for a CUDA torch); only the result is kept.
  $docker image prune -f --filter label=tessera.stage=pytorch-install >/dev/null || true
)
ensure "$pytorch" "$pytorch_hash" latest build_pytorch

$docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' \
  | awk '/^tessera\/(base|kernel-[a-z]+|sagemaker-[a-z-]+):(bookworm|latest) / { print "    " $0 }'
