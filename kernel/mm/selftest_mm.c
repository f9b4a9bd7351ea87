/*
 * selftest_mm.c - in-kernel tests of memory management.
 *
 *   heap    frames, kernel stacks and kmalloc: what is taken comes back,
 *           blocks do not overlap, guard pages are recognised;
 *   paging  the kernel's page tables say what kernel_space.c promises
 *           (W^X per section, no identity map, unmapped boot stack
 *           guard), and a new address space shares the kernel half.
 * They check by walking the page tables (vm_lookup), not by provoking
 * faults, so they pass or fail without any exception handler.
 *
 * The heap and the kernel stack area keep what they grow (arenas, page
 * tables), so each frame balance below is measured after a warm-up that
 * has already grown whatever the measured step needs.
 */
#include "kernel/console.h"
#include "kernel/lib/string.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/kernel_image.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/selftest.h"
#include "kernel/selftest_list.h"

#define TEST_FRAMES 64
#define TEST_BLOCKS 128

static uint32_t lcg_state = 12345;

/* A small deterministic pseudo-random sequence, for block sizes. */
static uint32_t next_random(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return lcg_state >> 16;
}

static bool all_bytes(const void *p, uint8_t value, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != value)
			return false;
	return true;
}

static bool check_frames(void)
{
	static uint64_t frames[TEST_FRAMES];
	size_t start = frames_free();

	for (int i = 0; i < TEST_FRAMES; i++) {
		frames[i] = frame_alloc();
		SELFTEST_CHECK(frames[i] != 0 && frames[i] % PAGE_SIZE == 0);
		SELFTEST_CHECK(
		    all_bytes(phys_to_virt(frames[i]), 0, PAGE_SIZE));
		memset(phys_to_virt(frames[i]), i + 1, PAGE_SIZE);
	}
	/* Distinct frames: nobody else's fill overwrote ours. */
	for (int i = 0; i < TEST_FRAMES; i++)
		SELFTEST_CHECK(
		    all_bytes(phys_to_virt(frames[i]), i + 1, PAGE_SIZE));
	SELFTEST_CHECK(frames_free() == start - TEST_FRAMES);
	for (int i = 0; i < TEST_FRAMES; i++)
		frame_free(frames[i]);
	SELFTEST_CHECK(frames_free() == start);

	uint64_t run = frame_alloc_contig(16);
	SELFTEST_CHECK(run != 0);
	SELFTEST_CHECK(all_bytes(phys_to_virt(run), 0, 16 * PAGE_SIZE));
	SELFTEST_CHECK(frames_free() == start - 16);
	frame_free_contig(run, 16);
	SELFTEST_CHECK(frames_free() == start);
	return true;
}

static bool check_kstacks(void)
{
	/* Warm-up: the first stack in the area allocates its page tables. */
	void *warm = kstack_alloc(4);
	SELFTEST_CHECK(warm != NULL);
	kstack_free(warm, 4);
	size_t start = frames_free();

	char *a = kstack_alloc(4);
	char *b = kstack_alloc(2);
	SELFTEST_CHECK(a != NULL && b != NULL && a != b);
	SELFTEST_CHECK(frames_free() == start - 6);
	char *a_bottom = a - 4 * PAGE_SIZE;
	memset(a_bottom, 0x5a, 4 * PAGE_SIZE); /* the whole stack is usable */
	SELFTEST_CHECK(all_bytes(a_bottom, 0x5a, 4 * PAGE_SIZE));

	SELFTEST_CHECK(kstack_is_guard((uint64_t)a_bottom - 1));
	SELFTEST_CHECK(kstack_is_guard((uint64_t)a_bottom - PAGE_SIZE));
	SELFTEST_CHECK(!kstack_is_guard((uint64_t)a_bottom));
	SELFTEST_CHECK(!kstack_is_guard((uint64_t)a - 1));
	SELFTEST_CHECK(kstack_is_guard((uint64_t)b - 2 * PAGE_SIZE - 8));
	SELFTEST_CHECK(
	    vm_lookup(vm_kernel_space(), (uint64_t)a_bottom - 1, NULL) == 0);
	SELFTEST_CHECK(kstack_is_guard((uint64_t)boot_stack_guard));
	SELFTEST_CHECK(kstack_is_guard((uint64_t)boot_stack_bottom - 1));
	SELFTEST_CHECK(!kstack_is_guard((uint64_t)boot_stack_bottom));
	SELFTEST_CHECK(!kstack_is_guard((uint64_t)__text_start));

	kstack_free(a, 4);
	kstack_free(b, 2);
	SELFTEST_CHECK(frames_free() == start);
	SELFTEST_CHECK(!kstack_is_guard((uint64_t)a_bottom - 1));
	SELFTEST_CHECK(vm_lookup(vm_kernel_space(), (uint64_t)a_bottom, NULL) ==
		       0);
	return true;
}

static bool check_heap(void)
{
	static uint8_t *blocks[TEST_BLOCKS];
	static size_t sizes[TEST_BLOCKS];
	struct heap_stats before, after;

	SELFTEST_CHECK(kmalloc(0) == NULL);
	kfree(NULL);
	heap_get_stats(&before);

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < TEST_BLOCKS; i++) {
			if (blocks[i])
				continue;
			/* Mostly small, now and then a few pages. */
			sizes[i] = next_random() % 8 == 0
				       ? next_random() % 20000 + 1
				       : next_random() % 300 + 1;
			blocks[i] = kmalloc(sizes[i]);
			SELFTEST_CHECK(blocks[i] != NULL);
			SELFTEST_CHECK((uint64_t)blocks[i] % HEAP_ALIGN == 0);
			memset(blocks[i], i, sizes[i]);
		}
		/* Filled in order: an overlap shows as a later block's byte. */
		for (int i = 0; i < TEST_BLOCKS; i++)
			SELFTEST_CHECK(
			    all_bytes(blocks[i], (uint8_t)i, sizes[i]));
		for (int i = round % 2; i < TEST_BLOCKS; i += 2) {
			kfree(blocks[i]);
			blocks[i] = NULL;
		}
	}
	for (int i = 0; i < TEST_BLOCKS; i++) {
		kfree(blocks[i]);
		blocks[i] = NULL;
	}

	uint8_t *z = kzalloc(1000);
	SELFTEST_CHECK(z != NULL && all_bytes(z, 0, 1000));
	kfree(z);
	uint8_t *big = kmalloc(3 * HEAP_GROW_MIN); /* larger than any arena */
	SELFTEST_CHECK(big != NULL);
	memset(big, 0xee, 3 * HEAP_GROW_MIN);
	kfree(big);

	heap_get_stats(&after);
	SELFTEST_CHECK(after.used_blocks == before.used_blocks);
	SELFTEST_CHECK(after.used_bytes == before.used_bytes);
	printk("heap: %zu arenas, %zu bytes, %zu free blocks\n", after.arenas,
	       after.arena_bytes, after.free_blocks);
	return true;
}

bool selftest_heap(void)
{
	return check_frames() && check_kstacks() && check_heap();
}

/* ---- paging --------------------------------------------------------- */

/* va maps to pa with exactly the rights `want` (VM_EXEC is only checked
 * when the CPU can take it away). */
static bool maps(struct vm_space *space, uint64_t va, uint64_t pa,
		 unsigned want)
{
	unsigned flags;
	uint64_t got = vm_lookup(space, va, &flags);
	unsigned mask = VM_WRITE | VM_USER | (vm_nx_supported() ? VM_EXEC : 0);

	if (got != pa || (flags & mask) != (want & mask)) {
		printk("paging: %lx -> %lx flags %x, expected %lx flags %x\n",
		       va, got, got ? flags : 0, pa, want);
		return false;
	}
	return true;
}

/* Where the kernel image (linked at KERNEL_VMA + physical) maps va. */
static bool maps_image(uint64_t va, unsigned want)
{
	return maps(vm_kernel_space(), va, va - KERNEL_VMA, want);
}

static bool maps_physmap(struct vm_space *space, uint64_t pa)
{
	return maps(space, (uint64_t)phys_to_virt(pa), pa, VM_WRITE);
}

static bool check_kernel_space(void)
{
	struct vm_space *k = vm_kernel_space();
	/* Integers, not pointers: these are symbols, not arrays to index. */
	uint64_t text = (uint64_t)__text_start, text_end = (uint64_t)__text_end;
	uint64_t rodata = (uint64_t)__rodata_start;
	uint64_t data = (uint64_t)__data_start, bss_end = (uint64_t)__bss_end;
	uint64_t guard = (uint64_t)boot_stack_guard;
	uint64_t boot_phys = (uint64_t)__kernel_phys_start;

	SELFTEST_CHECK(maps_image(text, VM_EXEC));
	SELFTEST_CHECK(maps_image(text_end - 1, VM_EXEC));
	SELFTEST_CHECK(maps_image(rodata, 0));
	SELFTEST_CHECK(maps_image(data, VM_WRITE));
	SELFTEST_CHECK(maps_image(bss_end - 1, VM_WRITE));
	SELFTEST_CHECK(maps_image(guard + PAGE_SIZE, VM_WRITE));
	SELFTEST_CHECK(vm_lookup(k, guard, NULL) == 0);
	SELFTEST_CHECK(vm_lookup(k, guard + PAGE_SIZE - 1, NULL) == 0);

	/* PHYSMAP, below and above the early 1 GiB. */
	SELFTEST_CHECK(maps_physmap(k, 0x200000));
	SELFTEST_CHECK(maps_physmap(k, 0xc0001000));

	/* Nothing low: no identity map, no high alias of .boot. */
	SELFTEST_CHECK(vm_lookup(k, 0, NULL) == 0);
	SELFTEST_CHECK(vm_lookup(k, boot_phys, NULL) == 0);
	SELFTEST_CHECK(vm_lookup(k, KERNEL_VMA + boot_phys, NULL) == 0);
	return true;
}

static bool check_new_space(void)
{
	const uint64_t user_va = 0x400000;
	uint64_t text = (uint64_t)__text_start;

	/* Warm-up: the heap's first arena would be counted against us. */
	kfree(kmalloc(sizeof(struct vm_space)));
	size_t start = frames_free();

	struct vm_space *s = vm_space_create();
	SELFTEST_CHECK(s != NULL);
	uint64_t frame = frame_alloc();
	SELFTEST_CHECK(frame != 0);
	SELFTEST_CHECK(vm_map_page(s, user_va, frame, VM_USER | VM_WRITE) == 0);
	SELFTEST_CHECK(maps(s, user_va, frame, VM_USER | VM_WRITE));
	SELFTEST_CHECK(vm_lookup(vm_kernel_space(), user_va, NULL) == 0);
	/* The kernel half is shared. */
	SELFTEST_CHECK(maps(s, text, text - KERNEL_VMA, VM_EXEC));
	SELFTEST_CHECK(maps_physmap(s, frame));

	/* Running on in s shows that its kernel half really is ours. */
	vm_space_activate(s);
	vm_space_activate(vm_kernel_space());

	SELFTEST_CHECK(vm_unmap_page(s, user_va) == frame);
	SELFTEST_CHECK(vm_unmap_page(s, user_va) == 0);
	SELFTEST_CHECK(
	    vm_map_page(s, user_va + PAGE_SIZE, frame, VM_USER | VM_EXEC) == 0);
	vm_space_destroy(s); /* frees the frame: it now belongs to s */
	SELFTEST_CHECK(frames_free() == start);
	return true;
}

/* fork's copy: same contents and rights, different frames. */
static bool check_clone(void)
{
	const uint64_t va[2] = {0x400000, 0x7ffffffff000}; /* both ends */
	unsigned rights[2] = {VM_USER | VM_EXEC, VM_USER | VM_WRITE};
	size_t start = frames_free();

	struct vm_space *s = vm_space_create();
	SELFTEST_CHECK(s != NULL);
	for (int i = 0; i < 2; i++) {
		uint64_t frame = frame_alloc();
		SELFTEST_CHECK(frame != 0);
		memset(phys_to_virt(frame), 0x40 + i, PAGE_SIZE);
		SELFTEST_CHECK(vm_map_page(s, va[i], frame, rights[i]) == 0);
	}
	struct vm_space *copy = vm_space_clone(s);
	SELFTEST_CHECK(copy != NULL);
	for (int i = 0; i < 2; i++) {
		unsigned flags;
		uint64_t orig = vm_lookup(s, va[i], NULL);
		uint64_t dup = vm_lookup(copy, va[i], &flags);
		SELFTEST_CHECK(dup != 0 && dup != orig);
		SELFTEST_CHECK(maps(copy, va[i], dup, rights[i]));
		SELFTEST_CHECK(
		    all_bytes(phys_to_virt(dup), 0x40 + i, PAGE_SIZE));
	}
	vm_space_destroy(copy);
	vm_space_destroy(s);
	SELFTEST_CHECK(frames_free() == start);
	return true;
}

bool selftest_paging(void)
{
	return check_kernel_space() && check_new_space() && check_clone();
}
