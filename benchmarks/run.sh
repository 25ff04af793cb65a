#!/usr/bin/env bash
# Runs every benchmark of the publisher side by side with a raw KafkaProducer and KafkaTemplate, on a Kafka broker it
# starts itself in a child JVM, and writes benchmarks/results/results.md, chart.svg and gc.log. About 26 minutes on
# two cores; it needs Java 17 and Maven, nothing installed beforehand (a clean clone will do).
#
#   benchmarks/run.sh            the full run
#   benchmarks/run.sh --smoke    a check of this script in about a minute: tiny numbers, written to benchmarks/target/smoke
#   benchmarks/run.sh --resume-only [--idle-only] [--repetitions N]
#   benchmarks/run.sh --idle-only
#                                the measurements of issue 10 alone, no JMH, written to benchmarks/target/issue10:
#                                publish() call time while a backlog completes at a broker resume (about 20 s a
#                                repetition, 3 by default), the publisher's idle wake-ups and CPU (about 15 s)
#   benchmarks/run.sh --journal-only [--repetitions N]
#                                the durable journal's measurements of issue 13 alone, no JMH, written to
#                                benchmarks/target/journal: the publisher with the journal off, on-failure and
#                                write-ahead side by side (throughput, forces, bytes per event) and publish() call time
#                                while the journal spills during a broker pause (about 4 minutes). The full run and the
#                                smoke run measure the journal as well.
#   JOURNAL_DIR=/some/disk benchmarks/run.sh
#                                where the journals go (default /var/tmp): on a disk, never tmpfs, where force is free
#   JFR=1 benchmarks/run.sh      also records a flight recording of the harness JVM to benchmarks/target/benchmarks.jfr
#
# Run it on a quiet machine: another process's CPU use shows up in every figure.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
results=benchmarks/results
target=benchmarks/target
heap=(-Xms1g -Xmx1g)
mode=()
jmh=()
only=0
if [ "${1:-}" = "--smoke" ]; then
	results=$target/smoke
	mode=(--smoke)
	jmh=(-f 1 -wi 1 -w 200ms -i 1 -r 200ms -p jsonBytes=2048)
elif [ "${1:-}" = "--resume-only" ] || [ "${1:-}" = "--idle-only" ]; then
	results=$target/issue10
	mode=("$@")
	only=1
elif [ "${1:-}" = "--journal-only" ]; then
	results=$target/journal
	mode=("$@")
	only=1
fi

# The broker keeps its log in the harness JVM's temporary directory. On tmpfs the disk's write-back (the runs write
# tens of GB) stays out of every peer's latency; the broker deletes old segments within seconds.
tmp=()
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	scratch=$(mktemp -d /dev/shm/domain-events-benchmarks.XXXXXX)
	trap 'rm -rf "$scratch"' EXIT
	tmp=("-Djava.io.tmpdir=$scratch")
fi

echo "== Building (mvn -pl benchmarks -am package -DskipTests)"
mvn -B -q -pl benchmarks -am package -DskipTests
classpath="$target/classes:$(cat "$target/classpath.txt")"
mkdir -p "$results"

jmhResult=()
if [ "$only" = "0" ]; then
	echo "== Allocation per event: JMH with -prof gc, stub producer"
	java "${heap[@]}" -cp "$classpath" org.openjdk.jmh.Main 'PipelineAllocationBenchmark|StarterObservationBenchmark' "${jmh[@]}" \
		-prof gc -foe true -rf json -rff "$target/jmh-result.json" > "$target/jmh.log"
	sed -n '/^Benchmark /,$p' "$target/jmh.log" | grep -Ev ':gc\.(count|time|alloc\.rate) '
	jmhResult=(--jmh "$target/jmh-result.json")
fi

echo "== Throughput, latency, call time and memory on a real broker"
journal=()
if [ -n "${JOURNAL_DIR:-}" ]; then
	journal=("-Dbenchmarks.journal-dir=$JOURNAL_DIR")
fi
jfr=()
if [ "${JFR:-0}" = "1" ]; then
	jfr=(-XX:StartFlightRecording=filename=$target/benchmarks.jfr,settings=profile)
fi
java "${heap[@]}" -XX:+UseG1GC "-Xlog:gc:file=$results/gc.log:uptime,level,tags" "${tmp[@]}" "${jfr[@]}" "${journal[@]}" \
	"-Dbenchmarks.load-average=$load" -cp "$classpath" \
	dev.domainevents.publisher.benchmarks.Main "${mode[@]}" --out "$results" "${jmhResult[@]}"

elapsed=$(( $(date +%s) - started ))
wall=$(printf '%d min %02d s' $((elapsed / 60)) $((elapsed % 60)))
printf '\nrun.sh wall time: %s (build, JMH and the broker runs).\n' "$wall" >> "$results/results.md"
if [ "$only" = "1" ]; then
	echo "== Done in $wall: $results/results.md, $results/gc.log"
else
	echo "== Done in $wall: $results/results.md, $results/chart.svg, $results/gc.log"
fi
