#!/bin/sh
# gen-pod-lines.sh LINES: LINES numbered 64-byte lines, each starting with this pod's
# JOB_COMPLETION_INDEX (two digits), so a reader can tell whose line it is and whether any was
# lost, repeated, reordered or torn.
exec seq -f "$(printf %02d "$JOB_COMPLETION_INDEX") L%09.0f abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklm" 1 "$1"
