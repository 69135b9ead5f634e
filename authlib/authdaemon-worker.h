#ifndef ESTAFETTE_AUTHDAEMON_WORKER_H
#define ESTAFETTE_AUTHDAEMON_WORKER_H

/*
 * A pre-forked authdaemond worker: initialises the module chain, then
 * accepts connections on listen_fd one at a time until SIGTERM. Each
 * request runs under alarm(cfg->worker_timeout): a worker stuck in a
 * backend dies of SIGALRM and the master starts a fresh one. The worker
 * also dies with the master (PR_SET_PDEATHSIG). Never returns.
 */

#include "authdaemon-config.h"

void authdaemon_worker_main(const struct authdaemon_config *cfg,
			    int listen_fd) __attribute__((noreturn));

#endif
