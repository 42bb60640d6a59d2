/*
 * One error convention, like crun's: a failing call is reported once, at the
 * point it failed, as "E STAGE ERRNO what we tried: strerror", and the process
 * exits. The engine turns that line into a TslabError; nothing fails silently.
 *
 * In the monitor the lines go to the engine (fd 3); in a container process
 * they go up the sync socket and the monitor forwards them.
 */
#include "shim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int report_fd = CONTROL_FD;
int tracing;
void (*bail_cleanup)(void);

/* Write all of a line; a gone reader (detached engine) is not an error. */
void send_line(int fd, const char *line, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, line, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    line += n;
    len -= (size_t)n;
  }
}

/* Format one protocol line; newlines inside become spaces (PROTOCOL.md). */
static void vsend(const char *prefix, const char *fmt, va_list ap) {
  char buf[4096];
  int n = snprintf(buf, sizeof buf, "%s", prefix);
  int m = vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
  size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
  if (len > sizeof buf - 2) len = sizeof buf - 2;
  for (size_t i = 0; i < len; i++)
    if (buf[i] == '\n') buf[i] = ' ';
  buf[len++] = '\n';
  send_line(report_fd, buf, len);
}

void send_msg(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsend("", fmt, ap);
  va_end(ap);
}

void trace(const char *fmt, ...) {
  if (!tracing) return;
  int saved = errno;
  va_list ap;
  va_start(ap, fmt);
  vsend("T ", fmt, ap);
  va_end(ap);
  errno = saved;
}

/* 126/127 only for the command itself, as a shell would report it. */
int exit_code_for(const char *stage, int err) {
  if (strcmp(stage, "exec") == 0) {
    if (err == ENOENT) return EXIT_NOTFOUND;
    if (err == EACCES || err == ENOEXEC) return EXIT_NOEXEC;
  }
  return EXIT_SETUP;
}

_Noreturn void bail_errno(const char *stage, int err, const char *fmt, ...) {
  char what[3072];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  send_msg("E %s %d %s: %s", stage, err, what, strerror(err));
  /* Unread config left in our socket would turn the engine's read of this
   * E line into ECONNRESET: consume what was already sent. */
  if (report_fd == CONTROL_FD) {
    char sink[4096];
    while (recv(CONTROL_FD, sink, sizeof sink, MSG_DONTWAIT) > 0) {
    }
  }
  if (bail_cleanup) bail_cleanup();
  _exit(exit_code_for(stage, err));
}
