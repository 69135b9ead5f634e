#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "auth-str.h"
#include "tool-password.h"

#define PASSWORD_MAX 1024

static int
read_line(const char *prompt, char *buf, size_t size)
{
	struct termios old, noecho;
	bool tty = isatty(STDIN_FILENO) != 0;
	size_t len = 0;
	int ret = -1;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			noecho = old;
			noecho.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &noecho);
		} else {
			tty = false;
		}
	}
	for (;;) {
		char ch;
		ssize_t n = read(STDIN_FILENO, &ch, 1);

		if (n <= 0) {
			if (len > 0)
				ret = 0;
			break;
		}
		if (ch == '\n') {
			ret = 0;
			break;
		}
		if (len + 1 >= size) {
			ret = -2;
			break;
		}
		buf[len++] = ch;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputs("\n", stderr);
	}
	return ret;
}

char *
tool_read_password(const char *prog, bool confirm)
{
	char *pw = xmalloc(PASSWORD_MAX), *again = xmalloc(PASSWORD_MAX);
	char *ret = NULL;
	int r;

	r = read_line("Password: ", pw, PASSWORD_MAX);
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", prog,
			r == -2 ? "password too long" : "no password given");
		goto out;
	}
	if (confirm && isatty(STDIN_FILENO)) {
		if (read_line("Reenter password: ", again, PASSWORD_MAX) < 0 ||
		    strcmp(pw, again) != 0) {
			fprintf(stderr, "%s: passwords do not match\n", prog);
			goto out;
		}
	}
	ret = xstrdup(pw);
out:
	explicit_bzero(pw, PASSWORD_MAX);
	explicit_bzero(again, PASSWORD_MAX);
	free(pw);
	free(again);
	return ret;
}
