#ifndef ESTAFETTE_TOOL_PASSWORD_H
#define ESTAFETTE_TOOL_PASSWORD_H

/*
 * Reads a password for authpasswd, userdbpw and userdb: from a terminal
 * with echo off, prompting "Password: " and (confirm) "Reenter password: ";
 * otherwise one line from standard input. The line break is removed.
 * Returns a malloc()ed string (the caller wipes and frees it) or NULL
 * with a message on stderr (mismatch, EOF, over 1023 bytes).
 */

#include <stdbool.h>

char *tool_read_password(const char *prog, bool confirm);

#endif
