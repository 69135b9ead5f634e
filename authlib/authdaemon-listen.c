#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "auth-str.h"
#include "authdaemon-listen.h"

#define LISTEN_BACKLOG 1024

/* Creates the parents of dir (mode 0755) as "mkdir -p" would. */
static void
make_parents(const char *dir)
{
	char *path = xstrdup(dir), *p;

	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			log_warn("mkdir %s: %s", path, strerror(errno));
		*p = '/';
	}
	free(path);
}

static int
make_dir(const char *dir, const char *group, char **error_r)
{
	struct stat st;
	struct group *gr;

	make_parents(dir);
	if (mkdir(dir, 0750) == 0 && geteuid() == 0) {
		gr = getgrnam(group);
		if (gr == NULL)
			log_info("group %s does not exist: %s is root-only",
				 group, dir);
		else if (chown(dir, 0, gr->gr_gid) < 0)
			log_warn("chown %s: %s", dir, strerror(errno));
	} else if (errno != EEXIST) {
		*error_r = xasprintf("mkdir %s: %s", dir, strerror(errno));
		return -1;
	}
	if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		*error_r = xasprintf("%s: not a directory", dir);
		return -1;
	}
	if ((st.st_mode & 007) != 0) {
		log_warn("%s was open to others: setting mode %03o", dir,
			 (unsigned int)(st.st_mode & 0770));
		if (chmod(dir, st.st_mode & 0770) < 0) {
			*error_r = xasprintf("chmod %s: %s", dir,
					     strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int
fill_addr(struct sockaddr_un *sun, const char *path, char **error_r)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun->sun_path)) {
		*error_r = xasprintf("%s: socket path too long", path);
		return -1;
	}
	strcpy(sun->sun_path, path);
	return 0;
}

int
authdaemon_listen(const struct authdaemon_config *cfg, char **error_r)
{
	struct sockaddr_un sun;
	char *tmp = xasprintf("%s.tmp", cfg->socket_path);
	int fd = -1, ret = -1;

	if (make_dir(cfg->authdaemonvar, cfg->group, error_r) < 0 ||
	    fill_addr(&sun, tmp, error_r) < 0)
		goto out;
	if (unlink(tmp) < 0 && errno != ENOENT) {
		*error_r = xasprintf("unlink %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    chmod(tmp, 0777) < 0 || listen(fd, LISTEN_BACKLOG) < 0 ||
	    rename(tmp, cfg->socket_path) < 0) {
		*error_r = xasprintf("%s: %s", cfg->socket_path,
				     strerror(errno));
		unlink(tmp);
		goto out;
	}
	ret = fd;
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	free(tmp);
	return ret;
}
