/*
 * io_cpu.c - each CPU's side of the I/O bitmap: the hooks the scheduler
 * and the return to user mode call, the strategy, the counters and
 * iotrace.
 *
 * The mechanism itself is tss_map.h, the one writer of the TSS map; this
 * file decides which of its calls to make for a process (no I/O state,
 * iopl 3, a bitmap) and learns what happened from the return values: how
 * many bytes were copied, whether the base was invalidated.  The counters
 * and the trace are built from those alone, so they can never disagree
 * with what the mechanism did.
 */
#include "kernel/io/iobitmap.h"
#include "kernel/io/tss_map.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"

struct io_cpu {
	struct tss_map map;
	int last_out_pid;      /* iotrace: who ran before */
	bool decision_pending; /* iotrace: a switch happened since */
	struct pc_io_counters counters;
};

static struct io_cpu io_cpus[ARCH_MAX_CPUS];
static enum pc_iobitmap_strategy strategy = PC_IOBITMAP_SEQ;
static bool trace;
/* iocheck: verify the whole-map invariant after every copy (8 KiB read;
 * the tests turn it on, benchmarks leave it off). */
static bool full_check;

static const char *const strategy_names[PC_IOBITMAP_STRATEGIES] = {
    [PC_IOBITMAP_SEQ] = "seq",
    [PC_IOBITMAP_MAX] = "max",
    [PC_IOBITMAP_FULL] = "full",
};

static struct io_cpu *this_io_cpu(void)
{
	return &io_cpus[arch_cpu_id()];
}

void iobitmap_init(void)
{
	const char *s = cmdline_get("iobitmap");
	if (s) {
		bool known = false;
		for (int i = 0; i < PC_IOBITMAP_STRATEGIES; i++) {
			if (!strcmp(s, strategy_names[i])) {
				strategy = (enum pc_iobitmap_strategy)i;
				known = true;
			}
		}
		if (!known)
			printk(
			    "iobitmap: unknown strategy \"%s\" (seq, max or full): using seq\n",
			    s);
	}
	iobitmap_cpu_init(); /* the boot CPU's; the others do their own */
	trace = cmdline_has("iotrace");
	full_check = cmdline_has("iocheck");
	printk("iobitmap: strategy %s%s%s\n", strategy_names[strategy],
	       trace ? ", tracing" : "", full_check ? ", checking" : "");
}

void iobitmap_cpu_init(void)
{
	struct arch_io_map_ref ref;
	arch_io_map_ref(&ref);
	tss_map_init(&this_io_cpu()->map, &ref);
}

const char *iobitmap_strategy_name(enum pc_iobitmap_strategy s)
{
	return (unsigned)s < PC_IOBITMAP_STRATEGIES ? strategy_names[s] : "?";
}

enum pc_iobitmap_strategy iobitmap_strategy(void)
{
	return strategy;
}

void iobitmap_set_strategy(enum pc_iobitmap_strategy s)
{
	/* Every strategy keeps prev_sequence and prev_max exact, so a
	 * change needs no flush. */
	strategy = s;
}

bool iobitmap_counters(unsigned cpu, struct pc_io_counters *out)
{
	if (cpu >= ARCH_MAX_CPUS)
		return false;
	*out = io_cpus[cpu].counters;
	return true;
}

void iobitmap_reset_counters(unsigned cpu)
{
	if (cpu < ARCH_MAX_CPUS)
		memset(&io_cpus[cpu].counters, 0,
		       sizeof(io_cpus[cpu].counters));
}

static bool has_io_state(const struct proc *p)
{
	return p->io_bitmap || p->iopl == 3;
}

void iobitmap_switch_out(struct proc *prev, struct proc *next)
{
	struct io_cpu *c = this_io_cpu();

	c->counters.context_switches++;
	if (has_io_state(prev) || has_io_state(next))
		c->counters.io_switches++;
	/* Whatever prev could reach must not stay reachable while next runs
	 * (prev may have dropped its state since, or exited: the CPU is
	 * asked, not prev).  One store; the map itself stays. */
	if (tss_map_invalidate(&c->map))
		c->counters.invalidations++;
	if (trace) {
		c->last_out_pid = prev->pid;
		c->decision_pending = true;
	}
}

#if KDEBUG
/* The copied bytes past max were the bitmap's own: all 0xff if max is
 * right, so the invariant holds up to len; iocheck reads the rest. */
static void check_map(const struct tss_map *m, const struct io_bitmap *b,
		      unsigned len)
{
	for (unsigned i = b->max; i < len; i++)
		if (m->ref.map[i] != 0xff)
			panic(
			    "bitmap of sequence %lu has max %u, but byte %u is %x",
			    (unsigned long)b->sequence, b->max, i,
			    m->ref.map[i]);
	if (full_check && !io_bits_tail_denied(m->ref.map, m->prev_max))
		panic("TSS map byte at or past prev_max %u is not 0xff",
		      m->prev_max);
}
#endif

void iobitmap_return_to_user(struct proc *p)
{
	struct io_cpu *c = this_io_cpu();

	if (!has_io_state(p)) {
		/* Dropped its last port, or exited and left the map selected
		 * for whoever comes next: nothing may stay open. */
		if (tss_map_invalidate(&c->map))
			c->counters.invalidations++;
		return;
	}

	if (p->iopl == 3) {
		tss_map_select_all(&c->map);
		if (trace && c->decision_pending)
			printk("iotrace: cpu %u pid %d->%d iopl 3: map ALL\n",
			       arch_cpu_id(), c->last_out_pid, p->pid);
		c->decision_pending = false;
		return;
	}

	const struct io_bitmap *b = p->io_bitmap;
	uint64_t prev_sequence = c->map.prev_sequence;
	unsigned len = tss_map_load(&c->map, b, strategy);
	if (len) {
		c->counters.bitmap_copies++;
		c->counters.bytes_copied += len;
#if KDEBUG
		check_map(&c->map, b, len);
#endif
	} else {
		c->counters.copies_skipped++; /* this CPU held these bits */
	}

	if (trace) {
		if (c->decision_pending || len)
			printk(
			    "iotrace: cpu %u pid %d->%d prev_seq %lu seq %lu copied %u\n",
			    arch_cpu_id(), c->last_out_pid, p->pid,
			    (unsigned long)prev_sequence,
			    (unsigned long)b->sequence, len);
		c->decision_pending = false;
		c->last_out_pid = p->pid;
	}
}
