#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server-listen.h"

#define LISTEN_BACKLOG 128

static char listen_error[256];

static int
listen_socket(const struct sockaddr *sa, socklen_t len, const char **error_r,
	      const char *text)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)sa;
	int fd, one = 1, zero = 0;

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		goto fail;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (sa->sa_family == AF_INET6 &&
	    IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr))
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
				 sizeof(zero));
	else if (sa->sa_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
				 sizeof(one));
	if (bind(fd, sa, len) < 0 || listen(fd, LISTEN_BACKLOG) < 0)
		goto fail;
	return fd;
fail:
	snprintf(listen_error, sizeof(listen_error), "cannot listen on %s: %s",
		 text, strerror(errno));
	*error_r = listen_error;
	if (fd >= 0)
		close(fd);
	return -1;
}

int
server_listen_open(const struct server_listen *l, const char **error_r)
{
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&l->addr;
	struct sockaddr_in sin;
	int fd;

	fd = listen_socket((const struct sockaddr *)&l->addr, l->addr_len,
			   error_r, l->text);
	if (fd >= 0 || errno != EAFNOSUPPORT || l->addr.ss_family != AF_INET6 ||
	    !IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr))
		return fd;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	sin.sin_port = sin6->sin6_port;
	return listen_socket((const struct sockaddr *)&sin, sizeof(sin),
			     error_r, l->text);
}

int
server_listen_accept(int listen_fd, char *ip_r, char *port_r)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&ss;
	struct in_addr v4;
	unsigned int port = 0;
	int fd, one = 1;

	fd = accept4(listen_fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	if (fd < 0)
		return -1;
	/* Replies are written whole from a buffer: Nagle's algorithm would
	   only hold back the last short piece (a ".\r\n") for the peer's
	   delayed ACK. */
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	strcpy(ip_r, "?");
	if (ss.ss_family == AF_INET) {
		inet_ntop(AF_INET, &sin->sin_addr, ip_r, INET6_ADDRSTRLEN);
		port = ntohs(sin->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
			memcpy(&v4, &sin6->sin6_addr.s6_addr[12], 4);
			inet_ntop(AF_INET, &v4, ip_r, INET6_ADDRSTRLEN);
		} else {
			inet_ntop(AF_INET6, &sin6->sin6_addr, ip_r,
				  INET6_ADDRSTRLEN);
		}
		port = ntohs(sin6->sin6_port);
	}
	snprintf(port_r, 8, "%u", port);
	return fd;
}
