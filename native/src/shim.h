/*
 * tslab-shim: the only program in tslab that calls clone, unshare, setns,
 * pivot_root and sethostname. See ../PROTOCOL.md for the contract with the
 * engine. Every file here has one concern; this header is what they share.
 */
#ifndef TSLAB_SHIM_H
#define TSLAB_SHIM_H

#include <stddef.h>
#include <sys/types.h>

/* File descriptor the engine hands us: config in, messages out. */
#define CONTROL_FD 3

/* Exit statuses of the shim itself (PROTOCOL.md, "Exit status"). */
#define EXIT_SETUP 125
#define EXIT_NOEXEC 126
#define EXIT_NOTFOUND 127

/* A growable list of C strings (repeated keys, NUL-separated fields). */
struct strlist {
  char **items;
  size_t len;
};

struct mount_entry {
  char *type, *source, *target, *flags, *data;
};

struct join_entry {
  char *type, *path;
  int nstype; /* CLONE_NEW* */
};

struct config {
  int exec_mode;      /* mode exec (1) or run (0) */
  int ns_flags;       /* CLONE_NEW* to create (run) */
  struct join_entry *joins;
  size_t njoins;
  char *lower, *upper, *work, *merged;
  char *hostname;
  struct mount_entry *mounts;
  size_t nmounts;
  struct strlist symlinks; /* pairs: target, linkpath */
  struct strlist masks, readonly;
  pid_t target_pid;
  char *cwd;
  struct strlist env, args, on_exit;
  uid_t uid;
  gid_t gid;
  unsigned long long caps; /* bit N = keep capability N */
  int no_new_privs, init, tty, trace;
  char *exit_file;
  char *seccomp_default;       /* "ACTION ERRNO", or NULL: no filter */
  struct strlist seccomp_rules; /* fours: action, errno, name, conditions */
};

/* errors.c: one error convention for every stage. */
extern int report_fd;        /* where E and T lines go: fd 3, or the sync socket */
extern int tracing;          /* config "trace 1" */
void send_line(int fd, const char *line, size_t len);
void send_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void bail_errno(const char *stage, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* bail(): report the current errno at STAGE with context, and exit. */
#define bail(stage, ...) bail_errno(stage, errno, __VA_ARGS__)
int exit_code_for(const char *stage, int err);
extern void (*bail_cleanup)(void); /* set by whoever owns something to undo */

/* fds.c: inherited descriptors are marked close-on-exec from FIRST up. */
void cloexec_from(int first);

/* loopback.c: lo up in a network namespace the container created. */
void loopback_up(void);

/* config.c */
void read_config(int fd, struct config *c);

/* names.c: flags written the way a learner reads them. */
const char *clone_flag_names(int flags, char *buf, size_t size);
const char *mount_flag_names(unsigned long flags, char *buf, size_t size);
int ns_type_from_name(const char *name);
const char *ns_flag_name(int nstype);
unsigned long mount_flags_from_list(const char *list, unsigned long *propagation);

/* sync.c: the socket between the shim and the processes it starts. */
void sync_send_fd(int sock, const char *line, int fd);
void sync_wait_go(int sock);
void sync_release(int sock);
struct sync_result {
  int failed;   /* an E line came: setup failed */
  int err;      /* its errno */
  char stage[32];
  int pty_master; /* fd passed with a P line, or -1 */
  pid_t cmd_pid;  /* pid sent with a C line (exec mode), or 0 */
  int ready;      /* an R line came: the inside is set up (run mode) */
};
void sync_result_init(struct sync_result *r);
int sync_forward(int sock, struct sync_result *r, int until_ready);
void wait_engine(const char *want);

/* rootfs.c: mounts inside the new mount namespace, then pivot_root. */
void make_mount_points(const struct config *c);
void setup_rootfs(const struct config *c);

/* caps.c: capabilities, ids, no_new_privs, in that order. */
void drop_privileges(const struct config *c);

/* seccomp.c: the syscall filter, loaded just before exec. */
void install_seccomp(const struct config *c);

/* pty.c */
int pty_open_backup(const struct config *c);
int pty_setup_child(const struct config *c, int backup, int sync);
void pty_make_controlling(int slave);
void terminal_raw(void);
void terminal_restore(void);
void pty_copy_winsize(int master);

/* command.c: the user's command. */
void reset_signals(void);
_Noreturn void exec_command(const struct config *c);
_Noreturn void start_command(const struct config *c, int slave);

/* init.c: PID 1 that reaps. */
_Noreturn void run_init(const struct config *c, int sync, int slave);
void set_process_title(const char *title);

/* container.c: the cloned process in run mode. */
struct container_args {
  const struct config *c;
  int sync;
};
int container_main(void *arg);

/* monitor.c */
_Noreturn void run_mode(struct config *c);
#include <signal.h>
void block_monitor_signals(sigset_t *set);
_Noreturn void finish(const struct config *c, int status, int connected);

/* supervise.c: after "3 started": signals, tty relay, waiting. */
_Noreturn void supervise(const struct config *c, pid_t cmd, int master);

/* exec_mode.c */
_Noreturn void exec_mode(struct config *c);

/* main.c */
extern char **saved_argv;

#endif
