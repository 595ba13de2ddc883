#!/usr/bin/env bash
# npm run lab:fault -- NAME on|off   |   npm run lab:fault -- reset
# Each fault is a real change to the lab (files, containers, processes); see lab/README.md.
# Switching is idempotent; "off" waits until the part it broke works again, and "reset"
# turns every fault that is on off.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$LAB_SRC/services.sh"

NGINX_CONF="$REMOTE_DIR/app/frontend/nginx/nginx.conf"
GATEWAY=ai_unified_frontend
BACKEND=ai_hub_service

# Edits the deployed nginx.conf as the lab user (as an operator on the host would) and
# reloads nginx; then waits until the gateway behaves as CHECK says.
edit_nginx() {
  local expr="$1" check="$2"
  runuser -u "$LAB_USER" -- sed -i "$expr" "$NGINX_CONF"
  docker_cli exec "$GATEWAY" nginx -s reload >/dev/null 2>&1 ||
    die "could not reload nginx in $GATEWAY; is the gateway running?"
  wait_for 10 "nginx to pick up the change" "$check"
}

login_scheme() {
  http_code get "$(gateway_url /api/v1/auth/login)" --header 'X-Forwarded-Proto: https' \
    --print location | cut -d: -f1
}

scheme_is_http() { [[ $(login_scheme) == http ]]; }
scheme_is_https() { [[ $(login_scheme) == https ]]; }
ws_status() { http_code ws "$(gateway_url /api/v1/ws)"; }
ws_broken() { [[ $(ws_status) != 101 ]]; }
ws_works() { [[ $(ws_status) == 101 ]]; }

fault_oidc-scheme_on() {
  edit_nginx 's/X-Forwarded-Proto \$http_x_forwarded_proto;/X-Forwarded-Proto $scheme;/' \
    scheme_is_http
}

fault_oidc-scheme_off() {
  edit_nginx 's/X-Forwarded-Proto \$scheme;/X-Forwarded-Proto $http_x_forwarded_proto;/' \
    scheme_is_https
}

# Every proxied request, upgrades included, gets "Connection: close".
fault_ws-upgrade_on() {
  edit_nginx 's/\(proxy_set_header Connection\) \$connection_upgrade;/\1 "close";/' ws_broken
}

fault_ws-upgrade_off() {
  edit_nginx 's/\(proxy_set_header Connection\) "close";/\1 $connection_upgrade;/' ws_works
}

squatter_running() { [[ $(container_state squatter) == running ]]; }

# The gateway stops first (as after a failed release), so the squatter can take 8002.
fault_port-collision_on() {
  docker_cli stop "$GATEWAY" >/dev/null 2>&1 || true
  if [[ $(container_state squatter) == missing ]]; then
    docker_cli run -d --name squatter --label cortex-lab.fault=port-collision \
      -p "$LAB_GATEWAY_PORT:80" "$LAB_BASE_IMAGE" python3 -m http.server 80 >/dev/null
  fi

  docker_cli start squatter >/dev/null
  wait_for 10 "the squatter container" squatter_running
}

fault_port-collision_off() {
  docker_cli rm -f squatter >/dev/null 2>&1 || true
  docker_cli start "$GATEWAY" >/dev/null
  wait_for 30 "the gateway to answer" gateway_healthy
}

set_cluster_port() {
  http_code cluster-port "http://127.0.0.1:$LAB_CONTROL_INNER_PORT" "$LAB_CLUSTER" "$1" \
    >/dev/null || die "the control plane did not take the cluster change"
}

fault_cluster-port_on() { set_cluster_port "$LAB_BACKEND_PORT"; }

fault_cluster-port_off() {
  set_cluster_port "$LAB_GATEWAY_PORT"
  wait_for 15 "the edge to answer" edge_healthy
}

fault_backend-down_on() { docker_cli stop "$BACKEND" >/dev/null; }

fault_backend-down_off() {
  docker_cli start "$BACKEND" >/dev/null
  fault_on migration-fail || wait_for 30 "the backend to answer" gateway_healthy
}

# Runs python in a throwaway container against the backend's SQLite file, so the host
# needs no sqlite3 and the backend container may be down or crash-looping.
sqlite_exec() {
  docker_cli run --rm -v "$REMOTE_DIR/data:/data" "$LAB_BASE_IMAGE" python3 -c "
import sqlite3, sys
con = sqlite3.connect('/data/cortex.db')
con.execute(sys.argv[1])
con.commit()
" "$1"
}

# Forgets that migration 002 ran although its table exists, so its next run fails with
# "table sessions already exists" and uvicorn exits during startup.
fault_migration-fail_on() { sqlite_exec "DELETE FROM schema_migrations WHERE id = '002'"; }

fault_migration-fail_off() {
  sqlite_exec "INSERT OR IGNORE INTO schema_migrations VALUES ('002', datetime('now'))"
  fault_on backend-down && return 0
  if [[ $(container_state "$BACKEND") != running ]] || ! gateway_healthy; then
    docker_cli restart "$BACKEND" >/dev/null
  fi

  wait_for 30 "the backend to answer" gateway_healthy
}

fault_hang_on() { set_relay control hang; }
fault_hang_off() { set_relay control forward; }

fault_hostkey-change_on() { start_sshd "$SSHDIR/host_alt_ed25519_key"; }
fault_hostkey-change_off() { start_sshd "$SSHDIR/host_ed25519_key"; }

fault_ssh-drop_on() { set_relay ssh drop; }
fault_ssh-drop_off() { set_relay ssh forward; }

fault_dockerd-down_on() { stop_pid "$RUN/dockerd.pid" 30; }

fault_dockerd-down_off() {
  start_dockerd
  local blocked=""
  for f in port-collision backend-down migration-fail; do fault_on "$f" && blocked=1; done
  [[ -n $blocked ]] || wait_for 60 "the stack to come back after dockerd" lab_healthy
}

switch() {
  local name="$1" state="$2"
  declare -F "fault_${name}_on" >/dev/null || die "unknown fault $name; one of: ${LAB_FAULTS[*]}"
  [[ $state == on || $state == off ]] || die "say on or off, not '$state'"
  "fault_${name}_${state}"
  if [[ $state == on ]]; then date -u +%FT%TZ >"$FAULTS/$name"; else rm -f "$FAULTS/$name"; fi
  log "$name is $state"
}

# Reverse order: the daemon, ssh and the containers come back before nginx is edited.
reset_all() {
  local i name
  for ((i = ${#LAB_FAULTS[@]} - 1; i >= 0; i--)); do
    name="${LAB_FAULTS[$i]}"
    if fault_on "$name"; then switch "$name" off; fi
  done

  return 0
}

main() {
  need_root
  [[ -f $LAB_DIR/lab.json ]] || die "the lab is not up; run npm run lab:up"
  exec 9>"$LAB_DIR/ops.lock"
  flock 9
  case "${1:-}" in
    reset) reset_all ;;
    "") die "usage: lab:fault NAME on|off | reset; faults: ${LAB_FAULTS[*]}" ;;
    *) switch "$1" "${2:-}" ;;
  esac
}

main "$@"
