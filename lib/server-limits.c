#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "server-limits.h"
#include "xalloc.h"

struct limits_entry {
	char ip[SERVER_LIMITS_IP_MAX];
	unsigned int conns;
	unsigned int failures;
	long long last_failure_ms;
};

struct server_limits {
	struct limits_entry *entries;
	size_t count, max;
};

struct server_limits *
server_limits_new(size_t max_entries)
{
	struct server_limits *limits = xcalloc(1, sizeof(*limits));

	limits->max = max_entries > 0 ? max_entries : 1;
	limits->entries = xcalloc(limits->max, sizeof(*limits->entries));
	return limits;
}

void
server_limits_free(struct server_limits **limitsp)
{
	struct server_limits *limits = *limitsp;

	if (limits == NULL)
		return;
	free(limits->entries);
	free(limits);
	*limitsp = NULL;
}

static struct limits_entry *
limits_find(const struct server_limits *limits, const char *ip)
{
	size_t i;

	for (i = 0; i < limits->count; i++) {
		if (strcmp(limits->entries[i].ip, ip) == 0)
			return &limits->entries[i];
	}
	return NULL;
}

static void
limits_remove(struct server_limits *limits, struct limits_entry *e)
{
	size_t i = (size_t)(e - limits->entries);

	limits->entries[i] = limits->entries[limits->count - 1];
	limits->count--;
}

static void
limits_maybe_remove(struct server_limits *limits, struct limits_entry *e)
{
	if (e->conns == 0 && e->failures == 0)
		limits_remove(limits, e);
}

/* Makes room by forgetting the entry with the oldest failure among those
   without connections. */
static bool
limits_evict(struct server_limits *limits)
{
	struct limits_entry *victim = NULL;
	size_t i;

	for (i = 0; i < limits->count; i++) {
		struct limits_entry *e = &limits->entries[i];

		if (e->conns == 0 &&
		    (victim == NULL ||
		     e->last_failure_ms < victim->last_failure_ms))
			victim = e;
	}
	if (victim == NULL)
		return false;
	limits_remove(limits, victim);
	return true;
}

static struct limits_entry *
limits_get(struct server_limits *limits, const char *ip)
{
	struct limits_entry *e = limits_find(limits, ip);

	if (e != NULL)
		return e;
	if (limits->count == limits->max && !limits_evict(limits))
		return NULL;
	e = &limits->entries[limits->count++];
	memset(e, 0, sizeof(*e));
	strncpy(e->ip, ip, sizeof(e->ip) - 1);
	return e;
}

bool
server_limits_conn_add(struct server_limits *limits, const char *ip,
		       unsigned int max_per_ip)
{
	struct limits_entry *e = limits_get(limits, ip);

	if (e == NULL)
		return false;
	if (max_per_ip > 0 && e->conns >= max_per_ip) {
		limits_maybe_remove(limits, e);
		return false;
	}
	e->conns++;
	return true;
}

void
server_limits_conn_del(struct server_limits *limits, const char *ip)
{
	struct limits_entry *e = limits_find(limits, ip);

	if (e == NULL || e->conns == 0)
		return;
	e->conns--;
	limits_maybe_remove(limits, e);
}

unsigned int
server_limits_conn_count(const struct server_limits *limits, const char *ip)
{
	const struct limits_entry *e = limits_find(limits, ip);

	return e != NULL ? e->conns : 0;
}

void
server_limits_fail(struct server_limits *limits, const char *ip,
		   long long now_ms)
{
	struct limits_entry *e = limits_get(limits, ip);

	if (e == NULL)
		return;
	if (e->failures > 0 &&
	    now_ms - e->last_failure_ms > SERVER_LIMITS_FORGET_MS)
		e->failures = 0;
	if (e->failures < 64)
		e->failures++;
	e->last_failure_ms = now_ms;
}

void
server_limits_success(struct server_limits *limits, const char *ip)
{
	struct limits_entry *e = limits_find(limits, ip);

	if (e == NULL)
		return;
	e->failures = 0;
	limits_maybe_remove(limits, e);
}

unsigned int
server_limits_delay_ms(struct server_limits *limits, const char *ip,
		       long long now_ms)
{
	struct limits_entry *e = limits_find(limits, ip);
	unsigned int delay = 1000;
	unsigned int i;

	if (e == NULL || e->failures == 0)
		return 0;
	if (now_ms - e->last_failure_ms > SERVER_LIMITS_FORGET_MS) {
		e->failures = 0;
		limits_maybe_remove(limits, e);
		return 0;
	}
	for (i = 1; i < e->failures && delay < SERVER_LIMITS_MAX_DELAY_MS; i++)
		delay *= 2;
	return delay < SERVER_LIMITS_MAX_DELAY_MS ? delay
						  : SERVER_LIMITS_MAX_DELAY_MS;
}
