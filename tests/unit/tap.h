#ifndef ESTAFETTE_TAP_H
#define ESTAFETTE_TAP_H

/*
 * A minimal TAP producer for unit tests run by automake's tap-driver.
 * Each check prints "ok N - name" or "not ok N - name" plus a diagnostic;
 * tap_done() prints the plan and returns the exit status for main().
 * Header-only so that every test program is one .c file.
 */

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned int tap_count;
static unsigned int tap_failed;

__attribute__((format(printf, 2, 3), unused)) static bool
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	printf("%sok %u - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok((cond), __VA_ARGS__)

#define is_int(got, want, name)                                              \
	do {                                                                 \
		long long got_ = (long long)(got);                           \
		long long want_ = (long long)(want);                         \
		if (!tap_ok(got_ == want_, "%s", (name)))                    \
			printf("# %s:%d: got %lld, want %lld\n", __FILE__,   \
			       __LINE__, got_, want_);                       \
	} while (0)

#define is_str(got, want, name)                                              \
	do {                                                                 \
		const char *got_ = (got);                                    \
		const char *want_ = (want);                                  \
		bool eq_ = (got_ == NULL && want_ == NULL) ||                \
			   (got_ != NULL && want_ != NULL &&                 \
			    strcmp(got_, want_) == 0);                       \
		if (!tap_ok(eq_, "%s", (name)))                              \
			printf("# %s:%d: got \"%s\", want \"%s\"\n",         \
			       __FILE__, __LINE__,                           \
			       got_ ? got_ : "(null)",                       \
			       want_ ? want_ : "(null)");                    \
	} while (0)

__attribute__((unused)) static void
tap_diag(const char *msg)
{
	printf("# %s\n", msg);
}

__attribute__((unused)) static int
tap_done(void)
{
	printf("1..%u\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

#endif
