#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pop3-sizelist.h"
#include "../tests/unit/tap.h"

static const char courier_file[] =
	"/3 3 1795447118\n"
	"1795446990.M450244P28365V000000000000FE00I000000000010E04E.vm,S=206:"
	"2,S 214 1:1795447118:0\n"
	"1795446991.M1P2.vm,S=206:2, 214 2:1795447118:0\n";

int
main(void)
{
	struct pop3_sizelist list, again;
	const struct pop3_sizelist_entry *e;
	const char *error = NULL;
	char dir[] = "/tmp/test-pop3-sizelist.XXXXXX", path[128];
	size_t i;

	ok(pop3_sizelist_parse(courier_file, sizeof(courier_file) - 1, &list,
			       &error) == 0,
	   "Courier's file parses");
	is_int(list.next_uid, 3, "next uid");
	is_int(list.uidv, 1795447118, "uidvalidity");
	is_int(list.count, 2, "two entries");
	e = pop3_sizelist_find(&list, "1795446991.M1P2.vm,S=206:2,RS", 24);
	ok(e != NULL && e->uid == 2 && e->size == 214,
	   "found by base name whatever the flags");
	ok(pop3_sizelist_find(&list, "1795446992.x", 12) == NULL,
	   "unknown name not found");
	/* Every truncation of the file but the whole-line ones fails. */
	for (i = 1; i < sizeof(courier_file) - 1; i++) {
		int r = pop3_sizelist_parse(courier_file, i, &again, &error);

		if (courier_file[i - 1] == '\n' ? r != 0 : r != -1)
			break;
		pop3_sizelist_clear(&again);
	}
	is_int(i, sizeof(courier_file) - 1, "prefixes: only whole lines parse");
	ok(pop3_sizelist_parse("/2 1 1\n", 7, &again, &error) < 0,
	   "other version refused");
	ok(pop3_sizelist_parse("/3 1 1\nx 1 1:1:2\n", 17, &again, &error) < 0,
	   "utf8 flag 2 refused");
	ok(pop3_sizelist_parse("/3 1 1\nx -1 1:1:0\n", 18, &again, &error) < 0,
	   "negative size refused");
	ok(pop3_sizelist_parse("/3 1 1\na/b 1 1:1:0\n", 19, &again, &error) <
		   0,
	   "slash in name refused");
	ok(pop3_sizelist_parse("/3 1 1\nx 1 1:1:0\nx:2,S 1 2:1:0\n", 31,
			       &again, &error) < 0,
	   "duplicate base refused");

	ok(mkdtemp(dir) != NULL, "temp dir");
	ok(pop3_sizelist_write(dir, &list, &error) == 0, "write");
	ok(pop3_sizelist_read(dir, &again, &error) == 0 && again.count == 2 &&
		   again.uidv == list.uidv && again.next_uid == 3,
	   "read back");
	pop3_sizelist_clear(&again);
	snprintf(path, sizeof(path), "%s/%s", dir, POP3_SIZELIST_FILE);
	unlink(path);
	ok(pop3_sizelist_read(dir, &again, &error) == 0 && again.count == 0,
	   "missing file: empty list");
	rmdir(dir);
	pop3_sizelist_clear(&list);
	return tap_done();
}
