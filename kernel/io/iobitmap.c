/*
 * iobitmap.c - keeping the TSS I/O map equal to the running process's
 * bitmap, copying as little as possible (see iobitmap.h for the design).
 *
 * The invariant everything here protects, per CPU:
 *
 *     every byte of the TSS map at index >= prev_max is 0xff,
 *     and bytes [0, prev_max) are the bits of the bitmap whose sequence is
 *     prev_sequence, as it was when that sequence was taken.
 *
 * Only load_map() writes the TSS map, and it updates prev_max and
 * prev_sequence together with the bytes.  Copying max(prev_max, max)
 * bytes overwrites every byte the previous owner may have opened, so the
 * invariant holds for the new owner too.
 */
#include "kernel/io/iobitmap.h"
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"

struct io_cpu {
	uint64_t prev_sequence; /* whose bits the TSS map holds; 0: nobody */
	unsigned prev_max;	/* TSS map bytes >= prev_max are 0xff */
	int last_out_pid;	/* for iotrace: who ran before */
	bool decision_pending;	/* iotrace: a switch happened since */
	/* Which map the TSS base selects, mirrored here so the hot paths
	 * test a field instead of calling into arch.  Only select_map()
	 * changes either; both start as NONE (tss_init: base INVALID). */
	enum arch_io_map selected;
	struct arch_io_map_ref ref; /* this CPU's TSS map and its selector */
	struct pc_io_counters counters;
};

static struct io_cpu io_cpus[ARCH_MAX_CPUS];
static enum io_strategy strategy = IO_STRATEGY_SEQ;
static bool trace;
/* iocheck: verify the whole-map invariant after every copy (8 KiB read;
 * the tests turn it on, benchmarks leave it off). */
static bool full_check;

static struct io_cpu *this_io_cpu(void)
{
	return &io_cpus[arch_cpu_id()];
}

static const char *const strategy_names[] = {
    [IO_STRATEGY_SEQ] = "seq",
    [IO_STRATEGY_MAX] = "max",
    [IO_STRATEGY_FULL] = "full",
};

const char *iobitmap_strategy_name(enum io_strategy s)
{
	return (unsigned)s < 3 ? strategy_names[s] : "?";
}

void iobitmap_init(void)
{
	const char *s = cmdline_get("iobitmap");
	if (s) {
		bool known = false;
		for (int i = 0; i < 3; i++) {
			if (!strcmp(s, strategy_names[i])) {
				strategy = (enum io_strategy)i;
				known = true;
			}
		}
		if (!known)
			printk("iobitmap: unknown strategy \"%s\" (seq, max or "
			       "full): using seq\n",
			       s);
	}
	/* One CPU today; a CPU coming up later does this for itself. */
	arch_io_map_ref(&this_io_cpu()->ref);
	trace = cmdline_has("iotrace");
	full_check = cmdline_has("iocheck");
	printk("iobitmap: strategy %s%s%s\n", strategy_names[strategy],
	       trace ? ", tracing" : "", full_check ? ", checking" : "");
}

enum io_strategy iobitmap_strategy(void)
{
	return strategy;
}

void iobitmap_set_strategy(enum io_strategy s)
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

static void select_map(struct io_cpu *c, enum arch_io_map which)
{
	c->selected = which;
	*c->ref.base = c->ref.value[which];
}

static void invalidate(struct io_cpu *c)
{
	if (c->selected != ARCH_IO_MAP_NONE) {
		select_map(c, ARCH_IO_MAP_NONE);
		c->counters.invalidations++;
	}
}

void iobitmap_switch_out(struct proc *prev, struct proc *next)
{
	struct io_cpu *c = this_io_cpu();

	c->counters.context_switches++;
	if (has_io_state(prev) || has_io_state(next))
		c->counters.io_switches++;
	/* Whatever prev could reach must not stay reachable while next runs
	 * (prev may have dropped its state since, or exited: test the CPU,
	 * not prev).  One store; the map itself stays, it may be reusable. */
	invalidate(c);
	if (trace) {
		c->last_out_pid = prev->pid;
		c->decision_pending = true;
	}
}

/* The only writer of the TSS map. */
static void load_map(struct io_cpu *c, const struct io_bitmap *b, unsigned len)
{
	uint8_t *map = c->ref.map;

	memcpy(map, b->bits, len);
	c->prev_max = b->max;
	c->prev_sequence = b->sequence;
	c->counters.bitmap_copies++;
	c->counters.bytes_copied += len;

#if KDEBUG
	/* The copied bytes past max are the bitmap's own: all 0xff if max
	 * is right, so the tail invariant holds up to len. */
	for (unsigned i = b->max; i < len; i++)
		if (map[i] != 0xff)
			panic(
			    "bitmap of sequence %lu has max %u, but byte %u is "
			    "%x",
			    (unsigned long)b->sequence, b->max, i, map[i]);
	if (full_check && !io_bits_tail_denied(map, c->prev_max))
		panic("TSS map byte at or past prev_max %u is not 0xff",
		      c->prev_max);
#endif
}

void iobitmap_return_to_user(struct proc *p)
{
	struct io_cpu *c = this_io_cpu();

	if (!has_io_state(p)) {
		/* Dropped its last port, or exited and left the map selected
		 * for whoever comes next: nothing may stay open. */
		invalidate(c);
		return;
	}

	if (p->iopl == 3) {
		select_map(c, ARCH_IO_MAP_ALL);
		if (trace && c->decision_pending)
			printk("iotrace: cpu %u pid %d->%d iopl 3: map ALL\n",
			       arch_cpu_id(), c->last_out_pid, p->pid);
		c->decision_pending = false;
		return;
	}

	const struct io_bitmap *b = p->io_bitmap;
	uint64_t prev_sequence = c->prev_sequence;
	unsigned len = io_copy_len(strategy, c->prev_max, b->max,
				   prev_sequence == b->sequence);
	if (len)
		load_map(c, b, len);
	else
		c->counters.copies_skipped++; /* this CPU holds these bits */
	select_map(c, ARCH_IO_MAP_OWN);

	if (trace) {
		if (c->decision_pending || len)
			printk(
			    "iotrace: cpu %u pid %d->%d prev_seq %lu seq %lu "
			    "copied %u\n",
			    arch_cpu_id(), c->last_out_pid, p->pid,
			    (unsigned long)prev_sequence,
			    (unsigned long)b->sequence, len);
		c->decision_pending = false;
		c->last_out_pid = p->pid;
	}
}

void iobitmap_fork(struct proc *child, struct proc *parent)
{
	child->io_bitmap = parent->io_bitmap;
	if (child->io_bitmap)
		child->io_bitmap->refs++;
	child->iopl = parent->iopl;
}

void iobitmap_exit(struct proc *p)
{
	struct io_bitmap *b = p->io_bitmap;
	p->io_bitmap = NULL;
	p->iopl = 0;
	if (b && --b->refs == 0)
		kfree(b);
}
