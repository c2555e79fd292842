/* Test harness: one PAM session for USER with the stack of SERVICE read from CONFDIR (libpam's
 * pam_start_confdir), so pam_cgm.so is tested through real libpam without touching /etc/pam.d.
 * Between open and close it runs CMD (as the calling user: the harness is not a login program).
 * Prints "open_session: TEXT" and "close_session: TEXT" on stdout; pam_syslog goes to stderr too.
 * Exit status: 0 if both succeeded, 1 if open failed, 2 if close failed, 3 on bad usage.
 * usage: pam-session CONFDIR SERVICE USER [CMD [ARG...]] */
#define _GNU_SOURCE
#include <security/pam_appl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

static int no_conversation(int n, const struct pam_message **m, struct pam_response **r, void *data)
{
	(void)n, (void)m, (void)r, (void)data;
	return PAM_CONV_ERR;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s CONFDIR SERVICE USER [CMD [ARG...]]\n", argv[0]);
		return 3;
	}
	openlog("pam-session", LOG_PERROR, LOG_AUTHPRIV);
	struct pam_conv conv = {no_conversation, NULL};
	pam_handle_t *pamh = NULL;
	int rc = pam_start_confdir(argv[2], argv[3], &conv, argv[1], &pamh);
	if (rc != PAM_SUCCESS) {
		printf("pam_start: %s\n", pam_strerror(pamh, rc));
		return 1;
	}
	rc = pam_open_session(pamh, 0);
	printf("open_session: %s\n", pam_strerror(pamh, rc));
	fflush(stdout);
	if (rc != PAM_SUCCESS) {
		pam_end(pamh, rc);
		return 1;
	}
	if (argc > 4) {
		pid_t child = fork();
		if (child == 0) {
			execvp(argv[4], argv + 4);
			_exit(127);
		}
		int status;
		waitpid(child, &status, 0);
	}
	rc = pam_close_session(pamh, 0);
	printf("close_session: %s\n", pam_strerror(pamh, rc));
	pam_end(pamh, rc);
	return rc == PAM_SUCCESS ? 0 : 2;
}
