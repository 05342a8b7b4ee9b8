#!/usr/bin/env bash
# Builds the images the Docker tests and bench/docker use, without a registry: no registry
# can be reached where CI runs, so images are made from Debian packages and `docker import`ed.
# An image that already exists is kept, so running this again costs nothing.
#
#   gantry-test/busybox:1   busybox-static with all its applets: sh, coreutils, and little else
#
# Needs: a running Docker daemon and busybox-static (apt-get install busybox-static).
set -euo pipefail

BUSYBOX_IMAGE=gantry-test/busybox:1

if docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
  echo "image $BUSYBOX_IMAGE exists"
  exit 0
fi

busybox=$(command -v busybox || true)
if [ -z "$busybox" ] || ! "$busybox" --list >/dev/null 2>&1; then
  echo "error: busybox not found; install it with: apt-get install -y busybox-static" >&2
  exit 1
fi
if ldd "$busybox" >/dev/null 2>&1; then
  echo "error: $busybox is linked dynamically; the image needs busybox-static" >&2
  exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
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
echo "built image $BUSYBOX_IMAGE from $busybox"
