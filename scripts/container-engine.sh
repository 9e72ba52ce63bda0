#!/usr/bin/env bash
# container-engine.sh — make sure a Docker engine and the project's local test images are there.
#
#   scripts/container-engine.sh [start]   install docker.io if dockerd is missing, start dockerd if it does
#                                         not answer, build missing local images
#   scripts/container-engine.sh stop      stop the dockerd this script started (SIGTERM by pid, then SIGKILL)
#   scripts/container-engine.sh status    exit 0 when `docker info` answers
#
# Written for Debian 12 VMs run as root without systemd and without a registry: images are built offline with `docker import`:
#   local/busybox:1   busybox-static + applet links
#   local/perl:5.36   the busybox root file system + the host's own perl and the libraries it loads; also
#                     tagged perl:5.36 (see alias_perl)
# Idempotent: a warm second run only asks `docker info` and `docker image inspect` (< 1 s).
#
# Settings (environment):
#   CE_NETWORK=none|bridge  none (default): no docker0 bridge, no iptables rules, no forwarding; containers get
#                           loopback only (or --network host). bridge: Docker's default NAT bridge.
#   CE_IMAGES="busybox perl"
#   CE_REBUILD=1            rebuild the images even when present
#   CE_LOG=/var/log/dockerd.log   CE_STATE_DIR=/var/lib/container-engine   CE_START_TIMEOUT=60 (s)
set -euo pipefail

CE_NETWORK=${CE_NETWORK:-none}
CE_IMAGES=${CE_IMAGES:-busybox perl}
CE_REBUILD=${CE_REBUILD:-0}
CE_LOG=${CE_LOG:-/var/log/dockerd.log}
CE_STATE_DIR=${CE_STATE_DIR:-/var/lib/container-engine}
CE_START_TIMEOUT=${CE_START_TIMEOUT:-60}
PIDFILE=$CE_STATE_DIR/dockerd.pid
BUSYBOX=local/busybox:1
export DEBIAN_FRONTEND=noninteractive

T0=$(date +%s%N)
log() { printf '[container-engine %5dms] %s\n' $((($(date +%s%N) - T0) / 1000000)) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
docker_ok() { timeout 15 docker info >/dev/null 2>&1; }
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
image_exists() { [ "$CE_REBUILD" != 1 ] && has_image "$1"; } # "present and need not be rebuilt"

# The name of a live (not zombie) process, or nothing. PID 1 here is not an init that reaps orphans at once,
# so a dead daemon lingers as a zombie whose /proc/PID/comm still answers.
proc_name() {
  local pid=${1:-} state
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  state=$(sed -E 's/^.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 0
  case $state in Z | X | x | '') return 0 ;; esac
  cat "/proc/$pid/comm" 2>/dev/null || true
}
pid_of() { cat "$1" 2>/dev/null || true; }

# ------------------------------------------------------------------------------------------------ install
apt_updated=0
apt_install() { # installs those of the named packages that are missing
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $apt_updated = 0 ]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
    apt_updated=1
  fi
  log "apt-get install ${missing[*]}"
  # docker.io's postinst cannot start the service without an init system ("policy-rc.d denied"): harmless,
  # the daemon is started below.
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

perl_version() { perl -e 'printf "%vd", $^V' | cut -d. -f1,2; } # 5.36

install_packages() {
  local pkgs=()
  command -v dockerd >/dev/null || pkgs+=(docker.io)
  case " $CE_IMAGES " in *" busybox "* | *" perl "*) pkgs+=(busybox-static) ;; esac
  case " $CE_IMAGES " in *" perl "*) pkgs+=(perl) ;; esac
  apt_install "${pkgs[@]}"
  case " $CE_IMAGES " in *" perl "*) apt_install "perl-modules-$(perl_version)" "libperl$(perl_version)" ;; esac
  command -v dockerd >/dev/null || die "dockerd not found after installing docker.io"
  command -v docker >/dev/null || die "no docker client on PATH"
}

# ------------------------------------------------------------------------------------------------ daemon
wait_ready() {
  local pid=$1 deadline=$(($(date +%s) + CE_START_TIMEOUT))
  until docker_ok; do
    if [ "$(proc_name "$pid")" != dockerd ]; then
      tail -n 30 "$CE_LOG" >&2 || true
      die "dockerd (pid $pid) exited during start; log: $CE_LOG"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || { tail -n 30 "$CE_LOG" >&2 || true; die "dockerd did not answer within ${CE_START_TIMEOUT}s"; }
    sleep 0.1
  done
}

start_daemon() {
  docker_ok && return 1
  mkdir -p "$CE_STATE_DIR" "$(dirname "$CE_LOG")"
  local f pid
  for f in "$PIDFILE" /run/docker.pid; do # one still starting up
    pid=$(pid_of "$f")
    if [ "$(proc_name "$pid")" = dockerd ]; then log "dockerd $pid is starting; waiting" && wait_ready "$pid" && return 0; fi
  done
  # /run is on disk on these VMs: pid files outlive an abrupt end, and dockerd refuses to start on one whose
  # (reused) pid is alive; a stale containerd pid file makes it wait for a containerd that is not there.
  [ "$(proc_name "$(pid_of /run/docker.pid)")" = dockerd ] || rm -f /run/docker.pid
  [ "$(proc_name "$(pid_of /run/docker/containerd/containerd.pid)")" = containerd ] ||
    rm -f /run/docker/containerd/containerd.pid
  # With --bridge=none dockerd 20.10 leaves a stale sandbox per container in libnetwork's store and deletes
  # them one by one at the next start (~0.13 s each); their netns files, some still mounted, pile up in
  # /run/docker/netns. No daemon runs now, so none of them is in use.
  rm -f /var/lib/docker/network/files/local-kv.db
  local ns
  for ns in /run/docker/netns/*; do
    [ -e "$ns" ] || continue
    umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null || true
    rm -f "$ns" 2>/dev/null || true
  done

  local args=()
  case $CE_NETWORK in
    none) args+=(--bridge=none --iptables=false --ip-forward=false --ip-masq=false) ;;
    bridge) ;;
    *) die "CE_NETWORK must be none or bridge, not '$CE_NETWORK'" ;;
  esac
  log "starting dockerd ${args[*]} (log: $CE_LOG)"
  echo "=== $(date -u +%FT%TZ) dockerd ${args[*]}" >>"$CE_LOG"
  # Its own session, stdio on the log, every other inherited descriptor closed: a caller (a CI runner)
  # waiting for EOF on one of its pipes must not wait for the daemon.
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null || true
    done
    exec setsid dockerd "${args[@]}"
  ) </dev/null >>"$CE_LOG" 2>&1 &
  pid=$!
  echo "$pid" >"$PIDFILE"
  wait_ready "$pid"
  pid=$(pid_of /run/docker.pid)
  echo "$pid" >"$PIDFILE"
  log "dockerd $pid ready: $(docker version -f 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null)"
}

stop_daemon() {
  local pid="" f cpid
  for f in "$PIDFILE" /run/docker.pid; do
    pid=$(pid_of "$f")
    [ "$(proc_name "$pid")" = dockerd ] && break
    pid=""
  done
  if [ -z "$pid" ]; then log "no dockerd running"; rm -f "$PIDFILE"; return 0; fi
  cpid=$(pid_of /run/docker/containerd/containerd.pid)
  log "stopping dockerd $pid (it stops its containers and its containerd)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(($(date +%s) + 60))
  while [ "$(proc_name "$pid")" = dockerd ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  [ "$(proc_name "$pid")" = dockerd ] && { log "still alive after 60 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  [ "$(proc_name "$cpid")" = containerd ] && kill -TERM "$cpid" 2>/dev/null
  rm -f "$PIDFILE"
  log "stopped"
}

# ------------------------------------------------------------------------------------------------ images
busybox_rootfs() { # busybox_rootfs DIR: a static busybox with its applet links, passwd, group, /tmp
  local root=$1 bb applet
  bb=$(command -v busybox) || die "busybox not found"
  { ldd "$bb" 2>&1 || true; } | grep -q 'not a dynamic executable' || die "$bb is not static"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp,proc,sys,dev,home}
  chmod 1777 "$root/tmp" "$root/var/tmp"
  cp "$bb" "$root/bin/busybox"
  for applet in $("$bb" --list-full); do
    [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

import_rootfs() { # import_rootfs DIR TAG
  tar -C "$1" --numeric-owner -c . | docker import -c 'CMD ["sh"]' \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'ENV LANG=C.UTF-8' - "$2" >/dev/null
}

build_busybox() {
  image_exists $BUSYBOX && return 0
  local tmp
  tmp=$(mktemp -d)
  busybox_rootfs "$tmp/root"
  import_rootfs "$tmp/root" $BUSYBOX
  rm -rf "$tmp"
  log "built $BUSYBOX"
}

# The host's perl: the files of its Debian packages plus every shared library perl and its XS modules load
# (tar -h turns /lib64/ld-linux… and other links into real files).
build_perl() {
  local version tag tmp
  version=$(perl_version)
  tag=local/perl:$version
  image_exists "$tag" && return 0
  tmp=$(mktemp -d)
  busybox_rootfs "$tmp/root"
  {
    dpkg -L perl-base perl "perl-modules-$version" "libperl$version" | while IFS= read -r f; do
      if [ -f "$f" ] || [ -L "$f" ]; then echo "$f"; fi
    done
    { echo /usr/bin/perl; find /usr/lib/*-linux-gnu/perl* -name '*.so' 2>/dev/null || true; } |
      { xargs ldd 2>/dev/null || true; } | { grep -oE '/[^ ]+\.so[^ ]*' || true; } | sort -u |
      while IFS= read -r lib; do echo "$lib"; readlink -f "$lib"; done
    if [ -d /usr/lib/locale/C.utf8 ]; then echo /usr/lib/locale/C.utf8; fi
  } | sort -u >"$tmp/files"
  { tar -C / -chf - -T "$tmp/files" 2>/dev/null || true; } | tar -C "$tmp/root" -xf -
  [ -x "$tmp/root/usr/bin/perl" ] || die "copying the host's perl failed"
  import_rootfs "$tmp/root" "$tag"
  rm -rf "$tmp"
  docker run --rm --network none "$tag" perl -MMath::BigFloat -e 'Math::BigFloat->bpi(10)' || die "$tag: perl does not run"
  log "built $tag"
}

# local/perl:5.36 also as perl:5.36, the Docker Hub name of the same perl version: a manifest naming `perl:5.36`
# (pull policy IfNotPresent, by its tag) then runs offline. Not `perl` or `perl:latest`: their pull policy is
# Always, and a failed pull is ErrImagePull whatever is present locally, as on a cluster. A perl:5.36 pulled
# from a registry (it has a repo digest) is left as it is.
alias_perl() {
  local version tag digests
  version=$(perl_version)
  tag=local/perl:$version
  has_image "$tag" || return 0
  if has_image "perl:$version"; then
    digests=$(docker image inspect -f '{{len .RepoDigests}}' "perl:$version")
    [ "$digests" = 0 ] || return 0
  fi
  docker tag "$tag" "perl:$version"
}

# ------------------------------------------------------------------------------------------------ main
[ "$(id -u)" = 0 ] || die "must run as root"
case ${1:-start} in
  start)
    install_packages
    started=0
    if start_daemon; then started=1; fi
    for image in $CE_IMAGES; do
      case $image in
        busybox) build_busybox ;;
        perl) build_perl && alias_perl ;;
        *) die "unknown image '$image' (known: busybox perl)" ;;
      esac
    done
    if [ $started = 1 ] && has_image $BUSYBOX; then
      rc=0
      docker run --rm --network none $BUSYBOX sh -c 'exit 3' || rc=$?
      [ $rc = 3 ] || die "smoke test: a container's exit code 3 came back as $rc"
    fi
    log "ready"
    ;;
  stop) stop_daemon ;;
  status)
    docker_ok || { echo "docker engine not answering"; exit 1; }
    docker version -f 'client {{.Client.Version}}, server {{.Server.Version}} (API {{.Server.APIVersion}})'
    docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^local/' || true
    ;;
  *) echo "usage: $0 [start|stop|status]" >&2 && exit 2 ;;
esac
