/* PLACEHOLDER (development only): daemon replaces this file. */
#include "config.h"

#include "imap-session.h"

int imap_session_flush(struct imap_session *s) { (void)s; return -1; }
int imap_session_write(struct imap_session *s, const void *d, size_t n)
{ return buffer_append(s->ctx.out, d, n); }
