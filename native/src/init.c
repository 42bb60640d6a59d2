/*
 * "init 1": the container's PID 1 stays ours. It forks the command, reaps
 * every process that ends in the namespace (orphans are reparented to PID 1,
 * and without a reaper they stay zombies), forwards the signals it can catch
 * to the command, and exits with the command's status (128+N if killed by N).
 * Signals are taken synchronously with sigwaitinfo: no handlers, no races.
 */
#include "shim.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Overwrite argv in place so /proc/PID/cmdline (and ps) show the title; the
 * argv strings are contiguous, and we may use all of them, nothing more. */
void set_process_title(const char *title) {
  prctl(PR_SET_NAME, title, 0, 0, 0);
  if (!saved_argv || !saved_argv[0]) return;
  char *start = saved_argv[0], *end = start + strlen(start) + 1;
  for (char **a = saved_argv + 1; *a && *a == end; a++) end = *a + strlen(*a) + 1;
  size_t room = (size_t)(end - start);
  size_t n = strlen(title);
  if (n >= room) n = room - 1;
  memcpy(start, title, n);
  memset(start + n, 0, room - n);
}

_Noreturn void run_init(const struct config *c, int sync, int slave) {
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  set_process_title("tslab-init");
  /* PID 1 needs no more privilege than the command: it only waits and
   * forwards signals. The command repeats the drop, which changes nothing. */
  drop_privileges(c);
  sigprocmask(SIG_BLOCK, &all, NULL);
  pid_t cmd = fork();
  if (cmd < 0) bail("init", "fork() of the command");
  if (cmd == 0) {
    if (sigprocmask(SIG_SETMASK, &none, NULL) < 0) bail("init", "sigprocmask(SIG_SETMASK, {}) for the command");
    start_command(c, slave); /* its copy of sync closes on exec: "3 started" */
  }
  /* From here PID 1 holds nothing the command needs. */
  close(sync);
  report_fd = -1;
  if (slave >= 0) close(slave);

  for (;;) {
    siginfo_t si;
    int sig = sigwaitinfo(&all, &si);
    if (sig < 0) continue; /* EINTR */
    if (sig != SIGCHLD) {
      kill(cmd, sig);
      continue;
    }
    int st;
    pid_t p;
    while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
      if (p != cmd) continue; /* an orphan: reaped, that is all */
      /* PID 1 leaving kills the rest of the namespace. */
      _exit(WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
    }
  }
}
