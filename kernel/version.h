/* version.h - the one place the version string is written. */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H
#define PORTCULLIS_VERSION "0.1"
#endif
