/*
 * frame_pool.h - a bitmap allocator of 4 KiB physical frames.
 *
 * This is the pure part of physical memory management: it knows nothing
 * about multiboot, paging or the kernel, only "frame number i is free or
 * not".  It never touches the frames themselves (zeroing them is the
 * caller's business, through whatever mapping it has), never allocates
 * memory (the caller hands it the bitmap storage), and never panics: every
 * misuse is reported by a return code.  That is what lets the host unit
 * tests drive it with a malloc'd bitmap and check each error.
 *
 * Two bitmaps, one bit per frame, frame i at physical address i * 4096:
 *   usable_map  1 = the frame is RAM this pool manages (added with
 *               add_free and not reserved since);
 *   free_map    1 = the frame may be handed out now.
 * Invariants (every function keeps them; the counts rely on them):
 *   - free_map is a subset of usable_map;
 *   - free == number of bits set in free_map, total == in usable_map;
 *   - bits at or beyond nframes are 0 in both maps;
 *   - frame 0 is never usable, so physical address 0 can mean "none".
 * The usable map is what lets frame_pool_free tell "double free" (usable,
 * already free) from "never handed out" (a hole, the kernel image, ...).
 */
#ifndef KERNEL_MM_FRAME_POOL_H
#define KERNEL_MM_FRAME_POOL_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_SIZE  4096ull
#define FRAME_SHIFT 12

/* 64-bit words of storage a pool of nframes frames needs (both maps). */
#define FRAME_POOL_WORDS(nframes) (2 * (((nframes) + 63) / 64))

/* Why a free was refused. */
enum frame_pool_error {
	FRAME_OK = 0,
	FRAME_ERR_RANGE = -1,	    /* beyond the frames the pool covers */
	FRAME_ERR_ALIGN = -2,	    /* not the start of a frame */
	FRAME_ERR_NOT_USABLE = -3,  /* a frame the pool never hands out */
	FRAME_ERR_DOUBLE_FREE = -4, /* the frame is already free */
	FRAME_ERR_COUNT = -5,	    /* a count of zero frames */
};

struct frame_pool {
	uint64_t *free_map;
	uint64_t *usable_map;
	size_t nframes; /* frames covered: physical [0, nframes * 4 KiB) */
	size_t words;	/* per map */
	size_t limit;	/* no frame numbered >= limit is handed out */
	size_t free;
	size_t total;
	size_t hint; /* free_map word where the next search starts */
};

/* Covers frames [0, nframes), all unusable.  storage must hold
 * FRAME_POOL_WORDS(nframes) words and outlive the pool. */
void frame_pool_init(struct frame_pool *pool, uint64_t *storage,
		     size_t nframes);

/* Makes the whole frames inside [base, base + len) usable and free (a
 * partial frame at either end is not RAM we may hand out whole).  Parts
 * beyond the pool and frame 0 are ignored. */
void frame_pool_add_free(struct frame_pool *pool, uint64_t base, uint64_t len);

/* Takes every frame that [base, base + len) touches out of the pool (a
 * frame that is only partly in use is still in use).  Meant for boot,
 * after add_free: a reserved frame that was handed out can no longer be
 * freed.  A later add_free over the same range would make it usable again,
 * so reserve last. */
void frame_pool_reserve(struct frame_pool *pool, uint64_t base, uint64_t len);

/* Hands out only frames below phys_limit from now on (early boot can reach
 * only the low memory its page tables map).  ~0 lifts the limit. */
void frame_pool_set_limit(struct frame_pool *pool, uint64_t phys_limit);

/* One frame, or 0 when none is left.  Next-fit: the search starts where
 * the last one succeeded, so a run of allocations does not rescan the full
 * low part of the map each time. */
uint64_t frame_pool_alloc(struct frame_pool *pool);

/* n physically contiguous frames (first fit), or 0. */
uint64_t frame_pool_alloc_contig(struct frame_pool *pool, size_t n);

/* FRAME_OK or one of the errors above; on an error nothing changed. */
int frame_pool_free(struct frame_pool *pool, uint64_t phys);
/* All n frames are checked before any is freed: all or nothing. */
int frame_pool_free_contig(struct frame_pool *pool, uint64_t phys, size_t n);

/* A short description of an error code, for panic messages. */
const char *frame_pool_strerror(int err);

static inline size_t frame_pool_free_count(const struct frame_pool *pool)
{
	return pool->free;
}

static inline size_t frame_pool_total_count(const struct frame_pool *pool)
{
	return pool->total;
}

#endif
