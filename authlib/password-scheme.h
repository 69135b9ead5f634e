#ifndef ESTAFETTE_PASSWORD_SCHEME_H
#define ESTAFETTE_PASSWORD_SCHEME_H

/*
 * Password hashes as Courier stores them:
 *  - crypt(3) strings: every scheme libcrypt knows ($y$ yescrypt, $gy$,
 *    $7$, $2b$ bcrypt, $6$ SHA-512, $5$ SHA-256, $1$ MD5, DES), also with a
 *    {CRYPT} prefix;
 *  - {MD5} base64(md5), {MD5RAW} hex(md5), {SHA} base64(sha1),
 *    {SSHA} base64(sha1(pw salt) salt), {SHA256}, {SHA512}, {SSHA256},
 *    {SSHA512} likewise; {CLEAR} / {PLAIN} clear text.
 * Prefixes are matched without regard to case. All comparisons take
 * constant time for a given length.
 */

#include <stdbool.h>

/*
 * Checks plain against hashed. Returns 1 on a match, 0 on a mismatch and
 * -1 when hashed is not a hash we can check (empty, "*", "!", unknown
 * scheme, malformed).
 */
int password_verify(const char *plain, const char *hashed);

/*
 * Hashes plain with the named scheme (authpasswd's names: yescrypt,
 * sha512crypt, sha256crypt, bcrypt, md5crypt, crypt, md5, md5raw, sha1,
 * ssha, sha256, sha512, ssha256, ssha512; NULL = yescrypt) with a fresh
 * random salt. Returns 0 and a malloc()ed *hash_r, or -1 with *error_r.
 */
int password_hash(const char *scheme, const char *plain, char **hash_r,
		  const char **error_r);

/* NULL-terminated list of the scheme names password_hash() accepts. */
extern const char *const password_scheme_names[];

#endif
