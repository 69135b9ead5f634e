#ifndef ESTAFETTE_AUTHDAEMON_MASTER_H
#define ESTAFETTE_AUTHDAEMON_MASTER_H

/*
 * authdaemond's master process: keeps cfg->daemons workers running on
 * listen_fd, replacing any that exits or dies (a worker that dies within a
 * second of starting delays the next start by a second, so a broken
 * backend cannot make the master fork in a loop).
 *
 * SIGHUP re-reads config_path: on success the workers are replaced by
 * workers with the new settings (and a new socket if authdaemonvar
 * changed); on error the old settings stay and the error is logged.
 * SIGTERM or SIGINT stops the workers, removes the socket and returns.
 *
 * Takes ownership of *cfg and *listen_fd (freed/closed on return).
 */

#include "authdaemon-config.h"

void authdaemon_master_run(const char *config_path,
			   struct authdaemon_config **cfg, int *listen_fd);

#endif
