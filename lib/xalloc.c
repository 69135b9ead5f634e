#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void __attribute__((noreturn))
xalloc_fail(size_t size)
{
	fatal("out of memory (allocating %zu bytes)", size);
}

void *
xmalloc(size_t size)
{
	void *ptr = malloc(size == 0 ? 1 : size);

	if (ptr == NULL)
		xalloc_fail(size);
	return ptr;
}

void *
xcalloc(size_t n, size_t size)
{
	void *ptr;

	if (n == 0 || size == 0)
		n = size = 1;
	ptr = calloc(n, size);
	if (ptr == NULL)
		xalloc_fail(size > SIZE_MAX / n ? SIZE_MAX : n * size);
	return ptr;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *nptr = realloc(ptr, size == 0 ? 1 : size);

	if (nptr == NULL)
		xalloc_fail(size);
	return nptr;
}

void *
xreallocarray(void *ptr, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xalloc_fail(SIZE_MAX);
	return xrealloc(ptr, n * size);
}

char *
xstrdup(const char *str)
{
	size_t len = strlen(str);
	char *copy = xmalloc(len + 1);

	memcpy(copy, str, len + 1);
	return copy;
}

char *
xstrndup(const char *str, size_t len)
{
	const char *nul = memchr(str, '\0', len);
	char *copy;

	if (nul != NULL)
		len = (size_t)(nul - str);
	copy = xmalloc(len + 1);
	memcpy(copy, str, len);
	copy[len] = '\0';
	return copy;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	char *str;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("xvasprintf: unformattable string \"%s\"", fmt);
	str = xmalloc((size_t)n + 1);
	if (vsnprintf(str, (size_t)n + 1, fmt, ap) != n)
		fatal("xvasprintf: format result changed");
	return str;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *str;

	va_start(ap, fmt);
	str = xvasprintf(fmt, ap);
	va_end(ap);
	return str;
}
