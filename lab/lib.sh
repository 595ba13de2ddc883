# Shared settings and helpers for the lab scripts; sourced, never run.
# Every path and port can be overridden from the environment (see lab/README.md).

set -euo pipefail

LAB_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB_SRC="$LAB_REPO/lab"
LAB_DIR="${CORTEX_LAB_DIR:-/var/lib/cortex-ops-lab}"
LAB_CACHE="${CORTEX_LAB_CACHE:-/var/cache/cortex-ops-lab}"
LAB_USER="${CORTEX_LAB_USER:-cortexlab}"

LAB_SSHD_PORT="${CORTEX_LAB_SSHD_PORT:-52022}"
LAB_SSH_PORT="${CORTEX_LAB_SSH_PORT:-52222}"
LAB_CONTROL_PORT="${CORTEX_LAB_CONTROL_PORT:-58090}"
LAB_CONTROL_INNER_PORT="${CORTEX_LAB_CONTROL_INNER_PORT:-58091}"
LAB_ADMIN_PORT="${CORTEX_LAB_ADMIN_PORT:-59901}"
LAB_EDGE_PORT="${CORTEX_LAB_EDGE_PORT:-50443}"
LAB_GATEWAY_PORT=8002
LAB_BACKEND_PORT=8000

LAB_BRIDGE="${CORTEX_LAB_BRIDGE:-cxlab0}"
LAB_BRIDGE_CIDR="${CORTEX_LAB_BRIDGE_CIDR:-172.29.255.1/24}"
LAB_POOL="${CORTEX_LAB_POOL:-172.30.0.0/16}"
LAB_BASE_IMAGE="cortex-lab/base:bookworm"
LAB_PROJECT="cortex-hub"
LAB_CLUSTER="_ai_unified_server"

RUN="$LAB_DIR/run"
LOGS="$LAB_DIR/logs"
FAULTS="$LAB_DIR/faults"
SSHDIR="$LAB_DIR/ssh"
EDGEDIR="$LAB_DIR/edge"
WORKSPACE="$LAB_DIR/workspace"
REMOTE_HOME="$LAB_DIR/host"
REMOTE_DIR="$REMOTE_HOME/project/cortex-hub"
CONFIG="$LAB_DIR/cortex-ops.lab.yaml"
DOCKER_SOCK="$RUN/docker.sock"
DOCKER_EXEC_ROOT="$RUN/dx"
DOCKER_DATA_ROOT="$LAB_CACHE/docker"
BASE_TAR="$LAB_CACHE/base-bookworm.tar"
export DOCKER_HOST="unix://$DOCKER_SOCK"

# The faults lab:fault knows, in the order lab:status prints them.
LAB_FAULTS=(oidc-scheme ws-upgrade port-collision cluster-port backend-down
  migration-fail hang hostkey-change ssh-drop dockerd-down)

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] error: %s\n' "$*" >&2; exit 1; }

# Debian's docker CLI: the one first on PATH may be newer and lacks buildx; both work
# with the legacy builder because DOCKER_BUILDKIT stays unset.
docker_cli() { env -u DOCKER_BUILDKIT docker "$@"; }

need_root() {
  [[ $(id -u) -eq 0 ]] || die "the lab needs root (it starts dockerd and sshd); run with sudo"
}

# pid_alive FILE -> true when the pid in FILE is a live process.
pid_alive() {
  local f="$1" pid
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# stop_pid FILE [SECONDS] -> TERM the pid in FILE, KILL after SECONDS, remove FILE.
stop_pid() {
  local f="$1" wait="${2:-10}" pid i
  if pid_alive "$f"; then
    pid=$(<"$f")
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi

  rm -f "$f"
}

# wait_for SECONDS DESCRIPTION COMMAND... -> retry COMMAND until it succeeds, for at most
# SECONDS of wall-clock time (COMMAND itself may take a while, e.g. a probe timing out).
wait_for() {
  local secs="$1" what="$2" deadline=$((SECONDS + $1))
  shift 2
  while ((SECONDS <= deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "timed out after ${secs}s waiting for $what"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

docker_up() { docker_cli info >/dev/null 2>&1; }

# http_code URL [CURL-LIKE ARGS] via node, so the lab needs no curl.
http_code() { node "$LAB_SRC/probe.mjs" "$@"; }

ssh_opts() {
  printf '%s\n' -i "$SSHDIR/id_ed25519" -p "$LAB_SSH_PORT" -o IdentitiesOnly=yes \
    -o BatchMode=yes -o "UserKnownHostsFile=$SSHDIR/known_hosts" \
    -o StrictHostKeyChecking=yes -o ConnectTimeout=10
}

# lab_ssh COMMAND... -> run a command on the lab host as the lab user, over the relay.
lab_ssh() {
  local opts
  mapfile -t opts < <(ssh_opts)
  ssh "${opts[@]}" "$LAB_USER@127.0.0.1" "$@"
}

fault_on() { [[ -f $FAULTS/$1 ]]; }
