/*
 * tslab-shim: started by the engine with no arguments and the control socket
 * on fd 3 (PROTOCOL.md). Reads the config, then becomes the run-mode monitor
 * or the exec-mode shim. Stages, in order, are named in the E lines.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

char **saved_argv;

int main(int argc, char **argv) {
  (void)argc;
  saved_argv = argv;
  if (fcntl(CONTROL_FD, F_GETFD) < 0) {
    static const char msg[] = "tslab-shim: fd 3 is not open; this program is started by the tslab engine (see native/PROTOCOL.md)\n";
    send_line(2, msg, sizeof msg - 1);
    return EXIT_SETUP;
  }
  if (fcntl(CONTROL_FD, F_SETFD, FD_CLOEXEC) < 0) bail("fds", "fcntl(3, F_SETFD, FD_CLOEXEC)");
  /* Whatever else we inherited must not reach the container (fds.c). */
  cloexec_from(CONTROL_FD + 1);

  static struct config c;
  read_config(CONTROL_FD, &c);
  if (c.exec_mode) exec_mode(&c);
  run_mode(&c);
}
