#!/usr/bin/env bash
# Runs the process fault tests of cluster-tests/ N times (default 5) against the built distribution and reports,
# per test, how many runs passed and the median and maximum time of a run. Bounded: each round is one failsafe
# run with the tests' own time limits. Build first: mvn -q install -DskipTests
#   benchmarks/cluster-soak.sh [ROUNDS] [TEST-PATTERN]   e.g. benchmarks/cluster-soak.sh 5 'WorkerOutageIT'
# SOAK_LOCK=FILE takes that lock (flock) around each round, for machines shared with other builds.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
tests="${2:-SessionClusterIT,WorkerOutageIT,WorkerKilledMidTransitionIT,ResourceManagerRestartIT,NetworkShuffleIT,BatchFineGrainedRecoveryIT}"
[[ "$rounds" =~ ^[1-9][0-9]{0,2}$ ]] || { echo "cluster-soak: ROUNDS '$rounds' is not 1 to 999" >&2; exit 2; }
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds: $tests" >&2
  rm -rf cluster-tests/target/failsafe-reports
  ${SOAK_LOCK:+flock "$SOAK_LOCK"} mvn -B -o -q verify -pl cluster-tests -Dit.test="$tests" -Dfailsafe.failIfNoSpecifiedTests=false \
    >"$results/round-$round.log" 2>&1 || echo "round $round: failures (log kept in cluster-tests/target)" >&2
  for report in cluster-tests/target/failsafe-reports/TEST-*.xml; do
    [ -f "$report" ] || continue
    cp "$report" "$results/round-$round-$(basename "$report")"
  done
done
# one line per test case and run: name, seconds, passed (1) or not (0)
for report in "$results"/round-*-TEST-*.xml; do
  tr '\n' ' ' <"$report" | sed 's/<testcase /\n<testcase /g' | grep '^<testcase ' | while read -r testcase; do
    name="$(sed -n 's/^<testcase name="\([^"]*\)".*/\1/p' <<<"$testcase")"
    class="$(sed -n 's/^<testcase [^>]*classname="io\.sluice\.clustertests\.\([^"]*\)".*/\1/p' <<<"$testcase")"
    time="$(sed -n 's/^<testcase [^>]*time="\([^"]*\)".*/\1/p' <<<"$testcase")"
    passed=1
    if grep -q '<failure\|<error' <<<"$testcase"; then passed=0; fi
    echo "$class.$name $time $passed"
  done
done >"$results/runs.txt"
echo "| test | passed | median s | max s |"
echo "| --- | ---: | ---: | ---: |"
for test in $(cut -d' ' -f1 "$results/runs.txt" | sort -u); do
  times="$(awk -v t="$test" '$1 == t { print $2 }' "$results/runs.txt" | sort -n)"
  n="$(wc -l <<<"$times")"
  ok="$(awk -v t="$test" '$1 == t { s += $3 } END { print s }' "$results/runs.txt")"
  median="$(awk -v n="$n" '{ v[NR] = $1 } END { printf "%.1f", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }' <<<"$times")"
  max="$(tail -1 <<<"$times")"
  echo "| $test | $ok/$n | $median | $max |"
done
