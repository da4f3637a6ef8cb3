/*
 * The subcommands of `tally`: each takes the arguments after its name and
 * returns an exit status (cli/exitcode.h).
 */
#ifndef TLY_CLI_COMMANDS_H
#define TLY_CLI_COMMANDS_H

int tly_cmd_ingest(int argc, char **argv);
int tly_cmd_run(int argc, char **argv);
int tly_cmd_report(int argc, char **argv);
int tly_cmd_export(int argc, char **argv);
int tly_cmd_consensus(int argc, char **argv);
int tly_cmd_rules(int argc, char **argv);
int tly_cmd_diff(int argc, char **argv);
int tly_cmd_review(int argc, char **argv);

#endif
