#!/usr/bin/env bash
# Conformance CI across machines, run locally: what the workflow in conformance-tests/README.md does on
# several runners, each step here a separate JVM as each job there is a separate machine.
#
#   examples/conformance-ci/run.sh [EXTRA_RUN...]     (after ./mvnw install; ./test calls it)
#
#  1. "runner cpu" and "runner blas" each run the whole kit on their backend and keep their report;
#  2. the final job merges the runs (plus any EXTRA_RUN report, e.g. the example third-party backend's) into
#     one rules × backends matrix, each column labelled with its machine, and diffs it against the baseline
#     (baseline/conformance.json stands for the last main build's merged report): it must be green;
#  3. a deliberately broken backend — the kit's reference backend from its test jar, with its convolution
#     kernels read transposed — must be caught by the diff as a regression that names conv2d.basic.
# Everything is written under target/conformance-ci/. UPDATE_BASELINE=1 rewrites baseline/ from step 1 (do
# that when the kit's rules change, and commit it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$root/target/conformance-ci"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$root/cli/target/lamina.jar"
kit_tests="$(ls "$root"/conformance-tests/target/lamina-conformance-tests-*-tests.jar | head -1)"
for f in "$jar" "$kit_tests"; do
  [ -f "$f" ] || { echo "conformance-ci: $f is missing; run ./mvnw install first" >&2; exit 2; }
done
jvm_opts=()
lamina() { "$java_bin" ${jvm_opts[@]+"${jvm_opts[@]}"} -jar "$jar" "$@"; }
rm -rf "$out"
mkdir -p "$out"

echo "-- job cpu: the kit on backend cpu (machine runner-cpu)"
jvm_opts=(-Dlamina.conformance.machine=runner-cpu)
lamina conformance --backend cpu --report "$out/runs/cpu" > "$out/cpu.log" 2>&1 || {
  tail -20 "$out/cpu.log"; echo "conformance-ci: backend cpu failed the kit" >&2; exit 1; }
grep -E '^cpu: [0-9]+ passed' "$out/cpu.log"
echo "-- job blas: the kit on backend blas (machine runner-blas)"
jvm_opts=(-Dlamina.conformance.machine=runner-blas)
lamina conformance --backend blas --report "$out/runs/blas" > "$out/blas.log" 2>&1 || {
  tail -20 "$out/blas.log"; echo "conformance-ci: backend blas failed the kit" >&2; exit 1; }
grep -E '^blas: [0-9]+ passed' "$out/blas.log"

jvm_opts=()
if [ "${UPDATE_BASELINE:-}" = 1 ]; then
  lamina conformance merge "$out/runs/cpu" "$out/runs/blas" --report "$out/baseline" > /dev/null
  cp "$out/baseline/conformance.json" "$here/baseline/conformance.json"
  echo "-- baseline rewritten: $here/baseline/conformance.json"
fi

echo "-- final job: merge every run into one matrix"
lamina conformance merge "$out/runs/cpu" "$out/runs/blas" "$@" --report "$out/merged" > "$out/merge.log"
grep -E '^(rule |conv2d.basic|model.lenet)' "$out/merge.log" | cut -c1-160
sed -n '/^[a-z0-9@.-]*: .*(kit /p' "$out/merge.log"
echo "-- final job: diff against the baseline (must be green)"
lamina conformance diff --baseline "$here/baseline/conformance.json" "$out/merged" > "$out/diff.log" || {
  cat "$out/diff.log"; echo "conformance-ci: the diff against the baseline is not green" >&2; exit 1; }
tail -1 "$out/diff.log"

echo "-- a deliberately broken backend: reference, good on main, then its conv kernel transposed"
lamina conformance --backend reference --plugin "$kit_tests" --cases 'conv2d.*' \
  --report "$out/broken/main" > "$out/broken-main.log" 2>&1 || {
  tail -20 "$out/broken-main.log"; echo "conformance-ci: the reference backend failed the kit" >&2; exit 1; }
jvm_opts=(-Dlamina.kit.test.broken=transposed-kernel)
status=0
lamina conformance --backend reference --plugin "$kit_tests" --cases 'conv2d.*' \
  --report "$out/broken/branch" > /dev/null 2> "$out/broken/branch.err" || status=$?
[ "$status" = 1 ] || { echo "conformance-ci: the broken backend's own run exited $status, expected 1" >&2; exit 1; }
jvm_opts=()
status=0
lamina conformance diff --baseline "$out/broken/main" "$out/broken/branch" > "$out/broken/diff.log" \
  2> "$out/broken/diff.err" || status=$?
grep -m 3 '^REGRESSION' "$out/broken/diff.log" | cut -c1-160
cat "$out/broken/diff.err"
if [ "$status" != 1 ] || ! grep -q '^REGRESSION reference \[conv2d.basic\] conv2d/basic ' "$out/broken/diff.log" \
   || ! grep -q 'regression against the baseline: [0-9]* regressions (conv2d.basic, ' "$out/broken/diff.err"; then
  echo "conformance-ci: diff did not catch the broken backend as a conv2d.basic regression (exit $status)" >&2
  exit 1
fi
echo "-- conformance-ci: merged matrix in $out/merged/conformance.html; broken backend caught (exit 1, conv2d.basic)"
