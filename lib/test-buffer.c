#include "config.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "buffer.h"
#include "xalloc.h"
#include "../tests/unit/tap.h"

static void
test_buffer_cap(void)
{
	struct buffer buf;
	size_t i;

	buffer_init(&buf, 8);
	is_str(buffer_cstr(&buf), "", "empty buffer is \"\"");
	is_int(buffer_len(&buf), 0, "empty length");
	ok(buffer_append(&buf, "abcdefg", 7) == 0, "append 7 of 8");
	is_int(buffer_avail(&buf), 1, "one byte left");
	ok(buffer_append(&buf, "hi", 2) < 0, "append over the cap fails");
	is_str(buffer_cstr(&buf), "abcdefg", "failed append changes nothing");
	ok(buffer_append_c(&buf, 'h') == 0, "append up to the cap");
	ok(buffer_append_c(&buf, 'i') < 0, "cap + 1 fails");
	ok(buffer_append(&buf, "", 0) == 0, "empty append at the cap");
	is_str(buffer_cstr(&buf), "abcdefgh", "contents at the cap");
	buffer_truncate(&buf, 3);
	is_str(buffer_cstr(&buf), "abc", "truncate");
	buffer_truncate(&buf, 10);
	is_int(buffer_len(&buf), 3, "truncate longer is a no-op");
	ok(buffer_printf(&buf, "%d%s", 12, "ab") == 0 &&
		   strcmp(buffer_cstr(&buf), "abc12ab") == 0,
	   "printf appends");
	ok(buffer_printf(&buf, "%s", "xy") < 0 &&
		   strcmp(buffer_cstr(&buf), "abc12ab") == 0,
	   "printf over the cap fails without truncating");
	ok(buffer_printf(&buf, "%c", 'z') == 0 && buffer_len(&buf) == 8,
	   "printf exactly to the cap");
	buffer_clear(&buf);
	is_int(buffer_len(&buf), 0, "clear");
	ok(buffer_append(&buf, "a\0b", 3) == 0 && buffer_len(&buf) == 3 &&
		   memcmp(buffer_data(&buf), "a\0b", 4) == 0,
	   "binary data with NUL, NUL-terminated");
	buffer_deinit(&buf);

	buffer_init(&buf, 100000);
	for (i = 0; i < 100000; i++) {
		if (buffer_append_c(&buf, (char)('a' + i % 26)) < 0)
			break;
	}
	ok(i == 100000 && buffer_append_c(&buf, 'x') < 0,
	   "grows byte by byte to a large cap, then stops");
	ok(buffer_cstr(&buf)[99999] == (char)('a' + 99999 % 26) &&
		   buffer_cstr(&buf)[100000] == '\0',
	   "contents intact after growth");
	buffer_deinit(&buf);

	buffer_init(&buf, 0);
	ok(buffer_append_c(&buf, 'a') < 0, "cap 0 takes nothing");
	is_str(buffer_cstr(&buf), "", "cap 0 stays empty");
	buffer_deinit(&buf);
	buffer_init(&buf, SIZE_MAX);
	ok(buffer_append(&buf, "a", SIZE_MAX - 1) < 0,
	   "huge append refused, no overflow");
	buffer_deinit(&buf);
}

static void
test_buffer_heap(void)
{
	struct buffer *buf = buffer_new(16);
	char *s;
	size_t len;

	buffer_append_str(buf, "secret");
	buffer_clear_secret(buf);
	ok(buffer_len(buf) == 0 && memchr(buf->data, 's', buf->alloc) == NULL,
	   "clear_secret wipes the bytes");
	buffer_append_str(buf, "hello");
	s = buffer_steal(buf, &len);
	ok(strcmp(s, "hello") == 0 && len == 5, "steal returns contents");
	ok(buffer_len(buf) == 0 && strcmp(buffer_cstr(buf), "") == 0,
	   "steal leaves the buffer empty");
	free(s);
	s = buffer_steal(buf, NULL);
	is_str(s, "", "steal of an empty buffer gives \"\"");
	free(s);
	buffer_free(&buf);
	ok(buf == NULL, "buffer_free clears the pointer");
	buffer_free(&buf);
}

static void
test_arena(void)
{
	struct arena *arena = arena_new(64, 256);
	char *a, *b, *c;
	void *p;
	size_t i;

	a = arena_strdup(arena, "hello");
	b = arena_printf(arena, "%s-%d", a, 42);
	is_str(a, "hello", "strdup");
	is_str(b, "hello-42", "printf");
	c = arena_strndup(arena, "abcdef", 3);
	is_str(c, "abc", "strndup");
	c = arena_strndup(arena, "a\0b", 3);
	ok(c != NULL && memcmp(c, "a\0b", 4) == 0, "strndup keeps NUL bytes");
	p = arena_alloc(arena, 1);
	ok(((uintptr_t)p % alignof(max_align_t)) == 0, "alignment");
	p = arena_calloc(arena, 4, 8);
	ok(p != NULL && memcmp(p, "\0\0\0\0\0\0\0\0", 8) == 0, "calloc zeroes");
	ok(arena_calloc(arena, SIZE_MAX / 2, 4) == NULL, "calloc overflow");
	ok(arena_alloc(arena, SIZE_MAX) == NULL, "huge alloc fails");
	ok(arena_alloc(arena, 0) != NULL, "zero-size alloc");
	is_str(a, "hello", "earlier strings intact");
	arena_clear(arena);
	is_int(arena_used(arena), 0, "clear");
	is_int(arena_allocated(arena), 64, "clear keeps the first block");

	/* Cap: 256 bytes of blocks. A 200-byte allocation gets its own
	   block; small ones go on filling the first block. */
	ok(arena_alloc(arena, 16) != NULL, "small");
	ok(arena_alloc(arena, 192) != NULL, "dedicated block");
	is_int(arena_allocated(arena), 256, "blocks at the cap");
	ok(arena_alloc(arena, 32) != NULL, "current block still used");
	ok(arena_alloc(arena, 16) != NULL, "fills the first block");
	ok(arena_alloc(arena, 1) == NULL, "over the cap: NULL");
	ok(arena_strdup(arena, "x") == NULL, "strdup over the cap: NULL");
	ok(arena_printf(arena, "%d", 1) == NULL, "printf over the cap: NULL");
	arena_clear(arena);
	for (i = 0; i < 16; i++) {
		if (arena_alloc(arena, 16) == NULL)
			break;
	}
	is_int(i, 16, "exactly cap / 16 allocations of 16 fit");
	ok(arena_alloc(arena, 1) == NULL, "and one more does not");
	arena_free(&arena);
	ok(arena == NULL, "arena_free clears the pointer");
	arena_free(&arena);
}

static void
test_xalloc(void)
{
	char *s = xstrndup("abcdef", 3);
	int status = 0;
	pid_t pid;

	is_str(s, "abc", "xstrndup");
	free(s);
	s = xstrndup("ab\0cd", 5);
	is_str(s, "ab", "xstrndup stops at NUL");
	free(s);
	s = xasprintf("%s=%u", "k", 7u);
	is_str(s, "k=7", "xasprintf");
	free(s);
	s = xmalloc(0);
	ok(s != NULL, "xmalloc(0) is not NULL");
	s = xrealloc(s, 10);
	free(s);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(STDERR_FILENO);
		(void)xreallocarray(NULL, SIZE_MAX / 2, 4);
		_exit(0);
	}
	ok(pid > 0 && waitpid(pid, &status, 0) == pid &&
		   WIFEXITED(status) && WEXITSTATUS(status) == 1,
	   "xreallocarray overflow is fatal (exit 1)");
}

int
main(void)
{
	test_buffer_cap();
	test_buffer_heap();
	test_arena();
	test_xalloc();
	return tap_done();
}
