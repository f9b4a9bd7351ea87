/*
 * smp.c - starting the other CPUs (application processors).
 *
 * At power-on one CPU runs (the bootstrap processor, BSP); the others wait
 * for an INIT IPI followed by STARTUP IPIs, sent through the BSP's local
 * APIC to each one's APIC ID.  The MADT (kernel/acpi/madt.c) says which
 * APIC IDs exist.  The sequence (SDM vol. 3, "MP Initialization Example";
 * the MP specification's universal start-up algorithm):
 *
 *   INIT (assert, de-assert), wait 10 ms,
 *   STARTUP with vector V, wait 200 us, STARTUP again, wait 200 us,
 *
 * after which the AP executes real-mode code at physical V << 12.  QEMU
 * needs none of the delays; real machines do (the second STARTUP exists
 * because the first may be missed).  Our trampoline (smp_trampoline.asm)
 * takes the AP to 64-bit mode and to ap_main(), which gives it what the
 * boot CPU has: the same control registers and SYSCALL MSRs (copied), its
 * own GDT, TSS and IST stacks and GS base (cpu_init), the shared IDT, its
 * FPU set-up and its local APIC.
 *
 * Then the AP waits, interrupts off, until kmain has built the process
 * table and the scheduler (arch_smp_release), and enters the kernel
 * proper through kmain_ap(): from there on it schedules processes like
 * the boot CPU, taking the kernel lock (kernel/kernel_lock.h) for every
 * stay in the kernel.
 *
 * Where the trampoline goes: a page below 1 MiB (a STARTUP vector is a
 * page number below 0x100) that the memory map calls usable and that holds
 * neither the boot information nor a module; mm_init reserves all of the
 * first MiB, so no frame allocation can take it.  Three more pages after
 * it hold the trampoline's page tables (identity map of the first 2 MiB,
 * plus the kernel half), which must lie below 4 GiB as the 32-bit code
 * loads CR3: below 1 MiB they do.
 */
#include <stddef.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/platform.h"
#include "arch/x86_64/x86.h"
#include "kernel/acpi.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/multiboot2.h"

/* The blob in smp_trampoline.asm, copied to low memory. */
extern const uint8_t smp_trampoline_start[], smp_trampoline_end[];
extern const uint8_t smp_trampoline_params[], smp_trampoline_gdt[];
extern const uint8_t smp_trampoline_32[], smp_trampoline_64[];

/* Written by the BSP into the copy; read by the trampoline at fixed offsets
 * (the P_* equates of smp_trampoline.asm, asserted below). */
struct __attribute__((packed)) trampoline_params {
	uint32_t far32_offset;
	uint16_t far32_selector;
	uint16_t unused0;
	uint32_t far64_offset;
	uint16_t far64_selector;
	uint16_t gdt_limit; /* gdt_limit and gdt_base are LGDT's operand */
	uint32_t gdt_base;
	uint32_t cr3;
	uint32_t efer_bits;
	uint32_t unused1;
	uint64_t kernel_cr3;
	uint64_t stack_top;
	uint64_t entry;
	uint64_t cpu_id;
	volatile uint32_t started;
	uint32_t unused2;
};
_Static_assert(offsetof(struct trampoline_params, far64_offset) == 8,
	       "P_FAR64");
_Static_assert(offsetof(struct trampoline_params, gdt_limit) == 14, "P_GDTR");
_Static_assert(offsetof(struct trampoline_params, cr3) == 20, "P_CR3");
_Static_assert(offsetof(struct trampoline_params, efer_bits) == 24,
	       "P_EFER_BITS");
_Static_assert(offsetof(struct trampoline_params, kernel_cr3) == 32,
	       "P_KERNEL_CR3");
_Static_assert(offsetof(struct trampoline_params, stack_top) == 40,
	       "P_STACK_TOP");
_Static_assert(offsetof(struct trampoline_params, entry) == 48, "P_ENTRY");
_Static_assert(offsetof(struct trampoline_params, cpu_id) == 56, "P_CPU_ID");
_Static_assert(offsetof(struct trampoline_params, started) == 64, "P_STARTED");
_Static_assert(sizeof(struct trampoline_params) == 72, "the blob's params");

#define TRAMPOLINE_PAGES  4 /* code and data, PML4, PDPT, PD */
#define TRAMPOLINE_LOWEST 0x1000ull
#define TRAMPOLINE_LIMIT  0xa0000ull /* the EBDA and video memory follow */
#define TRAMPOLINE_SEL_32 0x18
#define TRAMPOLINE_SEL_64 0x08
#define AP_STACK_PAGES	  4
#define INIT_DELAY_NS	  10000000ull	/* 10 ms */
#define STARTUP_DELAY_NS  200000ull	/* 200 us */
#define STARTED_WAIT_NS	  100000000ull	/* the AP reached 64-bit mode */
#define ONLINE_WAIT_NS	  1000000000ull /* ... and finished ap_main */

/* The boot CPU's state that every AP copies (read just before starting). */
static struct {
	uint64_t cr0, cr4, efer, star, lstar, fmask;
} bsp_state;

static volatile bool cpu_online[ARCH_MAX_CPUS];
static unsigned online_count = 1;
static uint64_t ap_stack_top[ARCH_MAX_CPUS];
static volatile bool released;

static void delay_ns(uint64_t ns)
{
	uint64_t end = arch_monotonic_ns() + ns;
	while (arch_monotonic_ns() < end)
		pause();
}

static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

/* The first usable, unclaimed page run below 640 KiB, or 0. */
static uint64_t find_trampoline_page(const struct boot_info *bi)
{
	uint64_t size = TRAMPOLINE_PAGES * PAGE_SIZE;
	for (uint64_t base = TRAMPOLINE_LOWEST; base + size <= TRAMPOLINE_LIMIT;
	     base += PAGE_SIZE) {
		bool usable = false;
		for (int i = 0; i < bi->mmap_count; i++) {
			const struct mb2_mmap_entry *e = &bi->mmap[i];
			if (mb2_mem_usable(e->type) && e->base <= base &&
			    base + size <= e->base + e->length)
				usable = true;
		}
		if (!usable || overlaps(base, base + size, bi->info_phys,
					bi->info_phys + bi->info_size))
			continue;
		for (int i = 0; i < bi->module_count && usable; i++)
			if (overlaps(base, base + size, bi->modules[i].start,
				     bi->modules[i].end))
				usable = false;
		if (usable)
			return base;
	}
	return 0;
}

/* The trampoline's page tables: the kernel half of the kernel's PML4
 * (its entries never change: mm.h) plus a 2 MiB identity page at 0. */
static void build_trampoline_tables(uint64_t base)
{
	uint64_t *pml4 = phys_to_virt(base + PAGE_SIZE);
	uint64_t *pdpt = phys_to_virt(base + 2 * PAGE_SIZE);
	uint64_t *pd = phys_to_virt(base + 3 * PAGE_SIZE);
	const uint64_t *kernel = phys_to_virt(read_cr3() & ~0xfffull);

	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	memset(pd, 0, PAGE_SIZE);
	for (int i = 256; i < 512; i++)
		pml4[i] = kernel[i];
	pml4[0] = (base + 2 * PAGE_SIZE) | PTE_PRESENT | PTE_WRITE;
	pdpt[0] = (base + 3 * PAGE_SIZE) | PTE_PRESENT | PTE_WRITE;
	pd[0] = 0 | PTE_PRESENT | PTE_WRITE | PTE_LARGE;
}

void ap_main(uint64_t id, uint64_t kernel_cr3) __attribute__((noreturn));
void ap_main(uint64_t id, uint64_t kernel_cr3)
{
	/* Leave the trampoline's tables (and their identity map) first. */
	write_cr3(kernel_cr3);
	write_cr0(bsp_state.cr0);
	write_cr4(bsp_state.cr4);
	wrmsr(MSR_EFER, bsp_state.efer);
	cpu_init((unsigned)id);
	idt_load();
	wrmsr(MSR_STAR, bsp_state.star);
	wrmsr(MSR_LSTAR, bsp_state.lstar);
	wrmsr(MSR_FMASK, bsp_state.fmask);
	fpu_cpu_init();
	lapic_cpu_init();
	this_cpu()->apic_id = lapic_id();
	cpu_online[id] = true;
	while (!released) /* interrupts off: see the essay above */
		pause();
	kmain_ap((void *)ap_stack_top[id]);
}

void arch_smp_release(void)
{
	released = true;
}

bool arch_smp_released(void)
{
	return released;
}

/* Starts one AP; true when it reached the end of ap_main. */
static bool start_ap(uint64_t base, unsigned id, uint32_t apic_id)
{
	struct trampoline_params *tp = phys_to_virt(
	    base + (uint64_t)(smp_trampoline_params - smp_trampoline_start));
	void *stack = kstack_alloc(AP_STACK_PAGES);
	if (!stack) {
		printk("smp: no memory for CPU %u's stack\n", id);
		return false;
	}
	tp->stack_top = (uint64_t)stack;
	ap_stack_top[id] = (uint64_t)stack;
	tp->cpu_id = id;
	tp->started = 0;

	if (!lapic_send_init(apic_id))
		return false;
	delay_ns(INIT_DELAY_NS);
	for (int i = 0; i < 2 && !tp->started; i++) {
		if (!lapic_send_startup(apic_id, (uint8_t)(base >> 12)))
			return false;
		delay_ns(STARTUP_DELAY_NS);
	}
	uint64_t deadline = arch_monotonic_ns() + STARTED_WAIT_NS;
	while (!tp->started && arch_monotonic_ns() < deadline)
		pause();
	deadline = arch_monotonic_ns() + ONLINE_WAIT_NS;
	while (tp->started && !cpu_online[id] && arch_monotonic_ns() < deadline)
		pause();
	/* A CPU that never answered keeps its stack: it might still wake up
	 * later and run on it. */
	return cpu_online[id];
}

static void prepare_trampoline(uint64_t base)
{
	size_t size = (size_t)(smp_trampoline_end - smp_trampoline_start);
	uint8_t *page = phys_to_virt(base);
	memcpy(page, smp_trampoline_start, size);
	struct trampoline_params *tp =
	    (struct trampoline_params *)(page + (smp_trampoline_params -
						 smp_trampoline_start));
	tp->far32_offset = (uint32_t)(base + (uint64_t)(smp_trampoline_32 -
							smp_trampoline_start));
	tp->far32_selector = TRAMPOLINE_SEL_32;
	tp->far64_offset = (uint32_t)(base + (uint64_t)(smp_trampoline_64 -
							smp_trampoline_start));
	tp->far64_selector = TRAMPOLINE_SEL_64;
	tp->gdt_limit = 4 * 8 - 1;
	tp->gdt_base = (uint32_t)(base + (uint64_t)(smp_trampoline_gdt -
						    smp_trampoline_start));
	tp->cr3 = (uint32_t)(base + PAGE_SIZE);
	tp->efer_bits = (uint32_t)(bsp_state.efer & (EFER_LME | EFER_NXE));
	tp->kernel_cr3 = read_cr3();
	tp->entry = (uint64_t)ap_main;
	build_trampoline_tables(base);
}

unsigned arch_smp_start(const struct boot_info *bi, unsigned max_cpus)
{
	const struct acpi_info *acpi = acpi_get();
	const struct acpi_table_ref *ref =
	    acpi ? acpi_find(acpi, "APIC") : NULL;
	if (!ref) {
		printk("smp: no ACPI MADT: one CPU\n");
		return 1;
	}
	static struct acpi_madt madt;
	int err = acpi_madt_cpus(phys_to_virt(ref->phys), ref->length, &madt);
	if (err) {
		printk("smp: %s: one CPU\n", acpi_strerror(err));
		return 1;
	}
	if (!lapic_cpu_init()) {
		printk("smp: no local APIC in xAPIC mode: one CPU\n");
		return 1;
	}
	uint32_t self = lapic_id();
	this_cpu()->apic_id = self;
	printk(
	    "smp: the MADT lists %d CPU%s (%d disabled), the boot CPU is APIC id %u; using at most %u\n",
	    madt.cpu_count, madt.cpu_count == 1 ? "" : "s", madt.cpus_disabled,
	    self, max_cpus);

	uint64_t base = find_trampoline_page(bi);
	if (!base) {
		printk(
		    "smp: no free page below 640 KiB for the trampoline: one CPU\n");
		return 1;
	}
	bsp_state.cr0 = read_cr0();
	bsp_state.cr4 = read_cr4();
	bsp_state.efer = rdmsr(MSR_EFER);
	bsp_state.star = rdmsr(MSR_STAR);
	bsp_state.lstar = rdmsr(MSR_LSTAR);
	bsp_state.fmask = rdmsr(MSR_FMASK);
	prepare_trampoline(base);

	/* smp_try_apic=ID: one more APIC ID to start, as if the MADT listed
	 * it - how a CPU that does not answer is reported (the tests use an
	 * ID no CPU has). */
	unsigned long extra = cmdline_get_ulong("smp_try_apic", ~0ul);
	if (extra <= 0xfe && madt.cpu_count < ACPI_MAX_CPUS)
		madt.cpus[madt.cpu_count++].apic_id = (uint32_t)extra;

	cpu_online[0] = true;
	for (int i = 0; i < madt.cpu_count; i++) {
		uint32_t apic_id = madt.cpus[i].apic_id;
		if (apic_id == self)
			continue;
		if (online_count >= max_cpus || online_count >= ARCH_MAX_CPUS) {
			printk(
			    "smp: APIC id %u not started (limit of %u CPUs)\n",
			    apic_id,
			    max_cpus < ARCH_MAX_CPUS ? max_cpus
						     : ARCH_MAX_CPUS);
			continue;
		}
		if (apic_id > 0xfe) {
			printk(
			    "smp: APIC id %u needs x2APIC mode: not started\n",
			    apic_id);
			continue;
		}
		unsigned id = online_count;
		if (start_ap(base, id, apic_id)) {
			printk("smp: CPU %u (APIC id %u) is up\n", id, apic_id);
			online_count++;
		} else {
			printk(
			    "smp: CPU %u (APIC id %u) DID NOT ANSWER the startup IPIs: not used\n",
			    id, apic_id);
		}
	}
	printk("smp: %u CPU%s online, each with its own run queue\n",
	       online_count, online_count == 1 ? "" : "s");
	return online_count;
}

unsigned arch_cpus_online(void)
{
	return online_count;
}
