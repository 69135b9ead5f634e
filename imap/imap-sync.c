/* PLACEHOLDER (development only): mailbox replaces this file. */
#include "config.h"

#include "imap-session.h"

void imap_session_report_changes(struct imap_session *s, bool allow_expunges)
{ (void)s; (void)allow_expunges; }
void imap_session_unselect(struct imap_session *s) { (void)s; }
