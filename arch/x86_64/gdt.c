/*
 * gdt.c - per-CPU GDT, TSS and GS base.
 *
 * In long mode segmentation is almost gone: base and limit are ignored for
 * CS/DS/ES/SS, and what remains is the privilege level (DPL) in the code
 * and data descriptors, the L bit that makes a code segment 64-bit, and the
 * TSS descriptor.  Each CPU needs its own GDT because each needs its own
 * TSS descriptor: LTR marks the descriptor busy, and loading a busy TSS
 * faults, so two CPUs can never share one.  The selector layout, forced by
 * SYSCALL/SYSRET, is explained in cpu.h.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86.h"
#include "kernel/lib/string.h"

/* Descriptor bits (Intel SDM vol. 3, "Segment Descriptors"). */
#define DESC_ACCESSED  (1ull << 40)
#define DESC_RW	       (1ull << 41) /* data: writable; code: readable */
#define DESC_CODE      (1ull << 43)
#define DESC_S	       (1ull << 44) /* code/data (not a system descriptor) */
#define DESC_DPL(n)    ((uint64_t)(n) << 45)
#define DESC_P	       (1ull << 47)
#define DESC_L	       (1ull << 53) /* 64-bit code segment */
#define DESC_G	       (1ull << 55)
#define DESC_LIMIT_MAX (0xffffull | (0xfull << 48))

#define CODE64(dpl)                                                       \
	(DESC_P | DESC_S | DESC_CODE | DESC_RW | DESC_ACCESSED | DESC_L | \
	 DESC_G | DESC_LIMIT_MAX | DESC_DPL(dpl))
#define DATA(dpl)                                                              \
	(DESC_P | DESC_S | DESC_RW | DESC_ACCESSED | DESC_G | DESC_LIMIT_MAX | \
	 DESC_DPL(dpl) | (1ull << 54) /* D/B: 32-bit */)

#define TSS_TYPE_AVAILABLE 0x9ull /* becomes 0xb (busy) after LTR */

static struct cpu cpus[ARCH_MAX_CPUS];
static struct cpu_tss tss_storage[ARCH_MAX_CPUS];
static uint8_t ist_stacks[ARCH_MAX_CPUS][3][IST_STACK_SIZE]
    __attribute__((aligned(16)));

static void set_tss_descriptor(uint64_t *gdt, const struct cpu_tss *tss)
{
	/* LAB 1: BEGIN SOLUTION */
	uint64_t base = (uint64_t)tss;
	uint64_t limit = TSS_LIMIT;

	gdt[SEL_TSS / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			   (TSS_TYPE_AVAILABLE << 40) | DESC_P |
			   (((limit >> 16) & 0xf) << 48) |
			   (((base >> 24) & 0xff) << 56);
	gdt[SEL_TSS / 8 + 1] = base >> 32;
	/* LAB 1: END SOLUTION */
	/* LAB 1: HINT
	 * A 16-byte system descriptor for the TSS at `tss`, in GDT slots
	 * SEL_TSS / 8 and SEL_TSS / 8 + 1: limit TSS_LIMIT (tss.h), the
	 * 64-bit base split over both slots, type TSS_TYPE_AVAILABLE,
	 * present, DPL 0, byte granularity (Intel SDM vol. 3, "TSS
	 * Descriptor in 64-bit mode").  Until then LTR faults.
	 * LAB 1: CODE
	 *	(void)tss;
	 *	gdt[SEL_TSS / 8] = 0;
	 *	gdt[SEL_TSS / 8 + 1] = 0;
	 * LAB 1: END HINT */
}

/* Implemented in arch/x86_64/segments.asm: reload CS with a far return and
 * the data segment registers, after lgdt. */
void reload_segments(uint16_t code, uint16_t data);

void cpu_init(unsigned id)
{
	struct cpu *cpu = &cpus[id];
	uint64_t ist_tops[8] = {0};

	memset(cpu, 0, sizeof(*cpu));
	cpu->self = cpu;
	cpu->id = id;
	cpu->tss = &tss_storage[id];

	cpu->gdt[0] = 0;
	cpu->gdt[SEL_KERNEL_CODE / 8] = CODE64(0);
	cpu->gdt[SEL_KERNEL_DATA / 8] = DATA(0);
	cpu->gdt[SEL_USER32_CODE / 8] = 0;
	cpu->gdt[(SEL_USER_DATA & ~3) / 8] = DATA(3);
	cpu->gdt[(SEL_USER_CODE & ~3) / 8] = CODE64(3);
	set_tss_descriptor(cpu->gdt, cpu->tss);

	/* IST stacks grow down: the CPU gets the address just past each. */
	ist_tops[IST_DOUBLE_FAULT] =
	    (uint64_t)ist_stacks[id][0] + IST_STACK_SIZE;
	ist_tops[IST_NMI] = (uint64_t)ist_stacks[id][1] + IST_STACK_SIZE;
	ist_tops[IST_MACHINE_CHECK] =
	    (uint64_t)ist_stacks[id][2] + IST_STACK_SIZE;
	tss_init(cpu->tss, ist_tops);

	struct descriptor_pointer gdtr = {
	    .limit = sizeof(cpu->gdt) - 1,
	    .base = (uint64_t)cpu->gdt,
	};
	lgdt(&gdtr);
	reload_segments(SEL_KERNEL_CODE, SEL_KERNEL_DATA);
	ltr(SEL_TSS);

	/* GS base -> struct cpu.  KERNEL_GS_BASE holds the user's GS base
	 * while in the kernel; SWAPGS exchanges the two on ring changes. */
	wrmsr(MSR_GS_BASE, (uint64_t)cpu);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

struct cpu *cpu_by_id(unsigned id)
{
	return id < ARCH_MAX_CPUS ? &cpus[id] : 0;
}
