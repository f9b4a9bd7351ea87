/*
 * test_init_command.c - host unit tests for the init= command syntax
 * (kernel/exec/init_command.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "kernel/errno.h"
#include "kernel/exec/init_command.h"

static void test_plain_names(void **state)
{
	(void)state;
	char buf[] = "hello,usertests";
	char *s = buf;
	struct init_command c;
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_int_equal(c.argc, 1);
	assert_string_equal(c.argv[0], "hello");
	assert_null(c.argv[1]);
	assert_int_equal(c.envc, 0);
	assert_null(c.envp[0]);
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_string_equal(c.argv[0], "usertests");
	assert_int_equal(init_next_command(&s, &c), 0);
	assert_int_equal(init_next_command(&s, &c), 0);
}

static void test_arguments_environment_and_quotes(void **state)
{
	(void)state;
	char buf[] = "TERM=vt100 A_1=x=y /bin/hello -e 3 'two words' 'a,b'"
		     "  ,  sh -c 'echo hi'x";
	char *s = buf;
	struct init_command c;
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_int_equal(c.envc, 2);
	assert_string_equal(c.envp[0], "TERM=vt100");
	assert_string_equal(c.envp[1], "A_1=x=y");
	assert_int_equal(c.argc, 6);
	assert_string_equal(c.argv[0], "/bin/hello");
	assert_string_equal(c.argv[3], "two words");
	assert_string_equal(c.argv[4], "a,b");
	assert_string_equal(c.argv[5], "");
	assert_null(c.argv[6]);
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_int_equal(c.argc, 3);
	assert_string_equal(c.argv[2], "echo hix");
	assert_int_equal(init_next_command(&s, &c), 0);
}

static void test_assignment_only_before_the_program(void **state)
{
	(void)state;
	char buf[] = "prog X=1 9A=2";
	char *s = buf;
	struct init_command c;
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_int_equal(c.envc, 0);
	assert_int_equal(c.argc, 3);
	assert_string_equal(c.argv[1], "X=1");
	char buf2[] = "9A=2 =x prog";
	s = buf2;
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_int_equal(c.envc, 0);
	assert_string_equal(c.argv[0], "9A=2");
}

static void test_errors(void **state)
{
	(void)state;
	struct init_command c;
	char unclosed[] = "prog 'no end";
	char *s = unclosed;
	assert_int_equal(init_next_command(&s, &c), -EINVAL);
	char env_only[] = "A=1 B=2,hello";
	s = env_only;
	assert_int_equal(init_next_command(&s, &c), -EINVAL);
	char many[200];
	strcpy(many, "p");
	for (int i = 0; i < INIT_MAX_WORDS; i++)
		strcat(many, " w");
	s = many;
	assert_int_equal(init_next_command(&s, &c), -EINVAL);
	strcpy(many, "p");
	for (int i = 0; i < INIT_MAX_WORDS - 1; i++)
		strcat(many, " w");
	s = many;
	assert_int_equal(init_next_command(&s, &c), 1);
	assert_int_equal(c.argc, INIT_MAX_WORDS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_names),
	    cmocka_unit_test(test_arguments_environment_and_quotes),
	    cmocka_unit_test(test_assignment_only_before_the_program),
	    cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
