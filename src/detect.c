// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SoC detection. The kernel's soc bus names the part ("i.MX7D"); the
 * device tree's top-level compatible list names it too ("fsl,imx7d").
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "m4fw/detect.h"
#include "m4fw/log.h"
#include "m4fw/sysfile.h"

struct soc_name {
	const char *soc_id;	/* /sys/devices/soc0/soc_id */
	const char *compatible;	/* one entry of the DT root compatible */
	const char *soc;	/* soc_table name, or NULL: refused */
	const char *reason;	/* why a refused part is refused */
};

#define NOT_FROM_LINUX_7ULP \
	"its Cortex-M4 boots first and owns the SoC; Linux cannot hold or release it: build the firmware into the boot image, or let remoteproc attach to it"
#define NOT_FROM_LINUX_8ULP \
	"its Cortex-M33 boots first and owns the SoC; Linux cannot hold or release it: build the firmware into the boot image, or let remoteproc attach to it"
#define NOT_FROM_LINUX_93 \
	"its Cortex-M33 is started and stopped only by secure firmware (TF-A SiP calls); use the kernel's remoteproc (imx-rproc) or U-Boot's bootaux"
#define NOT_FROM_LINUX_8Q \
	"its Cortex-M4 cores are controlled by the SCU firmware; use the kernel's remoteproc (imx-rproc) or U-Boot's bootaux"
#define NOT_FROM_LINUX_95 \
	"its Cortex-M7 is controlled by the System Manager firmware; use the kernel's remoteproc (imx-rproc)"

static const struct soc_name names[] = {
	{ "i.MX6SX", "fsl,imx6sx", "imx6sx", NULL },
	{ "i.MX7D", "fsl,imx7d", "imx7d", NULL },
	/* i.MX7Solo: one A7 fewer, the same M4, SRC, CCM and memory map. */
	{ "i.MX7S", "fsl,imx7s", "imx7d", NULL },
	{ "i.MX8MQ", "fsl,imx8mq", "imx8mq", NULL },
	{ "i.MX8MM", "fsl,imx8mm", "imx8mm", NULL },
	{ "i.MX8MN", "fsl,imx8mn", "imx8mn", NULL },
	{ "i.MX8MP", "fsl,imx8mp", "imx8mp", NULL },
	{ "i.MX7ULP", "fsl,imx7ulp", NULL, NOT_FROM_LINUX_7ULP },
	{ "i.MX8ULP", "fsl,imx8ulp", NULL, NOT_FROM_LINUX_8ULP },
	{ "i.MX93", "fsl,imx93", NULL, NOT_FROM_LINUX_93 },
	{ "i.MX8QM", "fsl,imx8qm", NULL, NOT_FROM_LINUX_8Q },
	{ "i.MX8QXP", "fsl,imx8qxp", NULL, NOT_FROM_LINUX_8Q },
	{ "i.MX95", "fsl,imx95", NULL, NOT_FROM_LINUX_95 },
};

#define N_NAMES (sizeof(names) / sizeof(names[0]))

/*
 * Read a small file under @root; -errno, or the byte count. What is there
 * but cannot be read as a file (a FIFO, a directory, a loop, too long) is
 * said once, since detection then falls back to the next source.
 */
static ssize_t read_under(const char *root, const char *rel, char *buf,
			  size_t size)
{
	char path[4096];
	long n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	n = sysfile_read(path, buf, size);
	if (n < 0 && n != -ENOENT && n != -ENOTDIR)
		log_warn("cannot read %s: %s", path, sysfile_strerror(n));
	return n;
}

static enum detect_result found(const struct soc_name *n,
				struct detect_info *info)
{
	if (!n->soc) {
		info->reason = n->reason;
		return DETECT_REFUSED;
	}
	info->soc = soc_find(n->soc);
	return info->soc ? DETECT_FOUND : DETECT_UNKNOWN;
}

static bool by_soc_id(const char *root, struct detect_info *info,
		      enum detect_result *res)
{
	char buf[64];
	ssize_t n = read_under(root, "sys/devices/soc0/soc_id", buf,
			       sizeof(buf));

	if (n <= 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	if (!buf[0])
		return false;
	snprintf(info->name, sizeof(info->name), "%s", buf);
	snprintf(info->how, sizeof(info->how),
		 "soc_id '%s' in /sys/devices/soc0/soc_id", buf);
	for (size_t i = 0; i < N_NAMES; i++) {
		if (strcmp(names[i].soc_id, buf) == 0) {
			*res = found(&names[i], info);
			return true;
		}
	}
	*res = DETECT_UNKNOWN;
	return true;
}

/* The compatible property is a list of NUL-terminated strings. */
static bool by_compatible(const char *root, struct detect_info *info,
			  enum detect_result *res)
{
	char buf[1024];
	ssize_t n = read_under(root, "proc/device-tree/compatible", buf,
			       sizeof(buf));

	if (n <= 0)
		return false;
	for (ssize_t off = 0; off < n; off += (ssize_t)strlen(buf + off) + 1) {
		for (size_t i = 0; i < N_NAMES; i++) {
			if (strcmp(names[i].compatible, buf + off) != 0)
				continue;
			snprintf(info->name, sizeof(info->name), "%s",
				 names[i].soc_id);
			snprintf(info->how, sizeof(info->how),
				 "'%s' in /proc/device-tree/compatible",
				 buf + off);
			*res = found(&names[i], info);
			return true;
		}
	}
	snprintf(info->name, sizeof(info->name), "%.63s", buf);
	snprintf(info->how, sizeof(info->how),
		 "compatible '%.100s' in /proc/device-tree/compatible", buf);
	*res = DETECT_UNKNOWN;
	return true;
}

enum detect_result detect_by_name(const char *name, struct detect_info *info)
{
	memset(info, 0, sizeof(*info));
	snprintf(info->how, sizeof(info->how), "--soc %s", name);
	snprintf(info->name, sizeof(info->name), "%s", name);
	/* The --soc names are those of the compatibles, without "fsl,". */
	for (size_t i = 0; i < N_NAMES; i++) {
		if (strcmp(names[i].compatible + 4, name) != 0)
			continue;
		snprintf(info->name, sizeof(info->name), "%s",
			 names[i].soc_id);
		return found(&names[i], info);
	}
	return DETECT_UNKNOWN;
}

enum detect_result detect_soc(const char *root, struct detect_info *info)
{
	enum detect_result res = DETECT_NOTHING;

	memset(info, 0, sizeof(*info));
	/* soc_id first; an unknown soc_id may still have a known compatible. */
	if (by_soc_id(root, info, &res) && res != DETECT_UNKNOWN)
		return res;
	if (by_compatible(root, info, &res))
		return res;
	return res;
}
