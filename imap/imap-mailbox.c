/* PLACEHOLDER (development only): store replaces this file. Every call
   fails until the real storage lands. */
#include "config.h"

#include <stddef.h>

#include "imap-mailbox.h"

#define NOPE "PLACEHOLDER: storage not implemented yet."

int imap_mailbox_open(const char *root, const char *dir, unsigned int flags,
		      struct imap_mailbox **mbox_r, const char **error_r)
{ (void)root; (void)dir; (void)flags; *mbox_r = NULL; *error_r = NOPE; return -1; }
void imap_mailbox_close(struct imap_mailbox **mbox) { *mbox = NULL; }
bool imap_mailbox_is_readonly(const struct imap_mailbox *m) { (void)m; return true; }
const char *imap_mailbox_dir(const struct imap_mailbox *m) { (void)m; return "."; }
uint32_t imap_mailbox_count(const struct imap_mailbox *m) { (void)m; return 0; }
uint32_t imap_mailbox_uidvalidity(const struct imap_mailbox *m) { (void)m; return 1; }
uint32_t imap_mailbox_uidnext(const struct imap_mailbox *m) { (void)m; return 1; }
uint32_t imap_mailbox_recent_count(const struct imap_mailbox *m) { (void)m; return 0; }
uint32_t imap_mailbox_first_unseen(const struct imap_mailbox *m) { (void)m; return 0; }
const struct imap_mailbox_msg *imap_mailbox_msg(const struct imap_mailbox *m, uint32_t seq) { (void)m; (void)seq; return NULL; }
uint32_t imap_mailbox_seq_of_uid(const struct imap_mailbox *m, uint32_t uid) { (void)m; (void)uid; return 0; }
unsigned int imap_mailbox_keyword_count(const struct imap_mailbox *m) { (void)m; return 0; }
const char *imap_mailbox_keyword_name(const struct imap_mailbox *m, unsigned int i) { (void)m; (void)i; return ""; }
int imap_mailbox_keyword_lookup(struct imap_mailbox *m, const char *n, bool c) { (void)m; (void)n; (void)c; return -1; }
void imap_mailbox_set_keywords_enabled(struct imap_mailbox *m, bool on) { (void)m; (void)on; }
bool imap_mailbox_keywords_enabled(const struct imap_mailbox *m) { (void)m; return false; }
int imap_mailbox_sync(struct imap_mailbox *m, bool a, const struct imap_mailbox_events *ev, const char **error_r)
{ (void)m; (void)a; (void)ev; *error_r = NOPE; return -1; }
int imap_mailbox_set_flags(struct imap_mailbox *m, uint32_t seq, unsigned int f, const unsigned int *k, unsigned int kc, const char **error_r)
{ (void)m; (void)seq; (void)f; (void)k; (void)kc; *error_r = NOPE; return -1; }
int imap_mailbox_expunge(struct imap_mailbox *m, const uint32_t *s, unsigned int n, const struct imap_mailbox_events *ev, const char **error_r)
{ (void)m; (void)s; (void)n; (void)ev; *error_r = NOPE; return -1; }
int imap_mailbox_msg_map(struct imap_mailbox *m, uint32_t seq, const char **d, size_t *sz, const char **error_r)
{ (void)m; (void)seq; *d = NULL; *sz = 0; *error_r = NOPE; return -1; }
void imap_mailbox_msg_unmap(struct imap_mailbox *m) { (void)m; }
int imap_mailbox_msg_size(struct imap_mailbox *m, uint32_t seq, uint64_t *s, const char **error_r)
{ (void)m; (void)seq; *s = 0; *error_r = NOPE; return -1; }
int imap_mailbox_msg_internaldate(struct imap_mailbox *m, uint32_t seq, time_t *d, const char **error_r)
{ (void)m; (void)seq; *d = 0; *error_r = NOPE; return -1; }
const char *imap_mailbox_cache_get(struct imap_mailbox *m, uint32_t seq, enum imap_cache_field f, size_t *l)
{ (void)m; (void)seq; (void)f; (void)l; return NULL; }
void imap_mailbox_cache_set(struct imap_mailbox *m, uint32_t seq, enum imap_cache_field f, const char *v, size_t l)
{ (void)m; (void)seq; (void)f; (void)v; (void)l; }
int imap_mailbox_tmp_create(const char *r, char *p, size_t s, int *fd, const char **error_r)
{ (void)r; (void)p; (void)s; *fd = -1; *error_r = NOPE; return -1; }
int imap_mailbox_append_file(const char *r, const char *d, const char *t, unsigned int f, const char *const *k, unsigned int kc, time_t i, uint32_t *v, uint32_t *u, const char **error_r)
{ (void)r; (void)d; (void)t; (void)f; (void)k; (void)kc; (void)i; *v = 0; *u = 0; *error_r = NOPE; return -1; }
int imap_mailbox_copy(struct imap_mailbox *s, const uint32_t *q, unsigned int n, const char *r, const char *d, uint32_t *v, uint32_t *u, const char **error_r)
{ (void)s; (void)q; (void)n; (void)r; (void)d; (void)v; (void)u; *error_r = NOPE; return -1; }
int imap_mailbox_status_get(const char *r, const char *d, struct imap_mailbox_status *st, const char **error_r)
{ (void)r; (void)d; (void)st; *error_r = NOPE; return -1; }
