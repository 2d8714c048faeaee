#!/bin/bash
# A real 3-node Docker Swarm (1 manager + 2 workers) on one host, for the swarm tests: each node is a
# Docker Engine of its own in network, UTS and mount namespaces of its own, so the host's engine (and
# its docker0) is never touched.
#
#   cluster.sh up      netns + bridge, registry, 3 dockerd, shared storage, swarm init/join, labels, push base image
#   cluster.sh down    stop everything `up` started (by PID / by our own netns and cgroups), delete netns,
#                      links and dirs. Idempotent: safe after a failed or partial `up`, safe to run twice.
#   cluster.sh status  docker node ls on the manager
#   cluster.sh env     print the cluster.env written by `up`
#
# Layout (everything under $SWP, default /tmp/tessera-swarm):
#   netns sw-hub : bridge br-swarm. The bridge lives in its own netns so the host's iptables, FORWARD DROP
#                  policy and br_netfilter (bridge-nf-call-iptables=1) never see the cluster traffic.
#   host         : veth sw-host 10.77.0.1/24 — registry listens on 10.77.0.1:5050; host reaches every node
#   netns sw-mgr : eth0 10.77.0.10, dockerd -H unix://$SWP/mgr.sock  manager   label tessera.role=manager
#   netns sw-w1  : eth0 10.77.0.11, dockerd -H unix://$SWP/w1.sock   worker    label tessera.role=cpu
#   netns sw-w2  : eth0 10.77.0.12, dockerd -H unix://$SWP/w2.sock   worker    label tessera.role=gpu,
#                  generic resources gpu=GPU-0, gpu=GPU-1 (a task gets DOCKER_RESOURCE_GPU=GPU-n)
#   netns sw-sto : eth0 10.77.0.20, sftp-server behind socat on :7000 (no auth — private test bridge only)
#   host         : NXDOMAIN-only DNS stub on 10.77.0.1:53 (daemons run with --dns 10.77.0.1), see dns_up
# Each dockerd: own net + uts (hostname = node name) + mount namespace; own --data-root/--exec-root/--pidfile/
# --cgroup-parent /swarm-<node>; spawns its own containerd (no --containerd flag needed); does NOT read
# /etc/docker/daemon.json (--config-file points at our own file). Every node mounts the shared storage with
# sshfs (FUSE) at $SWP/shared inside its own mount namespace (host sees an empty dir there).
#
# One cluster per machine (the namespaces, subnet and cgroups have fixed names).
# Needs: root; docker.io docker-registry sshfs socat openssh-sftp-server (scripts/install.sh --test installs them).
# Kernel here has no IPVS: use --endpoint-mode dnsrr (a VIP is allocated but unreachable) and
# --publish mode=host (the ingress routing mesh does not work). Overlay/VXLAN between nodes works.
#
# Env knobs: SWP (base dir), SWP_NET (first three octets, default 10.77.0), SWP_IMAGE (image exported from the
# host daemon with `docker save`, read-only use; default tessera/base:bookworm), SWP_USERNS ("default";
# empty = no userns-remap), SWP_HEARTBEAT (dispatcher heartbeat, default 1s), SWP_STORAGE (1/0),
# SWP_PREPULL (1 = pull the image on every node during up; default 0), SWP_KEEP_CACHE (1 = keep $SWP/cache:
# the exported image tar and the registry's storage, so the next `up` skips docker save/load/push; default 1).
set -euo pipefail

SWP=${SWP:-/tmp/tessera-swarm}
NET=${SWP_NET:-10.77.0}
HOSTIP=$NET.1
STOIP=$NET.20
# Not 5000: Debian's docker-registry service listens there on every address when it runs.
REG=$HOSTIP:${SWP_REGISTRY_PORT:-5050}
# The same registry on loopback, for this host's own engine to push to: an engine trusts a
# registry on 127.0.0.0/8 without TLS, so the host's engine needs no configuration for it.
PUSH_REG=127.0.0.1:${SWP_PUSH_PORT:-5055}
IMAGE=${SWP_IMAGE:-tessera/base:bookworm}
USERNS=${SWP_USERNS-default}
HEARTBEAT=${SWP_HEARTBEAT:-1s}
STORAGE=${SWP_STORAGE:-1}
PREPULL=${SWP_PREPULL:-0}
CACHE=$SWP/cache      # image tar + registry storage, kept across up/down unless SWP_KEEP_CACHE=0
NODES=(mgr w1 w2)
declare -A IP=([mgr]=$NET.10 [w1]=$NET.11 [w2]=$NET.12)
declare -A ROLE=([mgr]=manager [w1]=cpu [w2]=gpu)
declare -A EXTRA=([mgr]="" [w1]="" [w2]="--node-generic-resource gpu=GPU-0 --node-generic-resource gpu=GPU-1")
DOCKER=/usr/bin/docker           # Debian client matching the 20.10 daemons (not /usr/local/bin/docker 28)
DOCKERD=/usr/sbin/dockerd

log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*" >&2; }
dk() { local n=$1; shift; DOCKER_HOST=unix://$SWP/$n.sock $DOCKER "$@"; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

wait_for() { # wait_for SECONDS CMD...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && { log "timeout waiting for: $*"; return 1; }
    sleep 0.1
  done
}

veth_to_hub() { # veth_to_hub NETNS IP
  ip netns add $1
  ip link add ve-$1 netns $1 type veth peer name h-$1 netns sw-hub
  ip -n $1 link set lo up
  ip -n $1 link set ve-$1 name eth0
  ip -n $1 addr add $2/24 dev eth0
  ip -n $1 link set eth0 up
  ip -n $1 route add default via $HOSTIP
  ip -n sw-hub link set h-$1 master br-swarm up
}

net_up() {
  ip netns add sw-hub
  ip -n sw-hub link set lo up
  ip -n sw-hub link add br-swarm type bridge
  ip -n sw-hub link set br-swarm up
  ip link add sw-host type veth peer name h-host netns sw-hub
  ip addr add $HOSTIP/24 dev sw-host
  ip link set sw-host up
  ip -n sw-hub link set h-host master br-swarm up
  local n
  for n in "${NODES[@]}"; do veth_to_hub sw-$n ${IP[$n]}; done
}

registry_up() {
  mkdir -p $SWP/registry $CACHE/registry
  # not Debian's /etc/docker/registry/config.yml: that one listens on :5000 (all interfaces) with htpasswd auth
  cat > $SWP/registry/config.yml <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $CACHE/registry}
  delete: {enabled: true}
http:
  addr: $REG
EOF
  setsid /usr/bin/docker-registry serve $SWP/registry/config.yml >$SWP/registry/log 2>&1 </dev/null &
  echo $! > $SWP/registry/pid
  sed "s|addr: $REG|addr: $PUSH_REG|" $SWP/registry/config.yml > $SWP/registry/push.yml
  setsid /usr/bin/docker-registry serve $SWP/registry/push.yml >$SWP/registry/push.log 2>&1 </dev/null &
  echo $! > $SWP/registry/push.pid
  wait_for 10 curl -sf http://$REG/v2/
  wait_for 10 curl -sf http://$PUSH_REG/v2/
}

# Containers resolve through Docker's embedded DNS, which forwards unknown names to the daemon's --dns. The
# host's resolver (from /etc/resolv.conf) is unreachable from the netns: every lookup of a not-yet-registered
# service name then hangs 5 s x tries. A stub on $HOSTIP:53 that answers NXDOMAIN at once fixes that.
dns_up() {
  mkdir -p $SWP/dns
  cat > $SWP/dns/nxdns.py <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
while True:
    q, a = s.recvfrom(4096)
    if len(q) < 12: continue
    # same id + question; QR=1, opcode/RD copied, RA=1, RCODE=3 (NXDOMAIN), no answers
    s.sendto(q[:2] + bytes([0x80 | (q[2] & 0x79), 0x83]) + q[4:6] + bytes(6) + q[12:], a)
EOF
  setsid /usr/bin/python3 $SWP/dns/nxdns.py $HOSTIP >$SWP/dns/log 2>&1 </dev/null &
  echo $! > $SWP/dns/pid
}

node_start() {
  local n=$1 d=$SWP/$1
  mkdir -p $d
  echo '{}' > $d/daemon.json
  cat > $d/start.sh <<EOF
#!/bin/bash
# runs in: netns sw-$n (nsenter --net), fresh uts + mount namespace (unshare)
set -e
hostname $n
echo \$\$ > $d/launcher.pid   # exec below keeps this PID: it is the dockerd PID
mount --make-rslave /
# sysfs of this netns (so /sys/class/net shows the node's links) while keeping the cgroup v1 mounts.
# (ip netns exec would also remount /sys but leaves /sys/fs/cgroup empty -> dockerd cannot start.)
mkdir -p $d/cg
mount --rbind /sys/fs/cgroup $d/cg
umount -l /sys
mount -t sysfs sysfs-$n /sys
mount --move $d/cg /sys/fs/cgroup
exec $DOCKERD --config-file $d/daemon.json --data-root $d/data --exec-root $d/exec --pidfile $d/dockerd.pid \\
  -H unix://$SWP/$n.sock --cgroup-parent /swarm-$n ${USERNS:+--userns-remap $USERNS} \\
  --insecure-registry $REG --label tessera.node=$n --swarm-default-advertise-addr ${IP[$n]} \\
  --dns $HOSTIP ${EXTRA[$n]}
EOF
  chmod +x $d/start.sh
  rm -f $d/launcher.pid
  # setsid: own session, so signals sent to the caller's process group (e.g. a test runner) do not reach dockerd
  setsid nsenter --net=/run/netns/sw-$n unshare --uts --mount --propagation slave $d/start.sh \
    >$d/dockerd.log 2>&1 </dev/null &
  wait_for 10 test -s $d/launcher.pid
}

# Shared storage (EFS analog). Kernel NFS is impossible here (no nfs in /proc/filesystems, no modules), so:
# sftp-server behind socat in netns sw-sto, sshfs (FUSE, -o directport: no ssh, no keys) in every node's
# mount namespace at $SWP/shared => services use --mount type=bind,src=$SWP/shared,dst=... on any node.
storage_up() {
  veth_to_hub sw-sto $STOIP
  mkdir -p $SWP/export $SWP/shared
  setsid ip netns exec sw-sto socat TCP-LISTEN:7000,bind=$STOIP,reuseaddr,fork \
    EXEC:"/usr/lib/openssh/sftp-server -d $SWP/export" >$SWP/sto.log 2>&1 </dev/null &
  echo $! > $SWP/sto.pid
  wait_for 10 bash -c "exec 3<>/dev/tcp/$STOIP/7000"
  local n
  for n in "${NODES[@]}"; do
    setsid nsenter -t "$(cat $SWP/$n/launcher.pid)" -m -n sshfs -f -o directport=7000,allow_other,reconnect \
      $STOIP:$SWP/export $SWP/shared >$SWP/$n/sshfs.log 2>&1 </dev/null &
    echo $! > $SWP/$n/sshfs.pid
  done
  for n in "${NODES[@]}"; do
    wait_for 10 nsenter -t "$(cat $SWP/$n/launcher.pid)" -m mountpoint -q $SWP/shared || { cat $SWP/$n/sshfs.log; return 1; }
  done
}

up() {
  [ -e /run/netns/sw-hub ] && { echo "already up? run: $0 down" >&2; exit 1; }
  command -v docker-registry >/dev/null || { echo "apt-get install -y docker-registry sshfs socat openssh-sftp-server" >&2; exit 1; }
  mkdir -p $SWP $CACHE
  local t0=$SECONDS n
  log "network"; net_up
  log "registry"; registry_up
  dns_up
  # Nodes see what the host mounts after they start (instances' bounded volumes under the data
  # directory) only if the host's mounts propagate: / shared, as on any systemd host.
  mount --make-rshared /
  log "dockerd x${#NODES[@]}"
  for n in "${NODES[@]}"; do node_start $n; done
  for n in "${NODES[@]}"; do wait_for 30 dk $n info || { tail -20 $SWP/$n/dockerd.log; exit 1; }; done
  if [ "$STORAGE" = 1 ]; then log "storage (sftp + sshfs)"; storage_up; fi
  log "swarm init"
  dk mgr swarm init --advertise-addr ${IP[mgr]} --listen-addr ${IP[mgr]}:2377 \
     --dispatcher-heartbeat $HEARTBEAT >/dev/null
  local tok; tok=$(dk mgr swarm join-token -q worker)
  log "swarm join"
  local pids=()
  for n in w1 w2; do
    dk $n swarm join --token $tok --advertise-addr ${IP[$n]} --listen-addr ${IP[$n]}:2377 ${IP[mgr]}:2377 >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}"   # not a bare `wait`: that would also wait for the dockerds
  wait_for 30 bash -c "[ \$(DOCKER_HOST=unix://$SWP/mgr.sock $DOCKER node ls --filter role=worker -q | wc -l) -eq 2 ]"
  for n in "${NODES[@]}"; do dk mgr node update --label-add tessera.role=${ROLE[$n]} $n >/dev/null; done
  local repo=${IMAGE%:*} tag=${IMAGE##*:} digest
  # the registry's storage is a cache kept across up/down: if the tag is already there, skip load + push
  digest=$(curl -sfI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
             http://$REG/v2/$repo/manifests/$tag | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p' || true)
  if [ -z "$digest" ]; then
    log "image: $IMAGE -> $REG (host daemon: docker save, read-only; manager: load + push)"
    if [ ! -s $CACHE/image.tar ]; then
      DOCKER_HOST=unix:///var/run/docker.sock $DOCKER save "$IMAGE" -o $CACHE/image.tar.tmp && mv $CACHE/image.tar.tmp $CACHE/image.tar
    fi
    dk mgr load -i $CACHE/image.tar >/dev/null
    dk mgr tag "$IMAGE" $REG/$IMAGE
    dk mgr push $REG/$IMAGE >/dev/null
    digest=$(dk mgr image inspect --format '{{index .RepoDigests 0}}' $REG/$IMAGE); digest=${digest#*@}
  fi
  digest=$REG/$repo@$digest
  if [ "$PREPULL" = 1 ]; then
    log "pre-pull on all nodes"   # saves ~3 s on the first task of each node
    pids=()
    for n in "${NODES[@]}"; do dk $n pull -q $digest >/dev/null & pids+=($!); done
    wait "${pids[@]}"
  fi
  cat > $SWP/cluster.env <<EOF
SWARM_MANAGER_HOST=unix://$SWP/mgr.sock
SWARM_W1_HOST=unix://$SWP/w1.sock
SWARM_W2_HOST=unix://$SWP/w2.sock
SWARM_REGISTRY=$REG
SWARM_PUSH_REGISTRY=$PUSH_REG
SWARM_GATEWAY_ADDRESS=$HOSTIP
SWARM_IMAGE=$digest
SWARM_SHARED=$([ "$STORAGE" = 1 ] && echo $SWP/shared || true)
EOF
  log "up in $((SECONDS - t0))s"
  cat $SWP/cluster.env
}

# A pid file may outlive its process, and the pid be reused: only a process of this cluster (its
# command line names $SWP) is ever signalled.
ours() { [ -r /proc/$1/cmdline ] && tr '\0' ' ' < /proc/$1/cmdline | grep -qF -- "$SWP"; }

kill_pidfile() { # kill_pidfile FILE [TIMEOUT]: TERM, wait, KILL
  local f=$1 t=${2:-20} p
  [ -s "$f" ] || { rm -f "$f"; return 0; }
  p=$(cat "$f")
  if alive "$p" && ours "$p"; then
    kill -TERM "$p" 2>/dev/null || true
    local deadline=$((SECONDS + t))
    while alive "$p" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if alive "$p"; then kill -KILL "$p" 2>/dev/null || true; fi
  fi
  rm -f "$f"
}

# SIGKILL every process still inside one of OUR network namespaces (containerd + shims of a node whose
# dockerd was SIGKILLed, sshfs, socat children in sw-sto). Containers have their own netns: see cgroup_kill.
netns_kill() {
  [ -e /run/netns/$1 ] || return 0
  local p socks=()
  for p in $(ip netns pids $1 2>/dev/null); do
    # a SIGKILLed shim leaves its socket /run/containerd/s/<sha256(address/namespace/id)> behind: compute it
    if [ "$(cat /proc/$p/comm 2>/dev/null)" = containerd-shim ]; then
      socks+=("$(tr '\0' '\n' < /proc/$p/cmdline | awk '
        /^-(namespace|id|address)$/ { k = $0; next } k { v[k] = $0; k = "" }
        END { printf "%s/%s/%s", v["-address"], v["-namespace"], v["-id"] }' | sha256sum | cut -c1-64)")
    fi
    kill -KILL $p 2>/dev/null || true
  done
  for p in "${socks[@]}"; do rm -f /run/containerd/s/$p; done
  local i; for i in $(seq 1 30); do [ -z "$(ip netns pids $1 2>/dev/null)" ] && break; sleep 0.1; done
}

# Our containers live in cgroups /swarm-<node>/<id> (dockerd --cgroup-parent), in every v1 hierarchy.
cgroup_kill() {
  local c p
  for c in /sys/fs/cgroup/*/swarm-$1; do
    [ -d "$c" ] || continue
    for p in $(find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
  done
}
cgroup_rm() {
  local c i left
  for i in $(seq 1 20); do
    left=0
    for c in /sys/fs/cgroup/*/swarm-$1; do
      [ -d "$c" ] || continue
      find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null || true
      [ -d "$c" ] && left=1
    done
    [ $left = 0 ] && return 0
    cgroup_kill $1; sleep 0.2
  done
  log "cgroups of $1 not removable: $(ls -d /sys/fs/cgroup/*/swarm-$1 2>/dev/null | tr '\n' ' ')"
}

storage_down() {
  local n p
  for n in "${NODES[@]}"; do
    p=$(cat $SWP/$n/launcher.pid 2>/dev/null || true)
    if alive "$p"; then nsenter -t "$p" -m fusermount3 -u -z $SWP/shared 2>/dev/null || true; fi
    kill_pidfile $SWP/$n/sshfs.pid 0   # sshfs -f ignores TERM for seconds after the lazy unmount
  done
  kill_pidfile $SWP/sto.pid 3
  netns_kill sw-sto
}

down() {
  local t0=$SECONDS n pids=()
  storage_down
  log "storage stopped"
  # 1. SIGKILL all task containers first, so no dockerd waits out a stop grace period
  for n in "${NODES[@]}"; do cgroup_kill $n; done
  # 2. stop each dockerd (it stops its own containerd); launcher.pid == dockerd PID, even if dockerd.pid is gone
  for n in "${NODES[@]}"; do
    if [ -s $SWP/$n/launcher.pid ]; then cp $SWP/$n/launcher.pid $SWP/$n/dockerd.pid; fi
    # A swarm-mode dockerd needs >3 s for a graceful TERM shutdown. All state is thrown away, so don't wait:
    # SIGKILL; its containerd/shims are then killed by netns_kill and its mounts die with its mount namespace.
    kill_pidfile $SWP/$n/dockerd.pid 0 & pids+=($!)
  done
  wait "${pids[@]}"
  log "dockerds stopped"
  # 3. leftovers: containerd/shims of a SIGKILLed dockerd (in the node netns), stray container processes
  for n in "${NODES[@]}"; do
    netns_kill sw-$n
    cgroup_kill $n
    cgroup_rm $n
    rm -f $SWP/$n/launcher.pid
  done
  log "leftovers killed, cgroups removed"
  kill_pidfile $SWP/registry/pid 0   # registry drains connections for seconds on TERM; nothing to lose
  kill_pidfile $SWP/registry/push.pid 0
  kill_pidfile $SWP/dns/pid 0
  for n in "${NODES[@]}" sto hub; do ip netns del sw-$n 2>/dev/null || true; done   # veths go with them
  ip link del sw-host 2>/dev/null || true
  log "registry, dns, netns gone"
  # all mounts were made in the daemons' private mount namespaces and vanished with them; belt and braces:
  { grep -o " $SWP/[^ ]*" /proc/self/mounts || true; } | sort -r | while read -r m; do umount -l "$m" || true; done
  for n in "${NODES[@]}"; do rm -rf $SWP/$n $SWP/$n.sock; done
  rm -rf $SWP/registry $SWP/dns $SWP/cluster.env $SWP/export $SWP/shared $SWP/sto.log $SWP/sto.pid
  [ "${SWP_KEEP_CACHE:-1}" = 1 ] || rm -rf $CACHE
  log "down in $((SECONDS - t0))s"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) dk mgr node ls ;;
  env) cat $SWP/cluster.env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
