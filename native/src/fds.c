/*
 * Descriptors the shim inherited (from the CLI, from whatever started it)
 * must never reach the container: a leaked host directory fd is a way out of
 * the root (runc's CVE-2024-21626). close_range(CLOSE_RANGE_CLOEXEC) marks
 * them all in one call on Linux 5.11+; older kernels get the same effect one
 * descriptor at a time, from the list in /proc/self/fd.
 */
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static void mark_cloexec(int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags < 0) {
    if (errno == EBADF) return; /* closed meanwhile, or the directory's own fd */
    bail("fds", "fcntl(%d, F_GETFD)", fd);
  }
  if (!(flags & FD_CLOEXEC) && fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) bail("fds", "fcntl(%d, F_SETFD, FD_CLOEXEC)", fd);
}

void cloexec_from(int first) {
  if (syscall(SYS_close_range, (unsigned)first, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  if (errno != ENOSYS && errno != EINVAL) bail("fds", "close_range(%d, ~0U, CLOSE_RANGE_CLOEXEC)", first);
  DIR *dir = opendir("/proc/self/fd");
  if (dir) {
    int self = dirfd(dir);
    struct dirent *e;
    while ((e = readdir(dir))) {
      char *end;
      long fd = strtol(e->d_name, &end, 10);
      if (*end || end == e->d_name || fd < first || fd == self) continue;
      mark_cloexec((int)fd);
    }
    closedir(dir);
    return;
  }
  /* No /proc: every possible descriptor up to the limit. */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) bail("fds", "getrlimit(RLIMIT_NOFILE)");
  rlim_t max = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1 << 20) ? (1 << 20) : rl.rlim_cur;
  for (rlim_t fd = (rlim_t)first; fd < max; fd++) mark_cloexec((int)fd);
}
