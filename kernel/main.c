/*
 * main.c - kmain: from "64-bit mode with a stack" to a running kernel.
 *
 * The boot code (boot/entry64.asm) calls kmain with the multiboot2 magic
 * and the physical address of the multiboot2 information.  The order below
 * matters: the information is parsed before anything can print (the
 * command line says whether to use COM1), consoles come before anything
 * that may fail, and memory management comes before anything that
 * allocates.
 */
#include "arch/x86_64/platform.h"
#include "kernel/acpi.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/kernel_lock.h"
#include "kernel/console/fb_console.h"
#include "kernel/exec/exec.h"
#include "kernel/lib/string.h"
#include "kernel/io/iobitmap.h"
#include "kernel/mm/mm.h"
#include "kernel/monitor/monitor.h"
#include "kernel/lockup.h"
#include "kernel/multiboot2.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/selftest.h"
#include "kernel/version.h"

/* The early page tables map the first 1 GiB at PHYSMAP_BASE; the
 * information must lie there to be readable before mm_init. */
#define EARLY_PHYSMAP_LIMIT (1ull << 30)

/* What runs when the command line has no init=: the demo. */
#define DEMO_PROGRAMS "demo"

/* Static: big (module and memory map tables), and needed for good. */
static struct boot_info boot_info;

static void start_consoles(const struct boot_info *bi)
{
	if (!cmdline_has("noserial"))
		uart16550_init();
	if (bi->fb.type == MB2_FB_EGA_TEXT)
		vga_text_init(bi->fb.addr, bi->fb.width, bi->fb.height);
}

static int read_boot_info(uint64_t info_phys)
{
	if (info_phys == 0 || info_phys + 8 > EARLY_PHYSMAP_LIMIT)
		return MB2_ERR_TOO_SMALL;
	const uint32_t *header = phys_to_virt(info_phys);
	uint64_t size = header[0];
	if (info_phys + size > EARLY_PHYSMAP_LIMIT)
		return MB2_ERR_TRUNCATED;
	return mb2_parse(header, size, info_phys, &boot_info);
}

static void print_banner(void)
{
	char names[64];

	console_list(names, sizeof(names));
	printk("\nPortcullis %s - an x86-64 teaching microkernel\n",
	       PORTCULLIS_VERSION);
	printk("boot: loader \"%s\", consoles: %s\n",
	       boot_info.loader_name[0] ? boot_info.loader_name : "unknown",
	       names);
	printk("boot: command line \"%s\"\n", cmdline_raw());
	if (boot_info.fb.type == MB2_FB_NONE)
		printk("boot: no framebuffer information from the loader\n");
	else
		printk("boot: framebuffer type %d (%s) %ux%u, %u bpp at %lx\n",
		       boot_info.fb.type,
		       boot_info.fb.type == MB2_FB_EGA_TEXT ? "EGA text"
		       : boot_info.fb.type == MB2_FB_RGB    ? "RGB"
							    : "indexed",
		       boot_info.fb.width, boot_info.fb.height,
		       boot_info.fb.bpp, (unsigned long)boot_info.fb.addr);
}

/* A PC may have no PIT, or one the firmware gated off; arch_timer_init
 * then falls back to the local APIC timer.  When nothing ticks at all
 * there is no preemption and no sleep ever ends: say so plainly rather
 * than hang mysteriously later. */
static void start_timer(void)
{
	unsigned hz = (unsigned)cmdline_get_ulong("hz", 100);
	if (hz < 19 || hz > 10000) {
		printk("boot: hz=%u out of range 19..10000, using 100\n", hz);
		hz = 100;
	}
	const char *force = cmdline_get("timer");
	if (force && strcmp(force, "pit") != 0 && strcmp(force, "lapic") != 0) {
		printk("boot: timer=%s is neither pit nor lapic: ignored\n",
		       force);
		force = NULL;
	}
	if (arch_timer_init(hz, force))
		printk("boot: timer at %u Hz (%s)\n", arch_tick_hz(),
		       arch_tick_source());
	else
		printk(
		    "boot: THE TIMER DOES NOT TICK (no PIT, or it is gated, and no usable local APIC timer): no preemption, and sleeps will never end\n");
}

/* smp=N uses at most N CPUs, nosmp one.  After arch_user_mode_init: the
 * other CPUs copy the boot CPU's control registers and SYSCALL set-up. */
static void start_other_cpus(void)
{
	unsigned long want = cmdline_get_ulong("smp", ARCH_MAX_CPUS);
	if (cmdline_has("nosmp"))
		want = 1;
	if (want < 1 || want > ARCH_MAX_CPUS) {
		printk("boot: smp=%lu out of range 1..%u, using %u\n", want,
		       ARCH_MAX_CPUS, ARCH_MAX_CPUS);
		want = ARCH_MAX_CPUS;
	}
	if (want == 1)
		printk("smp: one CPU (%s)\n",
		       cmdline_has("nosmp") ? "nosmp" : "smp=1");
	else
		arch_smp_start(&boot_info, (unsigned)want);
}

void kmain(uint32_t magic, uint64_t info_phys)
{
	if (magic != MB2_BOOTLOADER_MAGIC) {
		/* entry32 already checks this; kept for a kmain reached any
		 * other way (a debugger, a future second loader). */
		uart16550_init();
		panic("bad multiboot2 magic %x", magic);
	}
	int err = read_boot_info(info_phys);
	if (err) {
		uart16550_init();
		panic("the multiboot2 information at %lx is unusable: %s",
		      (unsigned long)info_phys, mb2_strerror(err));
	}
	cmdline_parse(boot_info.cmdline);
	start_consoles(&boot_info);
	print_banner();

	arch_early_init();
	/* From here on this CPU runs kernel code, so it holds the kernel
	 * lock (kernel_lock.h) until its idle loop first halts. */
	kernel_lock_enter();
	mm_init(&boot_info);
	/* The framebuffer lies above the first GiB that the boot page tables
	 * map: it can be drawn on only now (its console replays the log). */
	if (boot_info.fb.type == MB2_FB_RGB) {
		const char *why = fb_console_init(&boot_info.fb);
		if (why)
			printk("console: framebuffer not used: %s\n", why);
	}

	acpi_init(&boot_info);
	start_timer();
	lockup_init();

	const char *test = cmdline_get("selftest");
	if (test)
		selftest_run(test); /* never returns */

	arch_user_mode_init();
	start_other_cpus();
	iobitmap_init();
	proc_init();
	programs_init(&boot_info);
	const char *init = cmdline_get("init");
	proc_start_init_programs(init && *init ? init : DEMO_PROGRAMS);
	if (monitor_enabled()) {
		/* The processes exist but none has run: a look at the
		 * starting state (tasks, tss, gdt) before `continue`. */
		struct monitor_entry entry = {"boot", NULL, true};
		monitor_run(&entry);
	}
	/* The other CPUs may enter the kernel now (kmain_ap). */
	arch_smp_release();
	/* From here on the boot stack belongs to the idle process. */
	sched_idle_loop();
}

/* Each other CPU, once released: it becomes a scheduling CPU with an
 * idle process of its own, its own TSS map state, and joins in. */
void kmain_ap(void *stack_top)
{
	kernel_lock_enter();
	proc_init_cpu(stack_top);
	iobitmap_cpu_init();
	sched_idle_loop();
}
