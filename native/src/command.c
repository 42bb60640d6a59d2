/*
 * The user's command: controlling tty, privileges, then execve with only the
 * configured environment. arg[0] is looked up in the container's PATH (from
 * that environment), like execvpe but without inheriting anything, and without
 * execvp's retry through /bin/sh on ENOEXEC: the error is reported instead.
 */
#include "shim.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Signal mask and dispositions are inherited across execve: give the command
 * a clean slate, not the monitor's blocked set or ignored SIGPIPE. */
void reset_signals(void) {
  sigset_t none;
  sigemptyset(&none);
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
  /* A command started with signals blocked could not be stopped. */
  if (sigprocmask(SIG_SETMASK, &none, NULL) < 0) bail("exec", "sigprocmask(SIG_SETMASK, {})");
}

static const char *env_path(const struct config *c) {
  for (size_t i = 0; i < c->env.len; i++)
    if (!strncmp(c->env.items[i], "PATH=", 5)) return c->env.items[i] + 5;
  return DEFAULT_PATH;
}

_Noreturn void exec_command(const struct config *c) {
  char *const *argv = c->args.items;
  char *const *envp = c->env.items ? c->env.items : (char *const[]){NULL};
  const char *name = argv[0];
  if (strchr(name, '/')) {
    execve(name, argv, envp);
    bail("exec", "execve(\"%s\")", name);
  }
  const char *path = env_path(c);
  int err = ENOENT;
  for (const char *p = path;; p++) {
    const char *colon = strchr(p, ':');
    size_t dirlen = colon ? (size_t)(colon - p) : strlen(p);
    char full[4096];
    /* An empty PATH entry means the current directory, as in execvp. */
    snprintf(full, sizeof full, "%.*s%s%s", (int)dirlen, dirlen ? p : ".", "/", name);
    execve(full, argv, envp);
    if (errno == EACCES) err = EACCES; /* remember, keep looking (execvp does too) */
    else if (errno != ENOENT && errno != ENOTDIR) bail("exec", "execve(\"%s\")", full);
    if (!colon) break;
    p = colon;
  }
  bail_errno("exec", err, "%s not found or not executable in PATH=%s", name, path);
}

_Noreturn void start_command(const struct config *c, int slave) {
  if (slave >= 0) pty_make_controlling(slave);
  drop_privileges(c);
  install_seccomp(c);
  exec_command(c);
}
