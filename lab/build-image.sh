#!/usr/bin/env bash
# Builds the lab's base image tarball with debootstrap (once; cached in $LAB_CACHE) and
# imports it into the lab's dockerd when the tag is missing. Nothing is pulled from a registry.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE_PACKAGES="nginx-light,python3-fastapi,python3-uvicorn,python3-websockets"
IMAGE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The mirror apt already uses, so the lab reaches nothing new.
apt_mirror() {
  local uri=""
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi

  if [[ -z $uri && -f /etc/apt/sources.list ]]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ {print $2; exit}' /etc/apt/sources.list)
  fi

  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

trim_tree() {
  local t="$1"
  rm -rf "$t"/usr/share/{doc,man,info,locale,lintian,linda}/* "$t"/var/lib/apt/lists/* \
    "$t"/var/cache/apt/* "$t"/var/cache/debconf/*-old "$t"/var/log/*.log \
    "$t"/var/log/apt/* "$t"/usr/share/common-licenses
  # No services start at build time in an imported image.
  rm -f "$t"/usr/sbin/policy-rc.d
}

build_tarball() {
  local tree="$LAB_CACHE/tree.$$" mirror
  mirror=$(apt_mirror)
  mkdir -p "$LAB_CACHE/debs"
  log "debootstrap bookworm (minbase) from $mirror; this takes about a minute"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" --cache-dir="$LAB_CACHE/debs" \
    bookworm "$tree" "$mirror" >"$LAB_CACHE/debootstrap.log" 2>&1 ||
    { rm -rf "$tree"; die "debootstrap failed; see $LAB_CACHE/debootstrap.log"; }
  # debootstrap unmounts these itself; be sure before tarring and deleting.
  umount -l "$tree/proc" "$tree/sys" 2>/dev/null || true
  trim_tree "$tree"
  tar --numeric-owner -C "$tree" -cf "$BASE_TAR.tmp" .
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  rm -rf "$tree"
}

main() {
  need_root
  mkdir -p "$LAB_CACHE"
  [[ -s $BASE_TAR ]] || build_tarball

  if ! docker_cli image inspect "$LAB_BASE_IMAGE" >/dev/null 2>&1; then
    log "importing $LAB_BASE_IMAGE"
    docker_cli import --change "ENV PATH=$IMAGE_PATH" --change 'CMD ["/bin/bash"]' \
      "$BASE_TAR" "$LAB_BASE_IMAGE" >/dev/null
  fi
}

main "$@"
