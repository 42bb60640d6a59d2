/*
 * The container's syscall filter, installed just before exec (after the
 * capabilities are dropped and no_new_privs is set, which lets an
 * unprivileged process load a filter). The engine sends the rules already
 * resolved for this container (PROTOCOL.md: seccomp_default, seccomp_rule);
 * libseccomp compiles them to a BPF program for this architecture. Calls
 * from another architecture (32-bit int 0x80) kill the process: a filter
 * written for x86_64 numbers would not match them.
 */
#include "shim.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t action(const char *name, const char *errno_text) {
  char *end;
  long e = strtol(errno_text, &end, 10);
  if (*end || e < 0 || e > 4095) bail_errno("seccomp", EINVAL, "errno %s is not 0 to 4095", errno_text);
  if (!strcmp(name, "SCMP_ACT_ALLOW")) return SCMP_ACT_ALLOW;
  if (!strcmp(name, "SCMP_ACT_ERRNO")) return SCMP_ACT_ERRNO((uint16_t)e);
  if (!strcmp(name, "SCMP_ACT_KILL") || !strcmp(name, "SCMP_ACT_KILL_THREAD")) return SCMP_ACT_KILL_THREAD;
  if (!strcmp(name, "SCMP_ACT_KILL_PROCESS")) return SCMP_ACT_KILL_PROCESS;
  if (!strcmp(name, "SCMP_ACT_TRAP")) return SCMP_ACT_TRAP;
  if (!strcmp(name, "SCMP_ACT_LOG")) return SCMP_ACT_LOG;
  bail_errno("seccomp", EINVAL, "unknown action %s", name);
}

static enum scmp_compare op(const char *name) {
  static const struct { const char *name; enum scmp_compare op; } ops[] = {
      {"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT}, {"SCMP_CMP_LE", SCMP_CMP_LE},
      {"SCMP_CMP_EQ", SCMP_CMP_EQ}, {"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
      {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    if (!strcmp(name, ops[i].name)) return ops[i].op;
  bail_errno("seccomp", EINVAL, "unknown comparison %s", name);
}

/* "INDEX:OP:VALUE:VALUE2,..." -> conditions; returns how many. */
static unsigned parse_args(char *text, struct scmp_arg_cmp *out, unsigned max) {
  unsigned n = 0;
  for (char *save = NULL, *item = strtok_r(text, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
    char *f[4], *save2 = NULL;
    for (int i = 0; i < 4; i++) f[i] = strtok_r(i ? NULL : item, ":", &save2);
    if (!f[3] || n == max) bail_errno("seccomp", EINVAL, "argument condition %s", item);
    char *e1, *e2, *e3;
    unsigned long index = strtoul(f[0], &e1, 10);
    unsigned long long v1 = strtoull(f[2], &e2, 10), v2 = strtoull(f[3], &e3, 10);
    if (*e1 || *e2 || *e3 || index > 5) bail_errno("seccomp", EINVAL, "argument condition %s", item);
    out[n++] = (struct scmp_arg_cmp){(unsigned)index, op(f[1]), v1, v2};
  }
  return n;
}

void install_seccomp(const struct config *c) {
  if (!c->seccomp_default) return;
  char def[64], *sp;
  snprintf(def, sizeof def, "%s", c->seccomp_default);
  if (!(sp = strchr(def, ' '))) bail_errno("seccomp", EINVAL, "seccomp_default %s is not ACTION ERRNO", def);
  *sp = 0;
  scmp_filter_ctx ctx = seccomp_init(action(def, sp + 1));
  if (!ctx) bail_errno("seccomp", ENOMEM, "seccomp_init");
  /* Rules come in fours: action, errno, syscall name, conditions. */
  for (size_t i = 0; i + 3 < c->seccomp_rules.len; i += 4) {
    char *const *r = c->seccomp_rules.items + i;
    int nr = seccomp_syscall_resolve_name(r[2]);
    if (nr == __NR_SCMP_ERROR) continue; /* not a syscall on this architecture (as docker does) */
    struct scmp_arg_cmp args[6];
    char conds[1024];
    snprintf(conds, sizeof conds, "%s", r[3]);
    unsigned n = parse_args(conds, args, 6);
    int err = seccomp_rule_add_array(ctx, action(r[0], r[1]), nr, n, args);
    /* EACCES/EEXIST: the rule's action is the default's, or repeats one: nothing to add. */
    if (err < 0 && err != -EACCES && err != -EEXIST) bail_errno("seccomp", -err, "seccomp_rule_add(%s, %s)", r[0], r[2]);
  }
  trace("seccomp(SECCOMP_SET_MODE_FILTER, ...) with %zu rules", c->seccomp_rules.len / 4);
  int err = seccomp_load(ctx);
  if (err < 0) bail_errno("seccomp", -err, "seccomp_load (needs no_new_privs or CAP_SYS_ADMIN)");
  seccomp_release(ctx);
}
