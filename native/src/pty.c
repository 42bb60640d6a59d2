/*
 * Pseudo-terminals. The pty is made inside the container, from its own
 * /dev/ptmx (its devpts instance), so the command sees /dev/pts/0 in its own
 * /dev/pts; the master goes to the shim over the sync socket (SCM_RIGHTS).
 * If the container has no usable /dev/ptmx, a pty opened on the host before
 * pivot_root/chroot is used instead (the "backup").
 * The slave is opened through the master (TIOCGPTPEER), never by path.
 */
#include "shim.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static int termios_saved;

int pty_open_backup(const struct config *c) {
  (void)c;
  return open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
}

/* Returns the slave; the master has been handed to the shim. */
int pty_setup_child(const struct config *c, int backup, int sync) {
  int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) {
    if (backup < 0) bail("tty", "open(\"/dev/ptmx\") inside the container (mount devpts with newinstance,ptmxmode=0666)");
    master = backup;
  } else if (backup >= 0) {
    close(backup);
  }
  int unlock = 0;
  if (ioctl(master, TIOCSPTLCK, &unlock) < 0) bail("tty", "unlockpt on /dev/ptmx");
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) bail("tty", "ioctl(TIOCGPTPEER) opening the pty slave");
  /* The command may run as another uid; let it own its terminal. */
  if (fchown(slave, c->uid, c->gid) < 0 && errno != EPERM && errno != EINVAL)
    bail("tty", "fchown of the pty slave to %u:%u", c->uid, c->gid);
  sync_send_fd(sync, "P\n", master);
  close(master);
  return slave;
}

/* In the command's process: a new session whose controlling tty is the slave. */
void pty_make_controlling(int slave) {
  if (setsid() < 0) bail("tty", "setsid");
  if (ioctl(slave, TIOCSCTTY, 0) < 0) bail("tty", "ioctl(TIOCSCTTY) on the pty slave");
  for (int fd = 0; fd <= 2; fd++)
    if (dup2(slave, fd) < 0) bail("tty", "dup2 of the pty slave to fd %d", fd);
  if (slave > 2) close(slave);
}

/* Raw mode on the shim's own terminal: every byte, ^C included, goes to the
 * container's pty, whose line discipline turns it into SIGINT there. */
void terminal_raw(void) {
  struct termios t;
  if (!isatty(0) || tcgetattr(0, &saved_termios) < 0) return;
  termios_saved = 1;
  t = saved_termios;
  cfmakeraw(&t);
  tcsetattr(0, TCSADRAIN, &t);
}

void terminal_restore(void) {
  if (termios_saved) tcsetattr(0, TCSADRAIN, &saved_termios);
  termios_saved = 0;
}

void pty_copy_winsize(int master) {
  struct winsize ws;
  if (ioctl(0, TIOCGWINSZ, &ws) == 0) ioctl(master, TIOCSWINSZ, &ws);
}
