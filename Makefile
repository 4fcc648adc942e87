# SPDX-License-Identifier: GPL-2.0-or-later
#
# m4fwloader: plain GNU make.
#   make                       build ./m4fwloader (needs libelf only)
#   make check                 unit tests (cmocka) + CLI tests (needs arm-none-eabi-gcc)
#   make check SANITIZE=1      the same under ASan + UBSan
#   make install DESTDIR=... PREFIX=/usr
#   make CROSS_COMPILE=arm-linux-gnueabihf-   cross build
#   make STATIC=1 O=build/static   a static build/static/m4fwloader (needs
#                              libelf.a and libz.a): no dynamic loader at start
#   make LIBELF_STATIC=0       libelf and zlib shared even where their static
#                              archives are installed (see below)
# CC, CFLAGS, CPPFLAGS, LDFLAGS and PKG_CONFIG are honoured; the flags the
# code needs to be correct are kept in M4FW_* variables that CFLAGS cannot drop.

VERSION := 0.1.0

ifeq ($(origin CC),default)
CC = $(CROSS_COMPILE)gcc
endif
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WERROR ?= 1
SANITIZE ?= 0
STATIC ?= 0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
INSTALL ?= install

O ?= build
# The default build leaves the tool at ./m4fwloader; other build
# directories (O=build/clang, ...) keep theirs inside.
BIN := $(if $(filter build,$(O)),m4fwloader,$(O)/m4fwloader)

LIBELF_CFLAGS := $(shell $(PKG_CONFIG) --cflags libelf 2>/dev/null)
LIBELF_LIBS := $(shell $(PKG_CONFIG) --libs libelf 2>/dev/null || echo -lelf)
ifeq ($(STATIC),1)
LIBELF_LIBS := $(shell $(PKG_CONFIG) --static --libs libelf 2>/dev/null || \
		 echo -lelf -lz)
M4FW_LDFLAGS += -static
endif

# LIBELF_STATIC=auto (the default): where the static archive of libelf and
# of every library it needs (zlib) is installed, they are linked in and
# only libc stays shared. Loading two more shared objects at every start
# costs about 12 page faults and 30 k instructions, some 6 % of a small
# load's wall time (README, Performance); the cost is a rebuild to pick up
# a fixed libelf. Cross builds link everything statically anyway.
LIBELF_STATIC ?= auto
ifeq ($(STATIC)$(CROSS_COMPILE)$(M4FW_CROSS_ARCH),0)
ifneq ($(LIBELF_STATIC),0)
LIBELF_STATIC_LIBS := $(shell $(PKG_CONFIG) --static --libs-only-l libelf \
			2>/dev/null)
LIBELF_ARCHIVES := $(foreach l,$(LIBELF_STATIC_LIBS:-l%=%),\
		     $(shell $(CC) $(CFLAGS) -print-file-name=lib$(l).a))
ifneq ($(LIBELF_STATIC_LIBS),)
ifeq ($(filter-out /%,$(LIBELF_ARCHIVES)),)
LIBELF_LIBS := $(shell $(PKG_CONFIG) --static --libs-only-L libelf) \
	       -Wl,-Bstatic $(LIBELF_STATIC_LIBS) -Wl,-Bdynamic
endif
endif
endif
endif

# -D_FILE_OFFSET_BITS=64: on 32-bit ARM a 32-bit off_t cannot reach DDR
# at 0x80000000 (mem_devmem.c refuses to compile without it).
M4FW_CPPFLAGS := -Iinclude -D_FILE_OFFSET_BITS=64 -D_GNU_SOURCE \
		 -DM4FW_VERSION='"$(VERSION)"' $(LIBELF_CFLAGS)
M4FW_CFLAGS := -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	       -Wmissing-prototypes -Wformat=2 -MMD -MP
ifeq ($(WERROR),1)
M4FW_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
M4FW_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer \
	       -fno-sanitize-recover=all
M4FW_LDFLAGS += -fsanitize=address,undefined
endif

ALL_CPPFLAGS = $(M4FW_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS = $(M4FW_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(M4FW_LDFLAGS) $(LDFLAGS)

# Everything but main.c is also linked into the unit tests.
LIB_SRCS := src/log.c src/soc.c src/soc_imx6sx.c src/soc_imx7d.c \
	    src/soc_imx8m.c src/image.c src/image_elf.c src/image_bin.c \
	    src/iocopy.c src/mem_devmem.c src/iomem.c src/plan.c \
	    src/plan_load.c src/exec.c src/detect.c src/remoteproc.c \
	    src/lock.c src/core_state.c src/inspect.c src/rproc_sysfs.c \
	    src/rproc_log.c src/rproc_firmware.c src/rproc_backend.c \
	    src/rsc_table.c src/rsc_report.c src/json.c src/rootfs.c \
	    src/rpmsg.c src/rpmsg_report.c src/rpmsg_confirm.c src/watch.c \
	    src/watch_loop.c src/devtree.c src/sysfile.c
CLI_SRCS := src/cli.c src/cli_args.c src/backend_devmem.c src/devmem_load.c \
	    src/devmem_control.c src/devmem_status.c src/backend_rproc.c \
	    src/commands.c src/cmd_inspect.c src/cmd_dump.c src/cmd_kick.c \
	    src/rpmsg_cli.c src/cmd_watch.c \
	    src/process.c src/main.c

LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(O)/%.o)

.PHONY: all clean check install uninstall
all: $(BIN)

$(BIN): $(LIB_OBJS) $(CLI_OBJS)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBELF_LIBS) $(LDLIBS)

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

-include $(wildcard $(O)/src/*.d $(O)/tests/*/*.d)

include tests/tests.mk
-include mk/cross.mk
-include mk/fuzz.mk
-include mk/e2e.mk
-include bench/bench.mk
-include mk/mutate.mk

install: $(BIN)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/m4fwloader
	$(INSTALL) -m 0644 m4fwloader.1 $(DESTDIR)$(MANDIR)/man1/m4fwloader.1
	$(INSTALL) -m 0644 completion/m4fwloader.bash \
		$(DESTDIR)$(BASHCOMPDIR)/m4fwloader
	$(INSTALL) -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/m4fwloader@.service.in \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/m4fwloader@.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/m4fwloader@.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/m4fwloader \
	      $(DESTDIR)$(MANDIR)/man1/m4fwloader.1 \
	      $(DESTDIR)$(BASHCOMPDIR)/m4fwloader \
	      $(DESTDIR)$(SYSTEMDUNITDIR)/m4fwloader@.service

clean:
	rm -rf $(O) m4fwloader
