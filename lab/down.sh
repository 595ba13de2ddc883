#!/usr/bin/env bash
# npm run lab:down [-- --purge] -- stops what the lab started (by its pid files), removes
# its containers, networks, bridge, mounts and state; keeps the cache (base image tarball,
# downloaded .debs, docker images) unless --purge.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$LAB_SRC/services.sh"

remove_containers() {
  # Containers that survived a stopped daemon would come back at the next start.
  if ! pid_alive "$RUN/dockerd.pid" && [[ -d $DOCKER_DATA_ROOT/containers ]] &&
    [[ -n $(ls -A "$DOCKER_DATA_ROOT/containers") ]]; then
    log "starting the lab dockerd to remove its containers"
    start_dockerd
  fi

  docker_up || return 0
  local ids
  ids=$(docker_cli ps -aq)
  [[ -n $ids ]] && docker_cli rm -f $ids >/dev/null
  docker_cli network prune -f >/dev/null
  docker_cli volume prune -f >/dev/null
}

stop_processes() {
  local name
  for name in edge relay-control relay-ssh sshd; do
    stop_pid "$RUN/$name.pid" 10
  done

  stop_pid "$RUN/dockerd.pid" 30
}

# Bridges whose address lies in the lab's pool, plus the lab's own bridge.
remove_bridges() {
  local prefix="${LAB_POOL%%.0.0/*}." dev
  while read -r dev; do
    [[ -n $dev ]] && ip link delete "$dev" 2>/dev/null || true
  done < <(ip -o -4 addr show | awk -v p="$prefix" 'index($4, p) == 1 && $2 ~ /^br-/ {print $2}')
  ip link show "$LAB_BRIDGE" >/dev/null 2>&1 && ip link delete "$LAB_BRIDGE"
  return 0
}

remove_iptables_rule() {
  [[ -f $RUN/iptables-rule ]] || return 0
  iptables -D DOCKER-USER -s "$LAB_POOL" -d "$LAB_POOL" -j ACCEPT 2>/dev/null || true
}

# Unmount, deepest first, whatever is still mounted below the lab's directories.
remove_mounts() {
  local m root
  for root in "$LAB_DIR" "$DOCKER_DATA_ROOT"; do
    while read -r m; do
      umount -l "$m" 2>/dev/null || true
    done < <(awk -v r="$root/" 'index($2, r) == 1 {print $2}' /proc/self/mounts | sort -r)
  done
}

remove_state() {
  [[ -d $LAB_DIR ]] || return 0
  if [[ ! -f $LAB_DIR/.cortex-ops-lab ]] &&
    [[ -n $(find "$LAB_DIR" -mindepth 1 -maxdepth 1 ! -name '*.lock') ]]; then
    die "$LAB_DIR is not a lab state directory; not removing it"
  fi

  find "$LAB_DIR" -mindepth 1 -maxdepth 1 ! -name '*.lock' -exec rm -rf {} +
}

purge() {
  log "purging the cache $LAB_CACHE and the user $LAB_USER"
  rm -rf "$LAB_CACHE"
  getent passwd "$LAB_USER" >/dev/null && userdel "$LAB_USER"
  getent group "$LAB_USER" >/dev/null && groupdel "$LAB_USER"
  return 0
}

main() {
  need_root
  [[ -d $LAB_DIR ]] || { log "no lab at $LAB_DIR"; exit 0; }
  exec 9>"$LAB_DIR/ops.lock"
  flock 9
  mkdir -p "$RUN" "$LOGS"
  remove_containers
  stop_processes
  remove_iptables_rule
  remove_mounts
  remove_bridges
  remove_state
  [[ ${1:-} == --purge ]] && purge
  log "lab is down"
}

main "$@"
