/* Minimal D-Bus client for pam_cgm: marshalling of basic types (little endian), one method
 * call and its reply, SASL EXTERNAL, all bounded by one deadline. Never raises a signal
 * (MSG_NOSIGNAL), never exits, keeps no global state. */
#define _GNU_SOURCE
#include "cgm_wire.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { MSG_METHOD_CALL = 1, MSG_METHOD_RETURN = 2, MSG_ERROR = 3 };
enum { FIELD_PATH = 1, FIELD_INTERFACE = 2, FIELD_MEMBER = 3, FIELD_ERROR_NAME = 4, FIELD_REPLY_SERIAL = 5, FIELD_SIGNATURE = 8 };
#define CGM_OBJECT_PATH "/org/linuxcontainers/cgmanager"

static void fail(struct cgm_conn *c, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct cgm_conn *c, const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	vsnprintf(c->error, sizeof(c->error), format, ap);
	va_end(ap);
}

/* ---- marshalling ---- */

void cgm_buf_free(struct cgm_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static void put(struct cgm_buf *b, const void *bytes, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->len + n)
			cap *= 2;
		unsigned char *grown = cap > CGM_MAX_MESSAGE ? NULL : realloc(b->data, cap);
		if (!grown) {
			b->failed = 1;
			return;
		}
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, bytes, n);
	b->len += n;
}

void cgm_put_byte(struct cgm_buf *b, unsigned char v) { put(b, &v, 1); }

void cgm_pad(struct cgm_buf *b, size_t alignment)
{
	static const unsigned char zeros[8];
	size_t rest = b->len % alignment;
	if (rest)
		put(b, zeros, alignment - rest);
}

void cgm_put_u32(struct cgm_buf *b, uint32_t v)
{
	unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >> 24) & 0xff};
	cgm_pad(b, 4);
	put(b, le, 4);
}

void cgm_put_i32(struct cgm_buf *b, int32_t v) { cgm_put_u32(b, (uint32_t)v); }

void cgm_put_string(struct cgm_buf *b, const char *s)
{
	size_t n = strlen(s);
	cgm_put_u32(b, (uint32_t)n);
	put(b, s, n + 1);
}

void cgm_put_signature(struct cgm_buf *b, const char *s)
{
	size_t n = strlen(s);
	cgm_put_byte(b, (unsigned char)n);
	put(b, s, n + 1);
}

size_t cgm_array_begin(struct cgm_buf *b, size_t element_alignment)
{
	cgm_put_u32(b, 0);
	size_t length_at = b->len - 4;
	cgm_pad(b, element_alignment); /* the padding after the length is not part of the array */
	return length_at;
}

/* The array's length counts from its first element, after the padding to the element alignment. */
void cgm_array_end(struct cgm_buf *b, size_t marker, size_t element_alignment)
{
	if (b->failed)
		return;
	size_t start = marker + 4;
	if (start % element_alignment)
		start += element_alignment - start % element_alignment;
	uint32_t n = (uint32_t)(b->len - start);
	unsigned char le[4] = {n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff};
	memcpy(b->data + marker, le, 4);
}

static void dict_entry_start(struct cgm_buf *b, const char *key)
{
	cgm_pad(b, 8);
	cgm_put_string(b, key);
}

void cgm_dict_string(struct cgm_buf *b, const char *key, const char *value)
{
	dict_entry_start(b, key);
	cgm_put_signature(b, "s");
	cgm_put_string(b, value);
}

void cgm_dict_i32(struct cgm_buf *b, const char *key, int32_t value)
{
	dict_entry_start(b, key);
	cgm_put_signature(b, "i");
	cgm_put_i32(b, value);
}

void cgm_dict_u32(struct cgm_buf *b, const char *key, uint32_t value)
{
	dict_entry_start(b, key);
	cgm_put_signature(b, "u");
	cgm_put_u32(b, value);
}

void cgm_dict_strings(struct cgm_buf *b, const char *key, const char *const *values, size_t count)
{
	dict_entry_start(b, key);
	cgm_put_signature(b, "as");
	size_t marker = cgm_array_begin(b, 4);
	for (size_t i = 0; i < count; i++)
		cgm_put_string(b, values[i]);
	cgm_array_end(b, marker, 4);
}

/* ---- I/O under the deadline ---- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_for(struct cgm_conn *c, short events)
{
	for (;;) {
		long long left = c->deadline_ms - now_ms();
		if (left <= 0) {
			fail(c, "no answer from the daemon within the timeout");
			return -1;
		}
		struct pollfd p = {.fd = c->fd, .events = events};
		int r = poll(&p, 1, (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR) {
			fail(c, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

static int send_all(struct cgm_conn *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	while (n > 0) {
		ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
		} else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_for(c, POLLOUT) < 0)
				return -1;
		} else {
			fail(c, "send: %s", w < 0 ? strerror(errno) : "connection closed");
			return -1;
		}
	}
	return 0;
}

static int recv_all(struct cgm_conn *c, void *data, size_t n)
{
	unsigned char *p = data;
	while (n > 0) {
		ssize_t r = recv(c->fd, p, n, MSG_DONTWAIT);
		if (r > 0) {
			p += r;
			n -= (size_t)r;
		} else if (r < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_for(c, POLLIN) < 0)
				return -1;
		} else {
			fail(c, "recv: %s", r < 0 ? strerror(errno) : "the daemon closed the connection");
			return -1;
		}
	}
	return 0;
}

static int recv_line(struct cgm_conn *c, char *line, size_t size)
{
	size_t n = 0;
	while (n + 1 < size) {
		if (recv_all(c, line + n, 1) < 0)
			return -1;
		if (n > 0 && line[n - 1] == '\r' && line[n] == '\n') {
			line[n - 1] = '\0';
			return 0;
		}
		n++;
	}
	fail(c, "SASL line from the daemon is too long");
	return -1;
}

enum cgm_result cgm_connect(struct cgm_conn *c, const char *socket_path, int timeout_ms)
{
	c->fd = -1;
	c->serial = 0;
	c->error[0] = '\0';
	c->deadline_ms = now_ms() + timeout_ms;

	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(socket_path) >= sizeof(addr.sun_path)) {
		fail(c, "socket path %s is too long", socket_path);
		return CGM_FAILED;
	}
	strcpy(addr.sun_path, socket_path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		fail(c, "socket: %s", strerror(errno));
		return CGM_UNREACHABLE;
	}
	while (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EINPROGRESS) { /* backlog full: try again until the deadline */
			if (now_ms() >= c->deadline_ms) {
				fail(c, "connect %s: the daemon accepts no connection within the timeout", socket_path);
				return CGM_UNREACHABLE;
			}
			poll(NULL, 0, 10);
			continue;
		}
		fail(c, "connect %s: %s", socket_path, strerror(errno));
		return CGM_UNREACHABLE;
	}

	/* SASL: the NUL byte, AUTH EXTERNAL with our uid in hex of its decimal digits, OK, BEGIN. */
	char digits[16], auth[64] = {0};
	snprintf(digits, sizeof(digits), "%u", (unsigned)geteuid());
	size_t n = 1 + (size_t)snprintf(auth + 1, sizeof(auth) - 1, "AUTH EXTERNAL ");
	for (const char *d = digits; *d; d++)
		n += (size_t)snprintf(auth + n, sizeof(auth) - n, "%02x", (unsigned char)*d);
	n += (size_t)snprintf(auth + n, sizeof(auth) - n, "\r\n");
	if (send_all(c, auth, n) < 0)
		return CGM_UNREACHABLE;
	char line[256];
	if (recv_line(c, line, sizeof(line)) < 0)
		return CGM_UNREACHABLE;
	if (strncmp(line, "OK ", 3) != 0) {
		fail(c, "the daemon refused SASL EXTERNAL: %.200s", line);
		return CGM_FAILED;
	}
	return send_all(c, "BEGIN\r\n", 7) < 0 ? CGM_UNREACHABLE : CGM_OK;
}

void cgm_close(struct cgm_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* ---- the call and its reply ---- */

struct reader {
	const unsigned char *data;
	size_t len, at;
	int big_endian, bad;
};

static void align(struct reader *r, size_t a)
{
	if (r->at % a)
		r->at += a - r->at % a;
	if (r->at > r->len)
		r->bad = 1;
}

static uint32_t get_u32(struct reader *r)
{
	align(r, 4);
	if (r->bad || r->at + 4 > r->len) {
		r->bad = 1;
		return 0;
	}
	const unsigned char *p = r->data + r->at;
	r->at += 4;
	return r->big_endian ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
			     : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* A string (or object path): points into the message, NUL-terminated there. */
static const char *get_string(struct reader *r)
{
	uint32_t n = get_u32(r);
	if (r->bad || r->at + n + 1 > r->len || r->data[r->at + n] != 0) {
		r->bad = 1;
		return "";
	}
	const char *s = (const char *)r->data + r->at;
	r->at += n + 1;
	return s;
}

static const char *get_signature(struct reader *r)
{
	if (r->at >= r->len) {
		r->bad = 1;
		return "";
	}
	size_t n = r->data[r->at++];
	if (r->at + n + 1 > r->len || r->data[r->at + n] != 0) {
		r->bad = 1;
		return "";
	}
	const char *s = (const char *)r->data + r->at;
	r->at += n + 1;
	return s;
}

static void build_header(struct cgm_buf *h, uint32_t serial, uint32_t body_len, const char *interface, const char *member,
			 const char *signature)
{
	cgm_put_byte(h, 'l');
	cgm_put_byte(h, MSG_METHOD_CALL);
	cgm_put_byte(h, 0);
	cgm_put_byte(h, 1);
	cgm_put_u32(h, body_len);
	cgm_put_u32(h, serial);
	size_t marker = cgm_array_begin(h, 8);
	cgm_pad(h, 8);
	cgm_put_byte(h, FIELD_PATH);
	cgm_put_signature(h, "o");
	cgm_put_string(h, CGM_OBJECT_PATH);
	cgm_pad(h, 8);
	cgm_put_byte(h, FIELD_INTERFACE);
	cgm_put_signature(h, "s");
	cgm_put_string(h, interface);
	cgm_pad(h, 8);
	cgm_put_byte(h, FIELD_MEMBER);
	cgm_put_signature(h, "s");
	cgm_put_string(h, member);
	if (signature[0]) {
		cgm_pad(h, 8);
		cgm_put_byte(h, FIELD_SIGNATURE);
		cgm_put_signature(h, "g");
		cgm_put_signature(h, signature);
	}
	cgm_array_end(h, marker, 8);
	cgm_pad(h, 8);
}

/* The reply's body as text: the first string, or all strings of a leading 'as'. */
static char *body_text(struct reader *body, const char *signature)
{
	if (signature[0] == 's')
		return strdup(get_string(body));
	if (signature[0] == 'a' && signature[1] == 's') {
		uint32_t n = get_u32(body);
		size_t end = body->at + n;
		struct cgm_buf out = {0};
		while (!body->bad && body->at < end && body->at < body->len) {
			const char *s = get_string(body);
			if (out.len)
				cgm_put_byte(&out, ' ');
			put(&out, s, strlen(s));
		}
		cgm_put_byte(&out, 0);
		return out.failed ? (cgm_buf_free(&out), NULL) : (char *)out.data;
	}
	return NULL;
}

enum cgm_result cgm_call(struct cgm_conn *c, const char *interface, const char *member, const char *signature,
			 const struct cgm_buf *body, char **reply_text)
{
	*reply_text = NULL;
	uint32_t serial = ++c->serial;
	struct cgm_buf header = {0};
	build_header(&header, serial, (uint32_t)body->len, interface, member, signature);
	if (header.failed || body->failed) {
		cgm_buf_free(&header);
		fail(c, "out of memory");
		return CGM_FAILED;
	}
	int sent = send_all(c, header.data, header.len) == 0 && send_all(c, body->data, body->len) == 0;
	cgm_buf_free(&header);
	if (!sent)
		return CGM_UNREACHABLE;

	for (;;) { /* skip anything that is not our reply (the daemon sends nothing else unasked) */
		unsigned char fixed[16];
		if (recv_all(c, fixed, sizeof(fixed)) < 0)
			return CGM_UNREACHABLE;
		struct reader f = {.data = fixed, .len = sizeof(fixed), .big_endian = fixed[0] == 'B'};
		if (fixed[0] != 'l' && fixed[0] != 'B') {
			fail(c, "the daemon sent a message with endianness byte 0x%02x", fixed[0]);
			return CGM_FAILED;
		}
		f.at = 4;
		uint32_t body_len = get_u32(&f);
		(void)get_u32(&f);
		uint32_t fields_len = get_u32(&f);
		size_t header_len = 16 + (size_t)fields_len;
		header_len += (8 - header_len % 8) % 8;
		if (fields_len > CGM_MAX_MESSAGE || body_len > CGM_MAX_MESSAGE) {
			fail(c, "the daemon's reply is larger than %u bytes", CGM_MAX_MESSAGE);
			return CGM_FAILED;
		}
		size_t total = header_len + body_len;
		unsigned char *message = malloc(total);
		if (!message) {
			fail(c, "out of memory");
			return CGM_FAILED;
		}
		memcpy(message, fixed, sizeof(fixed));
		if (recv_all(c, message + 16, total - 16) < 0) {
			free(message);
			return CGM_UNREACHABLE;
		}

		struct reader r = {.data = message, .len = 16 + fields_len, .at = 16, .big_endian = f.big_endian};
		uint32_t reply_serial = 0;
		const char *error_name = NULL, *body_signature = "";
		while (!r.bad && r.at < r.len) {
			align(&r, 8);
			if (r.at >= r.len)
				break;
			unsigned char code = message[r.at++];
			const char *type = get_signature(&r);
			if (strcmp(type, "s") == 0 || strcmp(type, "o") == 0) {
				const char *s = get_string(&r);
				if (code == FIELD_ERROR_NAME)
					error_name = s;
			} else if (strcmp(type, "g") == 0) {
				const char *s = get_signature(&r);
				if (code == FIELD_SIGNATURE)
					body_signature = s;
			} else if (strcmp(type, "u") == 0) {
				uint32_t v = get_u32(&r);
				if (code == FIELD_REPLY_SERIAL)
					reply_serial = v;
			} else {
				r.bad = 1;
			}
		}
		if (r.bad) {
			free(message);
			fail(c, "the daemon's reply has a malformed header");
			return CGM_FAILED;
		}
		unsigned char type = message[1];
		if ((type != MSG_METHOD_RETURN && type != MSG_ERROR) || reply_serial != serial) {
			free(message);
			continue;
		}

		struct reader b = {.data = message + header_len, .len = body_len, .big_endian = f.big_endian};
		enum cgm_result result = CGM_OK;
		if (type == MSG_ERROR) {
			const char *text = body_signature[0] == 's' ? get_string(&b) : "";
			fail(c, "%s: %s", error_name ? error_name : "error", b.bad ? "" : text);
			result = CGM_FAILED;
		} else {
			*reply_text = body_text(&b, body_signature);
			if (b.bad) {
				free(*reply_text);
				*reply_text = NULL;
				fail(c, "the daemon's reply to %s has a malformed body", member);
				result = CGM_FAILED;
			}
		}
		free(message);
		return result;
	}
}
