# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# (Sourced by cases_rpmsg.sh.)
#
# Fake kernels for the RPMsg side, under a --root directory: the device
# tree of NXP BSP boards with a static imx-rpmsg transport, the driver
# bound to it, virtio devices (of that transport or of a remoteproc vdev),
# RPMsg channels and their /dev nodes. Addresses are those of NXP's
# imx7d-sdb-m4 and imx8mm-evk-rpmsg device trees.

# be32 WORD...: device-tree cells (big-endian) on stdout.
be32() {
	local v
	for v in "$@"; do
		v=$((v))
		# shellcheck disable=SC2059
		printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((v >> 24 & 255)) \
			$((v >> 16 & 255)) $((v >> 8 & 255)) $((v & 255)))"
	done
}

# dt_root ROOT: /proc/device-tree as on a board, a link to the sysfs copy.
dt_root() {
	mkdir -p "$1/sys/firmware/devicetree/base" "$1/proc"
	[ -e "$1/proc/device-tree" ] ||
		ln -s /sys/firmware/devicetree/base "$1/proc/device-tree"
}

# mk_static ROOT COMPAT [vdevs N] [reg BASE SIZE] [cells 1|2] [unbound]
#   [disabled]: an imx-rpmsg node /rpmsg (bound to the driver unless
#   "unbound").
mk_static() {
	local root=$1 compat=$2 vdevs=1 base=0x8fff0000 size=0x10000 cells=1
	local bound=1 status=okay dt node
	shift 2
	while [ $# -gt 0 ]; do
		case $1 in
		vdevs) vdevs=$2; shift ;;
		reg) base=$2; size=$3; shift 2 ;;
		cells) cells=$2; shift ;;
		unbound) bound=0 ;;
		disabled) status=disabled ;;
		esac
		shift
	done
	dt_root "$root"
	dt=$root/sys/firmware/devicetree/base
	node=$dt/rpmsg
	mkdir -p "$node"
	be32 "$cells" >"$dt/#address-cells"
	be32 "$cells" >"$dt/#size-cells"
	printf '%s\0' "$compat" >"$node/compatible"
	printf '%s\0' "$status" >"$node/status"
	be32 "$vdevs" >"$node/vdev-nums"
	if [ "$cells" = 2 ]; then
		be32 0 "$base" 0 "$size" >"$node/reg"
	else
		be32 "$base" "$size" >"$node/reg"
	fi
	mkdir -p "$root/sys/bus/platform/drivers/imx-rpmsg" \
		"$root/sys/devices/platform/rpmsg"
	echo DRIVER=imx-rpmsg >"$root/sys/bus/platform/drivers/imx-rpmsg/uevent"
	ln -s ../../../firmware/devicetree/base/rpmsg \
		"$root/sys/devices/platform/rpmsg/of_node"
	if [ "$bound" = 1 ]; then
		ln -s ../../../../devices/platform/rpmsg \
			"$root/sys/bus/platform/drivers/imx-rpmsg/rpmsg"
	fi
}

# mk_virtio ROOT NAME PARENT-PATH [DRIVER]: a virtio RPMsg device whose
# sysfs directory is /sys/devices/PARENT-PATH/NAME.
mk_virtio() {
	local root=$1 name=$2 parent=$3 driver=${4:-virtio_rpmsg_bus}
	local dir=$root/sys/devices/$parent/$name
	mkdir -p "$dir" "$root/sys/bus/virtio/devices" \
		"$root/sys/bus/virtio/drivers/$driver"
	echo 0x0007 >"$dir/device"
	ln -s "$(rel_to_sys "$parent/$name" "bus/virtio/drivers/$driver")" \
		"$dir/driver"
	ln -s "../../../devices/$parent/$name" \
		"$root/sys/bus/virtio/devices/$name"
}

# rel_to_sys PATH TARGET: TARGET (under /sys) relative to
# /sys/devices/PATH.
rel_to_sys() {
	local up=../ p=$1
	while [ "${p#*/}" != "$p" ]; do
		up=../$up
		p=${p#*/}
	done
	echo "$up../$2"
}

# mk_channel ROOT VIRTIO-DIR NAME SRC DST: a channel on the virtio device
# whose sysfs directory is /sys/devices/VIRTIO-DIR.
mk_channel() {
	local root=$1 vdir=$2 name=$3 src=$4 dst=$5 dev
	dev=${vdir##*/}.$name.-1.$(($5))
	mkdir -p "$root/sys/devices/$vdir/$dev" "$root/sys/bus/rpmsg/devices"
	echo "$name" >"$root/sys/devices/$vdir/$dev/name"
	printf '0x%x\n' "$src" >"$root/sys/devices/$vdir/$dev/src"
	printf '0x%x\n' "$dst" >"$root/sys/devices/$vdir/$dev/dst"
	ln -s "../../../devices/$vdir/$dev" "$root/sys/bus/rpmsg/devices/$dev"
}

# mk_devnode ROOT NAME: a /dev entry (a regular file: nothing opens it).
mk_devnode() {
	mkdir -p "$1/dev"
	: >"$1/dev/$2"
}

# mk_imx7d_board ROOT: an i.MX7D SDB as NXP's BSP boots it with the M4
# running: the static transport, its virtio device, the tty channel.
mk_imx7d_board() {
	mkroot "$1" soc_id i.MX7D
	mk_static "$1" fsl,imx7d-rpmsg
	mk_virtio "$1" virtio0 platform/rpmsg
	mk_channel "$1" platform/rpmsg/virtio0 rpmsg-virtual-tty-channel-1 0x400 30
	mk_devnode "$1" ttyRPMSG30
}
