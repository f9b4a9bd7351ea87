/*
 * fdtable.c - each process's table of file descriptors.
 *
 * The rules are POSIX's: a new fd is the lowest free number (open, pipe,
 * dup, F_DUPFD from a minimum); dup2/dup3 close whatever held the target
 * first; fork copies the table, so parent and child share every open file;
 * execve closes the fds marked close-on-exec and keeps the others; exit
 * closes them all.  Numbers run from 0 to FD_MAX - 1.
 *
 * A table takes whole frames (3 for 1024 fds), not heap memory: the heap
 * keeps what it grows by, so a fork bomb's thousands of tables would stay
 * behind as heap, and the frame-accounting tests rightly call that a leak.
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/lib/string.h"
#include "kernel/mm/mm.h"
#include "kernel/proc/proc.h"

#define FD_TABLE_PAGES (PAGE_ROUND_UP(sizeof(struct fd_table)) / PAGE_SIZE)

/* A zeroed table, or NULL. */
static struct fd_table *table_alloc(void)
{
	uint64_t phys = frame_alloc_contig(FD_TABLE_PAGES);
	return phys ? phys_to_virt(phys) : NULL;
}

static void table_free(struct fd_table *t)
{
	frame_free_contig(virt_to_phys(t), FD_TABLE_PAGES);
}

static bool cloexec_bit(const struct fd_table *t, int fd)
{
	return (t->cloexec[fd / 64] >> (fd % 64)) & 1;
}

static void set_cloexec_bit(struct fd_table *t, int fd, bool on)
{
	if (on)
		t->cloexec[fd / 64] |= 1ull << (fd % 64);
	else
		t->cloexec[fd / 64] &= ~(1ull << (fd % 64));
}

struct fd_table *fd_table_new_console(void)
{
	struct fd_table *t = table_alloc();
	if (!t)
		return NULL;
	struct file *con = console_file_open(O_RDWR);
	if (!con) {
		table_free(t);
		return NULL;
	}
	/* stdin, stdout and stderr: one open file, three references. */
	t->file[0] = t->file[1] = t->file[2] = con;
	con->refs = 3;
	return t;
}

struct fd_table *fd_table_clone(const struct fd_table *src)
{
	struct fd_table *t = table_alloc();
	if (!t)
		return NULL;
	memcpy(t, src, sizeof(*t));
	for (int fd = 0; fd < FD_MAX; fd++)
		if (t->file[fd])
			file_get(t->file[fd]);
	return t;
}

void fd_table_free(struct fd_table *t)
{
	if (!t)
		return;
	for (int fd = 0; fd < FD_MAX; fd++)
		if (t->file[fd])
			file_put(t->file[fd]);
	table_free(t);
}

void fd_table_exec(struct fd_table *t)
{
	if (!t)
		return;
	for (int fd = 0; fd < FD_MAX; fd++) {
		if (t->file[fd] && cloexec_bit(t, fd)) {
			file_put(t->file[fd]);
			t->file[fd] = NULL;
		}
	}
	memset(t->cloexec, 0, sizeof(t->cloexec));
}

static struct fd_table *current_table(void)
{
	return proc_current()->fds;
}

struct file *fd_get(int64_t fd)
{
	struct fd_table *t = current_table();
	if (!t || fd < 0 || fd >= FD_MAX)
		return NULL;
	return t->file[fd];
}

int fd_install(struct file *f, int64_t min_fd, bool cloexec)
{
	struct fd_table *t = current_table();
	if (!t || min_fd < 0)
		return -EMFILE;
	for (int64_t fd = min_fd; fd < FD_MAX; fd++) {
		if (!t->file[fd]) {
			t->file[fd] = f;
			set_cloexec_bit(t, (int)fd, cloexec);
			return (int)fd;
		}
	}
	return -EMFILE;
}

void fd_install_at(struct file *f, int fd, bool cloexec)
{
	struct fd_table *t = current_table();
	struct file *old = t->file[fd];
	file_get(f);
	t->file[fd] = f;
	set_cloexec_bit(t, fd, cloexec);
	/* Last: releasing a pipe end may wake others, never us, but the
	 * table must already be in its final state. */
	if (old)
		file_put(old);
}

int fd_close(int64_t fd)
{
	struct fd_table *t = current_table();
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	t->file[fd] = NULL;
	set_cloexec_bit(t, (int)fd, false);
	file_put(f);
	return 0;
}

bool fd_cloexec(int fd)
{
	return cloexec_bit(current_table(), fd);
}

void fd_set_cloexec(int fd, bool on)
{
	set_cloexec_bit(current_table(), fd, on);
}
