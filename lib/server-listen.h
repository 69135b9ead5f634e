#ifndef ESTAFETTE_SERVER_LISTEN_H
#define ESTAFETTE_SERVER_LISTEN_H

/*
 * Listening sockets for the master and the peer address of an accepted
 * connection in the form the logs use: "127.0.0.1" for IPv4 (also when it
 * arrived IPv4-mapped on a dual-stack socket), "::1" for IPv6.
 */

#include <netinet/in.h>

#include "server-config.h"

/*
 * Binds and listens on l (non-blocking, close-on-exec, SO_REUSEADDR; the
 * any-address "::" entry takes IPv4 too and falls back to 0.0.0.0 on hosts
 * without IPv6). Returns the fd, or -1 with *error_r (static).
 */
int server_listen_open(const struct server_listen *l, const char **error_r);

/*
 * accept()s one connection (non-blocking listener; -1 with errno EAGAIN
 * when none is waiting). The new fd is close-on-exec, blocking, with
 * TCP_NODELAY. ip_r
 * (INET6_ADDRSTRLEN bytes) and port_r (8 bytes) get the peer.
 */
int server_listen_accept(int listen_fd, char *ip_r, char *port_r);

#endif
