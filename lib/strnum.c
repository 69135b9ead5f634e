#include "config.h"

#include <string.h>

#include "strnum.h"

int
str_parse_uint64(const char *str, uint64_t *num_r, const char **end_r)
{
	uint64_t n = 0;
	const char *p = str;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*num_r = n;
	*end_r = p;
	return 0;
}

int
str_to_uint64_n(const char *str, size_t len, uint64_t *num_r)
{
	uint64_t n = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned int d;

		if (str[i] < '0' || str[i] > '9')
			return -1;
		d = (unsigned int)(str[i] - '0');
		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	*num_r = n;
	return 0;
}

int
str_to_uint64(const char *str, uint64_t *num_r)
{
	return str_to_uint64_n(str, strlen(str), num_r);
}

int
str_to_uint32_n(const char *str, size_t len, uint32_t *num_r)
{
	uint64_t n;

	if (str_to_uint64_n(str, len, &n) < 0 || n > UINT32_MAX)
		return -1;
	*num_r = (uint32_t)n;
	return 0;
}

int
str_to_uint32(const char *str, uint32_t *num_r)
{
	return str_to_uint32_n(str, strlen(str), num_r);
}

int
str_to_int64(const char *str, int64_t *num_r)
{
	uint64_t n;

	if (*str == '-') {
		if (str_to_uint64(str + 1, &n) < 0 ||
		    n > (uint64_t)INT64_MAX + 1)
			return -1;
		*num_r = n == (uint64_t)INT64_MAX + 1 ? INT64_MIN
						       : -(int64_t)n;
		return 0;
	}
	if (str_to_uint64(str, &n) < 0 || n > (uint64_t)INT64_MAX)
		return -1;
	*num_r = (int64_t)n;
	return 0;
}

int
str_to_mode(const char *str, unsigned int *mode_r)
{
	unsigned int n = 0;
	const char *p;

	if (*str == '\0')
		return -1;
	for (p = str; *p != '\0'; p++) {
		if (*p < '0' || *p > '7')
			return -1;
		n = n * 8 + (unsigned int)(*p - '0');
		if (n > 07777)
			return -1;
	}
	*mode_r = n;
	return 0;
}
