# Starting the lab's long-running parts; sourced after lib.sh by up.sh and fault.sh.
# Each part writes a pid file in $RUN, which is all lab:down ever stops.

# start_bg NAME COMMAND... -> run COMMAND in its own session, pid in $RUN/NAME.pid, output
# in $LOGS/NAME.log, and wait for it to print "ready".
start_bg() {
  local name="$1" log="$LOGS/$1.log"
  shift
  : >"$log"
  # fd 9 is the ops lock; a child that kept it would hold the lock forever.
  (cd "$LAB_REPO" && exec setsid "$@" </dev/null >"$log" 2>&1 9>&-) &
  echo $! >"$RUN/$name.pid"
  wait_for 30 "$name (see $log)" grep -qx ready "$log"
}

relay_running() { pid_alive "$RUN/relay-$1.pid"; }

# start_relay NAME LISTEN TARGET -> a relay.mjs in the mode its mode file holds.
start_relay() {
  local name="$1"
  relay_running "$name" && return 0
  [[ -f $RUN/relay-$name.mode ]] || echo forward >"$RUN/relay-$name.mode"
  start_bg "relay-$name" node "$LAB_SRC/relay.mjs" --listen "$2" --target "$3" \
    --mode-file "$RUN/relay-$name.mode"
}

# set_relay NAME MODE -> switch a running relay and wait until it has switched.
set_relay() {
  local name="$1" mode="$2"
  relay_running "$name" || die "relay-$name is not running; run npm run lab:up"
  echo "$mode" >"$RUN/relay-$name.mode"
  rm -f "$RUN/relay-$name.mode.applied"
  kill -HUP "$(<"$RUN/relay-$name.pid")"
  wait_for 10 "relay-$name to switch to $mode" grep -qx "$mode" "$RUN/relay-$name.mode.applied"
}

write_sshd_config() {
  local hostkey="$1"
  cat >"$RUN/sshd_config" <<EOF
# Written by lab/up.sh; the lab's own sshd, key-only, loopback only.
Port $LAB_SSHD_PORT
ListenAddress 127.0.0.1
HostKey $hostkey
PidFile $RUN/sshd.pid
AuthorizedKeysFile $SSHDIR/authorized_keys
AllowUsers $LAB_USER
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
StrictModes yes
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
X11Forwarding no
PrintMotd no
SetEnv DOCKER_HOST=unix://$DOCKER_SOCK
Subsystem sftp internal-sftp
EOF
}

# start_sshd [HOSTKEY] -> (re)start sshd with the given host key (default: the lab's own).
start_sshd() {
  local hostkey="${1:-$SSHDIR/host_ed25519_key}"
  stop_pid "$RUN/sshd.pid" 5
  write_sshd_config "$hostkey"
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  /usr/sbin/sshd -t -f "$RUN/sshd_config" || die "sshd rejected $RUN/sshd_config"
  /usr/sbin/sshd -f "$RUN/sshd_config" -E "$LOGS/sshd.log" 9>&-
  wait_for 10 "sshd on port $LAB_SSHD_PORT" port_open "$LAB_SSHD_PORT"
  echo "$hostkey" >"$RUN/sshd.hostkey"
}

# The fastest storage driver that works here, decided once and cached.
storage_driver() {
  local f="$LAB_CACHE/storage-driver" t="$LAB_CACHE/overlay-test"
  if [[ ! -s $f ]]; then
    mkdir -p "$t"/{lower,upper,work,merged}
    if mount -t overlay overlay -o "lowerdir=$t/lower,upperdir=$t/upper,workdir=$t/work" \
      "$t/merged" 2>/dev/null; then
      umount "$t/merged"
      echo overlay2 >"$f"
    else
      echo vfs >"$f"
    fi

    rm -rf "$t"
  fi

  cat "$f"
}

# True when a dockerd that is not the lab's runs on this machine.
other_dockerd() {
  local ours="" pid
  pid_alive "$RUN/dockerd.pid" && ours=$(<"$RUN/dockerd.pid")
  for pid in $(pgrep -x dockerd || true); do
    [[ $pid != "$ours" ]] && return 0
  done

  return 1
}

ensure_bridge() {
  ip link show "$LAB_BRIDGE" >/dev/null 2>&1 && return 0
  ip link add "$LAB_BRIDGE" type bridge
  ip addr add "$LAB_BRIDGE_CIDR" dev "$LAB_BRIDGE"
  ip link set "$LAB_BRIDGE" up
}

# A second daemon must leave iptables alone; its containers then need a way through the
# other daemon's FORWARD rules.
open_forwarding() {
  iptables -n -L DOCKER-USER >/dev/null 2>&1 || return 0
  iptables -C DOCKER-USER -s "$LAB_POOL" -d "$LAB_POOL" -j ACCEPT 2>/dev/null && return 0
  iptables -I DOCKER-USER -s "$LAB_POOL" -d "$LAB_POOL" -j ACCEPT
  echo "$LAB_POOL" >"$RUN/iptables-rule"
}

start_dockerd() {
  pid_alive "$RUN/dockerd.pid" && docker_up && return 0
  local extra=()
  if other_dockerd; then
    log "another dockerd runs here: the lab's runs with --iptables=false"
    extra=(--iptables=false)
    open_forwarding
  fi

  ensure_bridge
  mkdir -p "$DOCKER_DATA_ROOT" "$DOCKER_EXEC_ROOT"
  start_docker_process "${extra[@]}"
  wait_for 60 "dockerd (see $LOGS/dockerd.log)" docker_up
}

# --dns 127.0.0.1: names Docker's embedded DNS does not know (a stopped backend) fail
# at once on loopback instead of being forwarded to the machine's resolver.
start_docker_process() {
  : >"$LOGS/dockerd.log"
  setsid dockerd --data-root "$DOCKER_DATA_ROOT" --exec-root "$DOCKER_EXEC_ROOT" \
    -H "unix://$DOCKER_SOCK" --pidfile "$RUN/dockerd.pid" -G "$LAB_USER" \
    --bridge "$LAB_BRIDGE" --default-address-pool "base=$LAB_POOL,size=24" \
    --storage-driver "$(storage_driver)" --containerd-namespace cortex-lab \
    --dns 127.0.0.1 \
    --containerd-plugins-namespace cortex-lab-plugins "$@" \
    </dev/null >>"$LOGS/dockerd.log" 2>&1 9>&- &
  wait_for 30 "the dockerd pid file" test -s "$RUN/dockerd.pid"
}

start_edge() {
  pid_alive "$RUN/edge.pid" && return 0
  start_bg edge node --import tsx src/standin/main.ts \
    --control "127.0.0.1:$LAB_CONTROL_INNER_PORT" --admin "127.0.0.1:$LAB_ADMIN_PORT" \
    --edge "127.0.0.1:$LAB_EDGE_PORT" \
    --tls-cert "$EDGEDIR/cert.pem" --tls-key "$EDGEDIR/key.pem" \
    --cluster "$LAB_CLUSTER" --endpoint "127.0.0.1:$LAB_GATEWAY_PORT" \
    --state-file "$EDGEDIR/clusters.json" --access-log "$LOGS/edge-access.log"
}

# --- health, shared by up, fault and status ---------------------------------------------

gateway_url() { printf 'http://127.0.0.1:%s%s' "$LAB_GATEWAY_PORT" "$1"; }
edge_url() { printf 'https://localhost:%s%s' "$LAB_EDGE_PORT" "$1"; }

gateway_healthy() {
  [[ $(http_code get "$(gateway_url /api/v1/health)" --timeout 3 2>/dev/null) == 200 ]]
}

edge_healthy() {
  [[ $(http_code get "$(edge_url /api/v1/health)" --ca "$EDGEDIR/ca.pem" --timeout 3 \
    2>/dev/null) == 200 ]]
}

# container_state NAME -> running, exited, restarting, ... or missing.
container_state() {
  local state
  state=$(docker_cli inspect -f '{{.State.Status}}' "$1" 2>/dev/null) || state=missing
  printf '%s\n' "${state:-missing}"
}

lab_healthy() { gateway_healthy && edge_healthy; }
