/*
 * io_cpu.c - each CPU's side of the I/O bitmap: the hooks the scheduler
 * and the return to user mode call, the strategy (with iobitmap=fault's
 * #GP hook, lab 5), the counters, and what iotrace is told
 * (kernel/io/io_trace.c prints and keeps it).
 *
 * The mechanism itself is tss_map.h, the one writer of the TSS map; this
 * file decides which of its calls to make for a process (no I/O state,
 * iopl 3, a bitmap) and learns what happened from the return values: how
 * many bytes were copied, whether the base was invalidated.  The counters
 * and the trace are built from those alone, so they can never disagree
 * with what the mechanism did.
 */
#include "kernel/io/iobitmap.h"
#include "kernel/io/io_trace.h"
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
	/* LAB 4: INTERMEDIATE
	 * The posted design: set when ioperm() has just loaded the
	 * current process's bits into the map.
	 * LAB 4: CODE
	 *	bool ioperm_loaded;
	 * LAB 4: END INTERMEDIATE */
};

static struct io_cpu io_cpus[ARCH_MAX_CPUS];
static enum pc_iobitmap_strategy strategy = PC_IOBITMAP_SEQ;
/* iocheck: verify the whole-map invariant after every copy (8 KiB read;
 * the tests turn it on, benchmarks leave it off). */
static bool full_check;

static const char *const strategy_names[PC_IOBITMAP_STRATEGIES] = {
    [PC_IOBITMAP_SEQ] = "seq",
    [PC_IOBITMAP_MAX] = "max",
    [PC_IOBITMAP_FULL] = "full",
    [PC_IOBITMAP_FAULT] = "fault",
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
			    "iobitmap: unknown strategy \"%s\" (seq, max, full or fault): using seq\n",
			    s);
	}
	iobitmap_cpu_init(); /* the boot CPU's; the others do their own */
	iotrace_on = cmdline_has("iotrace");
	full_check = cmdline_has("iocheck");
	printk("iobitmap: strategy %s%s%s\n", strategy_names[strategy],
	       iotrace_on ? ", tracing" : "", full_check ? ", checking" : "");
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

bool iobitmap_cpu_holds(unsigned cpu, const struct io_bitmap *b,
			uint64_t *prev_sequence, bool *selected)
{
	if (cpu >= ARCH_MAX_CPUS)
		return false;
	const struct tss_map *m = &io_cpus[cpu].map;
	*prev_sequence = m->prev_sequence;
	*selected = m->selected == ARCH_IO_MAP_OWN;
	return b && m->prev_sequence == b->sequence;
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

/* One iotrace record: c->last_out_pid ran before, next_pid runs now. */
static void note(struct io_cpu *c, enum iotrace_kind kind, int next_pid,
		 uint64_t prev_sequence, uint64_t sequence, unsigned bytes)
{
	struct iotrace_event e = {
	    .kind = kind,
	    .cpu = arch_cpu_id(),
	    .prev_pid = c->last_out_pid,
	    .next_pid = next_pid,
	    .prev_sequence = prev_sequence,
	    .sequence = sequence,
	    .bytes = bytes,
	};
	iotrace_record(&e);
}

/* Nothing may stay reachable (base NONE): counted and traced when the
 * base really moved. */
static void invalidate(struct io_cpu *c, int next_pid)
{
	if (!tss_map_invalidate(&c->map))
		return;
	c->counters.invalidations++;
	if (iotrace_on)
		note(c, IOTRACE_INVALIDATE, next_pid, 0, 0, 0);
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
	if (iotrace_on) {
		c->last_out_pid = prev->pid;
		c->decision_pending = true;
	}
	invalidate(c, next->pid);
	/* LAB 4: INTERMEDIATE
	 * LAB 4: CODE
	 *	c->ioperm_loaded = false;
	 * LAB 4: END INTERMEDIATE */
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

/* Makes the map p's bitmap's under strategy s, and counts and traces
 * what tss_map_load() did.  Inline: it is the return to user mode's hot
 * path (make bench, docs/performance.md). */
static inline __attribute__((always_inline)) void
load(struct io_cpu *c, struct proc *p, enum pc_iobitmap_strategy s)
{
	const struct io_bitmap *b = p->io_bitmap;
	uint64_t prev_sequence = c->map.prev_sequence;
	unsigned len = tss_map_load(&c->map, b, s);
	if (len) {
		c->counters.bitmap_copies++;
		c->counters.bytes_copied += len;
#if KDEBUG
		check_map(&c->map, b, len);
#endif
	} else {
		c->counters.copies_skipped++; /* this CPU held these bits */
	}

	if (iotrace_on) {
		if (c->decision_pending || len)
			note(c, len ? IOTRACE_COPY : IOTRACE_SKIP, p->pid,
			     prev_sequence, b->sequence, len);
		c->decision_pending = false;
		c->last_out_pid = p->pid;
	}
}

/*
 * iobitmap=fault, Fiasco.OC's copy on first fault: the return to user
 * mode copies nothing.  A process whose bits this CPU already holds gets
 * its map back (a compare, as under seq); any other leaves the base past
 * the limit, so its first IN or OUT raises #GP, and
 * iobitmap_first_fault() copies then and has the instruction retried.  A
 * process that holds ports but does not touch them after a switch never
 * pays for a copy; one that does pays a fault on top of the copy.
 */
static void defer_to_first_fault(struct io_cpu *c, struct proc *p)
{
	/* LAB 5: BEGIN SOLUTION */
	if (c->map.prev_sequence == p->io_bitmap->sequence) {
		load(c, p, PC_IOBITMAP_SEQ); /* copies nothing */
		return;
	}
	/* After its own ioperm() the map may still be selected, holding
	 * the process's previous bits: those must not stay reachable. */
	invalidate(c, p->pid);
	/* LAB 5: END SOLUTION */
	/* LAB 5: HINT
	 * Copy nothing here.  If this CPU's map already holds p's bits
	 * (how do you know?), select it at no cost; otherwise make sure
	 * nothing is reachable, so that p's first port access faults.
	 * Careful: right after p's own ioperm(), the map may be selected
	 * and hold p's old bits.
	 * The code below is safe and useless: every first access faults
	 * for good, as iobitmap_first_fault() never loads anything yet.
	 * LAB 5: CODE
	 *	invalidate(c, p->pid);
	 * LAB 5: END HINT */
}

bool iobitmap_first_fault(struct proc *p)
{
	struct io_cpu *c = this_io_cpu();

	/* LAB 5: BEGIN SOLUTION */
	/* A #GP with p's own map selected is a real denial (or no port
	 * access at all): the caller sends the signal. */
	if (strategy != PC_IOBITMAP_FAULT || !p->io_bitmap || p->iopl == 3 ||
	    c->map.selected == ARCH_IO_MAP_OWN)
		return false;
	c->counters.first_faults++;
	if (iotrace_on)
		note(c, IOTRACE_FAULT, p->pid, 0, 0, 0);
	load(c, p, PC_IOBITMAP_SEQ);
	return true;
	/* LAB 5: END SOLUTION */
	/* LAB 5: HINT
	 * Under iobitmap=fault: when the #GP may be p's first port access
	 * since its map was last reachable, load the map (load(), which
	 * counts and traces) and return true: the instruction runs again.
	 * When must you return false, so that p gets its SIGSEGV?  Count
	 * c->counters.first_faults.
	 * LAB 5: CODE
	 *	(void)c;
	 *	(void)p;
	 *	return false;
	 * LAB 5: END HINT */
}

void iobitmap_return_to_user(struct proc *p)
{
	struct io_cpu *c = this_io_cpu();

	if (!has_io_state(p)) {
		/* Dropped its last port, or exited and left the map selected
		 * for whoever comes next: nothing may stay open. */
		invalidate(c, p->pid);
		return;
	}

	if (p->iopl == 3) {
		tss_map_select_all(&c->map);
		if (iotrace_on) {
			if (c->decision_pending)
				note(c, IOTRACE_ALL, p->pid, 0, 0, 0);
			c->decision_pending = false;
			c->last_out_pid = p->pid;
		}
		return;
	}

	/* LAB 4: INTERMEDIATE
	 * The posted design: ioperm() has just loaded these bits itself, and
	 * no other process ran since, so there is nothing left to do.
	 * LAB 4: CODE
	 *	if (c->ioperm_loaded) {
	 *		c->ioperm_loaded = false;
	 *		return;
	 *	}
	 * LAB 4: END INTERMEDIATE */
	if (strategy == PC_IOBITMAP_FAULT) {
		defer_to_first_fault(c, p);
		return;
	}
	load(c, p, strategy);
}

/* LAB 4: INTERMEDIATE
 * The posted design: ioperm() writes the caller's new bits into this
 * CPU's map at once.  It copies what the caller's old and new bitmaps
 * cover, selects the map, and tells the return to user mode that
 * follows that the map is already loaded.
 * LAB 4: CODE
 *void iobitmap_ioperm_load(struct proc *p, unsigned own_max)
 *{
 *	struct io_cpu *c = this_io_cpu();
 *	const struct io_bitmap *b = p->io_bitmap;
 *
 *	if (!b || p->iopl == 3)
 *		return;
 *	unsigned len = b->max > own_max ? b->max : own_max;
 *	memcpy(c->map.ref.map, b->bits, len);
 *	c->map.prev_max = b->max;
 *	tss_map_select(&c->map, ARCH_IO_MAP_OWN);
 *	c->ioperm_loaded = true;
 *	c->counters.bitmap_copies++;
 *	c->counters.bytes_copied += len;
 *}
 * LAB 4: END INTERMEDIATE */
