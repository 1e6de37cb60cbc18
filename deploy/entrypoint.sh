#!/bin/sh
# The image's commands (docs/operations.md, "The container image"). One image, several processes:
#   api        the HTTP API (default). With RUN_PROJECTOR=false it leaves the projections to `projector`.
#   projector  follows the event store and keeps the read models current; signs tree heads.
#   witness    an oversight unit's witness (WITNESS_* settings, docs/integrity.md).
#   cli ARGS   the command-line tool: issue-token, rebuild, status, import-targets, verify-log, …
# Anything else is run as given (e.g. `sh`), for debugging.
set -e
command="${1:-api}"
[ "$#" -gt 0 ] && shift
case "$command" in
  api) exec node dist/apps/api/src/main.js "$@" ;;
  projector) exec node dist/apps/projector/src/main.js "$@" ;;
  witness) exec node dist/apps/witness/src/main.js "$@" ;;
  cli) exec node dist/apps/cli/src/main.js "$@" ;;
  *) exec "$command" "$@" ;;
esac
