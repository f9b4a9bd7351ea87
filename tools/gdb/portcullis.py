"""gdb helpers for Portcullis: decode the kernel's structures from a
stopped machine.  Loaded by tools/gdbinit (`make gdb`), or by hand with
`source tools/gdb/portcullis.py` in a gdb holding build/kernel.elf.

    pc-gdt [CPU]     the GDT of a CPU, decoded as the processor decodes it
    pc-tss [CPU]     the TSS: rsp0, IST stacks, the I/O map base and what it
                     selects, the terminator bytes
    pc-tasks         the process table
    pc-iomap PID     a process's I/O bitmap: granted port ranges, max,
                     sequence, sharers

They read the kernel's own variables through the debug information (the
kernel is built with -g), so they work at any stop, even where the
kernel's monitor cannot run (interrupts off, a hung CPU, a triple fault
caught with -no-reboot -S).  They print the same facts as the monitor's
gdt/tss/tasks/iomap commands (docs/monitor.md), in the same words, so a
student can compare the two.
"""
import gdb


def _static(name, element):
    """The file-static array `name` whose elements are `struct element`
    (several files may have a static of the same name)."""
    for sym in gdb.lookup_static_symbols(name):
        t = sym.type.strip_typedefs()
        if t.code == gdb.TYPE_CODE_ARRAY and str(t.target().strip_typedefs()) == "struct " + element:
            return sym.value()
    raise gdb.GdbError("no static %s[] of struct %s: is build/kernel.elf loaded?" % (name, element))


def _cpu(arg):
    cpus = _static("cpus", "cpu")
    n = int(arg) if arg.strip() else 0
    count = cpus.type.range()[1] + 1
    if not 0 <= n < count:
        raise gdb.GdbError("CPU %d does not exist (0..%d)" % (n, count - 1))
    return n, cpus[n]


def _offsetof(struct, field):
    return int(gdb.parse_and_eval("(unsigned long)&((struct %s *)0)->%s" % (struct, field)))


def _bits(d, lo, n):
    return (d >> lo) & ((1 << n) - 1)


class Gdt(gdb.Command):
    """pc-gdt [CPU]: the GDT of a CPU, decoded."""

    def __init__(self):
        super().__init__("pc-gdt", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        n, cpu = _cpu(arg)
        gdt = cpu["gdt"]
        slots = gdt.type.range()[1] + 1
        print("GDT of CPU %d at 0x%x (%d slots)" % (n, int(gdt.address), slots))
        i = 0
        while i < slots:
            d = int(gdt[i]) & (2**64 - 1)
            sel = i * 8
            if not _bits(d, 47, 1):
                print("  0x%02x  %s" % (sel, "null" if d == 0 else "not present"))
            elif _bits(d, 44, 1):
                code = _bits(d, 43, 1)
                dpl = _bits(d, 45, 2)
                kind = ("64-bit" if _bits(d, 53, 1) else "32-bit") if code else \
                    ("writable" if _bits(d, 41, 1) else "read-only")
                print("  0x%02x  %s DPL %d  %s  (selector 0x%x)" % (sel, "code" if code else "data", dpl, kind,
                                                                   sel | dpl))
            elif _bits(d, 40, 4) in (0x9, 0xb) and i + 1 < slots:
                hi = int(gdt[i + 1]) & (2**64 - 1)
                base = _bits(d, 16, 24) | (_bits(d, 56, 8) << 24) | (hi << 32)
                limit = _bits(d, 0, 16) | (_bits(d, 48, 4) << 16)
                state = "busy: loaded by LTR" if _bits(d, 40, 4) == 0xb else "available"
                print("  0x%02x  TSS (%s) base 0x%016x limit 0x%x DPL %d" % (sel, state, base, limit,
                                                                         _bits(d, 45, 2)))
                i += 1
            else:
                print("  0x%02x  system descriptor type 0x%x" % (sel, _bits(d, 40, 4)))
            i += 1


class Tss(gdb.Command):
    """pc-tss [CPU]: a CPU's TSS and the I/O map base's meaning."""

    def __init__(self):
        super().__init__("pc-tss", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        n, cpu = _cpu(arg)
        tss = cpu["tss"].dereference()
        hw = tss["hw"]
        limit = _offsetof("cpu_tss", "io_all_end")
        own = _offsetof("cpu_tss", "io_map")
        every = _offsetof("cpu_tss", "io_all")
        print("TSS of CPU %d at 0x%x, limit 0x%x" % (n, int(tss.address), limit))
        print("  rsp0 0x%016x   (the stack ring 3 -> ring 0 switches to)" % int(hw["rsp"][0]))
        names = {1: "  (#DF)", 2: "  (NMI)", 3: "  (#MC)"}
        for i in range(1, 8):
            v = int(hw["ist"][i])
            if v:
                print("  ist%d 0x%016x%s" % (i, v, names.get(i, "")))
        base = int(hw["iomap_base"])
        if base > limit:
            meaning = "past the TSS limit: no map, every ring-3 IN/OUT faults"
        elif base == own:
            meaning = "io_map: the process's own ports"
        elif base == every:
            meaning = "io_all: every port allowed (iopl 3)"
        else:
            meaning = "NOT ONE OF OUR THREE VALUES: the TSS is corrupt"
        print("  I/O map base 0x%x: %s" % (base, meaning))
        print("  terminators: io_map_end 0x%02x, io_all_end 0x%02x (must be 0xff)" %
              (int(tss["io_map_end"]), int(tss["io_all_end"])))


def _procs():
    table = _static("table", "proc")
    for i in range(table.type.range()[1] + 1):
        p = table[i]
        if str(p["state"]) != "PROC_UNUSED":
            yield p


class Tasks(gdb.Command):
    """pc-tasks: the process table."""

    def __init__(self):
        super().__init__("pc-tasks", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        print("  pid  ppid state     uid  euid iopl bitmap name")
        for p in _procs():
            parent = p["parent"]
            ppid = int(parent.dereference()["pid"]) if int(parent) else 0
            state = str(p["state"]).replace("PROC_", "").lower()
            print(" %4d %5d %-9s %4d %5d %4d %-6s %s" % (
                int(p["pid"]), ppid, state, int(p["uid"]), int(p["euid"]), int(p["iopl"]),
                "yes" if int(p["io_bitmap"]) else "no", p["name"].string()))


class Iomap(gdb.Command):
    """pc-iomap PID: a process's I/O bitmap."""

    def __init__(self):
        super().__init__("pc-iomap", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip().isdigit():
            raise gdb.GdbError("usage: pc-iomap PID")
        pid = int(arg)
        procs = [p for p in _procs() if int(p["pid"]) == pid]
        if not procs:
            raise gdb.GdbError("no process %d (see pc-tasks)" % pid)
        p = procs[0]
        head = "pid %d (%s): iopl %d" % (pid, p["name"].string(), int(p["iopl"]))
        if not int(p["io_bitmap"]):
            print(head + ", no I/O bitmap: ioperm() was never called")
            return
        b = p["io_bitmap"].dereference()
        mx = int(b["max"])
        print(head + ", bitmap shared by %d, max %d bytes, sequence %d" % (int(b["refs"]), mx, int(b["sequence"])))
        # One read of the bytes that can hold a 0 bit: [0, max).
        raw = bytes(gdb.selected_inferior().read_memory(b["bits"].address, mx)) if mx else b""
        ranges, port = 0, 0
        while port < mx * 8:
            if raw[port // 8] >> (port % 8) & 1:
                port += 1
                continue
            last = port
            while last + 1 < mx * 8 and not raw[(last + 1) // 8] >> ((last + 1) % 8) & 1:
                last += 1
            print("  ports 0x%x-0x%x allowed (%d)" % (port, last, last - port + 1))
            ranges += 1
            port = last + 1
        if not ranges:
            print("  no port allowed")


Gdt()
Tss()
Tasks()
Iomap()
