/*
 * Privileges of the command, dropped in the order that works: the bounding set
 * first (needs CAP_SETPCAP, which may be dropped later), then groups and ids
 * (with PR_SET_KEEPCAPS so a non-root uid keeps the permitted set long enough),
 * then capset for permitted/effective/inheritable, ambient cleared, and
 * no_new_privs last. A uid other than 0 ends with no capabilities after exec,
 * as with any non-root execve without ambient capabilities.
 */
#include "shim.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

void drop_privileges(const struct config *c) {
  unsigned long long present = 0;
  for (int cap = 0; cap < 64; cap++) {
    int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
    if (r < 0) break; /* EINVAL: past the kernel's last capability */
    /* Only what our bounding set still has can be kept (a host, or an outer
     * container, may have dropped some: --privileged then gets the rest). */
    if (r == 1) present |= 1ULL << cap;
    if (r == 1 && !(c->caps & (1ULL << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
      bail("caps", "prctl(PR_CAPBSET_DROP, %d)", cap);
  }
  /* EPERM: a user namespace whose setgroups is "deny" keeps its groups. */
  if (setgroups(0, NULL) < 0 && errno != EPERM) bail("user", "setgroups(0, NULL)");
  if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0) bail("caps", "prctl(PR_SET_KEEPCAPS, 1)");
  if (setresgid(c->gid, c->gid, c->gid) < 0) bail("user", "setresgid(%u) (is gid %u mapped?)", c->gid, c->gid);
  if (setresuid(c->uid, c->uid, c->uid) < 0) bail("user", "setresuid(%u) (is uid %u mapped?)", c->uid, c->uid);
  if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0) bail("caps", "prctl(PR_SET_KEEPCAPS, 0)");

  unsigned long long keep = c->caps & present;
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  d[0].effective = d[0].permitted = d[0].inheritable = (uint32_t)keep;
  d[1].effective = d[1].permitted = d[1].inheritable = (uint32_t)(keep >> 32);
  if (syscall(SYS_capset, &h, d) < 0) bail("caps", "capset(effective=permitted=inheritable=%#llx)", keep);
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
    bail("caps", "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)");
  if (c->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) bail("caps", "prctl(PR_SET_NO_NEW_PRIVS, 1)");
}
