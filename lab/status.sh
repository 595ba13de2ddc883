#!/usr/bin/env bash
# npm run lab:status [-- --json] -- each part of the lab, whether it works, and which
# faults are on. Exit status 0 when every part works, 1 otherwise (also with --json).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$LAB_SRC/services.sh"

NAMES=()
OKS=()
DETAILS=()

row() {
  NAMES+=("$1")
  OKS+=("$2")
  DETAILS+=("$3")
}

check_pid() {
  local name="$1" extra="$2"
  if pid_alive "$RUN/$name.pid"; then row "$name" true "pid $(<"$RUN/$name.pid")$extra"
  else row "$name" false "not running"; fi
}

check_relay() {
  local name="$1" port="$2" mode="?"
  [[ -f $RUN/relay-$name.mode.applied ]] && mode=$(<"$RUN/relay-$name.mode.applied")
  if pid_alive "$RUN/relay-$name.pid" && [[ $mode == forward ]]; then
    row "relay-$name" true "port $port, $mode"
  elif pid_alive "$RUN/relay-$name.pid"; then
    row "relay-$name" false "port $port, $mode"
  else
    row "relay-$name" false "not running"
  fi
}

check_http() {
  local name="$1" url="$2" code
  shift 2
  code=$(http_code get "$url" --timeout 3 "$@" 2>/dev/null) || code="no answer"
  if [[ $code == 200 ]]; then row "$name" true "$url 200"; else row "$name" false "$url $code"; fi
}

check_container() {
  local state="stopped daemon"
  docker_up && state=$(container_state "$1")
  if [[ $state == running ]]; then row "$1" true running; else row "$1" false "$state"; fi
}

collect() {
  local key="original"
  grep -qs alt "$RUN/sshd.hostkey" && key="alternate"
  if pid_alive "$RUN/dockerd.pid" && docker_up; then row dockerd true "pid $(<"$RUN/dockerd.pid")"
  else row dockerd false "not running"; fi

  check_pid sshd ", port $LAB_SSHD_PORT, $key host key"
  [[ $key == original ]] || OKS[-1]=false
  check_relay ssh "$LAB_SSH_PORT"
  check_relay control "$LAB_CONTROL_PORT"
  check_pid edge ", edge $LAB_EDGE_PORT, admin $LAB_ADMIN_PORT"
  check_container ai_hub_service
  check_container ai_unified_frontend
  check_http gateway "$(gateway_url /api/v1/health)"
  check_http edge-https "$(edge_url /api/v1/health)" --ca "$EDGEDIR/ca.pem"
}

json_string() {
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

print_json() {
  local i sep="" healthy="$1" name
  printf '{"dir": %s, "up": true, "config": %s, "healthy": %s, "components": {' \
    "$(json_string "$LAB_DIR")" "$(json_string "$CONFIG")" "$healthy"
  for i in "${!NAMES[@]}"; do
    printf '%s%s: {"ok": %s, "detail": %s}' "$sep" "$(json_string "${NAMES[$i]}")" \
      "${OKS[$i]}" "$(json_string "${DETAILS[$i]}")"
    sep=", "
  done

  printf '}, "faults": {'
  sep=""
  for name in "${LAB_FAULTS[@]}"; do
    printf '%s%s: %s' "$sep" "$(json_string "$name")" \
      "$(fault_on "$name" && echo true || echo false)"
    sep=", "
  done

  printf '}}\n'
}

print_text() {
  local i name mark
  printf 'lab %s (config %s)\n' "$LAB_DIR" "$CONFIG"
  for i in "${!NAMES[@]}"; do
    mark="ok  "
    [[ ${OKS[$i]} == true ]] || mark="FAIL"
    printf '  %s %-20s %s\n' "$mark" "${NAMES[$i]}" "${DETAILS[$i]}"
  done

  printf 'faults:\n'
  for name in "${LAB_FAULTS[@]}"; do
    if fault_on "$name"; then printf '  %-16s on since %s\n' "$name" "$(<"$FAULTS/$name")"
    else printf '  %-16s off\n' "$name"; fi
  done
}

main() {
  local healthy=true ok
  if [[ ! -f $LAB_DIR/lab.json ]]; then
    if [[ ${1:-} == --json ]]; then
      printf '{"dir": %s, "up": false, "healthy": false}\n' "$(json_string "$LAB_DIR")"
    else
      echo "the lab is not up (no $LAB_DIR/lab.json); run npm run lab:up"
    fi

    exit 1
  fi

  collect
  for ok in "${OKS[@]}"; do [[ $ok == true ]] || healthy=false; done
  if [[ ${1:-} == --json ]]; then print_json "$healthy"; else print_text; fi
  [[ $healthy == true ]]
}

main "$@"
