#!/usr/bin/env bash
# make fuzz: builds fuzz/CgManager.Fuzz, instruments its copies of the daemon's assemblies with
# SharpFuzz, and runs each harness under AFL++ one after another, each for FUZZ_SECONDS (or, if
# FUZZ_EXECS is set, until about that many executions). Fails if any harness found a crash or a
# hang; each one is replayed with its stack trace. fuzz/README.md tells the rest.
#
#   FUZZ_SECONDS=60        time per harness (afl-fuzz -V)
#   FUZZ_EXECS=            executions per harness instead (afl-fuzz -E), e.g. 10000000
#   FUZZ_HARNESSES="a b"   a subset (default: every harness, see: cgmanager-fuzz list)
#   FUZZ_OUT=artifacts/fuzz/out   AFL++'s output folders, one per harness; FUZZ_RESUME=1 continues them
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_EXECS=${FUZZ_EXECS:-}
FUZZ_OUT=${FUZZ_OUT:-artifacts/fuzz/out}
root=$PWD
build=artifacts/fuzz/build
bin=artifacts/fuzz/bin

./scripts/install-fuzz-deps.sh
dotnet build fuzz/CgManager.Fuzz -c Release -o "$build" -nologo -v q
# Instrument fresh copies: the build output stays as it was, so a rebuild never mixes the two.
rm -rf "$bin" && cp -a "$build" "$bin"
for assembly in CgManager.DBus CgManager.Linux CgManager.Core; do
  artifacts/tools/sharpfuzz "$bin/$assembly.dll" >/dev/null
done

harnesses=${FUZZ_HARNESSES:-$("$bin/cgmanager-fuzz" list | cut -f1)}
limit=(-V "$FUZZ_SECONDS"); [ -n "$FUZZ_EXECS" ] && limit=(-E "$FUZZ_EXECS")
# The target is a managed program, not an afl-cc binary; SharpFuzz speaks the fork-server protocol.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1
export AFL_FORKSRV_INIT_TMOUT=60000
# Crashes are exceptions SharpFuzz reports, not core dumps: the host's core_pattern is not ours to change.
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
summary=$FUZZ_OUT/summary.tsv
mkdir -p "$FUZZ_OUT"
printf 'harness\texecs\tseconds\texecs_per_sec\tcrashes\thangs\tcorpus\n' > "$summary"
failed=0
for h in $harnesses; do
  out=$FUZZ_OUT/$h
  input=(-i "fuzz/corpus/$h")
  if [ "${FUZZ_RESUME:-}" = 1 ] && [ -d "$out/default" ]; then input=(-i -); else rm -rf "$out"; fi
  echo "fuzz: $h (${limit[*]})" >&2
  start=$(date +%s)
  # nice: the machine is shared; the fuzzer takes what is left over.
  nice -n 10 afl-fuzz "${input[@]}" -o "$out" "${limit[@]}" -t 2000 -m none -- "$bin/cgmanager-fuzz" "$h" \
    > "$FUZZ_OUT/$h.log" 2>&1 || { echo "fuzz: afl-fuzz failed for $h, see $FUZZ_OUT/$h.log" >&2; tail -20 "$FUZZ_OUT/$h.log" >&2; failed=1; continue; }
  seconds=$(( $(date +%s) - start ))
  stats=$out/default/fuzzer_stats
  stat() { awk -F' *: *' -v k="$1" '$1==k {print $2}' "$stats"; }
  execs=$(stat execs_done); crashes=$(stat saved_crashes); hangs=$(stat saved_hangs); corpus=$(stat corpus_count)
  rate=$(( execs / (seconds > 0 ? seconds : 1) ))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$execs" "$seconds" "$rate" "$crashes" "$hangs" "$corpus" >> "$summary"
  echo "fuzz: $h: $execs executions in $seconds s ($rate/s), $crashes crashes, $hangs hangs, corpus $corpus" >&2
  if [ "$crashes" != 0 ] || [ "$hangs" != 0 ]; then
    failed=1
    for kind in crashes hangs; do
      [ -n "$(ls -A "$out/default/$kind" 2>/dev/null | grep -v README)" ] || continue
      echo "fuzz: $h $kind (inputs in $out/default/$kind):" >&2
      # The uninstrumented build: instrumented code writes coverage to AFL++'s shared memory, absent here.
      "$build/cgmanager-fuzz" "$h" --replay "$out/default/$kind" >&2 || true
    done
  fi
done
column -t -s $'\t' "$summary" >&2 || cat "$summary" >&2
exit $failed
