/*
 * frame.c - the bitmap frame allocator described in frame_pool.h.
 *
 * A bitmap is the simplest structure that can answer both questions a
 * physical allocator is asked: "give me any free frame" (find a set bit)
 * and "give me n adjacent free frames" (find a run of set bits), at the
 * cost of one bit per frame (32 KiB of map per GiB of RAM, per map).
 * Searching 64 frames at a time by looking at whole words keeps a scan of
 * a mostly full map cheap.
 *
 * Pure C with no kernel dependencies: compiled into the kernel and into
 * tests/host/test_frame.c alike.
 */
#include "kernel/mm/frame_pool.h"

static int test_bit(const uint64_t *map, size_t i)
{
	return (int)((map[i / 64] >> (i % 64)) & 1);
}

static void set_bit(uint64_t *map, size_t i)
{
	map[i / 64] |= 1ull << (i % 64);
}

static void clear_bit(uint64_t *map, size_t i)
{
	map[i / 64] &= ~(1ull << (i % 64));
}

static size_t min_size(size_t a, uint64_t b)
{
	return b < a ? (size_t)b : a;
}

/* base + len, saturating: a range reaching past 2^64 just means "to the
 * end of memory", it must not wrap around to a small address. */
static uint64_t range_end(uint64_t base, uint64_t len)
{
	return len > UINT64_MAX - base ? UINT64_MAX : base + len;
}

void frame_pool_init(struct frame_pool *pool, uint64_t *storage, size_t nframes)
{
	pool->words = (nframes + 63) / 64;
	pool->free_map = storage;
	pool->usable_map = storage + pool->words;
	for (size_t i = 0; i < 2 * pool->words; i++)
		storage[i] = 0;
	pool->nframes = nframes;
	pool->limit = nframes;
	pool->free = 0;
	pool->total = 0;
	pool->hint = 0;
}

void frame_pool_add_free(struct frame_pool *pool, uint64_t base, uint64_t len)
{
	if (len == 0)
		return;
	uint64_t end = range_end(base, len);
	/* Inward: only frames lying wholly inside the range. */
	uint64_t first = base / FRAME_SIZE + (base % FRAME_SIZE != 0);
	size_t last = min_size(pool->nframes, end / FRAME_SIZE);
	if (first == 0)
		first = 1; /* frame 0 stays out: 0 means "no frame" */

	for (size_t i = (size_t)first; i < last; i++) {
		if (!test_bit(pool->usable_map, i)) {
			set_bit(pool->usable_map, i);
			pool->total++;
		}
		if (!test_bit(pool->free_map, i)) {
			set_bit(pool->free_map, i);
			pool->free++;
		}
	}
}

void frame_pool_reserve(struct frame_pool *pool, uint64_t base, uint64_t len)
{
	if (len == 0)
		return;
	uint64_t end = range_end(base, len);
	/* Outward: every frame the range touches, even by one byte. */
	size_t first = min_size(pool->nframes, base / FRAME_SIZE);
	size_t last =
	    min_size(pool->nframes, end / FRAME_SIZE + (end % FRAME_SIZE != 0));

	for (size_t i = first; i < last; i++) {
		if (test_bit(pool->free_map, i)) {
			clear_bit(pool->free_map, i);
			pool->free--;
		}
		if (test_bit(pool->usable_map, i)) {
			clear_bit(pool->usable_map, i);
			pool->total--;
		}
	}
}

void frame_pool_set_limit(struct frame_pool *pool, uint64_t phys_limit)
{
	pool->limit = min_size(pool->nframes, phys_limit / FRAME_SIZE);
}

/* The free bits of map word w that lie below the allocation limit. */
static uint64_t free_bits_below_limit(const struct frame_pool *pool, size_t w)
{
	uint64_t bits = pool->free_map[w];
	if (w == pool->limit / 64 && pool->limit % 64 != 0)
		bits &= (1ull << (pool->limit % 64)) - 1;
	return bits;
}

uint64_t frame_pool_alloc(struct frame_pool *pool)
{
	size_t words = (pool->limit + 63) / 64;

	for (size_t n = 0; n < words; n++) {
		size_t w = (pool->hint + n) % words;
		uint64_t bits = free_bits_below_limit(pool, w);
		if (bits == 0)
			continue;
		size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
		clear_bit(pool->free_map, i);
		pool->free--;
		pool->hint = w; /* the rest of this word is likely free too */
		return (uint64_t)i * FRAME_SIZE;
	}
	return 0;
}

uint64_t frame_pool_alloc_contig(struct frame_pool *pool, size_t n)
{
	size_t run = 0;
	size_t i = 0;

	if (n == 0)
		return 0;
	while (i < pool->limit) {
		/* A word with no free frame ends any run: skip all 64. */
		if (i % 64 == 0 && pool->free_map[i / 64] == 0) {
			run = 0;
			i += 64;
			continue;
		}
		run = test_bit(pool->free_map, i) ? run + 1 : 0;
		i++;
		if (run == n) {
			size_t start = i - n;
			for (size_t j = start; j < i; j++)
				clear_bit(pool->free_map, j);
			pool->free -= n;
			return (uint64_t)start * FRAME_SIZE;
		}
	}
	return 0;
}

/* Whether phys names a frame that is currently handed out. */
static int check_allocated(const struct frame_pool *pool, uint64_t phys)
{
	if (phys / FRAME_SIZE >= pool->nframes)
		return FRAME_ERR_RANGE;
	if (phys % FRAME_SIZE != 0)
		return FRAME_ERR_ALIGN;
	size_t i = (size_t)(phys / FRAME_SIZE);
	if (!test_bit(pool->usable_map, i))
		return FRAME_ERR_NOT_USABLE;
	if (test_bit(pool->free_map, i))
		return FRAME_ERR_DOUBLE_FREE;
	return FRAME_OK;
}

int frame_pool_free(struct frame_pool *pool, uint64_t phys)
{
	return frame_pool_free_contig(pool, phys, 1);
}

int frame_pool_free_contig(struct frame_pool *pool, uint64_t phys, size_t n)
{
	if (n == 0)
		return FRAME_ERR_COUNT;
	if (n > pool->nframes || phys / FRAME_SIZE > pool->nframes - n)
		return FRAME_ERR_RANGE;
	for (size_t k = 0; k < n; k++) {
		int err = check_allocated(pool, phys + k * FRAME_SIZE);
		if (err != FRAME_OK)
			return err;
	}
	for (size_t k = 0; k < n; k++)
		set_bit(pool->free_map, (size_t)(phys / FRAME_SIZE) + k);
	pool->free += n;
	return FRAME_OK;
}

const char *frame_pool_strerror(int err)
{
	switch (err) {
	case FRAME_OK:
		return "no error";
	case FRAME_ERR_RANGE:
		return "beyond the memory the allocator manages";
	case FRAME_ERR_ALIGN:
		return "not the start of a frame";
	case FRAME_ERR_NOT_USABLE:
		return "a frame never handed out (reserved or not RAM)";
	case FRAME_ERR_DOUBLE_FREE:
		return "double free: the frame is already free";
	case FRAME_ERR_COUNT:
		return "zero frames";
	default:
		return "unknown error";
	}
}
