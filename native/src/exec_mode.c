/*
 * Exec mode: run another command in a running container (like nsenter or
 * `docker exec`). The shim itself never enters the container: it stays on the
 * host (its exit_file and on_exit paths mean what the engine meant) and forks
 * a helper that opens every namespace and /proc/PID/root first (paths in
 * /proc may stop resolving once we are inside), joins them (user first, so the
 * rest are allowed), and forks the command: setns(CLONE_NEWPID) only applies
 * to children. The helper exits; the shim is a child subreaper, so the
 * command is reparented to it and it waits and relays as in run mode.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOINS 8

static _Noreturn void helper(const struct config *c, int sync) {
  int fds[MAX_JOINS];
  char path[64];
  if (c->njoins > MAX_JOINS) bail_errno("config", E2BIG, "more than %d joins", MAX_JOINS);
  for (size_t i = 0; i < c->njoins; i++) {
    fds[i] = open(c->joins[i].path, O_RDONLY | O_CLOEXEC);
    if (fds[i] < 0) bail("setns", "opening %s namespace %s", c->joins[i].type, c->joins[i].path);
  }
  snprintf(path, sizeof path, "/proc/%d/root", (int)c->target_pid);
  int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root < 0) bail("setns", "opening %s (is the container running?)", path);
  int backup = c->tty ? pty_open_backup(c) : -1;

  for (int pass = 0; pass < 2; pass++) /* pass 0: user; pass 1: the others */
    for (size_t i = 0; i < c->njoins; i++) {
      const struct join_entry *j = &c->joins[i];
      if ((j->nstype == CLONE_NEWUSER) != (pass == 0)) continue;
      trace("setns(open(\"%s\"), %s)", j->path, ns_flag_name(j->nstype));
      if (setns(fds[i], j->nstype) < 0) bail("setns", "setns(open(\"%s\"), %s)", j->path, ns_flag_name(j->nstype));
      close(fds[i]);
    }

  int in_mnt = 0;
  for (size_t i = 0; i < c->njoins; i++) in_mnt |= c->joins[i].nstype == CLONE_NEWNS;
  pid_t cmd = fork();
  if (cmd < 0) bail("exec", "fork() into the container's pid namespace");
  if (cmd == 0) {
    /* The root of the container's first process, whatever its mounts; without
     * its mount namespace (only some joined, like nsenter --ipc) the host's files. */
    if (in_mnt) {
      if (fchdir(root) < 0) bail("chroot", "fchdir to %s", path);
      trace("chroot(\".\")");
      if (chroot(".") < 0) bail("chroot", "chroot(\".\") in %s", path);
    }
    if (chdir(c->cwd) < 0) bail("cwd", "chdir(\"%s\") inside the container", c->cwd);
    int slave = c->tty ? pty_setup_child(c, backup, sync) : -1;
    start_command(c, slave);
  }
  char line[32];
  int n = snprintf(line, sizeof line, "C %d\n", (int)cmd);
  send_line(sync, line, (size_t)n);
  _exit(0);
}

static void wait_all(void) {
  while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {
  }
}

_Noreturn void exec_mode(struct config *c) {
  sigset_t set;
  int sv[2];
  block_monitor_signals(&set);
  if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) bail("exec", "prctl(PR_SET_CHILD_SUBREAPER)");
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) bail("sync", "socketpair");
  send_msg("1 pid %d", (int)getpid());
  wait_engine("2 go");

  pid_t h = fork();
  if (h < 0) bail("exec", "fork() of the join helper");
  if (h == 0) {
    report_fd = sv[1];
    close(CONTROL_FD);
    close(sv[0]);
    reset_signals();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) bail("setup", "prctl(PR_SET_PDEATHSIG, SIGKILL) in the join helper");
    helper(c, sv[1]);
  }
  close(sv[1]);
  struct sync_result r;
  sync_result_init(&r);
  sync_forward(sv[0], &r, 0);
  if (r.failed) {
    if (r.cmd_pid > 0) kill(r.cmd_pid, SIGKILL);
    wait_all();
    _exit(exit_code_for(r.stage, r.err));
  }
  if (r.cmd_pid <= 0) bail_errno("exec", ECHILD, "the join helper ended without starting the command");
  send_msg("3 started");
  supervise(c, r.cmd_pid, r.pty_master);
}
