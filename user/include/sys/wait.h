/*
 * sys/wait.h - options for sys_wait4() and decoding of its status word.
 *
 * The encoding is Linux's, and the kernel must produce exactly this:
 *   exited with code c:        (c & 0xff) << 8
 *   killed by signal s:        s, plus 0x80 if a core was dumped
 *   stopped by signal s:       (s << 8) | 0x7f
 */
#ifndef USER_SYS_WAIT_H
#define USER_SYS_WAIT_H

#define WNOHANG	  1 /* return 0 instead of blocking if no child has exited */
#define WUNTRACED 2 /* also report stopped children */

#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s)&0x7f)
#define WSTOPSIG(s)    WEXITSTATUS(s)
#define WCOREDUMP(s)   (((s)&0x80) != 0)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSTOPPED(s)  (((s)&0xff) == 0x7f)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && WTERMSIG(s) != 0x7f)

#endif
