/*
 * Run mode, container side: the process clone() made. It waits on the sync
 * socket until the engine has written uid/gid maps, cgroup membership and
 * network, then builds its world in order: ids, cgroup ns, hostname, root
 * filesystem, cwd, tty; reports R and waits for a second go; then becomes
 * PID 1 init or the command itself.
 * Errors go up the sync socket as E lines (report_fd).
 */
#include "shim.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int container_main(void *arg) {
  const struct container_args *a = arg;
  const struct config *c = a->c;
  int sync = a->sync;
  report_fd = sync;
  bail_cleanup = NULL;
  close(CONTROL_FD); /* only the monitor talks to the engine */
  reset_signals();
  /* Die with the monitor while still being set up (cleared before exec). If
   * the monitor is already gone, the sync socket's EOF ends us below. */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) bail("setup", "prctl(PR_SET_PDEATHSIG, SIGKILL)");
  sync_wait_go(sync);

  if (c->ns_flags & CLONE_NEWUSER) {
    /* The engine has written uid_map/gid_map: become root of the new ns. */
    if (setresgid(0, 0, 0) < 0) bail("user", "setresgid(0, 0, 0) in the new user namespace (is gid_map written?)");
    if (setresuid(0, 0, 0) < 0) bail("user", "setresuid(0, 0, 0) in the new user namespace (is uid_map written?)");
  }
  if (c->ns_flags & CLONE_NEWCGROUP) {
    trace("unshare(CLONE_NEWCGROUP)");
    if (unshare(CLONE_NEWCGROUP) < 0) bail("unshare", "unshare(CLONE_NEWCGROUP)");
  }
  if (c->hostname) {
    trace("sethostname(\"%s\")", c->hostname);
    if (sethostname(c->hostname, strlen(c->hostname)) < 0) bail("hostname", "sethostname(\"%s\")", c->hostname);
  }
  if (c->ns_flags & CLONE_NEWNET) loopback_up();
  int backup = c->tty ? pty_open_backup(c) : -1;
  setup_rootfs(c);
  if (chdir(c->cwd) < 0) bail("cwd", "chdir(\"%s\") inside the container", c->cwd);
  int slave = c->tty ? pty_setup_child(c, backup, sync) : -1;
  /* The inside is ready: report, and exec only when the engine says so. */
  send_line(sync, "R\n", 2);
  sync_wait_go(sync);
  if (prctl(PR_SET_PDEATHSIG, 0) < 0) bail("setup", "prctl(PR_SET_PDEATHSIG, 0)");
  if (c->init) run_init(c, sync, slave);
  start_command(c, slave);
}
