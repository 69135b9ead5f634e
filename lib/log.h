#ifndef ESTAFETTE_LOG_H
#define ESTAFETTE_LOG_H

/*
 * Logging. Every program calls log_open() once in main(); after that the
 * log_* functions go to syslog (facility mail) or, when the program runs in
 * the foreground, to stderr as "ident: LEVEL: message".
 *
 * Messages never contain passwords; strings that come from a client pass
 * through log_sanitize() first.
 */

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define LOG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

enum log_level {
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_INFO,
	LOG_LEVEL_WARN,
	LOG_LEVEL_ERROR,
};

/* ident is borrowed and must outlive the program (argv[0] or a literal). */
void log_open(const char *ident, bool to_stderr);
/* Show (true) or drop (false) LOG_LEVEL_DEBUG messages. */
void log_set_debug(bool enabled);
bool log_to_stderr(void);

void log_msg(enum log_level level, const char *fmt, ...) LOG_PRINTF(2, 3);
void log_vmsg(enum log_level level, const char *fmt, va_list ap)
	LOG_PRINTF(2, 0);

#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)

/* For start-up errors and broken invariants only: logs and exits(1). */
void fatal(const char *fmt, ...) LOG_PRINTF(1, 2) __attribute__((noreturn));

/*
 * Copies at most dst_size-1 bytes of src (length src_len) into dst, replacing
 * control characters and non-ASCII bytes with '?' and truncating with "..."
 * when it does not fit. dst is always NUL-terminated. Returns dst.
 */
char *log_sanitize(char *dst, size_t dst_size, const char *src, size_t src_len);

#endif
