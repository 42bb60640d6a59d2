/*
 * The sync socket between the shim and the processes it starts, and the one
 * message the engine sends ("2 go"). The socket is SOCK_CLOEXEC in every
 * process, so when the command's execve succeeds the last holder's copy closes
 * and the shim reads EOF: that EOF is how "3 started" is known to be true.
 *
 * Lines going up (child -> shim), one write each:
 *   T text      trace line, forwarded to the engine as is
 *   E stage ... setup failed, forwarded; the sender exits
 *   P           carries the pty master (SCM_RIGHTS)
 *   C pid       exec mode: host pid of the command (forked by a helper)
 *   R           run mode: the inside is ready (mounts, pivot_root); the child
 *               now waits for a second "go" before it execs
 * Going down (shim -> child): one byte, "go" (run mode: once to set up the
 * inside, once more to exec).
 */
#include "shim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

void sync_send_fd(int sock, const char *line, int fd) {
  struct iovec iov = {.iov_base = (void *)line, .iov_len = strlen(line)};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } u;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                       .msg_controllen = sizeof u.buf};
  struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
  cm->cmsg_level = SOL_SOCKET;
  cm->cmsg_type = SCM_RIGHTS;
  cm->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(cm), &fd, sizeof fd);
  if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0) bail("sync", "passing fd %d to the shim", fd);
}

/* Child side: block until the shim says go. EOF: the shim is gone, stop quietly. */
void sync_wait_go(int sock) {
  char b;
  ssize_t n;
  do n = read(sock, &b, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1) _exit(EXIT_SETUP);
}

void sync_release(int sock) {
  if (write(sock, "g", 1) != 1) bail("sync", "releasing the container process");
}

static void handle_line(char *line, size_t len, struct sync_result *r) {
  if (len == 1 && line[0] == 'R') {
    r->ready = 1;
  } else if (len >= 2 && (line[0] == 'T' || line[0] == 'E') && line[1] == ' ') {
    line[len] = '\n';
    send_line(CONTROL_FD, line, len + 1);
    line[len] = 0;
    if (line[0] == 'E' && !r->failed) {
      /* "E stage errno text": keep stage and errno for the exit status. */
      char *sp = strchr(line + 2, ' ');
      size_t sl = sp ? (size_t)(sp - (line + 2)) : 0;
      if (sl >= sizeof r->stage) sl = sizeof r->stage - 1;
      memcpy(r->stage, line + 2, sl);
      r->stage[sl] = 0;
      r->err = sp ? atoi(sp + 1) : 0;
      r->failed = 1;
    }
  } else if (len >= 2 && line[0] == 'C' && line[1] == ' ') {
    r->cmd_pid = (pid_t)atoi(line + 2);
  }
  /* P lines carry only their fd, taken in sync_forward. */
}

void sync_result_init(struct sync_result *r) {
  memset(r, 0, sizeof *r);
  r->pty_master = -1;
}

/*
 * Shim side: forward everything the children send until the socket closes
 * (returns 0, and closes it) or, with until_ready, until an R line (returns 1;
 * the child is blocked then, so nothing follows R in the stream).
 */
int sync_forward(int sock, struct sync_result *r, int until_ready) {
  char line[4096];
  size_t used = 0;
  for (;;) {
    char buf[1024];
    union {
      char c[CMSG_SPACE(sizeof(int))];
      struct cmsghdr align;
    } u;
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.c,
                         .msg_controllen = sizeof u.c};
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) bail("sync", "reading from the container process");
    for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm))
      if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
        int fd;
        memcpy(&fd, CMSG_DATA(cm), sizeof fd);
        /* One pty per container: a second fd would leak, so it is closed. */
        if (r->pty_master < 0) r->pty_master = fd;
        else close(fd);
      }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; i++) {
      if (buf[i] == '\n') {
        handle_line(line, used, r);
        used = 0;
        if (until_ready && r->ready) return 1;
      } else if (used < sizeof line - 2) {
        line[used++] = buf[i];
      }
    }
  }
  close(sock);
  return 0;
}

/* Read the line WANT ("2 go", "6 exec") from the engine. A closed fd 3 here means: abandon the container. */
void wait_engine(const char *want) {
  char line[16];
  size_t used = 0;
  for (;;) {
    char ch;
    ssize_t n = read(CONTROL_FD, &ch, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) bail("sync", "waiting for \"%s\" on fd 3", want);
    if (n == 0) bail_errno("sync", EPIPE, "the engine closed fd 3 before \"%s\"", want);
    if (ch == '\n') break;
    if (used == sizeof line - 1) bail_errno("sync", EPROTO, "a line longer than %zu bytes from the engine where \"2 go\" was expected", sizeof line - 1);
    line[used++] = ch;
  }
  line[used] = 0;
  if (strcmp(line, want))
    bail_errno("sync", EPROTO, "expected \"%s\" from the engine, got \"%s\"", want, line);
}
