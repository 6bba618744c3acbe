#!/usr/bin/env bash
# Runs the suites that read today's date with the machine's clock moved to other dates, so a test
# that passes only on some days of the month, the week or the year fails here rather than in CI on
# an unlucky day. libfaketime moves the clock for this process tree: Node, the DynamoDB Local JVM
# and Chromium all inherit it through LD_PRELOAD, so the tests, the local environment and the web
# pages agree on "today". Too slow for CI (every suite, once per date): run it before a change to
# dates, calendars or stay rules lands.
#
#   npm run test:dates                              # the default dates, every date-reading suite
#   npm run test:dates -- 2027-12-31 2028-02-29     # other dates
#   DATE_SUITES="integration browser" npm run test:dates -- 2027-03-01
set -euo pipefail
cd "$(dirname "$0")/.."

# The 1st, the 15th and the last day of a month; 28 February of a leap year (the next day is the
# 29th, and a year on is 365 days, not 366); 31 December before a leap year (the next day is in the
# next year, and a year on is 366 days).
DEFAULT_DATES=(2027-03-01 2027-06-15 2027-04-30 2028-02-28 2027-12-31)
# Each project that reads the clock. The unit project's CDK tests never do, and are the slow part.
read -r -a SUITES <<<"${DATE_SUITES-unit integration e2e browser}"
# Noon UTC: the whole run stays on the date, wherever the browser's time zone puts it.
TIME_OF_DAY=${DATE_TIME_OF_DAY:-12:00:00}

lib=${FAKETIME_LIB:-/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1}
if [ ! -f "$lib" ]; then
  echo "libfaketime is missing ($lib): apt-get install -y faketime" >&2
  exit 1
fi
dates=("$@")
((${#dates[@]})) || dates=("${DEFAULT_DATES[@]}")

files_of() {
  case "$1" in
    unit) echo "test/unit test/search" ;;
    *) echo "" ;;
  esac
}

# With the clock moved to $1 (a date), runs the rest of the arguments. The clock is an offset from
# the real one, the same in every process of the tree (DynamoDB Local and Chromium included), and
# it keeps ticking, so timeouts and ordering behave as they do on any day.
at_date() {
  local date=$1
  shift
  local offset=$(($(date -u -d "$date $TIME_OF_DAY" +%s) - $(date -u +%s)))
  # The monotonic clock stays real, and libfaketime's rewrite of timed waits stays off: with it
  # on, a JVM's Object.wait(5) returned at once and Thread.sleep(5) took 34 ms here, which
  # starved DynamoDB Local and timed out the handover tests.
  LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="$(printf '%+ds' "$offset")" \
    FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME_FORCE_MONOTONIC_FIX=0 "$@"
}

# The browser suite serves the built web app: build it once, on the real clock.
for suite in "${SUITES[@]}"; do
  [ "$suite" = browser ] && node scripts/build-web-if-stale.mjs
done

results=()
failed=0
for date in "${dates[@]}"; do
  # The clock must really have moved, for Node and for the JVM, or a green run proves nothing.
  seen=$(at_date "$date" node -p 'new Date().toISOString().slice(0, 10)')
  if [ "$seen" != "$date" ]; then
    echo "the clock did not move to $date (Node sees $seen)" >&2
    exit 1
  fi
  if command -v java >/dev/null 2>&1; then
    probe=$(mktemp -d)
    # The date Java sees, and whether a 50 ms timed wait still waits about 50 ms.
    cat >"$probe/Today.java" <<'JAVA'
class Today {
  public static void main(String[] args) throws Exception {
    Object lock = new Object();
    long started = System.nanoTime();
    synchronized (lock) { lock.wait(50); }
    long waitedMs = (System.nanoTime() - started) / 1_000_000;
    System.out.println(java.time.LocalDate.now(java.time.ZoneOffset.UTC) + " " + (waitedMs >= 40 && waitedMs < 500));
  }
}
JAVA
    seen=$(at_date "$date" java "$probe/Today.java")
    rm -rf "$probe"
    if [ "$seen" != "$date true" ]; then
      echo "under libfaketime at $date, Java sees: $seen (want the date, and a timed wait that waits)" >&2
      exit 1
    fi
  fi
  for suite in "${SUITES[@]}"; do
    echo "=== $date $TIME_OF_DAY UTC: $suite"
    # shellcheck disable=SC2046 # one path per word
    if at_date "$date" npx vitest run --project "$suite" $(files_of "$suite"); then
      results+=("$date $suite: passed")
    else
      results+=("$date $suite: FAILED")
      failed=1
    fi
  done
done
((${#results[@]})) && printf '%s\n' "${results[@]}"
exit "$failed"
