/* Unit tests of pam_cgm's pure logic (pattern expansion and split, the limits file, the
 * argument parser), compiled together with the module's source so its static functions are
 * in reach. Prints "ok NAME" / "not ok NAME: ..." per check; exits 1 if any failed.
 * Built by src/pam_cgm/build.sh; run by the Integration tests' PamCgmUnitTests. */
#include "../../src/pam_cgm/pam_cgm.c"

static int failures;

static void check(const char *name, const char *expected, const char *actual)
{
	if (strcmp(expected, actual) == 0) {
		printf("ok %s\n", name);
	} else {
		printf("not ok %s: expected [%s] got [%s]\n", name, expected, actual);
		failures++;
	}
}

static void check_int(const char *name, long expected, long actual)
{
	char e[32], a[32];
	snprintf(e, sizeof(e), "%ld", expected);
	snprintf(a, sizeof(a), "%ld", actual);
	check(name, e, a);
}

int main(int argc, char **argv)
{
	const char *tmp = argc > 1 ? argv[1] : "/tmp";
	struct passwd alice = {.pw_name = "alice", .pw_uid = 1000, .pw_gid = 0};
	char out[MAX_TEXT], dir[MAX_TEXT], prefix[MAX_TEXT];

	expand("user/%u/", &alice, out, sizeof(out));
	check("default_pattern_names_the_user", "user/alice/", out);
	expand("u/%U-%G/\\%u%x", &alice, out, sizeof(out));
	check("uid_gid_and_backslash_literal", "u/1000-0/%u%x", out);
	expand("g/%g", &alice, out, sizeof(out));
	check("group_name_of_the_primary_gid", "g/root", out);
	check_int("expansion_bounded_by_the_buffer", -1, expand("%u%u%u%u", &alice, out, 8));

	check_int("split_trailing_slash", 0, split_pattern("user/alice/", dir, sizeof(dir), prefix, sizeof(prefix)));
	check("split_dir_is_the_users_cgroup", "user/alice", dir);
	check("split_prefix_empty_gives_indexed_sessions", "", prefix);
	split_pattern("lxc/alice/sess", dir, sizeof(dir), prefix, sizeof(prefix));
	check("split_prefix_is_the_last_component", "sess", prefix);
	check_int("split_refuses_a_pattern_without_a_directory", -1, split_pattern("alice", dir, sizeof(dir), prefix, sizeof(prefix)));
	check_int("split_refuses_a_leading_slash_only", -1, split_pattern("/alice", dir, sizeof(dir), prefix, sizeof(prefix)));

	char conf[512];
	snprintf(conf, sizeof(conf), "%s/pam_cgm-unit.conf", tmp);
	FILE *f = fopen(conf, "w");
	fputs("# defaults\n memory.max = 4G \npids.max=100\nenable = memory pids\n\n[alice]\nmemory.max = 8G\n[1001]\npids.max = 7\n", f);
	fclose(f);
	struct limits l = {0};
	read_limits(conf, &alice, &l);
	check_int("limits_count_merges_overrides", 2, l.count);
	check("limits_default_key_first", "memory.max", l.keys[0]);
	check("limits_user_section_overrides_the_default", "8G", l.values[0]);
	check("limits_default_kept_where_not_overridden", "100", l.values[1]);
	check("limits_enable_read", "memory pids", l.enable);
	struct passwd bob = {.pw_name = "bob", .pw_uid = 1001, .pw_gid = 0};
	struct limits lb = {0};
	read_limits(conf, &bob, &lb);
	check("limits_section_by_uid", "7", lb.values[1]);
	check("limits_other_users_section_ignored", "4G", lb.values[0]);
	struct limits none = {0};
	read_limits("/nonexistent/pam_cgm.conf", &alice, &none);
	check_int("limits_missing_file_is_no_limits", 0, none.count);
	unlink(conf);

	struct settings s = {0};
	const char *args[] = {"-c", "freezer,memory", "timeout=500", "--pattern=x/%u/s", "-m", "5", "--pattern-no-idx-suffix", "socket=/run/s"};
	check_int("args_parse", 0, parse_args(NULL, 8, args, &s));
	check("args_controllers", "freezer,memory", s.controllers);
	check("args_pattern", "x/%u/s", s.pattern);
	check("args_socket", "/run/s", s.socket);
	check_int("args_timeout", 500, s.timeout_ms);
	check_int("args_max_index", 5, s.max_index);
	check_int("args_no_index", 1, s.no_index);
	struct settings d = {0};
	parse_args(NULL, 0, NULL, &d);
	check("args_default_controllers_all", "all", d.controllers);
	check("args_default_pattern", "user/%u/", d.pattern);
	check_int("args_default_timeout", 2000, d.timeout_ms);
	struct settings b = {0};
	const char *bare[] = {"all"};
	parse_args(NULL, 1, bare, &b);
	check("args_bare_all", "all", b.controllers);

	/* The marshalling: an a{sv} with an 'as' value, byte for byte (D-Bus specification, alignment rules). */
	struct cgm_buf body = {0};
	cgm_put_string(&body, "ab");
	size_t m = cgm_array_begin(&body, 8);
	const char *items[] = {"x"};
	cgm_dict_strings(&body, "k", items, 1);
	cgm_array_end(&body, m, 8);
	static const unsigned char expected[] = {
		2, 0, 0, 0, 'a', 'b', 0, 0,     /* "ab", padded to 4 */
		22, 0, 0, 0, 0, 0, 0, 0,        /* array length 22 (from offset 16), padded to 8 */
		1, 0, 0, 0, 'k', 0,             /* key "k" */
		2, 'a', 's', 0, 0, 0,           /* variant signature "as", padded to 4 */
		6, 0, 0, 0, 1, 0, 0, 0, 'x', 0, /* as: length 6, "x" */
	};
	char hex[256] = "", want[256] = "";
	for (size_t i = 0; i < body.len && i < 100; i++)
		snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), "%02x", body.data[i]);
	for (size_t i = 0; i < sizeof(expected); i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want), "%02x", expected[i]);
	check("marshalling_of_a_dict_with_a_string_array", want, hex);
	cgm_buf_free(&body);

	return failures ? 1 : 0;
}
