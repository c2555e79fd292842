/* pam_cgm.so: a PAM session module that gives each login a delegated cgroup (issue 14).
 *
 * Why C, and why so small: a PAM module is loaded into every login process (sshd, login, su,
 * cron...). A NativeAOT library would bring a garbage collector, threads and a runtime into
 * them; libdbus would bring a library most of them do not load. So the delegation itself
 * lives once in the daemon (Manager1.Delegate / Undelegate), and this module only speaks
 * enough D-Bus to make two calls per session over the daemon's socket (cgm_wire.c).
 *
 * Open session: escape to the root cgroup (compat MovePidAbs, as cgmanager's pam_cgm did),
 * then Delegate(dir, uid, gid, {session, pid, ...}) where the pattern (default user/%u/)
 * gives dir (user/NAME, the user's delegated cgroup) and the session leaf's prefix (the last
 * component, "" by default, so sessions are user/NAME/0, user/NAME/1, ...).
 * Close session: escape again, Undelegate(dir, session): what is empty goes.
 *
 * Robustness: one deadline for everything (timeout=, 2000 ms by default); a daemon that is
 * not there or does not answer gives PAM_IGNORE (the login goes on, logged); the daemon's
 * errors give PAM_SESSION_ERR (logged). No global state, no signals (MSG_NOSIGNAL), no exit,
 * no threads; every buffer is bounded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#define PAM_SM_SESSION
#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "cgm_wire.h"

#define DEFAULT_SOCKET "/sys/fs/cgroup/cgmanager/sock"
#define DEFAULT_CONFIG "/etc/cgmanager/pam_cgm.conf"
#define DEFAULT_PATTERN "user/%u/"
#define DEFAULT_TIMEOUT_MS 2000
#define DEFAULT_MAX_INDEX 100
#define MAX_ITEMS 32
#define MAX_TEXT 1024
#define DATA_SESSION "pam_cgm_session"
#define COMPAT "org.linuxcontainers.cgmanager0_0"
#define MANAGER1 "org.linuxcontainers.cgmanager.Manager1"

struct settings {
	char controllers[MAX_TEXT]; /* "all" or a comma list */
	char pattern[MAX_TEXT];
	char socket[256];
	char config[256];
	int timeout_ms, max_index, no_index, debug;
	const char *session_values[MAX_ITEMS]; /* -s ctrl,key,value (points into argv) */
	int session_value_count;
	char enable[MAX_TEXT]; /* v2 controllers to enable; "" = the daemon's default */
};

struct limits {
	char keys[MAX_ITEMS][64];
	char values[MAX_ITEMS][64];
	int count;
	char enable[MAX_TEXT];
};

static void copy(char *to, size_t size, const char *from)
{
	snprintf(to, size, "%s", from);
}

static int parse_args(pam_handle_t *pamh, int argc, const char **argv, struct settings *s)
{
	copy(s->controllers, sizeof(s->controllers), "all");
	copy(s->pattern, sizeof(s->pattern), DEFAULT_PATTERN);
	copy(s->socket, sizeof(s->socket), DEFAULT_SOCKET);
	copy(s->config, sizeof(s->config), DEFAULT_CONFIG);
	s->timeout_ms = DEFAULT_TIMEOUT_MS;
	s->max_index = DEFAULT_MAX_INDEX;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
#define VALUE_OF(shortopt, longopt)                                                                                       \
	(strcmp(a, shortopt) == 0 || strcmp(a, longopt) == 0 ? (next ? argv[++i] : NULL)                                  \
	 : strncmp(a, longopt "=", sizeof(longopt)) == 0    ? a + sizeof(longopt)                                          \
							     : NULL)
		const char *v;
		if ((v = VALUE_OF("-c", "--controllers")))
			copy(s->controllers, sizeof(s->controllers), v);
		else if (strcmp(a, "all") == 0)
			copy(s->controllers, sizeof(s->controllers), "all");
		else if ((v = VALUE_OF("-p", "--pattern")))
			copy(s->pattern, sizeof(s->pattern), v);
		else if ((v = VALUE_OF("-m", "--max-idx")))
			s->max_index = atoi(v);
		else if ((v = VALUE_OF("-s", "--set-value"))) {
			if (s->session_value_count < MAX_ITEMS)
				s->session_values[s->session_value_count++] = v;
		} else if ((v = VALUE_OF("--prune-depth", "--prune-depth")))
			; /* Undelegate removes the whole empty delegation: nothing deeper to prune */
		else if (strcmp(a, "--pattern-no-idx-suffix") == 0)
			s->no_index = 1;
		else if (strncmp(a, "timeout=", 8) == 0)
			s->timeout_ms = atoi(a + 8);
		else if (strncmp(a, "socket=", 7) == 0)
			copy(s->socket, sizeof(s->socket), a + 7);
		else if (strncmp(a, "config=", 7) == 0)
			copy(s->config, sizeof(s->config), a + 7);
		else if (strncmp(a, "enable=", 7) == 0)
			copy(s->enable, sizeof(s->enable), a + 7);
		else if (strcmp(a, "debug") == 0)
			s->debug = 1;
		else if (strchr(a, ',') || strncmp(a, "name=", 5) == 0)
			copy(s->controllers, sizeof(s->controllers), a); /* a bare list, as "-c" took it */
		else {
			pam_syslog(pamh, LOG_ERR, "unknown option '%s'", a);
			return -1;
		}
#undef VALUE_OF
	}
	if (s->timeout_ms <= 0)
		s->timeout_ms = DEFAULT_TIMEOUT_MS;
	return 0;
}

/* The pattern with %u %U %g %G %p %P expanded; a backslash makes the next character literal. */
static int expand(const char *pattern, const struct passwd *pw, char *out, size_t size)
{
	char group[256] = "";
	struct group g, *found = NULL;
	char gbuf[4096];
	if (getgrgid_r(pw->pw_gid, &g, gbuf, sizeof(gbuf), &found) == 0 && found)
		copy(group, sizeof(group), found->gr_name);
	size_t n = 0;
	for (const char *p = pattern; *p; p++) {
		char piece[256];
		if (*p == '\\' && p[1]) {
			snprintf(piece, sizeof(piece), "%c", *++p);
		} else if (*p == '%' && p[1]) {
			switch (*++p) {
			case 'u': copy(piece, sizeof(piece), pw->pw_name); break;
			case 'U': snprintf(piece, sizeof(piece), "%u", (unsigned)pw->pw_uid); break;
			case 'g': copy(piece, sizeof(piece), group[0] ? group : "unknown"); break;
			case 'G': snprintf(piece, sizeof(piece), "%u", (unsigned)pw->pw_gid); break;
			case 'p': snprintf(piece, sizeof(piece), "%d", (int)getpid()); break;
			case 'P': snprintf(piece, sizeof(piece), "%d", (int)getppid()); break;
			default: snprintf(piece, sizeof(piece), "%%%c", *p); break;
			}
		} else {
			snprintf(piece, sizeof(piece), "%c", *p);
		}
		size_t len = strlen(piece);
		if (n + len + 1 > size)
			return -1;
		memcpy(out + n, piece, len + 1);
		n += len;
	}
	return 0;
}

/* The user's delegated cgroup (everything before the last '/') and the session leaf's prefix (after it). */
static int split_pattern(const char *expanded, char *dir, size_t dir_size, char *prefix, size_t prefix_size)
{
	const char *slash = strrchr(expanded, '/');
	if (!slash || slash == expanded)
		return -1;
	size_t n = (size_t)(slash - expanded);
	if (n + 1 > dir_size)
		return -1;
	memcpy(dir, expanded, n);
	dir[n] = '\0';
	copy(prefix, prefix_size, slash + 1);
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* /etc/cgmanager/pam_cgm.conf: "key = value" lines before any section are every user's;
 * a "[name]" or "[uid]" section's lines override them for that user. A missing file is no limits. */
static void read_limits(const char *path, const struct passwd *pw, struct limits *l)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	char uid[32], line[512];
	snprintf(uid, sizeof(uid), "%u", (unsigned)pw->pw_uid);
	int applies = 1;
	while (fgets(line, sizeof(line), f)) {
		char *t = trim(line);
		if (!*t || *t == '#')
			continue;
		if (*t == '[') {
			char *close = strchr(t, ']');
			if (close)
				*close = '\0';
			applies = strcmp(t + 1, pw->pw_name) == 0 || strcmp(t + 1, uid) == 0;
			continue;
		}
		char *eq = strchr(t, '=');
		if (!applies || !eq)
			continue;
		*eq = '\0';
		char *key = trim(t), *value = trim(eq + 1);
		if (strcmp(key, "enable") == 0) {
			copy(l->enable, sizeof(l->enable), value);
			continue;
		}
		int i = 0;
		while (i < l->count && strcmp(l->keys[i], key) != 0)
			i++;
		if (i == MAX_ITEMS || strlen(key) >= sizeof(l->keys[0]) || strlen(value) >= sizeof(l->values[0]))
			continue;
		copy(l->keys[i], sizeof(l->keys[i]), key);
		copy(l->values[i], sizeof(l->values[i]), value);
		if (i == l->count)
			l->count++;
	}
	fclose(f);
}

/* Splits a list on commas or spaces into at most MAX_ITEMS pointers into buf. */
static size_t split_list(char *buf, const char **items)
{
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(buf, ", ", &save); tok && n < MAX_ITEMS; tok = strtok_r(NULL, ", ", &save))
		items[n++] = tok;
	return n;
}

static int to_pam(pam_handle_t *pamh, struct cgm_conn *c, enum cgm_result r, const char *what)
{
	if (r == CGM_OK)
		return PAM_SUCCESS;
	pam_syslog(pamh, r == CGM_UNREACHABLE ? LOG_WARNING : LOG_ERR, "%s: %s%s", what, c->error,
		   r == CGM_UNREACHABLE ? " (session goes on without a cgroup)" : "");
	return r == CGM_UNREACHABLE ? PAM_IGNORE : PAM_SESSION_ERR;
}

/* MovePidAbs(controllers, "/", own pid): out of whatever cgroup the login service sits in. */
static enum cgm_result escape(struct cgm_conn *c, const struct settings *s)
{
	struct cgm_buf body = {0};
	cgm_put_string(&body, s->controllers);
	cgm_put_string(&body, "/");
	cgm_put_i32(&body, (int32_t)getpid());
	char *reply = NULL;
	enum cgm_result r = cgm_call(c, COMPAT, "MovePidAbs", "ssi", &body, &reply);
	free(reply);
	cgm_buf_free(&body);
	return r;
}

static void free_string(pam_handle_t *pamh, void *data, int error_status)
{
	(void)pamh;
	(void)error_status;
	free(data);
}

static int user_of(pam_handle_t *pamh, struct passwd *pw, char *buf, size_t size)
{
	const char *user = NULL;
	struct passwd *found = NULL;
	if (pam_get_user(pamh, &user, NULL) != PAM_SUCCESS || !user || getpwnam_r(user, pw, buf, size, &found) != 0 || !found) {
		pam_syslog(pamh, LOG_ERR, "cannot find the user '%s'", user ? user : "(none)");
		return -1;
	}
	return 0;
}

/* What both session hooks start with: the module's arguments, the user, and the user's cgroup (dir) and
 * session prefix from the pattern. dir and prefix are MAX_TEXT bytes each. A bad pattern is logged once, here. */
static int session_target(pam_handle_t *pamh, int argc, const char **argv, struct settings *s, struct passwd *pw,
			  char *pwbuf, size_t pwlen, char *dir, char *prefix)
{
	char expanded[MAX_TEXT];
	if (parse_args(pamh, argc, argv, s) < 0 || user_of(pamh, pw, pwbuf, pwlen) < 0)
		return -1;
	if (expand(s->pattern, pw, expanded, sizeof(expanded)) < 0 ||
	    split_pattern(expanded, dir, MAX_TEXT, prefix, MAX_TEXT) < 0) {
		pam_syslog(pamh, LOG_ERR, "pattern '%s' must name the user's cgroup and its sessions (DIR/SESSION, e.g. user/%%u/)", s->pattern);
		return -1;
	}
	return 0;
}

PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)flags;
	struct settings s = {0};
	struct passwd pw;
	char pwbuf[4096], dir[MAX_TEXT], prefix[MAX_TEXT];
	if (session_target(pamh, argc, argv, &s, &pw, pwbuf, sizeof(pwbuf), dir, prefix) < 0)
		return PAM_SESSION_ERR;
	struct limits l = {0};
	read_limits(s.config, &pw, &l);
	if (s.enable[0])
		copy(l.enable, sizeof(l.enable), s.enable);

	struct cgm_conn c;
	enum cgm_result r = cgm_connect(&c, s.socket, s.timeout_ms);
	if (r == CGM_OK)
		r = escape(&c, &s);
	if (r != CGM_OK) {
		int status = to_pam(pamh, &c, r, "escaping to the root cgroup");
		cgm_close(&c);
		return status;
	}

	struct cgm_buf body = {0};
	cgm_put_string(&body, dir);
	cgm_put_u32(&body, (uint32_t)pw.pw_uid);
	cgm_put_u32(&body, (uint32_t)pw.pw_gid);
	size_t options = cgm_array_begin(&body, 8);
	char controllers[MAX_TEXT], enable[MAX_TEXT];
	const char *items[MAX_ITEMS];
	if (strcmp(s.controllers, "all") != 0) {
		copy(controllers, sizeof(controllers), s.controllers);
		cgm_dict_strings(&body, "controllers", items, split_list(controllers, items));
	}
	if (l.enable[0]) {
		copy(enable, sizeof(enable), l.enable);
		cgm_dict_strings(&body, "enable", items, split_list(enable, items));
	}
	cgm_dict_string(&body, "session", prefix);
	if (!s.no_index)
		cgm_dict_u32(&body, "session-indexes", (uint32_t)(s.max_index > 0 ? s.max_index : DEFAULT_MAX_INDEX));
	cgm_dict_i32(&body, "pid", (int32_t)getpid());
	if (l.count > 0) {
		cgm_pad(&body, 8);
		cgm_put_string(&body, "values");
		cgm_put_signature(&body, "a{sv}");
		size_t values = cgm_array_begin(&body, 8);
		for (int i = 0; i < l.count; i++)
			cgm_dict_string(&body, l.keys[i], l.values[i]);
		cgm_array_end(&body, values, 8);
	}
	if (s.session_value_count > 0) {
		cgm_pad(&body, 8);
		cgm_put_string(&body, "session-values");
		cgm_put_signature(&body, "a{sv}");
		size_t values = cgm_array_begin(&body, 8);
		for (int i = 0; i < s.session_value_count; i++) {
			char triple[MAX_TEXT];
			copy(triple, sizeof(triple), s.session_values[i]); /* controller,key,value: the key says its hierarchy */
			char *key = strchr(triple, ','), *value = key ? strchr(key + 1, ',') : NULL;
			if (!value)
				continue;
			*value++ = '\0';
			cgm_dict_string(&body, key + 1, value);
		}
		cgm_array_end(&body, values, 8);
	}
	cgm_array_end(&body, options, 8);

	char *leaf = NULL;
	r = cgm_call(&c, MANAGER1, "Delegate", "suua{sv}", &body, &leaf);
	cgm_buf_free(&body);
	int status = to_pam(pamh, &c, r, "Delegate");
	cgm_close(&c);
	if (status != PAM_SUCCESS) {
		free(leaf);
		return status;
	}
	if (s.debug)
		pam_syslog(pamh, LOG_INFO, "%s's session is in %s", pw.pw_name, leaf ? leaf : "?");
	/* The leaf's name, for close_session in this same handle. */
	if (leaf && pam_set_data(pamh, DATA_SESSION, leaf, free_string) != PAM_SUCCESS)
		free(leaf);
	return PAM_SUCCESS;
}

PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)flags;
	struct settings s = {0};
	struct passwd pw;
	char pwbuf[4096], dir[MAX_TEXT], prefix[MAX_TEXT];
	if (session_target(pamh, argc, argv, &s, &pw, pwbuf, sizeof(pwbuf), dir, prefix) < 0)
		return PAM_SESSION_ERR;
	const void *data = NULL;
	const char *session = "";
	if (pam_get_data(pamh, DATA_SESSION, &data) == PAM_SUCCESS && data) {
		const char *leaf = data, *slash = strrchr(leaf, '/');
		session = slash ? slash + 1 : leaf;
	}

	struct cgm_conn c;
	enum cgm_result r = cgm_connect(&c, s.socket, s.timeout_ms);
	if (r == CGM_OK)
		r = escape(&c, &s);
	char *removed = NULL;
	if (r == CGM_OK) {
		struct cgm_buf body = {0};
		cgm_put_string(&body, dir);
		cgm_put_string(&body, session);
		r = cgm_call(&c, MANAGER1, "Undelegate", "ss", &body, &removed);
		cgm_buf_free(&body);
	}
	int status = to_pam(pamh, &c, r, "Undelegate");
	cgm_close(&c);
	if (status == PAM_SUCCESS && s.debug)
		pam_syslog(pamh, LOG_INFO, "closed %s's session %s; removed: %s", pw.pw_name, session, removed && *removed ? removed : "nothing");
	free(removed);
	return status;
}
