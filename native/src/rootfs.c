/*
 * The container's root filesystem, inside its own mount namespace: the mount
 * list, symlinks, masked and read-only paths, then pivot_root. Every path
 * inside the root is resolved with openat2(RESOLVE_IN_ROOT), so a symlink in
 * an image (/proc -> /) cannot make us mount over a host path; the mount then
 * targets the opened fd through /proc/self/fd/N. Traces show the inside path.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static int root_fd = -1;

static int open_in_root(const char *path, int flags) {
  struct open_how how = {.flags = (unsigned long long)(flags | O_CLOEXEC),
                         .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
  while (*path == '/') path++;
  if (!*path) path = ".";
  int fd = (int)syscall(SYS_openat2, root_fd, path, &how, sizeof how);
  /* Kernels before 5.6 lack openat2. Resolving plainly would trust the image
   * not to hold symlinks that leave the root: refuse instead (doctor says so). */
  if (fd < 0 && errno == ENOSYS)
    bail_errno("mount", ENOSYS, "openat2(RESOLVE_IN_ROOT) is missing (Linux 5.6 or newer is needed to resolve %s safely inside the root)", path);
  return fd;
}

static const char *fd_path(int fd, char *buf, size_t size) {
  snprintf(buf, size, "/proc/self/fd/%d", fd);
  return buf;
}

/* mkdir -p inside the root (the last component a file when as_file);
 * returns an O_PATH fd on the target. */
static int make_path(const char *stage, const char *path, int as_file) {
  char prefix[4096];
  size_t len = strlen(path);
  if (len >= sizeof prefix) bail_errno(stage, ENAMETOOLONG, "%s", path);
  int fd = open_in_root(path, O_PATH);
  if (fd >= 0) return fd;
  if (errno != ENOENT) bail(stage, "resolving %s inside the root", path);
  int dir = open_in_root("/", O_PATH | O_DIRECTORY);
  if (dir < 0) bail(stage, "opening the new root");
  for (size_t i = 0; i < len;) {
    while (path[i] == '/') i++;
    size_t end = i;
    while (end < len && path[end] != '/') end++;
    if (end == i) break;
    memcpy(prefix, path, end);
    prefix[end] = 0;
    int last = end == len || path[end + strspn(path + end, "/")] == 0;
    int next = open_in_root(prefix, O_PATH | (last && as_file ? 0 : O_DIRECTORY));
    if (next < 0 && errno == ENOENT) {
      char name[256];
      snprintf(name, sizeof name, "%.*s", (int)(end - i), path + i);
      if (last && as_file) {
        int f = openat(dir, name, O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (f < 0) bail(stage, "creating file %s inside the root", prefix);
        close(f);
      } else if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST) {
        bail(stage, "mkdir %s inside the root", prefix);
      }
      next = open_in_root(prefix, O_PATH | (last && as_file ? 0 : O_DIRECTORY));
    }
    if (next < 0) bail(stage, "resolving %s inside the root", prefix);
    close(dir);
    dir = next;
    i = end;
  }
  return dir;
}

/* Flags a remount must keep: the kernel refuses to clear nosuid/nodev/noexec/
 * atime flags that a less privileged mount namespace inherited locked. */
static unsigned long locked_flags(const char *path) {
  struct statvfs s;
  unsigned long f = 0;
  if (statvfs(path, &s) < 0) return 0;
  if (s.f_flag & ST_NOSUID) f |= MS_NOSUID;
  if (s.f_flag & ST_NODEV) f |= MS_NODEV;
  if (s.f_flag & ST_NOEXEC) f |= MS_NOEXEC;
  if (s.f_flag & ST_NOATIME) f |= MS_NOATIME;
  if (s.f_flag & ST_NODIRATIME) f |= MS_NODIRATIME;
  if (s.f_flag & ST_RELATIME) f |= MS_RELATIME;
  return f;
}

/* One mount(2) on an inside path, traced and bailed the same way. */
static void do_mount_shown(const char *stage, const char *source, const char *shown, const char *inside,
                           const char *type, unsigned long flags, const char *data) {
  char names[256], proc[64];
  mount_flag_names(flags, names, sizeof names);
  char shown_src[4200], shown_type[64];
  if (shown) snprintf(shown_src, sizeof shown_src, "\"%s\"", shown);
  else snprintf(shown_src, sizeof shown_src, "NULL");
  if (type) snprintf(shown_type, sizeof shown_type, "\"%s\"", type);
  else snprintf(shown_type, sizeof shown_type, "NULL");
  if (data && *data) trace("mount(%s, \"%s\", %s, %s, \"%s\")", shown_src, inside, shown_type, names, data);
  else trace("mount(%s, \"%s\", %s, %s)", shown_src, inside, shown_type, names);
  int fd = open_in_root(inside, O_PATH);
  if (fd < 0) bail(stage, "resolving %s inside the root", inside);
  if (mount(source, fd_path(fd, proc, sizeof proc), type, flags, data && *data ? data : NULL) < 0)
    bail(stage, "mount(%s, \"%s\", %s, %s%s%s)", shown_src, inside, shown_type, names,
         data && *data ? ", " : "", data ? data : "");
  close(fd);
}

static void do_mount(const char *stage, const char *source, const char *inside, const char *type,
                     unsigned long flags, const char *data) {
  do_mount_shown(stage, source, source, inside, type, flags, data);
}

static void remount_ro(const char *stage, const char *inside, unsigned long flags) {
  char proc[64];
  int fd = open_in_root(inside, O_PATH);
  if (fd < 0) bail(stage, "resolving %s inside the root", inside);
  flags |= locked_flags(fd_path(fd, proc, sizeof proc));
  close(fd);
  do_mount(stage, NULL, inside, NULL, MS_BIND | MS_REMOUNT | flags, NULL);
}

static void mount_entry(const struct mount_entry *m) {
  unsigned long prop, flags = mount_flags_from_list(m->flags, &prop);
  int bind = (flags & MS_BIND) != 0, as_file = 0;
  if (bind) {
    struct stat st;
    if (stat(m->source, &st) < 0) bail("mount", "bind source %s", m->source);
    as_file = !S_ISDIR(st.st_mode);
  }
  close(make_path("mount", m->target, as_file));
  if (bind) {
    do_mount("mount", m->source, m->target, NULL, flags & (MS_BIND | MS_REC), NULL);
    unsigned long rest = flags & ~(MS_BIND | MS_REC);
    if (rest) remount_ro("mount", m->target, rest);
  } else {
    do_mount("mount", m->source, m->target, m->type, flags, m->data);
  }
  if (prop) do_mount("mount", NULL, m->target, NULL, prop, NULL);
}

static void make_symlink(const char *target, const char *linkpath) {
  char parent[4096];
  snprintf(parent, sizeof parent, "%s", linkpath);
  char *slash = strrchr(parent, '/');
  const char *name = slash ? slash + 1 : parent;
  if (slash) *slash = 0;
  int dir = make_path("symlink", parent, 0);
  trace("symlink(\"%s\", \"%s\")", target, linkpath);
  if (symlinkat(target, dir, name) < 0) {
    char now[4096];
    ssize_t n = errno == EEXIST ? readlinkat(dir, name, now, sizeof now - 1) : -1;
    if (n < 0 || (now[n] = 0, strcmp(now, target)))
      bail("symlink", "symlink(\"%s\", \"%s\")", target, linkpath);
  }
  close(dir);
}

static void mask(const char *inside) {
  struct stat st;
  int fd = open_in_root(inside, O_PATH);
  if (fd < 0 && errno == ENOENT) return; /* nothing there to hide */
  if (fd < 0 || fstat(fd, &st) < 0) bail("mask", "resolving %s inside the root", inside);
  close(fd);
  if (S_ISDIR(st.st_mode)) do_mount("mask", "tmpfs", inside, "tmpfs", MS_RDONLY, NULL);
  else do_mount("mask", "/dev/null", inside, NULL, MS_BIND, NULL);
}

static void readonly(const char *inside) {
  char proc[64];
  int fd = open_in_root(inside, O_PATH);
  if (fd < 0 && errno == ENOENT) return;
  if (fd < 0) bail("readonly", "resolving %s inside the root", inside);
  /* Bind the path onto itself so it is a mount point we can remount. */
  char src[64];
  snprintf(src, sizeof src, "%s", fd_path(fd, proc, sizeof proc));
  do_mount_shown("readonly", src, inside, inside, NULL, MS_BIND | MS_REC, NULL);
  close(fd);
  remount_ro("readonly", inside, MS_RDONLY);
}

/* pivot_root(".", "."): the old root is stacked under the new one at "/",
 * and unmounting "." detaches it; no put_old directory is needed. */
static void pivot(const char *merged) {
  if (fchdir(root_fd) < 0) bail("pivot_root", "fchdir to the new root %s", merged);
  trace("pivot_root(\".\", \".\")");
  if (syscall(SYS_pivot_root, ".", ".") < 0) bail("pivot_root", "pivot_root(\".\", \".\") in %s", merged);
  trace("umount2(\".\", MNT_DETACH)");
  if (umount2(".", MNT_DETACH) < 0) bail("pivot_root", "umount2(\".\", MNT_DETACH) of the old root");
  if (chdir("/") < 0) bail("pivot_root", "chdir(\"/\") in the new root");
}

/* Bind the root onto itself: in a new user namespace the overlay mount
 * inherited from the monitor is locked, and pivot_root refuses a locked
 * new_root (EINVAL). A mount made here, in our own namespace, is not.
 * open_tree + move_mount work on the cwd the monitor left us in, so no path
 * above the root is walked (the user namespace may not be allowed to), and
 * the clone's fd is the new mount itself, ready to be the root. */
static void bind_root_onto_itself(const struct config *c) {
  trace("mount(\"%s\", \"%s\", NULL, MS_BIND|MS_REC)", c->merged, c->merged);
  root_fd = (int)syscall(SYS_open_tree, AT_FDCWD, ".", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
  if (root_fd < 0) bail("mount", "open_tree(\"%s\", OPEN_TREE_CLONE|AT_RECURSIVE)", c->merged);
  if (syscall(SYS_move_mount, root_fd, "", AT_FDCWD, ".", MOVE_MOUNT_F_EMPTY_PATH) < 0)
    bail("mount", "move_mount of the root's bind onto %s", c->merged);
}

/* Run by the monitor, as host root, in the overlay it just mounted (its cwd):
 * make the bind mounts' targets and the working directory, as docker does.
 * Root in a new user namespace could not: the image's directories belong to
 * the host's root, which is unmapped there. Paths still resolve in the root. */
void make_mount_points(const struct config *c) {
  root_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) bail("mount", "opening the root %s", c->merged);
  for (size_t i = 0; i < c->nmounts; i++) {
    const struct mount_entry *m = &c->mounts[i];
    unsigned long prop;
    struct stat st;
    if (!(mount_flags_from_list(m->flags, &prop) & MS_BIND)) continue;
    if (stat(m->source, &st) < 0) bail("mount", "bind source %s", m->source);
    close(make_path("mount", m->target, !S_ISDIR(st.st_mode)));
  }
  close(make_path("cwd", c->cwd, 0));
  close(root_fd);
  root_fd = -1;
}

void setup_rootfs(const struct config *c) {
  bind_root_onto_itself(c);
  for (size_t i = 0; i < c->nmounts; i++) mount_entry(&c->mounts[i]);
  for (size_t i = 0; i + 1 < c->symlinks.len; i += 2) make_symlink(c->symlinks.items[i], c->symlinks.items[i + 1]);
  for (size_t i = 0; i < c->masks.len; i++) mask(c->masks.items[i]);
  for (size_t i = 0; i < c->readonly.len; i++) readonly(c->readonly.items[i]);
  pivot(c->merged);
  close(root_fd);
}
