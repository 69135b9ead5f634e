#include "config.h"

#include "server-limits.h"
#include "../tests/unit/tap.h"

int
main(void)
{
	struct server_limits *l = server_limits_new(2);
	long long now = 1000000;

	ok(server_limits_conn_add(l, "10.0.0.1", 2), "first connection");
	ok(server_limits_conn_add(l, "10.0.0.1", 2), "second connection");
	ok(!server_limits_conn_add(l, "10.0.0.1", 2), "third over MAXPERIP");
	is_int(server_limits_conn_count(l, "10.0.0.1"), 2, "count stays 2");
	ok(server_limits_conn_add(l, "10.0.0.2", 0), "other ip, no limit");
	ok(!server_limits_conn_add(l, "10.0.0.3", 0), "table full");
	server_limits_conn_del(l, "10.0.0.2");
	ok(server_limits_conn_add(l, "10.0.0.3", 0), "room again after del");
	server_limits_conn_del(l, "10.0.0.3");

	is_int(server_limits_delay_ms(l, "10.0.0.1", now), 0, "no delay yet");
	server_limits_fail(l, "10.0.0.1", now);
	is_int(server_limits_delay_ms(l, "10.0.0.1", now), 1000, "1 s");
	server_limits_fail(l, "10.0.0.1", now);
	is_int(server_limits_delay_ms(l, "10.0.0.1", now), 2000, "2 s");
	server_limits_fail(l, "10.0.0.1", now);
	is_int(server_limits_delay_ms(l, "10.0.0.1", now), 4000, "4 s");
	for (int i = 0; i < 100; i++)
		server_limits_fail(l, "10.0.0.1", now);
	is_int(server_limits_delay_ms(l, "10.0.0.1", now),
	       SERVER_LIMITS_MAX_DELAY_MS, "capped");
	is_int(server_limits_delay_ms(l, "10.0.0.1",
				      now + SERVER_LIMITS_FORGET_MS + 1),
	       0, "forgotten after a while");
	server_limits_fail(l, "10.0.0.1", now);
	server_limits_success(l, "10.0.0.1");
	is_int(server_limits_delay_ms(l, "10.0.0.1", now), 0,
	       "success clears");
	/* Failures of an address without connections may be evicted. */
	server_limits_conn_del(l, "10.0.0.1");
	server_limits_conn_del(l, "10.0.0.1");
	server_limits_fail(l, "10.0.0.5", now);
	server_limits_fail(l, "10.0.0.6", now + 1);
	server_limits_fail(l, "10.0.0.7", now + 2);
	is_int(server_limits_delay_ms(l, "10.0.0.5", now + 3), 0,
	       "oldest failure evicted when full");
	is_int(server_limits_delay_ms(l, "10.0.0.7", now + 3), 1000,
	       "newest failure kept");
	server_limits_free(&l);
	ok(l == NULL, "free clears pointer");
	return tap_done();
}
