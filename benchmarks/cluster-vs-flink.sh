#!/usr/bin/env bash
# Sluice's cluster of processes against Apache Flink 2.1's standalone session cluster, back to back on this
# machine: chain100 submission, recovery from a worker killed with kill -9, idle start-up and resident memory.
# Prints one table of medians, maxima and ratios (Sluice / Flink). See benchmarks/README.md ("A cluster of
# processes"). Build first:
#   flock /tmp/mvn.lock mvn -B -o -q install -DskipTests -pl benchmarks -am      (distribution/target/sluice must exist)
#   flock /tmp/mvn.lock mvn -B -q -f benchmarks/flink/pom.xml -DskipTests package
# Every measurement holds /tmp/mvn.lock, so no build on this machine runs next to it.
# Knobs (environment): RUNS (chain100, 10), WARMUP (3), FAILOVER_RUNS (5), IDLE_RUNS (3), IDLE_MS (10000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS="${RUNS:-10}" WARMUP="${WARMUP:-3}" FAILOVER_RUNS="${FAILOVER_RUNS:-5}" IDLE_RUNS="${IDLE_RUNS:-3}"
IDLE_MS="${IDLE_MS:-10000}"
for file in benchmarks/target/benchmarks.jar benchmarks/flink/target/flink-benchmarks.jar \
    benchmarks/flink/target/cluster.classpath distribution/target/sluice/bin/sluice; do
  [ -e "$file" ] || { echo "cluster-vs-flink: $file is missing; build first (see the head of $0)" >&2; exit 2; }
done
mkdir -p benchmarks/target
log="benchmarks/target/cluster-vs-flink-$(date +%Y%m%d-%H%M%S).log"

# each side is one JVM driving its processes; timeout bounds it, and the drivers stop what they started
sluice() {
  flock /tmp/mvn.lock timeout 3600 java -cp benchmarks/target/benchmarks.jar \
    io.sluice.benchmarks.cluster.SluiceClusterBenchmark "$@" 2>&1 | tee -a "$log"
}
flink() {
  flock /tmp/mvn.lock timeout 3600 java -cp benchmarks/flink/target/flink-benchmarks.jar \
    io.sluice.anchors.flink.FlinkClusterBenchmark "$@" 2>&1 | grep -v 'Log4j API could not find a logging provider' \
    | tee -a "$log"
}

echo "== chain100 ($WARMUP warm-up, $RUNS measured)"
sluice chain100 --warmup "$WARMUP" --runs "$RUNS"
flink chain100 --warmup "$WARMUP" --runs "$RUNS"
for heartbeat in default fast; do
  echo "== failover, heartbeats $heartbeat ($FAILOVER_RUNS runs, a fresh cluster each)"
  sluice failover --heartbeat "$heartbeat" --runs "$FAILOVER_RUNS"
  flink failover --heartbeat "$heartbeat" --runs "$FAILOVER_RUNS"
done
echo "== idle start-up and memory ($IDLE_RUNS runs, RSS after ${IDLE_MS} ms idle)"
sluice idle --runs "$IDLE_RUNS" --idle-ms "$IDLE_MS"
flink idle --runs "$IDLE_RUNS" --idle-ms "$IDLE_MS"

echo
echo "Sluice against Flink 2.1, processes on loopback ($(nproc) cores; log: $log)"
awk '
  /^SUMMARY / {
    split($4, m, "="); split($5, x, "="); split($7, u, "=")
    median[$2, $3] = m[2]; max[$2, $3] = x[2]; unit[$3] = u[2]
  }
  END {
    n = split("chain100 failover-default failover-fast master-start worker-start master-rss worker-rss", names, " ")
    target["chain100"] = 0.2; target["failover-default"] = 0.1; target["failover-fast"] = 0.1
    target["master-start"] = 0.3; target["worker-start"] = 0.3; target["master-rss"] = 0.3; target["worker-rss"] = 0.3
    printf "| %-16s | %4s | %13s | %13s | %13s | %13s | %12s | %10s | %6s |\n", "figure", "unit", "Sluice median", \
      "Sluice max", "Flink median", "Flink max", "ratio median", "ratio max", "target"
    printf "| %-16s | %4s | %13s | %13s | %13s | %13s | %12s | %10s | %6s |\n", "---", "---", "---:", "---:", "---:", \
      "---:", "---:", "---:", "---:"
    for (i = 1; i <= n; i++) {
      k = names[i]
      if (!((("sluice", k) in median) && (("flink", k) in median))) continue
      rm = median["flink", k] > 0 ? median["sluice", k] / median["flink", k] : 0
      rx = max["flink", k] > 0 ? max["sluice", k] / max["flink", k] : 0
      printf "| %-16s | %4s | %13.1f | %13.1f | %13.1f | %13.1f | %11.3fx | %9.3fx | %5.1fx |\n", k, unit[k], \
        median["sluice", k], max["sluice", k], median["flink", k], max["flink", k], rm, rx, target[k]
    }
  }' "$log"
