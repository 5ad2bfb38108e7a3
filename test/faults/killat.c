// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * killat USEC CMD [ARG...]: run CMD and send it SIGKILL USEC microseconds
 * after the fork, for test/faults.bats. Prints "killed" when the signal
 * landed, else "exit N". A shell's `sleep` costs a fork and an exec, too
 * coarse for a command that runs for a few milliseconds.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	long usec;
	pid_t pid;
	int st;

	if (argc < 3)
		return fprintf(stderr, "usage: killat USEC CMD [ARG...]\n"), 2;
	usec = strtol(argv[1], NULL, 10);
	pid = fork();
	if (pid < 0)
		return perror("fork"), 2;
	if (!pid) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	ts.tv_sec = usec / 1000000;
	ts.tv_nsec = (usec % 1000000) * 1000;
	nanosleep(&ts, NULL);
	kill(pid, SIGKILL);
	if (waitpid(pid, &st, 0) < 0)
		return perror("waitpid"), 2;
	if (WIFSIGNALED(st))
		printf(WTERMSIG(st) == SIGKILL ? "killed\n" : "signal %d\n", WTERMSIG(st));
	else
		printf("exit %d\n", WEXITSTATUS(st));
	return 0;
}
