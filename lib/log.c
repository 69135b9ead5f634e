#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

static const char *log_ident = "estafette";
static bool log_stderr = true;
static bool log_debug_enabled = false;

void
log_open(const char *ident, bool to_stderr)
{
	const char *slash = strrchr(ident, '/');

	log_ident = slash != NULL ? slash + 1 : ident;
	log_stderr = to_stderr;
	if (!to_stderr)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

void
log_set_debug(bool enabled)
{
	log_debug_enabled = enabled;
}

bool
log_to_stderr(void)
{
	return log_stderr;
}

static int
level_priority(enum log_level level)
{
	switch (level) {
	case LOG_LEVEL_DEBUG:
		return LOG_DEBUG;
	case LOG_LEVEL_INFO:
		return LOG_INFO;
	case LOG_LEVEL_WARN:
		return LOG_WARNING;
	case LOG_LEVEL_ERROR:
		break;
	}
	return LOG_ERR;
}

static const char *
level_name(enum log_level level)
{
	switch (level) {
	case LOG_LEVEL_DEBUG:
		return "DEBUG";
	case LOG_LEVEL_INFO:
		return "INFO";
	case LOG_LEVEL_WARN:
		return "WARN";
	case LOG_LEVEL_ERROR:
		break;
	}
	return "ERR";
}

void
log_vmsg(enum log_level level, const char *fmt, va_list ap)
{
	char line[2048];
	int saved_errno = errno;

	if (level == LOG_LEVEL_DEBUG && !log_debug_enabled)
		return;
	/* Format once so that a message is one write(): lines from forked
	   processes sharing stderr never interleave. */
	if (vsnprintf(line, sizeof(line), fmt, ap) < 0)
		strcpy(line, "(unformattable log message)");
	if (log_stderr) {
		char out[sizeof(line) + 64];
		int n = snprintf(out, sizeof(out), "%s: %s: %s\n", log_ident,
				 level_name(level), line);

		if (n > 0) {
			size_t len = (size_t)n < sizeof(out) ? (size_t)n
							     : sizeof(out) - 1;
			ssize_t w = write(STDERR_FILENO, out, len);
			(void)w;
		}
	} else {
		syslog(level_priority(level), "%s", line);
	}
	errno = saved_errno;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(level, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_LEVEL_ERROR, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

char *
log_sanitize(char *dst, size_t dst_size, const char *src, size_t src_len)
{
	size_t i, n = 0;

	if (dst_size == 0)
		return dst;
	for (i = 0; i < src_len && n + 1 < dst_size; i++) {
		unsigned char c = (unsigned char)src[i];

		dst[n++] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
	}
	if (i < src_len && dst_size >= 4) {
		n = n > dst_size - 4 ? dst_size - 4 : n;
		memcpy(dst + n, "...", 3);
		n += 3;
	}
	dst[n] = '\0';
	return dst;
}
