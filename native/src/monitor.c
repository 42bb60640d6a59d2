/*
 * Run mode, monitor side, top to bottom: private mount namespace, overlay,
 * clone, "1 pid", wait "2 go", release, forward setup lines, "3 started",
 * then supervise until the command ends. The monitor stays on the host side
 * of every namespace except its own private mount namespace, so nothing it
 * mounts is visible on the host and all of it vanishes when it exits.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child;
/* Namespaces the monitor left, to return to before running on_exit: its
 * mount namespace and one per join (config.c allows one join per type). */
#define MAX_SAVED_NS 8
static struct { int fd, type; } saved_ns[MAX_SAVED_NS];
static size_t nsaved;

static void kill_child(void) {
  if (child > 0) {
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
  }
  terminal_restore();
}

static void remember_namespace(const char *name, int type) {
  char path[64];
  if (nsaved == MAX_SAVED_NS) bail_errno("setns", E2BIG, "more than %d namespaces to return to", MAX_SAVED_NS);
  snprintf(path, sizeof path, "/proc/self/ns/%s", name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) bail("setns", "opening %s", path);
  saved_ns[nsaved].fd = fd;
  saved_ns[nsaved++].type = type;
}

static void private_mounts_and_overlay(const struct config *c) {
  char flags[128];
  remember_namespace("mnt", CLONE_NEWNS);
  trace("unshare(CLONE_NEWNS)");
  if (unshare(CLONE_NEWNS) < 0) bail("unshare", "unshare(CLONE_NEWNS)");
  trace("mount(NULL, \"/\", NULL, %s, NULL)", mount_flag_names(MS_REC | MS_PRIVATE, flags, sizeof flags));
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
    bail("mount", "making / MS_REC|MS_PRIVATE in the shim's mount namespace");
  char data[4096];
  int n = snprintf(data, sizeof data, "lowerdir=%s,upperdir=%s,workdir=%s", c->lower, c->upper, c->work);
  if (n < 0 || (size_t)n >= sizeof data)
    bail_errno("mount", E2BIG, "overlay options are longer than a page (%d bytes)", n);
  trace("mount(\"overlay\", \"%s\", \"overlay\", 0, \"%s\")", c->merged, data);
  if (mount("overlay", c->merged, "overlay", 0, data) < 0)
    bail("mount", "mount(\"overlay\", \"%s\", \"overlay\", 0, \"%s\")", c->merged, data);
  /* Enter it here, as host root: a child in a new user namespace may not be
   * allowed to walk the directories above it (a 0700 data dir, say). clone()
   * moves the child's cwd to the same mount in its own copy of the namespace. */
  if (chdir(c->merged) < 0) bail("mount", "chdir(\"%s\")", c->merged);
}

/* Join namespaces before clone: the child then inherits them, and a netns
 * owned by the host can be joined even when the child gets a new user ns.
 * (user and mnt joins are refused in run mode by config.c.) */
static void join_before_clone(const struct config *c) {
  for (size_t i = 0; i < c->njoins; i++) {
    const struct join_entry *j = &c->joins[i];
    int fd = open(j->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) bail("setns", "opening %s namespace %s", j->type, j->path);
    remember_namespace(j->type, j->nstype);
    trace("setns(open(\"%s\"), %s)", j->path, ns_flag_name(j->nstype));
    if (setns(fd, j->nstype) < 0) bail("setns", "setns(open(\"%s\"), %s)", j->path, ns_flag_name(j->nstype));
    close(fd);
  }
}

/* Signals the monitor handles through a signalfd; blocked before clone so
 * none is lost, and unblocked again in every child (reset_signals). */
void block_monitor_signals(sigset_t *set) {
  sigemptyset(set);
  int sigs[] = {SIGCHLD, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGINT, SIGQUIT};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(set, sigs[i]);
  sigprocmask(SIG_BLOCK, set, NULL);
  signal(SIGPIPE, SIG_IGN); /* a gone engine or closed stdout is handled, not fatal */
}

_Noreturn void run_mode(struct config *c) {
  sigset_t set;
  int sv[2];
  block_monitor_signals(&set);
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) bail("sync", "socketpair");
  private_mounts_and_overlay(c);
  make_mount_points(c);
  join_before_clone(c);

  /* The child always gets its own mount namespace: pivot_root in ours would
   * move the monitor's root too. The cgroup namespace waits until the engine
   * has put the child in its cgroup (container.c). */
  int flags = (c->ns_flags & ~CLONE_NEWCGROUP) | CLONE_NEWNS;
  size_t stack_size = 256 * 1024;
  char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) bail("clone", "allocating the child's stack");
  struct container_args args = {c, sv[1]};
  char names[256];
  clone_flag_names(flags | SIGCHLD, names, sizeof names);
  child = clone(container_main, stack + stack_size, flags | SIGCHLD, &args);
  if (child < 0) bail("clone", "clone(%s)", names);
  bail_cleanup = kill_child;
  trace("clone(%s) = %d", names, child);
  if (chdir("/") < 0) bail("mount", "chdir(\"/\") after clone");
  munmap(stack, stack_size);
  close(sv[1]);

  send_msg("1 pid %d", child);
  wait_engine("2 go");
  sync_release(sv[0]);
  struct sync_result r;
  sync_result_init(&r);
  /* Phase 5 ends at R: the root is pivoted, nothing of the user's runs yet. */
  if (sync_forward(sv[0], &r, 1)) {
    send_msg("5 inside");
    wait_engine("6 exec");
    sync_release(sv[0]);
    sync_forward(sv[0], &r, 0);
  }
  if (r.failed) {
    bail_cleanup = NULL;
    kill_child();
    _exit(exit_code_for(r.stage, r.err));
  }
  send_msg("3 started");
  supervise(c, child, r.pty_master);
}

static void write_exit_file(const char *path, int code, int sig) {
  char tmp[4096], line[32];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return;
  int n = snprintf(line, sizeof line, "%d %d\n", code, sig);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, line, (size_t)n) != n || fsync(fd) < 0 || close(fd) < 0 || rename(tmp, path) < 0) {
    /* Nobody to send an E line to at this point: tell the container's stderr. */
    dprintf(2, "tslab-shim: writing exit file %s: %s\n", path, strerror(errno));
    if (fd >= 0) unlink(tmp);
  }
}

/* Detached: become the on_exit hook, back in the namespaces we started in. */
static _Noreturn void run_on_exit(const struct config *c, int code) {
  /* Newest first. If one fails, the hook would run with the container's
   * network or mounts: better not run it (ps and gc reap the container). */
  for (size_t i = nsaved; i-- > 0;) {
    if (setns(saved_ns[i].fd, saved_ns[i].type) < 0) {
      dprintf(2, "tslab-shim: returning to the host's %s namespace before on_exit: %s; not running the hook\n", ns_flag_name(saved_ns[i].type), strerror(errno));
      _exit(code);
    }
  }
  for (int fd = 0; fd <= 2; fd++) {
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) continue;
    int null = open("/dev/null", O_RDWR);
    if (null >= 0 && null != fd) dup2(null, fd), close(null);
  }
  close(CONTROL_FD);
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  signal(SIGPIPE, SIG_DFL);
  execvp(c->on_exit.items[0], c->on_exit.items);
  dprintf(2, "tslab-shim: on_exit %s: %s\n", c->on_exit.items[0], strerror(errno));
  _exit(code);
}

static int engine_gone(void) {
  struct pollfd p = {.fd = CONTROL_FD, .events = POLLIN};
  if (poll(&p, 1, 0) <= 0) return 0;
  if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) return 1;
  char b;
  return recv(CONTROL_FD, &b, 1, MSG_DONTWAIT) == 0;
}

/* After "4 exit": wait for the engine's "7 reaped" (1), or for it to close
 * fd 3 without saying it (0: it detached or died, the hook must reap). */
static int engine_reaped(void) {
  char line[16];
  size_t used = 0;
  for (;;) {
    char ch;
    ssize_t n = read(CONTROL_FD, &ch, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    if (ch == '\n') break;
    if (used == sizeof line - 1) return 0;
    line[used++] = ch;
  }
  line[used] = 0;
  return !strcmp(line, "7 reaped");
}

/* The command has ended: record it where the engine will look, then report
 * or hand over to on_exit. */
_Noreturn void finish(const struct config *c, int status, int connected) {
  int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  int code = sig ? 128 + sig : WEXITSTATUS(status);
  terminal_restore();
  if (c->exit_file) write_exit_file(c->exit_file, code, sig);
  if (connected && !engine_gone()) {
    send_msg("4 exit %d %d", code, sig);
    /* A connected engine may still be about to detach (run -d whose command
     * ended at once) or die: only its "7 reaped" makes the hook unneeded. */
    if (!c->on_exit.len || engine_reaped()) _exit(code);
  }
  if (c->on_exit.len) run_on_exit(c, code);
  _exit(code);
}
