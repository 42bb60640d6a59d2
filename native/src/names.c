/*
 * Names for flags, both ways: the config speaks in names (ns=pid,uts,
 * mount flags "ro,nosuid"), and trace lines print flags the way the man pages
 * and a learner write them (CLONE_NEWPID|SIGCHLD, MS_NOSUID|MS_NODEV).
 */
#include "shim.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

struct name {
  const char *config; /* name in the config, or NULL */
  unsigned long value;
  const char *c_name; /* as written in C */
};

static const struct name namespaces[] = {
    {"user", CLONE_NEWUSER, "CLONE_NEWUSER"}, {"pid", CLONE_NEWPID, "CLONE_NEWPID"},
    {"uts", CLONE_NEWUTS, "CLONE_NEWUTS"},    {"ipc", CLONE_NEWIPC, "CLONE_NEWIPC"},
    {"mnt", CLONE_NEWNS, "CLONE_NEWNS"},      {"net", CLONE_NEWNET, "CLONE_NEWNET"},
    {"cgroup", CLONE_NEWCGROUP, "CLONE_NEWCGROUP"}, {NULL, 0, NULL}};

static const struct name mount_flags[] = {
    {"ro", MS_RDONLY, "MS_RDONLY"},
    {"nosuid", MS_NOSUID, "MS_NOSUID"},
    {"nodev", MS_NODEV, "MS_NODEV"},
    {"noexec", MS_NOEXEC, "MS_NOEXEC"},
    {NULL, MS_REMOUNT, "MS_REMOUNT"},
    {"bind", MS_BIND, "MS_BIND"},
    {"rbind", MS_BIND | MS_REC, NULL},
    {NULL, MS_REC, "MS_REC"},
    {"private", MS_PRIVATE, "MS_PRIVATE"},
    {"rprivate", MS_PRIVATE | MS_REC, NULL},
    {"slave", MS_SLAVE, "MS_SLAVE"},
    {"rslave", MS_SLAVE | MS_REC, NULL},
    {NULL, MS_SHARED, "MS_SHARED"},
    {"relatime", MS_RELATIME, "MS_RELATIME"},
    {"strictatime", MS_STRICTATIME, "MS_STRICTATIME"},
    {NULL, MS_NOATIME, "MS_NOATIME"},
    {NULL, MS_NODIRATIME, "MS_NODIRATIME"},
    {NULL, 0, NULL}};

int ns_type_from_name(const char *name) {
  for (const struct name *n = namespaces; n->config; n++)
    if (!strcmp(n->config, name)) return (int)n->value;
  return 0;
}

const char *ns_flag_name(int nstype) {
  for (const struct name *n = namespaces; n->config; n++)
    if ((int)n->value == nstype) return n->c_name;
  return "0";
}

/* Append "A|B|C" for every c_name whose bits are all in flags. */
static const char *join_names(const struct name *table, unsigned long flags, char *buf,
                              size_t size) {
  size_t used = 0;
  buf[0] = 0;
  for (const struct name *n = table; n->value; n++) {
    if (!n->c_name || (flags & n->value) != n->value) continue;
    used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "|" : "", n->c_name);
    flags &= ~n->value;
    if (used >= size) break;
  }
  if (flags && used < size) snprintf(buf + used, size - used, "%s%#lx", used ? "|" : "", flags);
  else if (!buf[0]) snprintf(buf, size, "0");
  return buf;
}

const char *clone_flag_names(int flags, char *buf, size_t size) {
  int sig = flags & 0xff;
  join_names(namespaces, (unsigned long)(flags & ~0xff), buf, size);
  if (sig == SIGCHLD) {
    size_t used = strlen(buf);
    if (!strcmp(buf, "0")) used = 0;
    snprintf(buf + used, size - used, "%sSIGCHLD", used ? "|" : "");
  }
  return buf;
}

const char *mount_flag_names(unsigned long flags, char *buf, size_t size) {
  return join_names(mount_flags, flags, buf, size);
}

/*
 * "ro,nosuid,bind" -> MS_RDONLY|MS_NOSUID|MS_BIND. Propagation flags
 * (private, slave...) cannot be combined with a mount in one call, so they are
 * returned apart, for a second mount(2).
 */
unsigned long mount_flags_from_list(const char *list, unsigned long *propagation) {
  unsigned long flags = 0;
  *propagation = 0;
  char word[32];
  while (*list) {
    size_t n = strcspn(list, ",");
    if (n > 0 && n < sizeof word) {
      memcpy(word, list, n);
      word[n] = 0;
      const struct name *f;
      for (f = mount_flags; f->value; f++)
        if (f->config && !strcmp(f->config, word)) break;
      if (!f->value) bail_errno("config", EINVAL, "unknown mount flag %s", word);
      if (f->value & (MS_PRIVATE | MS_SLAVE)) *propagation |= f->value;
      else flags |= f->value;
    } else if (n) {
      bail_errno("config", EINVAL, "mount flag too long in %s", list);
    }
    list += n;
    if (*list == ',') list++;
  }
  return flags;
}
