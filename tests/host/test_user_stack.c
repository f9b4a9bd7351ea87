/*
 * test_user_stack.c - host unit tests for user_stack_build().
 *
 * Each built stack is read back the way a C runtime's _start would read
 * it: argc at RSP, then argv, envp and auxv found by walking forward,
 * every pointer followed as a *user* address.  The reader below turns a
 * user address into a buffer position and refuses any address outside
 * [rsp, stack_top), so a kernel pointer or an off-by-one in the builder
 * fails the test instead of reading stray memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/errno.h"
#include "kernel/exec/elf.h"
#include "kernel/exec/user_stack.h"

#define TOP	 0x7ffffffff000ull
#define BUF_SIZE (128 * 1024)

/* ---- reading the stack back ----------------------------------------- */

struct stack_view {
	const uint8_t *buf;
	size_t buf_size;
	uint64_t top;
	uint64_t rsp;
};

static const uint8_t *at(const struct stack_view *v, uint64_t addr,
			 uint64_t len)
{
	assert_true(addr >= v->rsp && addr < v->top);
	assert_true(len <= v->top - addr);
	return v->buf + v->buf_size - (v->top - addr);
}

static uint64_t word(const struct stack_view *v, uint64_t addr)
{
	uint64_t x;

	memcpy(&x, at(v, addr, 8), 8);
	return x;
}

/* A NUL-terminated string that lies wholly inside the image. */
static const char *string_at(const struct stack_view *v, uint64_t addr)
{
	const char *s = (const char *)at(v, addr, 1);

	assert_non_null(memchr(s, '\0', v->top - addr));
	return s;
}

/* What the process sees, with every string already followed. */
struct parsed {
	uint64_t argc;
	const char *argv[2048];
	size_t envc;
	const char *envp[2048];
	uint64_t aux[64]; /* by type; only types < 64 are written */
	int aux_seen[64];
	uint64_t auxv_end; /* address just past AT_NULL */
};

static void parse(const struct stack_view *v, struct parsed *p)
{
	uint64_t a = v->rsp;

	memset(p, 0, sizeof(*p));
	p->argc = word(v, a);
	assert_true(p->argc < 2048);
	a += 8;
	for (uint64_t i = 0; i < p->argc; i++, a += 8)
		p->argv[i] = string_at(v, word(v, a));
	assert_int_equal(word(v, a), 0); /* argv[argc] == NULL */
	a += 8;
	for (; word(v, a) != 0; a += 8) {
		assert_true(p->envc < 2048);
		p->envp[p->envc++] = string_at(v, word(v, a));
	}
	a += 8;
	for (;; a += 16) {
		uint64_t type = word(v, a), value = word(v, a + 8);

		assert_true(type < 64);
		assert_int_equal(p->aux_seen[type], 0); /* no duplicates */
		p->aux_seen[type] = 1;
		p->aux[type] = value;
		if (type == AT_NULL)
			break;
	}
	p->auxv_end = a + 16;
}

/* ---- building ------------------------------------------------------- */

static void base_info(struct user_stack_info *info)
{
	memset(info, 0, sizeof(*info));
	info->stack_top = TOP;
	info->execfn = "/bin/hello";
	for (int i = 0; i < USER_STACK_RANDOM_BYTES; i++)
		info->random[i] = (uint8_t)(0x10 + i);
	info->phdr = 0x400040;
	info->phent = 56;
	info->phnum = 9;
	info->entry = 0x401020;
	info->uid = 1000;
	info->euid = 1001;
	info->gid = 100;
	info->egid = 101;
}

/*
 * Builds twice, into buffers full of two different "old kernel data"
 * patterns: the images must come out identical (no byte left unwritten
 * to leak), and the bytes below the image must be untouched.  Then checks
 * what every stack must satisfy, whatever its contents.
 */
static void build(const struct user_stack_info *info, uint8_t *buf,
		  struct stack_view *v, struct parsed *p)
{
	static uint8_t other[BUF_SIZE];

	memset(buf, 0xa5, BUF_SIZE);
	memset(other, 0x5a, BUF_SIZE);
	int64_t rsp = user_stack_build(info, buf, BUF_SIZE);

	assert_int_equal(user_stack_build(info, other, BUF_SIZE), rsp);
	assert_true(rsp > 0);
	*v = (struct stack_view){buf, BUF_SIZE, info->stack_top, (uint64_t)rsp};
	assert_int_equal(v->rsp % 16, 0);
	assert_true(v->rsp < v->top && v->top - v->rsp <= BUF_SIZE);

	size_t below = BUF_SIZE - (v->top - v->rsp);

	assert_memory_equal(buf + below, other + below, v->top - v->rsp);
	for (size_t i = 0; i < below; i++)
		assert_int_equal(buf[i], 0xa5);
	parse(v, p);

	assert_int_equal(p->argc, info->argc);
	for (size_t i = 0; i < info->argc; i++)
		assert_string_equal(p->argv[i], info->argv[i]);
	assert_int_equal(p->envc, info->envc);
	for (size_t i = 0; i < info->envc; i++)
		assert_string_equal(p->envp[i], info->envp[i]);

	const uint64_t want[][2] = {
	    {AT_PHDR, info->phdr},
	    {AT_PHENT, info->phent},
	    {AT_PHNUM, info->phnum},
	    {AT_PAGESZ, 4096},
	    {AT_ENTRY, info->entry},
	    {AT_UID, info->uid},
	    {AT_EUID, info->euid},
	    {AT_GID, info->gid},
	    {AT_EGID, info->egid},
	    {AT_SECURE, 0},
	    {AT_HWCAP, 0},
	    {AT_CLKTCK, 100},
	    {AT_NULL, 0},
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_true(p->aux_seen[want[i][0]]);
		assert_int_equal(p->aux[want[i][0]], want[i][1]);
	}
	assert_true(p->aux_seen[AT_RANDOM] && p->aux_seen[AT_EXECFN]);
	assert_memory_equal(at(v, p->aux[AT_RANDOM], 16), info->random, 16);
	assert_string_equal(string_at(v, p->aux[AT_EXECFN]), info->execfn);

	/* Layout, high to low: execfn, strings, random bytes, vectors. */
	uint64_t lowest_string = p->aux[AT_EXECFN];

	if (info->envc > 0)
		lowest_string = word(v, v->rsp + 8 * (info->argc + 2));
	if (info->argc > 0)
		lowest_string = word(v, v->rsp + 8);
	assert_int_equal(p->aux[AT_EXECFN] + strlen(info->execfn) + 1, v->top);
	assert_true(p->aux[AT_RANDOM] + 16 <= lowest_string);
	assert_true(p->auxv_end <= p->aux[AT_RANDOM]);
	/* Less than 16 bytes of padding: the builder wastes no stack. */
	assert_true(p->aux[AT_RANDOM] - p->auxv_end < 16);
}

/* ---- tests ---------------------------------------------------------- */

static uint8_t buffer[BUF_SIZE];

static void test_basic(void **state)
{
	const char *argv[] = {"/bin/hello", "-v", "world"};
	const char *envp[] = {"HOME=/", "TERM=vt100", "PATH=/bin"};
	struct user_stack_info info;
	struct stack_view v;
	struct parsed p;

	(void)state;
	base_info(&info);
	info.argv = argv;
	info.argc = 3;
	info.envp = envp;
	info.envc = 3;
	build(&info, buffer, &v, &p);

	/* Strings are packed in order, arguments below the environment,
	 * as on Linux (ps reads argv as one block). */
	uint64_t arg0 = word(&v, v.rsp + 8), env0 = word(&v, v.rsp + 5 * 8);

	assert_int_equal(word(&v, v.rsp + 16), arg0 + 11);
	assert_int_equal(word(&v, v.rsp + 24), arg0 + 14);
	assert_int_equal(env0, arg0 + 14 + 6);
	assert_int_equal(word(&v, v.rsp + 6 * 8), env0 + 7);
	assert_int_equal(p.aux[AT_EXECFN], env0 + 7 + 11 + 10);

	/* Everything stored is a user address, never a buffer address. */
	uint64_t kbuf = (uint64_t)(uintptr_t)buffer;

	assert_true(kbuf + BUF_SIZE <= v.rsp || kbuf >= v.top);
	assert_true(p.aux[AT_RANDOM] >= v.rsp && p.aux[AT_RANDOM] < v.top);
}

static void test_empty(void **state)
{
	struct user_stack_info info;
	struct stack_view v;
	struct parsed p;

	(void)state;
	base_info(&info);
	info.execfn = "";
	build(&info, buffer, &v, &p);
	assert_int_equal(p.argc, 0);
	assert_int_equal(p.envc, 0);
	assert_int_equal(word(&v, v.rsp + 8), 0);  /* argv[0] */
	assert_int_equal(word(&v, v.rsp + 16), 0); /* envp[0] */
	assert_int_equal(p.aux[AT_EXECFN], TOP - 1);
}

static void test_many(void **state)
{
	static char strings[1500][16];
	static const char *argv[1000], *envp[500];
	struct user_stack_info info;
	struct stack_view v;
	struct parsed p;

	(void)state;
	for (int i = 0; i < 1500; i++) {
		snprintf(strings[i], sizeof(strings[i]), "%s%d",
			 i < 1000 ? "arg" : "VAR=", i);
		if (i < 1000)
			argv[i] = strings[i];
		else
			envp[i - 1000] = strings[i];
	}
	base_info(&info);
	info.argv = argv;
	info.argc = 1000;
	info.envp = envp;
	info.envc = 500;
	build(&info, buffer, &v, &p);
	assert_string_equal(p.argv[999], "arg999");
	assert_string_equal(p.envp[499], "VAR=1499");
}

/* Every string length mod 16, and every count parity, lands RSP aligned. */
static void test_alignment(void **state)
{
	static const char long_text[] = "abcdefghijklmnopqrstuvwxyz0123456789"
					"ABCDEFGHIJKLMNOP";
	static char arg[64];
	const char *argv[] = {arg, "x"};
	const char *envp[] = {"A=1", "B=22", "C=333"};
	struct user_stack_info info;
	struct stack_view v;
	struct parsed p;

	(void)state;
	for (size_t len = 0; len < 48; len++) {
		for (size_t n = 0; n < 6; n++) {
			memcpy(arg, long_text, len);
			arg[len] = '\0';
			base_info(&info);
			info.argv = argv;
			info.argc = n % 3;
			info.envp = envp;
			info.envc = n / 2;
			info.execfn = long_text + len; /* length 52 - len */
			build(&info, buffer, &v, &p);
		}
	}
}

/* Random shapes, checked by build(); fixed seed so failures reproduce. */
static void test_random_shapes(void **state)
{
	static char pool[200][101];
	static const char *argv[100], *envp[100];
	struct user_stack_info info;
	struct stack_view v;
	struct parsed p;

	(void)state;
	srand(12345);
	for (int i = 0; i < 200; i++) {
		size_t len = (size_t)rand() % 101;

		for (size_t j = 0; j < len; j++)
			pool[i][j] = (char)(' ' + rand() % 95);
		pool[i][len] = '\0';
	}
	for (int round = 0; round < 300; round++) {
		base_info(&info);
		info.argc = (size_t)rand() % 100;
		info.envc = (size_t)rand() % 100;
		for (size_t i = 0; i < info.argc; i++)
			argv[i] = pool[rand() % 200];
		for (size_t i = 0; i < info.envc; i++)
			envp[i] = pool[rand() % 200];
		info.argv = argv;
		info.envp = envp;
		info.execfn = pool[rand() % 200];
		info.stack_top = TOP - 16 * (uint64_t)(rand() % 4096);
		for (int i = 0; i < 16; i++)
			info.random[i] = (uint8_t)rand();
		build(&info, buffer, &v, &p);
	}
}

static void test_too_big(void **state)
{
	static char big[USER_STACK_ARG_MAX + 10];
	static const char *many[USER_STACK_ARG_MAX / 8];
	const char *argv[] = {big};
	struct user_stack_info info;
	struct stack_view v;
	struct parsed p;

	(void)state;
	/* The budget: one pointer, the string and its NUL, and execfn. */
	size_t fits = USER_STACK_ARG_MAX - 8 - 1 - (strlen("/bin/hello") + 1);

	memset(big, 'a', fits);
	base_info(&info);
	info.argv = argv;
	info.argc = 1;
	build(&info, buffer, &v, &p);
	assert_int_equal(strlen(p.argv[0]), fits);

	memset(big, 'a', fits + 1);
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -E2BIG);
	big[sizeof(big) - 1] = '\0';
	memset(big, 'a', sizeof(big) - 1);
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -E2BIG);

	/* The same string as environment counts the same. */
	info.argc = 0;
	info.envp = argv;
	info.envc = 1;
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -E2BIG);

	/* Pointers alone can exhaust the budget; a huge count is refused
	 * before the array is read. */
	for (size_t i = 0; i < sizeof(many) / sizeof(many[0]); i++)
		many[i] = "";
	base_info(&info);
	info.argv = many;
	info.argc = sizeof(many) / sizeof(many[0]);
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -E2BIG);
	info.argv = argv;
	info.argc = SIZE_MAX;
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -E2BIG);
	info.argc = 0;
	info.envp = argv;
	info.envc = SIZE_MAX / 4;
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -E2BIG);
}

/* The image fits a buffer of exactly its size, and not one byte less. */
static void test_buffer_size(void **state)
{
	const char *argv[] = {"sh", "-c", "echo hi"};
	struct user_stack_info info;

	(void)state;
	base_info(&info);
	info.argv = argv;
	info.argc = 3;
	int64_t rsp = user_stack_build(&info, buffer, BUF_SIZE);

	assert_true(rsp > 0);
	size_t need = TOP - (uint64_t)rsp;
	uint8_t *exact = malloc(need); /* ASan: any write outside faults */

	assert_non_null(exact);
	assert_int_equal(user_stack_build(&info, exact, need), rsp);
	assert_memory_equal(exact, buffer + BUF_SIZE - need, need);
	assert_int_equal(user_stack_build(&info, exact, need - 1), -E2BIG);
	assert_int_equal(user_stack_build(&info, exact, 0), -E2BIG);
	free(exact);
}

static void test_invalid(void **state)
{
	const char *with_null[] = {"a", NULL};
	struct user_stack_info info;

	(void)state;
	base_info(&info);
	assert_int_equal(user_stack_build(NULL, buffer, BUF_SIZE), -EINVAL);
	assert_int_equal(user_stack_build(&info, NULL, BUF_SIZE), -EINVAL);

	info.execfn = NULL;
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -EINVAL);

	base_info(&info);
	info.argc = 1; /* argv NULL */
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -EINVAL);
	info.argv = with_null;
	info.argc = 2;
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -EINVAL);

	base_info(&info);
	info.envc = 1; /* envp NULL */
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -EINVAL);
	info.envp = with_null;
	info.envc = 2;
	assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE), -EINVAL);

	const uint64_t bad_tops[] = {
	    TOP - 8,	   TOP + 1, EXEC_USER_END + 16, 0xffffffff80000000,
	    BUF_SIZE - 16, 0};
	for (size_t i = 0; i < sizeof(bad_tops) / sizeof(bad_tops[0]); i++) {
		base_info(&info);
		info.stack_top = bad_tops[i];
		assert_int_equal(user_stack_build(&info, buffer, BUF_SIZE),
				 -EINVAL);
	}
	/* The very top of user space is a valid stack top. */
	base_info(&info);
	info.stack_top = EXEC_USER_END;
	assert_true(user_stack_build(&info, buffer, BUF_SIZE) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_many),
	    cmocka_unit_test(test_alignment),
	    cmocka_unit_test(test_random_shapes),
	    cmocka_unit_test(test_too_big),
	    cmocka_unit_test(test_buffer_size),
	    cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
