/* The few pieces of the D-Bus wire protocol pam_cgm needs, spoken over the daemon's
 * peer-to-peer Unix socket (D-Bus specification: "Message Protocol", "Authentication
 * Protocol"). No libdbus: it would be loaded into every login process (see README.md).
 * No global state: everything lives in the caller's struct cgm_conn. */
#ifndef CGM_WIRE_H
#define CGM_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define CGM_MAX_MESSAGE (1u << 20) /* replies we accept; ours are a few hundred bytes */

struct cgm_buf {
	unsigned char *data;
	size_t len, cap;
	int failed; /* out of memory: every later put is a no-op, the send is refused */
};

void cgm_buf_free(struct cgm_buf *b);
void cgm_put_byte(struct cgm_buf *b, unsigned char v);
void cgm_put_u32(struct cgm_buf *b, uint32_t v);
void cgm_put_i32(struct cgm_buf *b, int32_t v);
void cgm_put_string(struct cgm_buf *b, const char *s);
void cgm_put_signature(struct cgm_buf *b, const char *s);
void cgm_pad(struct cgm_buf *b, size_t alignment);
/* Arrays: begin returns the marker to end with; elements follow, each aligned by the writer. */
size_t cgm_array_begin(struct cgm_buf *b, size_t element_alignment);
void cgm_array_end(struct cgm_buf *b, size_t marker, size_t element_alignment);
/* One a{sv} entry whose value is a string, an int32 or an array of strings. */
void cgm_dict_string(struct cgm_buf *b, const char *key, const char *value);
void cgm_dict_i32(struct cgm_buf *b, const char *key, int32_t value);
void cgm_dict_u32(struct cgm_buf *b, const char *key, uint32_t value);
void cgm_dict_strings(struct cgm_buf *b, const char *key, const char *const *values, size_t count);

struct cgm_conn {
	int fd;
	uint32_t serial;
	long long deadline_ms; /* CLOCK_MONOTONIC */
	char error[512];       /* what went wrong, for pam_syslog */
};

enum cgm_result {
	CGM_OK = 0,
	CGM_UNREACHABLE = 1, /* no daemon, or no answer by the deadline: the login goes on */
	CGM_FAILED = 2,      /* the daemon answered with an error, or spoke nonsense */
};

/* Connects and authenticates (SASL EXTERNAL with our uid) before the deadline. */
enum cgm_result cgm_connect(struct cgm_conn *c, const char *socket_path, int timeout_ms);
void cgm_close(struct cgm_conn *c);

/* Calls interface.member with the body already marshalled; on success *reply_text holds the
 * reply's first string, or its strings joined by spaces for 'as' (malloc'd, may be NULL). */
enum cgm_result cgm_call(struct cgm_conn *c, const char *interface, const char *member, const char *signature,
			 const struct cgm_buf *body, char **reply_text);

#endif
