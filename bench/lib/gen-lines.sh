#!/bin/sh
# gen-lines.sh BYTES LINE_LENGTH: BYTES bytes of LINE_LENGTH-byte lines (zeros and a newline).
line=$(head -c "$(($2 - 1))" /dev/zero | tr '\0' 0)
yes "$line" | head -c "$1"
