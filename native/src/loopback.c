/*
 * A new network namespace starts with lo DOWN (lesson 1 shows why). Like
 * runc's loopback strategy, the container brings its own lo up with one ioctl,
 * so no `ip` process is needed for it.
 */
#include "shim.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

void loopback_up(void) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) bail("loopback", "socket(AF_INET, SOCK_DGRAM) for lo");
  struct ifreq req;
  memset(&req, 0, sizeof req);
  strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(fd, SIOCGIFFLAGS, &req) < 0) bail("loopback", "ioctl(SIOCGIFFLAGS, \"lo\")");
  if (!(req.ifr_flags & IFF_UP)) {
    req.ifr_flags |= IFF_UP;
    trace("ioctl(SIOCSIFFLAGS, \"lo\", IFF_UP)");
    if (ioctl(fd, SIOCSIFFLAGS, &req) < 0) bail("loopback", "ioctl(SIOCSIFFLAGS, \"lo\", IFF_UP)");
  }
  close(fd);
}
