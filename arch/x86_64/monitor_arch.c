/*
 * monitor_arch.c - the monitor's x86 commands: gdt, idt, tss, backtrace.
 *
 * Everything here is read back from the CPU, not from our own variables:
 * SGDT, SIDT and STR say which tables the processor actually uses, and the
 * descriptors are decoded from those bytes as the processor would decode
 * them (Intel SDM vol. 3, "Segment Descriptors", "64-Bit Mode IDT" and
 * "Task Management in 64-bit Mode").  A student who built a descriptor
 * wrong sees what the CPU sees, not what the code meant.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/console.h"
#include "kernel/ksym.h"

#define DESC_TYPE(d)   (((d) >> 40) & 0xf)
#define DESC_S(d)      (((d) >> 44) & 1) /* 1: code/data, 0: system */
#define DESC_DPL(d)    (((d) >> 45) & 3)
#define DESC_P(d)      (((d) >> 47) & 1)
#define DESC_L(d)      (((d) >> 53) & 1)
#define DESC_G(d)      (((d) >> 55) & 1)
#define DESC_LIMIT(d)  (((d)&0xffff) | (((d) >> 32) & 0xf0000))
#define DESC_BASE32(d) ((((d) >> 16) & 0xffffff) | ((((d) >> 56) & 0xff) << 24))

/* A 64-bit system descriptor (TSS, LDT) takes two slots: the second holds
 * bits 63:32 of the base. */
static uint64_t system_base(const uint64_t *slot)
{
	return DESC_BASE32(slot[0]) | (slot[1] << 32);
}

static uint64_t byte_limit(uint64_t d)
{
	uint64_t limit = DESC_LIMIT(d);
	return DESC_G(d) ? (limit << 12) | 0xfff : limit;
}

void arch_monitor_gdt(void)
{
	struct descriptor_pointer gdtr;
	sgdt(&gdtr);
	const uint64_t *gdt = (const uint64_t *)gdtr.base;
	unsigned slots = (gdtr.limit + 1u) / 8;

	printk("GDT at %p, limit 0x%x (%u slots); TR=0x%x\n", (void *)gdtr.base,
	       gdtr.limit, slots, str());
	for (unsigned i = 0; i < slots; i++) {
		uint64_t d = gdt[i];
		unsigned sel = i * 8;
		if (!DESC_P(d)) {
			printk("  0x%02x  %s\n", sel,
			       d ? "not present" : "null");
			continue;
		}
		if (DESC_S(d)) {
			bool code = DESC_TYPE(d) & 8;
			printk("  0x%02x  %s DPL %lu  %s%s  (selector 0x%x)\n",
			       sel, code ? "code" : "data", DESC_DPL(d),
			       code ? (DESC_L(d) ? "64-bit" : "32-bit")
				    : (DESC_TYPE(d) & 2 ? "writable"
							: "read-only"),
			       code && (DESC_TYPE(d) & 4) ? " conforming" : "",
			       sel | (unsigned)DESC_DPL(d));
			continue;
		}
		unsigned type = (unsigned)DESC_TYPE(d);
		if ((type == 0x9 || type == 0xb) && i + 1 < slots) {
			printk(
			    "  0x%02x  TSS (%s) base %p limit 0x%lx DPL %lu  (16 bytes: 0x%02x and 0x%02x)\n",
			    sel,
			    type == 0xb ? "busy: loaded by LTR" : "available",
			    (void *)system_base(&gdt[i]), byte_limit(d),
			    DESC_DPL(d), sel, sel + 8);
			i++;
			continue;
		}
		printk("  0x%02x  system descriptor type 0x%x\n", sel, type);
	}
}

static const char *gate_type_name(unsigned type)
{
	switch (type) {
	case 0xe:
		return "interrupt gate (IF cleared)";
	case 0xf:
		return "trap gate (IF kept)";
	default:
		return "INVALID TYPE";
	}
}

void arch_monitor_idt(void)
{
	struct descriptor_pointer idtr;
	sidt(&idtr);
	const uint64_t *idt = (const uint64_t *)idtr.base;
	unsigned gates = (idtr.limit + 1u) / 16;

	printk("IDT at %p, limit 0x%x (%u gates); present gates:\n",
	       (void *)idtr.base, idtr.limit, gates);
	for (unsigned v = 0; v < gates; v++) {
		uint64_t lo = idt[2 * v], hi = idt[2 * v + 1];
		if (!DESC_P(lo))
			continue;
		uint64_t handler =
		    (lo & 0xffff) | ((lo >> 32) & 0xffff0000) | (hi << 32);
		uint64_t offset = 0;
		const char *sym = ksym_lookup(handler, &offset);
		printk(
		    "  %3u %-24s -> %s+0x%lx  sel 0x%lx DPL %lu IST %lu %s\n",
		    v, trap_name(v), sym ? sym : "?", offset,
		    (lo >> 16) & 0xffff, DESC_DPL(lo), (lo >> 32) & 7,
		    gate_type_name((unsigned)DESC_TYPE(lo)));
	}
}

static const char *iomap_meaning(const struct cpu_tss *tss, uint64_t limit)
{
	uint16_t base = tss->hw.iomap_base;
	if (base > limit)
		return "past the TSS limit: no map, every ring-3 IN/OUT faults";
	if (base == IOMAP_OFFSET_MAP)
		return "io_map: the process's own ports";
	if (base == IOMAP_OFFSET_ALL)
		return "io_all: every port allowed (iopl 3)";
	return "NOT ONE OF OUR THREE VALUES: the TSS is corrupt";
}

void arch_monitor_tss(void)
{
	struct descriptor_pointer gdtr;
	sgdt(&gdtr);
	uint16_t tr = str();
	const uint64_t *slot = (const uint64_t *)gdtr.base + tr / 8;
	if (tr == 0 || tr / 8u + 1 >= (gdtr.limit + 1u) / 8) {
		printk("TR is 0x%x: no TSS loaded\n", tr);
		return;
	}
	const struct cpu_tss *tss = (const struct cpu_tss *)system_base(slot);
	uint64_t limit = byte_limit(slot[0]);

	printk("TSS of CPU %u (TR 0x%x) at %p, limit 0x%lx\n", arch_cpu_id(),
	       tr, (void *)tss, limit);
	printk("  rsp0 %p   (the stack ring 3 -> ring 0 switches to)\n",
	       (void *)tss->hw.rsp[0]);
	printk("  rsp1 %p  rsp2 %p  (unused: no rings 1 and 2)\n",
	       (void *)tss->hw.rsp[1], (void *)tss->hw.rsp[2]);
	for (unsigned i = 1; i < 8; i++)
		if (tss->hw.ist[i])
			printk("  ist%u %p%s\n", i, (void *)tss->hw.ist[i],
			       i == IST_DOUBLE_FAULT	? "  (#DF)"
			       : i == IST_NMI		? "  (NMI)"
			       : i == IST_MACHINE_CHECK ? "  (#MC)"
							: "");
	printk("  I/O map base 0x%x: %s\n", tss->hw.iomap_base,
	       iomap_meaning(tss, limit));
	printk(
	    "  terminators: io_map_end 0x%02x, io_all_end 0x%02x (must be 0xff)\n",
	    tss->io_map_end, tss->io_all_end);
}

void arch_monitor_backtrace(struct trap_frame *tf)
{
	if (!tf) {
		arch_backtrace_here();
		return;
	}
	if ((tf->cs & 3) == 3) {
		printk(
		    "interrupted ring 3 at rip %p (rsp %p): no kernel frames below the trap\n",
		    (void *)tf->rip, (void *)tf->rsp);
		return;
	}
	backtrace_from(tf->rip, tf->rbp);
}
