#ifndef ESTAFETTE_AUTHDAEMON_LISTEN_H
#define ESTAFETTE_AUTHDAEMON_LISTEN_H

/*
 * Courier's socket arrangement: $authdaemonvar/socket is mode 0777 inside
 * the directory $authdaemonvar, which only root and cfg->group may enter
 * (0750). The directory is created when missing; an existing one that
 * others can enter is tightened with a warning. The socket is bound as
 * socket.tmp and renamed into place, so clients never see a dead path.
 *
 * Returns the listening fd (close-on-exec, non-blocking: workers poll
 * it), or -1 with a malloc()ed *error_r.
 */

#include "authdaemon-config.h"

int authdaemon_listen(const struct authdaemon_config *cfg, char **error_r);

#endif
