#!/usr/bin/env bash
# Builds the images the Docker tests, the breast-cancer pipeline and bench/docker use, without a
# registry: no registry can be reached where CI runs, so base images are made from Debian
# packages and `docker import`ed, and the step image is built FROM them.
#
#   gantry-test/busybox:1       busybox-static with all its applets: sh, coreutils, and little else
#   gantry-base/jre17:1         Debian bookworm (minbase) with openjdk-17-jre-headless
#   gantry-base/maven-jdk17:1   the same with openjdk-17-jdk-headless and maven, trusting the
#                               host's own certificate authorities (see below)
#   gantry/steps:dev            steps/Dockerfile built FROM the two above
#
#   .ci/docker-images.sh [busybox] [base] [steps]    (no argument: all of them)
#
# A base image that already exists is kept. The step image is built every time, which costs
# about a second when nothing changed (every layer comes from the build cache and the image ID
# stays the same) and rebuilds it when steps/ or the poms changed. It is labelled with a digest
# of the files it is built from (dev.gantry.source), by which tests tell a stale image.
#
# The build stage runs Maven, which downloads from Maven Central over the build container's
# network. Where the host reaches it through a TLS-inspecting proxy (as where CI runs), the
# container must trust the proxy's certificate authority as the host does, so the CA
# certificates installed on the host in /usr/local/share/ca-certificates (Debian's place for
# local ones) are added to the Maven image, and only to it.
#
# Needs: a running Docker daemon; busybox-static for busybox; root (or sudo), debootstrap and
# Debian's mirror (DEBIAN_MIRROR, default http://deb.debian.org/debian) for base.
set -euo pipefail
cd "$(dirname "$0")/.."

BUSYBOX_IMAGE=gantry-test/busybox:1
JRE_IMAGE=gantry-base/jre17:1
MAVEN_IMAGE=gantry-base/maven-jdk17:1
STEPS_IMAGE=gantry/steps:dev
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi

exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

took() {
  echo "$1 in $(( SECONDS - $2 )) s"
}

busybox_image() {
  if exists "$BUSYBOX_IMAGE"; then
    echo "image $BUSYBOX_IMAGE exists"
    return
  fi
  local busybox start=$SECONDS
  busybox=$(command -v busybox || true)
  if [ -z "$busybox" ] || ! "$busybox" --list >/dev/null 2>&1; then
    echo "error: busybox not found; install it with: apt-get install -y busybox-static" >&2
    exit 1
  fi
  if ldd "$busybox" >/dev/null 2>&1; then
    echo "error: $busybox is linked dynamically; the image needs busybox-static" >&2
    exit 1
  fi

  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root"
  chmod 1777 "$root/tmp"
  cp "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"

  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["sh"]' \
    - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$root"
  took "built image $BUSYBOX_IMAGE from $busybox" $start
}

# Imports a root file system as an image, leaving out apt's downloads and lists and the docs.
import_root() {
  local root=$1 image=$2 start=$SECONDS
  $sudo tar -C "$root" -c \
      --exclude='./var/cache/apt/archives/*.deb' --exclude='./var/lib/apt/lists/*' \
      --exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' . \
    | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["bash"]' \
      - "$image" >/dev/null
  took "imported $image" $start
}

base_images() {
  if exists "$JRE_IMAGE" && exists "$MAVEN_IMAGE"; then
    echo "images $JRE_IMAGE and $MAVEN_IMAGE exist"
    return
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "error: debootstrap not found; install it with: apt-get install -y debootstrap" >&2
    exit 1
  fi
  local root start=$SECONDS
  root=$(mktemp -d)
  # One debootstrap serves both images: the JRE image is imported first, then the JDK and Maven
  # are installed into the same tree with apt (about 20 s, where a second debootstrap takes 40 s
  # or more) and it is imported again.
  trap "$sudo umount '$root/proc' 2>/dev/null || true; $sudo rm -rf '$root'" EXIT
  echo "debootstrap bookworm with openjdk-17-jre-headless from $DEBIAN_MIRROR (log: /tmp/gantry-debootstrap.log)"
  if ! $sudo debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$root" "$DEBIAN_MIRROR" \
      >/tmp/gantry-debootstrap.log 2>&1; then
    echo "error: debootstrap failed; the end of its log:" >&2
    tail -20 /tmp/gantry-debootstrap.log >&2
    exit 1
  fi
  took "debootstrap" $start
  exists "$JRE_IMAGE" || import_root "$root" "$JRE_IMAGE"

  if ! exists "$MAVEN_IMAGE"; then
    start=$SECONDS
    $sudo mount -t proc proc "$root/proc"
    $sudo chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends openjdk-17-jdk-headless maven >>/tmp/gantry-debootstrap.log 2>&1
    local cas=(/usr/local/share/ca-certificates/*.crt)
    if [ -e "${cas[0]}" ]; then
      echo "adding the host's CA certificates to $MAVEN_IMAGE: ${cas[*]##*/}"
      $sudo cp "${cas[@]}" "$root/usr/local/share/ca-certificates/"
      $sudo chroot "$root" update-ca-certificates >>/tmp/gantry-debootstrap.log 2>&1
    fi
    $sudo umount "$root/proc"
    took "installed openjdk-17-jdk-headless and maven" $start
    import_root "$root" "$MAVEN_IMAGE"
  fi
  $sudo rm -rf "$root"
  trap - EXIT
}

# The files the step image is built from, digested as sha256sum lists them, in byte order. The
# image carries it as a label, so the pipelines' tests can tell an image built from other sources
# (StepImageCheck computes the same digest).
source_digest() {
  find pom.xml steps/pom.xml steps/sdk/pom.xml steps/builtin/pom.xml steps/Dockerfile steps/gantry-step \
      steps/sdk/src/main steps/builtin/src/main -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64
}

steps_image() {
  local start=$SECONDS
  for base in "$JRE_IMAGE" "$MAVEN_IMAGE"; do
    if ! exists "$base"; then
      echo "error: no image $base to build $STEPS_IMAGE from; run: .ci/docker-images.sh base" >&2
      exit 1
    fi
  done
  echo "building $STEPS_IMAGE from steps/Dockerfile (log: /tmp/gantry-steps-image.log)"
  # The classic builder, which is what Debian's docker.io has; the Dockerfile needs no BuildKit.
  if ! DOCKER_BUILDKIT=0 docker build -f steps/Dockerfile \
      --build-arg BUILD_IMAGE="$MAVEN_IMAGE" --build-arg RUNTIME_IMAGE="$JRE_IMAGE" \
      --label "dev.gantry.source=$(source_digest)" \
      -t "$STEPS_IMAGE" . >/tmp/gantry-steps-image.log 2>&1; then
    echo "error: building $STEPS_IMAGE failed; the end of its log:" >&2
    tail -30 /tmp/gantry-steps-image.log >&2
    exit 1
  fi
  took "built $STEPS_IMAGE ($(docker image inspect -f '{{.Id}}' "$STEPS_IMAGE" | cut -c1-19))" $start
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(busybox base steps)
for part in "${parts[@]}"; do
  case "$part" in
    busybox) busybox_image ;;
    base) base_images ;;
    steps) steps_image ;;
    *) echo "error: unknown part '$part'; the parts are busybox, base and steps" >&2; exit 2 ;;
  esac
done
