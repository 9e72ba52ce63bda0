# verify-lines.awk -v pods=16 -v lines=1048576: checks the prefixed live output of the 16-pod log
# run (gen-pod-lines.sh in every pod). Every line must read `[JOB-I-xxxxx/c] II LNNNNNNNNN abc…`,
# once ANSI colours are stripped, with II the pod's own index; each pod's numbers must run
# 1, 2, 3… without a gap, repeat or swap; and every pod must print all its lines.
# The run's verdict line (`Job "lines" Complete: …`, on stdout with `-o none`) is no pod line.
# Prints one line of counts; exits 1 if anything is wrong.
BEGIN { tail = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklm" }
{ gsub(/\033\[[0-9;]*m/, "") }
/^Job "[^"]*" / { next }
{
  close_at = index($0, "] ")
  if (substr($0, 1, 1) != "[" || close_at == 0) { malformed++; next }
  prefix = substr($0, 2, close_at - 2)
  payload = substr($0, close_at + 2)
  if (split(payload, f, " ") != 3 || f[3] != tail || length(payload) != 63 || substr(f[2], 1, 1) != "L") {
    malformed++
    next
  }
  if (!(prefix in last)) {
    if (split(prefix, name, "-") < 3 || name[2] + 0 != f[1] + 0) foreign++
    seen++
  }
  number = substr(f[2], 2) + 0
  if (number != last[prefix] + 1) outOfOrder++
  last[prefix] = number
  count[prefix]++
  total++
}
END {
  incomplete = 0
  for (p in count) if (count[p] != lines) incomplete++
  printf "lines %d (expected %d), pods %d, malformed %d, out of order %d, wrong pod %d, incomplete pods %d\n",
    total, pods * lines, seen, malformed, outOfOrder, foreign, incomplete
  exit (total == pods * lines && seen == pods && malformed + outOfOrder + foreign + incomplete == 0) ? 0 : 1
}
