#!/usr/bin/env bash
# Rebuilds every guest in images/ with the AArch64 cross compiler (npm run images).
# Output is reproducible: same sources, same bytes.
set -euo pipefail
cd "$(dirname "$0")"
CC=${CC:-aarch64-linux-gnu-gcc}
OBJCOPY=${OBJCOPY:-aarch64-linux-gnu-objcopy}
if ! command -v "$CC" >/dev/null; then
  echo "images: $CC not found; install it with: apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu" >&2
  exit 2
fi
CFLAGS="-O2 -ffreestanding -nostdlib -nostartfiles -static -fno-pic -fno-pie -no-pie -mgeneral-regs-only \
  -fno-stack-protector -fno-asynchronous-unwind-tables -ffile-prefix-map=$PWD=. -Icommon -Wall -Wextra -Werror \
  -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,common/linker.ld"

build() { # name, output bin, extra common sources
  local name=$1 bin=$2
  shift 2
  "$CC" $CFLAGS -o "$name/$name.elf" common/start.S common/uart.c "$@" "$name/main.c"
  "$OBJCOPY" -O binary "$name/$name.elf" "$bin"
  echo "built $name/$name.elf and $bin ($(stat -c %s "$bin") bytes)"
}

build hello output.bin
build loop loop/loop.bin
build hypercall hypercall/hypercall.bin
build timer timer/timer.bin common/vectors.S common/gic.c
build exceptions exceptions/exceptions.bin common/vectors.S common/mmu.c
build mmu mmu/mmu.bin common/mmu.c
build wild wild/wild.bin
build snapshot snapshot/snapshot.bin
build echo echo/echo.bin common/vectors.S common/gic.c
CFLAGS="$CFLAGS -g" build gdb-target gdb-target/gdb-target.bin # debug info for test/debug
build timer-gicv3 timer-gicv3/timer-gicv3.bin common/vectors.S common/gicv3.c
build board-probe board-probe/board-probe.bin common/vectors.S
build edges edges/edges.bin common/vectors.S common/gic.c
build uart-flood uart-flood/uart-flood.bin
for b in crc32 matmul qsort sha256 sieve memcpy ptrchase hvc mmio; do build bench-$b bench-$b/bench-$b.bin; done
for h in print hypercall cpu-on checkpoint; do build hostile-$h hostile-$h/hostile-$h.bin; done
build hostile-vbar0 hostile-vbar0/hostile-vbar0.bin common/mmu.c
