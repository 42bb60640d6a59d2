#!/bin/busybox sh
# PID 1 of the test VM, in its initramfs. It makes the host's root filesystem
# (shared read-only over virtio-9p) the VM's root with a tmpfs on top for
# writes, mounts cgroup2 alone on /sys/fs/cgroup (the kernel was booted with
# cgroup_no_v1=all), then runs the one script named on the kernel command line
# (tslab_run=PATH) and prints its exit status on the console: QEMU itself
# always exits 0, so that line is how the status reaches the host.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1

done_with() {
  echo
  echo "TSLAB-VM-STATUS $1"
  poweroff -f
}
fail() {
  echo "tslab-vm: $*"
  done_with 125
}
arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p"; }

mount -t proc proc /proc
mount -t sysfs sys /sys
modules=$(arg tslab_modules)
run=$(arg tslab_run)
[ -n "$run" ] || fail "no tslab_run=SCRIPT on the kernel command line"
while read -r module; do insmod "/modules/$module" || fail "insmod $module failed"; done </modules/order

mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /lower || fail "cannot mount the host's root over 9p"
mount -t tmpfs -o mode=0755 rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work root /newroot || fail "cannot mount the overlay root"

# The checkout may live under one of the tmpfs dirs below (CI clones anywhere, /tmp
# too): keep its view of the root, writable through the overlay, across them.
repo=${run%/dist/vm/run.sh}
case "$repo" in
  /tmp/*|/run/*|/var/lib/tslab/*) mkdir -p /keep && mount --bind "/newroot$repo" /keep || fail "cannot hold the checkout $repo" ;;
  *) repo= ;;
esac

# Containers' own overlays need an upper dir that is not itself overlayfs.
for dir in tmp run var/lib/tslab; do
  mkdir -p "/newroot/$dir" && mount -t tmpfs -o mode=1777 tmpfs "/newroot/$dir" || fail "cannot mount a tmpfs on /$dir"
done
chmod 0755 /newroot/run /newroot/var/lib/tslab
if [ -n "$repo" ]; then
  mkdir -p "/newroot$repo" && mount --move /keep "/newroot$repo" || fail "cannot put the checkout back at $repo"
fi

mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 shm /newroot/dev/shm
mount -t cgroup2 cgroup2 /newroot/sys/fs/cgroup || fail "cannot mount cgroup2"
echo "+cpu +memory +pids" >/newroot/sys/fs/cgroup/cgroup.subtree_control || fail "cannot enable the cpu, memory and pids controllers"

# Modules on demand (veth, bridge, nf_tables, ...): the kernel package's modules,
# indexed by busybox depmod, loaded by busybox modprobe, which the host may lack.
release=$(uname -r)
libdir=/newroot/lib
[ -L "$libdir" ] && libdir=/newroot/usr/lib
mkdir -p "$libdir/modules/$release" && mount --bind "/newroot$modules" "$libdir/modules/$release" || fail "cannot mount the modules dir $modules"
mkdir -p /newroot/run/tslab-vm
ln -s /bin/busybox /newroot/run/tslab-vm/modprobe
echo /run/tslab-vm/modprobe >/newroot/proc/sys/kernel/modprobe

hostname tslab-vm
ip link set lo up

# The host's own /bin/sh: busybox's would run its applets (sed, timeout...) instead of the host's tools.
exec switch_root /newroot /bin/sh -c '/bin/sh "$0"; status=$?; echo; echo "TSLAB-VM-STATUS $status"; exec /bin/busybox poweroff -f' "$run"
