#ifndef ESTAFETTE_SERVER_LIMITS_H
#define ESTAFETTE_SERVER_LIMITS_H

/*
 * The master's per-IP bookkeeping: how many connections each address has
 * open (MAXPERIP) and how many logins from it failed recently, which sets
 * a growing delay before its next credentials are checked (1 s, 2 s, 4 s,
 * ... up to SERVER_LIMITS_MAX_DELAY_MS; forgotten after
 * SERVER_LIMITS_FORGET_MS without a failure).
 *
 * Addresses are kept as text ("127.0.0.1", "::1"; IPv4-mapped IPv6
 * addresses are shown as IPv4 by the caller). The table holds at most
 * max_entries addresses with open connections or recent failures; when it
 * is full of failures the oldest one is forgotten.
 */

#include <stdbool.h>
#include <stddef.h>

#define SERVER_LIMITS_MAX_DELAY_MS 15000
#define SERVER_LIMITS_FORGET_MS (10 * 60 * 1000)
#define SERVER_LIMITS_IP_MAX 48

struct server_limits;

/* Never NULL. */
struct server_limits *server_limits_new(size_t max_entries);
void server_limits_free(struct server_limits **limits);

/* Counts a new connection from ip unless that would exceed max_per_ip (0:
   no limit) or the table is full: returns false then. */
bool server_limits_conn_add(struct server_limits *limits, const char *ip,
			    unsigned int max_per_ip);
/* A connection from ip ended. */
void server_limits_conn_del(struct server_limits *limits, const char *ip);
unsigned int server_limits_conn_count(const struct server_limits *limits,
				      const char *ip);

/* Records a failed login from ip at now_ms. */
void server_limits_fail(struct server_limits *limits, const char *ip,
			long long now_ms);
/* A successful login from ip clears its failures. */
void server_limits_success(struct server_limits *limits, const char *ip);
/* Milliseconds to wait before checking credentials from ip. */
unsigned int server_limits_delay_ms(struct server_limits *limits,
				    const char *ip, long long now_ms);

#endif
