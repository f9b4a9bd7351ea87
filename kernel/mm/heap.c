/*
 * heap.c - kmalloc/kzalloc/kfree: a first-fit allocator over one
 * address-ordered free list.
 *
 * Memory arrives in arenas from the grow function (heap.h).  An arena is
 * cut into blocks, each a header followed by the caller's bytes:
 *
 *   arena: [arena hdr][hdr|payload....][hdr|payload..][hdr|free......]
 *
 * kmalloc walks the free list and takes the first block big enough,
 * splitting off the rest when the rest can still be a block.  kfree puts
 * the block back in address order, which makes coalescing a matter of
 * looking at its two list neighbours: a free block that ends exactly where
 * the freed one starts (or starts where it ends) is merged with it.  So
 * two free blocks are never adjacent, and freeing everything leaves one
 * free block per arena.  First fit over an address-ordered list is not the
 * fastest policy, but it fragments little and every step is visible.
 *
 * Invariants:
 *   - every block's size is a multiple of HEAP_ALIGN and includes its
 *     header, and the header is HEAP_ALIGN bytes (or a multiple), so every
 *     payload is HEAP_ALIGN-aligned;
 *   - blocks tile their arena exactly, and never span two arenas (the
 *     arena header in between keeps them from ever looking adjacent);
 *   - the free list is sorted by address and holds no two adjacent blocks.
 *
 * KDEBUG builds add to the header a magic word saying "in use" or "free"
 * and the size the caller asked for, followed in the payload by a canary.
 * kfree checks all three, turning a double free, a free of a pointer the
 * heap never returned, or a write past the end of a block into a panic
 * that names the block, instead of a corruption found much later.  (A
 * double free is caught as long as the freed block's header was not
 * handed out again since: the check is best effort.)
 *
 * Whole free arenas go back (heap_release_fn) as soon as a kfree leaves
 * one without a block in use, except the last arena, which stays so that a
 * kmalloc/kfree pair on an idle heap does not reach the frame allocator
 * each time.  So "free frames back to the baseline" tests also prove that
 * no kernel object leaked.
 *
 * kmalloc(0) returns NULL, and kfree(NULL) does nothing.  No locking: one
 * CPU, and the heap is never used from interrupt context.
 */
#include "kernel/mm/heap.h"
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"

#ifndef KDEBUG
#define KDEBUG 0
#endif

/* Read "BLKUSED!" and "BLKFREE!" in a memory dump (little-endian). */
#define BLOCK_USED  0x21444553554b4c42ull
#define BLOCK_FREE  0x21454552464b4c42ull
#define CANARY_SIZE 8

struct block {
	size_t size; /* the whole block, header included */
#if KDEBUG
	size_t requested; /* what kmalloc was asked for; the canary follows */
	uint64_t magic;	  /* BLOCK_USED or BLOCK_FREE */
	uint64_t unused;  /* pads the header to 2 * HEAP_ALIGN */
#else
	uint64_t unused; /* pads the header to HEAP_ALIGN */
#endif
};

/* A free block keeps the list link in its (unused) payload. */
struct free_block {
	struct block header;
	struct free_block *next; /* the next free block, at a higher address */
};

struct arena {
	struct arena *next;
	size_t size; /* as grown, this header included */
};

_Static_assert(sizeof(struct block) % HEAP_ALIGN == 0, "header alignment");
_Static_assert(sizeof(struct arena) % HEAP_ALIGN == 0, "arena alignment");

#define MIN_BLOCK                                       \
	((sizeof(struct free_block) + HEAP_ALIGN - 1) & \
	 ~(size_t)(HEAP_ALIGN - 1))

#if KDEBUG
static const uint8_t canary[CANARY_SIZE] = {0xde, 0xad, 0xbe, 0xef,
					    0xca, 0xfe, 0xf0, 0x0d};
#endif

static heap_grow_fn grow;
static heap_release_fn release;
static struct free_block *free_list;
static struct arena *arenas;
static size_t used_blocks;

void heap_init(heap_grow_fn grow_fn, heap_release_fn release_fn)
{
	grow = grow_fn;
	release = release_fn;
	free_list = NULL;
	arenas = NULL;
	used_blocks = 0;
}

static size_t round_up(size_t n, size_t align)
{
	return (n + align - 1) & ~(align - 1);
}

static void *payload_of(struct block *b)
{
	return (char *)b + sizeof(struct block);
}

static struct block *header_of(void *p)
{
	return (struct block *)((char *)p - sizeof(struct block));
}

/* The block size that serves a request of size bytes, or 0 if none can. */
static size_t block_size_for(size_t size)
{
	if (size == 0 || size > SIZE_MAX / 2)
		return 0;
	size_t need = sizeof(struct block) +
		      round_up(size + (KDEBUG ? CANARY_SIZE : 0), HEAP_ALIGN);
	return need < MIN_BLOCK ? MIN_BLOCK : need;
}

static void set_magic(struct block *b, uint64_t magic)
{
#if KDEBUG
	b->magic = magic;
#else
	(void)b;
	(void)magic;
#endif
}

/* Puts b into the free list in address order, merging it with a free
 * neighbour on either side.  Returns the free block b ended up in. */
static struct block *insert_free(struct block *b)
{
	struct free_block *fb = (struct free_block *)b;
	struct free_block *prev = NULL;
	struct free_block *next = free_list;

	set_magic(b, BLOCK_FREE);
	while (next && next < fb) {
		prev = next;
		next = next->next;
	}
	fb->next = next;
	if (next && (char *)fb + fb->header.size == (char *)next) {
		fb->header.size += next->header.size;
		fb->next = next->next;
	}
	if (!prev) {
		free_list = fb;
	} else if ((char *)prev + prev->header.size == (char *)fb) {
		prev->header.size += fb->header.size;
		prev->next = fb->next;
		return &prev->header;
	} else {
		prev->next = fb;
	}
	return &fb->header;
}

/* Gives back the arena that the free block b covers entirely, if b does
 * and it is not the last arena.  Cost: O(arenas + free blocks), paid only
 * when b is as large as an arena's space. */
static void release_if_whole_arena(struct block *b)
{
	if (!release || !arenas || !arenas->next ||
	    b->size < HEAP_GROW_MIN - sizeof(struct arena))
		return;
	struct arena **link = &arenas;
	for (struct arena *a = arenas; a; link = &a->next, a = a->next) {
		if ((struct block *)(a + 1) != b ||
		    b->size != a->size - sizeof(struct arena))
			continue;
		struct free_block **fl = &free_list;
		while (*fl != (struct free_block *)b)
			fl = &(*fl)->next;
		*fl = ((struct free_block *)b)->next;
		*link = a->next;
		release(a, a->size);
		return;
	}
}

/* Unlinks and returns the first free block of at least need bytes,
 * trimmed to need when the remainder can stand as a block of its own. */
static struct block *take_first_fit(size_t need)
{
	struct free_block **link = &free_list;

	for (struct free_block *fb = free_list; fb; fb = fb->next) {
#if KDEBUG
		if (fb->header.magic != BLOCK_FREE)
			panic(
			    "heap corrupted: free block %p (%zu bytes) was overwritten",
			    (void *)fb, fb->header.size);
#endif
		if (fb->header.size >= need) {
			if (fb->header.size - need >= MIN_BLOCK) {
				struct free_block *rest =
				    (struct free_block *)((char *)fb + need);
				rest->header.size = fb->header.size - need;
				set_magic(&rest->header, BLOCK_FREE);
				rest->next = fb->next;
				*link = rest;
				fb->header.size = need;
			} else {
				*link = fb->next;
			}
			return &fb->header;
		}
		link = &fb->next;
	}
	return NULL;
}

/* Gets an arena large enough for a block of need bytes. */
static int grow_heap(size_t need)
{
	size_t bytes = round_up(need + sizeof(struct arena), 4096);
	if (bytes < HEAP_GROW_MIN)
		bytes = HEAP_GROW_MIN;
	if (!grow)
		return 0;
	struct arena *a = grow(bytes);
	if (!a)
		return 0;
	if ((uintptr_t)a % HEAP_ALIGN != 0)
		panic("grow function returned misaligned memory %p", (void *)a);
	a->size = bytes;
	a->next = arenas;
	arenas = a;

	struct block *b = (struct block *)(a + 1);
	b->size = bytes - sizeof(struct arena);
	insert_free(b);
	return 1;
}

void *kmalloc(size_t size)
{
	size_t need = block_size_for(size);
	if (need == 0)
		return NULL;
	struct block *b = take_first_fit(need);
	if (!b && grow_heap(need))
		b = take_first_fit(need);
	if (!b)
		return NULL;
	used_blocks++;
	set_magic(b, BLOCK_USED);
#if KDEBUG
	b->requested = size;
	memcpy((char *)payload_of(b) + size, canary, CANARY_SIZE);
#endif
	return payload_of(b);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

#if KDEBUG
/* Whether p can be a payload address at all: aligned, inside an arena. */
static int in_some_arena(const void *p)
{
	uintptr_t addr = (uintptr_t)p;
	if (addr % HEAP_ALIGN != 0)
		return 0;
	for (const struct arena *a = arenas; a; a = a->next) {
		uintptr_t first = (uintptr_t)(a + 1) + sizeof(struct block);
		if (addr >= first && addr < (uintptr_t)a + a->size)
			return 1;
	}
	return 0;
}
#endif

/* The checks live in kfree itself so that a panic names kfree. */
void kfree(void *p)
{
	if (!p)
		return;
#if KDEBUG
	/* Reading a header before checking the arenas could itself fault. */
	if (!in_some_arena(p))
		panic("%p is not a heap address", p);
	struct block *b = header_of(p);
	if (b->magic == BLOCK_FREE)
		panic("double free of %p (block of %zu bytes)", p,
		      b->requested);
	if (b->magic != BLOCK_USED)
		panic("no block starts at %p (bad magic %lx)", p,
		      (unsigned long)b->magic);
	const uint8_t *end = (const uint8_t *)p + b->requested;
	for (size_t i = 0; i < CANARY_SIZE; i++)
		if (end[i] != canary[i])
			panic(
			    "heap overrun: block %p of %zu bytes was written past its end (byte %zu after it)",
			    p, b->requested, i);
#endif
	used_blocks--;
	release_if_whole_arena(insert_free(header_of(p)));
}

void heap_get_stats(struct heap_stats *stats)
{
	stats->arenas = 0;
	stats->arena_bytes = 0;
	stats->free_bytes = 0;
	stats->free_blocks = 0;
	stats->used_blocks = used_blocks;
	for (const struct arena *a = arenas; a; a = a->next) {
		stats->arenas++;
		stats->arena_bytes += a->size;
	}
	for (const struct free_block *fb = free_list; fb; fb = fb->next) {
		stats->free_bytes += fb->header.size;
		stats->free_blocks++;
	}
	/* Blocks tile the arenas after their headers (the invariant above). */
	stats->used_bytes = stats->arena_bytes - stats->free_bytes -
			    stats->arenas * sizeof(struct arena);
}
