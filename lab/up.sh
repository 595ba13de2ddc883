#!/usr/bin/env bash
# npm run lab:up -- provisions and starts the lab; idempotent. The last line printed is
# the path of the cortex-ops config for the lab.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$LAB_SRC/services.sh"

# command -> Debian package that provides it.
declare -A PACKAGES=(
  [dockerd]=docker.io [containerd]=containerd [runc]=runc [docker-compose]=docker-compose
  [sshd]=openssh-server [ssh]=openssh-client [ssh-keygen]=openssh-client [rsync]=rsync
  [debootstrap]=debootstrap [openssl]=openssl [ip]=iproute2 [flock]=util-linux
  [setsid]=util-linux [runuser]=util-linux [pgrep]=procps [iptables]=iptables
)

ensure_packages() {
  local missing=() cmd
  for cmd in "${!PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || [[ -x /usr/sbin/$cmd ]] || missing+=("${PACKAGES[$cmd]}")
  done

  [[ ${#missing[@]} -eq 0 ]] && return 0
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  log "installing ${missing[*]}"
  # Keep the packages' own services (docker, ssh) from starting; the lab runs its own.
  local policy=/usr/sbin/policy-rc.d created=""
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi

  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [[ -n $created ]] && rm -f "$policy"
  return 0
}

ensure_user() {
  getent group "$LAB_USER" >/dev/null || groupadd --system "$LAB_USER"
  if ! getent passwd "$LAB_USER" >/dev/null; then
    useradd --system --gid "$LAB_USER" --home-dir "$REMOTE_HOME" --no-create-home \
      --shell /bin/bash "$LAB_USER"
  fi

  usermod --home "$REMOTE_HOME" --password '*' "$LAB_USER"
  mkdir -p "$REMOTE_HOME/project"
  chown "$LAB_USER:$LAB_USER" "$REMOTE_HOME" "$REMOTE_HOME/project"
  chmod 755 "$REMOTE_HOME"
}

ensure_dirs() {
  mkdir -p "$LAB_DIR" "$RUN" "$LOGS" "$FAULTS" "$SSHDIR" "$EDGEDIR" "$LAB_CACHE"
  touch "$LAB_DIR/.cortex-ops-lab"
  chmod 755 "$LAB_DIR" "$RUN"
  chmod 700 "$SSHDIR" "$EDGEDIR"
}

ensure_ssh_keys() {
  local k
  for k in id_ed25519 host_ed25519_key host_alt_ed25519_key; do
    [[ -f $SSHDIR/$k ]] || ssh-keygen -q -t ed25519 -N '' -C "cortex-ops-lab $k" -f "$SSHDIR/$k"
  done

  install -m 644 "$SSHDIR/id_ed25519.pub" "$SSHDIR/authorized_keys"
  # sshd reads authorized_keys as the lab user; StrictModes wants root-owned parents.
  chmod 711 "$SSHDIR"
  printf '[127.0.0.1]:%s %s\n' "$LAB_SSH_PORT" \
    "$(cut -d' ' -f1,2 "$SSHDIR/host_ed25519_key.pub")" >"$SSHDIR/known_hosts"
}

ensure_tls() {
  [[ -f $EDGEDIR/cert.pem && -f $EDGEDIR/ca.pem ]] && return 0
  local d="$EDGEDIR"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=cortex-ops lab CA" -keyout "$d/ca.key" -out "$d/ca.pem" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=localhost" -keyout "$d/key.pem" -out "$d/cert.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$d/ext.cnf"
  openssl x509 -req -in "$d/cert.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial \
    -days 825 -extfile "$d/ext.cnf" -out "$d/cert.pem" 2>/dev/null
  chmod 644 "$d/ca.pem"
  chmod 711 "$d"
}

# check_ports -> fail early when a port the lab would listen on is taken by a stranger.
check_ports() {
  local owner p
  local -A ports=([sshd]="$LAB_SSHD_PORT" [relay-ssh]="$LAB_SSH_PORT"
    [relay-control]="$LAB_CONTROL_PORT"
    [edge]="$LAB_CONTROL_INNER_PORT $LAB_ADMIN_PORT $LAB_EDGE_PORT")
  for owner in "${!ports[@]}"; do
    pid_alive "$RUN/$owner.pid" && continue
    for p in ${ports[$owner]}; do
      port_open "$p" && die "port $p is in use by something else; see lab/README.md (ports)"
    done
  done

  return 0
}

ensure_workspace() {
  [[ -d $WORKSPACE ]] && return 0
  mkdir -p "$WORKSPACE"
  cp -a "$LAB_SRC/sample-stack/." "$WORKSPACE/"
}

# The release the old way: rsync over the lab's ssh, then compose on the "remote" host.
deploy() {
  local opts
  mapfile -t opts < <(ssh_opts)
  lab_ssh mkdir -p "$REMOTE_DIR"
  rsync -a --delete --exclude .git --exclude node_modules --exclude __pycache__ \
    --exclude /data --exclude /.env -e "ssh ${opts[*]}" \
    "$WORKSPACE/" "$LAB_USER@127.0.0.1:$REMOTE_DIR/"
  lab_ssh "cd '$REMOTE_DIR' && docker-compose -p $LAB_PROJECT up -d --build --remove-orphans" \
    >"$LOGS/deploy.log" 2>&1 || die "docker-compose up failed; see $LOGS/deploy.log"
}

stack_missing() {
  [[ $(container_state ai_hub_service) == missing ||
    $(container_state ai_unified_frontend) == missing ]]
}

# Deploys when the stack is missing, or unhealthy with no fault to explain it; a fault
# that is on stays on (lab:fault reset clears them).
ensure_stack() {
  local faults
  faults=$(ls "$FAULTS")
  if ! stack_missing && { [[ -n $faults ]] || lab_healthy; }; then
    [[ -n $faults ]] && log "faults on: $(echo $faults); npm run lab:fault reset clears them"
    return 0
  fi

  log "deploying the sample stack (rsync + docker-compose over ssh)"
  deploy
  [[ -n $faults ]] || wait_for 60 "the sample stack to answer through the gateway and the edge" \
    lab_healthy
}

write_config() {
  cat >"$CONFIG" <<EOF
# cortex-ops config for the local lab; written by lab/up.sh. Use: cortex-ops --config $CONFIG
environment: lab
production: false
edge:
  controlPlaneUrl: http://127.0.0.1:$LAB_CONTROL_PORT
  adminUrl: http://127.0.0.1:$LAB_ADMIN_PORT
  publicUrl: https://localhost:$LAB_EDGE_PORT
  cluster: $LAB_CLUSTER
  caFile: $EDGEDIR/ca.pem
  accessLog: $LOGS/edge-access.log
gateway:
  host: 127.0.0.1
  port: $LAB_GATEWAY_PORT
  container: ai_unified_frontend
  service: frontend
backend:
  container: ai_hub_service
  service: backend
  port: $LAB_BACKEND_PORT
  healthPath: /api/v1/health
  loginPath: /api/v1/auth/login
  wsPath: /api/v1/ws
ssh:
  host: 127.0.0.1
  port: $LAB_SSH_PORT
  user: $LAB_USER
  identityFile: $SSHDIR/id_ed25519
  agent: false
  knownHostsFile: $SSHDIR/known_hosts
project:
  workspace: $WORKSPACE
  remoteDir: $REMOTE_DIR
  composeFile: docker-compose.yml
  projectName: $LAB_PROJECT
  excludes: [.git, node_modules, __pycache__]
EOF
}

# Facts for test/support/lab.ts, so tests never duplicate the defaults above.
write_facts() {
  cat >"$LAB_DIR/lab.json" <<EOF
{
  "dir": "$LAB_DIR", "cacheDir": "$LAB_CACHE", "configPath": "$CONFIG",
  "user": "$LAB_USER", "workspace": "$WORKSPACE", "remoteDir": "$REMOTE_DIR",
  "project": "$LAB_PROJECT", "cluster": "$LAB_CLUSTER",
  "identityFile": "$SSHDIR/id_ed25519", "knownHostsFile": "$SSHDIR/known_hosts",
  "caFile": "$EDGEDIR/ca.pem", "dockerHost": "unix://$DOCKER_SOCK",
  "ports": {
    "ssh": $LAB_SSH_PORT, "sshd": $LAB_SSHD_PORT, "control": $LAB_CONTROL_PORT,
    "controlInner": $LAB_CONTROL_INNER_PORT, "admin": $LAB_ADMIN_PORT,
    "edge": $LAB_EDGE_PORT, "gateway": $LAB_GATEWAY_PORT, "backend": $LAB_BACKEND_PORT
  }
}
EOF
}

main() {
  need_root
  ensure_dirs
  exec 9>"$LAB_DIR/ops.lock"
  flock 9
  local t0=$SECONDS
  ensure_packages
  ensure_user
  check_ports
  ensure_ssh_keys
  ensure_tls
  start_dockerd
  rm -f "$FAULTS/dockerd-down"
  "$LAB_SRC/build-image.sh"
  if ! pid_alive "$RUN/sshd.pid"; then
    if fault_on hostkey-change; then start_sshd "$SSHDIR/host_alt_ed25519_key"; else start_sshd; fi
  fi

  start_relay ssh "$LAB_SSH_PORT" "$LAB_SSHD_PORT"
  start_relay control "$LAB_CONTROL_PORT" "$LAB_CONTROL_INNER_PORT"
  start_edge
  ensure_workspace
  ensure_stack

  write_config
  write_facts
  log "lab is up in $((SECONDS - t0))s"
  printf '%s\n' "$CONFIG"
}

main "$@"
