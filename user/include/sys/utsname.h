/* sys/utsname.h - what sys_uname() fills in (Linux's struct new_utsname). */
#ifndef USER_SYS_UTSNAME_H
#define USER_SYS_UTSNAME_H

#define UTSNAME_LENGTH 65

struct utsname {
	char sysname[UTSNAME_LENGTH]; /* "Portcullis" or "Linux" */
	char nodename[UTSNAME_LENGTH];
	char release[UTSNAME_LENGTH];
	char version[UTSNAME_LENGTH];
	char machine[UTSNAME_LENGTH]; /* "x86_64" */
	char domainname[UTSNAME_LENGTH];
};

#endif
