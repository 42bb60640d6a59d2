/*
 * After "3 started", the shim only waits: it reaps, forwards signals, and in
 * tty mode relays bytes between its own stdin/stdout and the pty master. One
 * poll loop over a signalfd, fd 3, stdin and the master; no threads, no
 * buffers beyond one page on the stack (the monitor should stay under 1 MiB).
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

/* Copy what is readable from one fd to another; 0 on EOF/EIO (pty closed). */
static int relay(int from, int to) {
  char buf[4096];
  ssize_t n = read(from, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 1;
  if (n <= 0) return 0;
  send_line(to, buf, (size_t)n);
  return 1;
}

/* Reap every child that has ended; return 1 with *status when it was cmd. */
static int reap(pid_t cmd, int *status) {
  int done = 0, st;
  pid_t p;
  while ((p = waitpid(-1, &st, WNOHANG)) > 0)
    if (p == cmd) *status = st, done = 1;
  return done;
}

_Noreturn void supervise(const struct config *c, pid_t cmd, int master) {
  sigset_t set;
  block_monitor_signals(&set); /* already blocked; the same set for signalfd */
  int sfd = signalfd(-1, &set, SFD_CLOEXEC);
  if (sfd < 0) bail("supervise", "signalfd");
  int connected = 1, in_open = master >= 0, master_open = master >= 0, status = 0;
  if (master >= 0) {
    terminal_raw();
    pty_copy_winsize(master);
  }
  /* The command may have ended before the signalfd existed. */
  if (reap(cmd, &status)) goto done;

  for (;;) {
    struct pollfd p[4] = {{sfd, POLLIN, 0}, {connected ? CONTROL_FD : -1, POLLIN, 0},
                          {in_open ? 0 : -1, POLLIN, 0}, {master_open ? master : -1, POLLIN, 0}};
    if (poll(p, 4, -1) < 0) {
      if (errno == EINTR) continue;
      bail("supervise", "poll");
    }
    if (p[0].revents & POLLIN) {
      struct signalfd_siginfo si;
      if (read(sfd, &si, sizeof si) == sizeof si) {
        int sig = (int)si.ssi_signo;
        if (sig == SIGCHLD) {
          if (reap(cmd, &status)) goto done;
        } else if (sig == SIGWINCH) {
          if (master >= 0) pty_copy_winsize(master);
        } else if (sig != SIGINT && sig != SIGQUIT) {
          /* SIGINT/SIGQUIT: the terminal already sent them to the container's
           * process group (non-tty), or they are bytes in the relay (tty). */
          kill(cmd, sig);
        }
      }
    }
    if (p[1].revents) {
      char b;
      /* The engine sends nothing after "2 go"; EOF means it detached. */
      if (p[1].revents & (POLLHUP | POLLERR) || read(CONTROL_FD, &b, 1) <= 0) connected = 0;
    }
    if (p[2].revents && !relay(0, master)) in_open = 0;
    if (p[3].revents && !relay(master, 1)) master_open = 0;
  }
done:
  /* Drain what the command wrote just before it ended (non-blocking, or a
   * drained pty would block us forever: skip the drain if that fails). */
  if (master_open && fcntl(master, F_SETFL, O_NONBLOCK) == 0) {
    char buf[4096];
    ssize_t n;
    while ((n = read(master, buf, sizeof buf)) > 0) send_line(1, buf, (size_t)n);
  }
  finish(c, status, connected);
}
