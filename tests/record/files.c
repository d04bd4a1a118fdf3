/*
 * files.c FILE - file mappings of 4 MiB and more, which Linux 6.x aligns
 * for huge pages when the filesystem asks for it: FILE (made 8 MiB
 * here; on ext4 it is aligned, on tmpfs not), a memfd (tmpfs: not
 * aligned) and shared anonymous memory (shmem: not aligned), with an
 * offset and with a hint. Prints each address. A test program of
 * tests/record.sh.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB	(1L << 20)

static void
show(void *p)
{
	printf("mmap %p\n", p);
}

int
main(int argc, char **argv)
{
	int fd, mfd;

	if (argc != 2)
		return 2;
	if ((fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0 ||
	    (mfd = memfd_create("vmalab", 0)) < 0 ||
	    ftruncate(fd, 8 * MIB) != 0 || ftruncate(mfd, 8 * MIB) != 0)
		return 1;
	show(mmap(NULL, 4 * MIB, PROT_READ, MAP_SHARED, mfd, 0));
	show(mmap(NULL, 4 * MIB, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	show(mmap(NULL, 4 * MIB, PROT_READ, MAP_PRIVATE, fd, 0));
	show(mmap(NULL, 5 * MIB, PROT_READ, MAP_PRIVATE, fd, 4096));
	show(mmap(NULL, 2 * MIB, PROT_READ, MAP_PRIVATE, fd, 4096));
	show(mmap((void *)0x7ffff0000000, 4 * MIB, PROT_READ, MAP_PRIVATE,
	    fd, 0));
	return 0;
}
