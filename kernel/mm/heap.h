/*
 * heap.h - setting up the kernel heap (kmalloc/kfree are in mm.h).
 *
 * The heap does not know where its memory comes from: it asks a "grow"
 * function for more.  In the kernel that function takes contiguous frames
 * and returns their PHYSMAP address; the host unit tests pass one backed by
 * malloc, which is what lets the allocator's logic run under AddressSanitizer.
 */
#ifndef KERNEL_MM_HEAP_H
#define KERNEL_MM_HEAP_H

#include <stddef.h>

/* Every block kmalloc returns is aligned to this (enough for any C type
 * the kernel uses, and what the SysV ABI promises for malloc). */
#define HEAP_ALIGN 16

/* The least the heap asks for at a time, so that small allocations do not
 * each cost a trip to the frame allocator. */
#define HEAP_GROW_MIN (64 * 1024)

/* Returns `bytes` (a multiple of 4096) of fresh memory aligned to at least
 * HEAP_ALIGN, or NULL when there is none. */
typedef void *(*heap_grow_fn)(size_t bytes);
/* Takes back an arena grow returned (same address and size) once no block
 * in it is in use any more; the last arena is kept. */
typedef void (*heap_release_fn)(void *arena, size_t bytes);

/* Starts an empty heap that grows through grow and gives whole free
 * arenas back through release (NULL: never).  Calling it again forgets
 * the old heap entirely (the host tests do, between tests). */
void heap_init(heap_grow_fn grow, heap_release_fn release);

struct heap_stats {
	size_t arenas;	    /* how many times grow() was called */
	size_t arena_bytes; /* everything grow() has handed over */
	size_t free_bytes;  /* in free blocks, headers included */
	size_t used_bytes;  /* in blocks handed out, headers included */
	size_t free_blocks; /* length of the free list */
	size_t used_blocks; /* blocks handed out and not yet freed */
};

void heap_get_stats(struct heap_stats *stats);

#endif
