/*
 * Config records from the engine: "KEY SP LENGTH LF BYTES LF", fields inside
 * a value separated by NUL (PROTOCOL.md). Read straight from fd 3 with no
 * buffering beyond the record, so the "2 go" line that follows later is never
 * swallowed here. Anything unexpected is "E config 22 ..." and exit 125.
 */
#include "shim.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_VALUE (1 << 20)
/* Bounds on the whole config, far above any real container (a few hundred
 * records): a broken or hostile peer cannot make the shim allocate without end. */
#define MAX_RECORDS 16384
#define MAX_TOTAL (64u << 20)

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n);
  if (!p) bail("config", "allocating %zu bytes", n);
  return p;
}

static void read_exact(int fd, char *buf, size_t len, const char *what) {
  while (len > 0) {
    ssize_t n = read(fd, buf, len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) bail("config", "reading %s from fd 3", what);
    if (n == 0) bail_errno("config", EINVAL, "fd 3 closed in the middle of %s", what);
    buf += n;
    len -= (size_t)n;
  }
}

static void strlist_push(struct strlist *l, char *s) {
  l->items = xrealloc(l->items, (l->len + 2) * sizeof *l->items);
  l->items[l->len++] = s;
  l->items[l->len] = NULL; /* always NULL-terminated: usable as argv/envp */
}

/* Split a value on NUL into exactly n fields (the last may be empty). */
static void fields(const char *key, char *value, size_t len, char **out, size_t n) {
  size_t got = 0;
  char *p = value, *end = value + len;
  while (got < n) {
    out[got++] = p;
    p += strlen(p) + 1;
    if (p > end) break;
  }
  if (got != n || p != end + 1)
    bail_errno("config", EINVAL, "%s needs %zu NUL-separated fields", key, n);
}

static unsigned long number(const char *key, const char *value, unsigned long max) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(value, &end, 10);
  if (errno || end == value || *end || v > max)
    bail_errno("config", EINVAL, "%s: %s is not a number up to %lu", key, value, max);
  return v;
}

static int flag(const char *key, const char *value) {
  return (int)number(key, value, 1);
}

static void parse_ns(struct config *c, char *value) {
  for (char *name = strtok(value, ","); name; name = strtok(NULL, ",")) {
    int t = ns_type_from_name(name);
    if (!t) bail_errno("config", EINVAL, "ns: unknown namespace %s", name);
    c->ns_flags |= t;
  }
}

/* Store one record; returns 0 when the value was only read (free it). */
static int apply(struct config *c, const char *key, char *v, size_t len) {
  if (!strcmp(key, "mode")) {
    if (strcmp(v, "run") && strcmp(v, "exec"))
      bail_errno("config", EINVAL, "mode must be run or exec, not %s", v);
    c->exec_mode = !strcmp(v, "exec");
    return 0;
  } else if (!strcmp(key, "ns")) {
    parse_ns(c, v);
    return 0;
  } else if (!strcmp(key, "join")) {
    char *f[2];
    fields(key, v, len, f, 2);
    int t = ns_type_from_name(f[0]);
    if (!t) bail_errno("config", EINVAL, "join: unknown namespace %s", f[0]);
    if (f[1][0] != '/') bail_errno("config", EINVAL, "join %s: path %s is not absolute", f[0], f[1]);
    for (size_t i = 0; i < c->njoins; i++)
      if (c->joins[i].nstype == t) bail_errno("config", EINVAL, "join: the %s namespace is joined twice", f[0]);
    c->joins = xrealloc(c->joins, (c->njoins + 1) * sizeof *c->joins);
    c->joins[c->njoins++] = (struct join_entry){f[0], f[1], t};
  } else if (!strcmp(key, "rootfs_lower")) c->lower = v;
  else if (!strcmp(key, "rootfs_upper")) c->upper = v;
  else if (!strcmp(key, "rootfs_work")) c->work = v;
  else if (!strcmp(key, "rootfs_merged")) c->merged = v;
  else if (!strcmp(key, "hostname")) c->hostname = v;
  else if (!strcmp(key, "mount")) {
    char *f[5];
    fields(key, v, len, f, 5);
    if (f[2][0] != '/') bail_errno("config", EINVAL, "mount target %s is not absolute", f[2]);
    c->mounts = xrealloc(c->mounts, (c->nmounts + 1) * sizeof *c->mounts);
    c->mounts[c->nmounts++] = (struct mount_entry){f[0], f[1], f[2], f[3], f[4]};
  } else if (!strcmp(key, "symlink")) {
    char *f[2];
    fields(key, v, len, f, 2);
    strlist_push(&c->symlinks, f[0]);
    strlist_push(&c->symlinks, f[1]);
  } else if (!strcmp(key, "mask")) strlist_push(&c->masks, v);
  else if (!strcmp(key, "readonly")) strlist_push(&c->readonly, v);
  else if (!strcmp(key, "cwd")) c->cwd = v;
  else if (!strcmp(key, "env")) {
    if (!strchr(v, '=')) bail_errno("config", EINVAL, "env %s is not K=V", v);
    strlist_push(&c->env, v);
  } else if (!strcmp(key, "arg")) strlist_push(&c->args, v);
  else if (!strcmp(key, "exit_file")) c->exit_file = v;
  else if (!strcmp(key, "seccomp_default")) c->seccomp_default = v;
  else if (!strcmp(key, "seccomp_rule")) {
    char *f[4];
    fields(key, v, len, f, 4);
    for (int i = 0; i < 4; i++) strlist_push(&c->seccomp_rules, f[i]);
  }
  else if (!strcmp(key, "on_exit")) strlist_push(&c->on_exit, v);
  else {
    /* Numbers: parsed, the text is not kept. */
    if (!strcmp(key, "target_pid")) c->target_pid = (pid_t)number(key, v, 1 << 22);
    else if (!strcmp(key, "uid")) c->uid = (uid_t)number(key, v, 0xfffffffe);
    else if (!strcmp(key, "gid")) c->gid = (gid_t)number(key, v, 0xfffffffe);
    else if (!strcmp(key, "cap")) c->caps |= 1ULL << number(key, v, 63);
    else if (!strcmp(key, "no_new_privs")) c->no_new_privs = flag(key, v);
    else if (!strcmp(key, "init")) c->init = flag(key, v);
    else if (!strcmp(key, "tty")) c->tty = flag(key, v);
    else if (!strcmp(key, "trace")) c->trace = flag(key, v);
    else bail_errno("config", EINVAL, "unknown key %s", key);
    return 0;
  }
  return 1;
}

/* Checks that need the whole config; run after "end". */
static void validate(struct config *c) {
  if (c->args.len == 0) bail_errno("config", EINVAL, "no arg: nothing to run");
  if (!c->cwd) c->cwd = "/";
  if (c->seccomp_rules.len && !c->seccomp_default) bail_errno("config", EINVAL, "seccomp_rule without seccomp_default");
  if (c->cwd[0] != '/') bail_errno("config", EINVAL, "cwd %s is not absolute", c->cwd);
  for (size_t i = 0; i < c->njoins; i++)
    if (c->ns_flags & c->joins[i].nstype)
      bail_errno("config", EINVAL, "%s is both created (ns) and joined", c->joins[i].type);
  if (c->exec_mode) {
    if (c->target_pid <= 0) bail_errno("config", EINVAL, "exec mode needs target_pid");
    return;
  }
  if (!c->lower || !c->upper || !c->work || !c->merged)
    bail_errno("config", EINVAL, "run mode needs rootfs_lower, rootfs_upper, rootfs_work, rootfs_merged");
  if (c->hostname && !(c->ns_flags & CLONE_NEWUTS))
    bail_errno("config", EINVAL, "hostname needs the uts namespace (else it would rename the host)");
  for (size_t i = 0; i < c->njoins; i++)
    if (c->joins[i].nstype == CLONE_NEWNS)
      bail_errno("config", EINVAL, "run mode cannot join a mnt namespace: it makes its own root");
    else if (c->joins[i].nstype == CLONE_NEWUSER)
      bail_errno("config", EINVAL, "run mode cannot join a user namespace (create one with ns user)");
}

void read_config(int fd, struct config *c) {
  int first = 1;
  size_t records = 0, total = 0;
  for (;;) {
    if (++records > MAX_RECORDS) bail_errno("config", E2BIG, "more than %d records", MAX_RECORDS);
    char key[64];
    size_t k = 0;
    char ch;
    /* Header: KEY SP LENGTH LF, byte by byte (it is short). */
    for (;;) {
      read_exact(fd, &ch, 1, "a record header");
      if (ch == ' ') break;
      if (k + 1 >= sizeof key || ch == '\n' || ch == '\0')
        bail_errno("config", EINVAL, "malformed record header");
      key[k++] = ch;
    }
    key[k] = 0;
    size_t len = 0, digits = 0;
    for (;;) {
      read_exact(fd, &ch, 1, "a record length");
      if (ch == '\n') break;
      if (ch < '0' || ch > '9' || ++digits > 8)
        bail_errno("config", EINVAL, "record %s: malformed length", key);
      len = len * 10 + (size_t)(ch - '0');
    }
    if (digits == 0 || len > MAX_VALUE)
      bail_errno("config", EINVAL, "record %s: bad length", key);
    total += len;
    if (total > MAX_TOTAL) bail_errno("config", E2BIG, "the config is larger than %u bytes", MAX_TOTAL);
    char *value = xrealloc(NULL, len + 1);
    read_exact(fd, value, len, key);
    value[len] = 0;
    read_exact(fd, &ch, 1, "a record terminator");
    if (ch != '\n') bail_errno("config", EINVAL, "record %s: value not followed by LF", key);

    if (first) {
      if (strcmp(key, "version") || strcmp(value, "2"))
        bail_errno("config", EINVAL, "first record must be version 2 (got %s %s)", key, value);
      first = 0;
      free(value);
      continue;
    }
    if (!strcmp(key, "end")) {
      free(value);
      break;
    }
    if (!strcmp(key, "version")) bail_errno("config", EINVAL, "version given twice");
    if (!apply(c, key, value, len)) free(value);
  }
  validate(c);
  tracing = c->trace;
}
