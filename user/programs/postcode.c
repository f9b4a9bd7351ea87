/*
 * postcode - a user-space "driver" for the POST-code port 0x80.
 *
 * PC firmware writes progress codes to port 0x80 during boot; a POST card
 * in a slot shows them on two digits.  Writing it is harmless on every
 * PC, which makes it the classic port for I/O permission experiments.
 * This program asks for that one port and writes to it in a tight loop,
 * so that every timer tick preempts a process holding an I/O bitmap.
 *
 *   postcode [COUNT]    (default 200000 writes)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>
#include <unistd.h>

#define POST_PORT 0x80

int main(int argc, char **argv)
{
	long count = argc > 1 ? (long)atoi(argv[1]) : 200000;

	long err = sys_ioperm(POST_PORT, 1, 1);
	if (err) {
		printf("postcode: ioperm(0x80) failed: error %ld\n", -err);
		return 1;
	}
	printf("postcode: pid %ld owns port 0x80, writing %ld codes\n",
	       sys_getpid(), count);
	for (long i = 0; i < count; i++)
		outb((uint8_t)i, POST_PORT);
	printf("postcode: wrote %ld POST codes to port 0x80\n", count);
	return 0;
}
