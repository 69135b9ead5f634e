#!/bin/sh
# Runs every fuzz target listed in $FUZZ_TARGETS over its seed corpus in
# tests/fuzz/corpus/<target>/. A libFuzzer build (--enable-fuzzers) also
# fuzzes each target for FUZZ_SECONDS (default 20) seconds from that corpus;
# a crash or leak is a failure and the reproducer is kept in the build tree.
# Output is TAP.

srcdir=${ESTAFETTE_SRCDIR:-.}
builddir=${ESTAFETTE_BUILDDIR:-.}
seconds=${FUZZ_SECONDS:-20}
n=0
fail=0
set -- $FUZZ_TARGETS
echo "1..$#"
for target in "$@"; do
	n=$((n + 1))
	name=$(basename "$target")
	corpus="$srcdir/tests/fuzz/corpus/$name"
	bin="$builddir/$target"
	log="$builddir/tests/fuzz/$name.out"
	if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
		echo "not ok $n - $name: no seed corpus in tests/fuzz/corpus/$name"
		fail=1
		continue
	fi
	if "$bin" -help=1 2>&1 | grep -q libFuzzer; then
		work=$(mktemp -d)
		cp "$corpus"/* "$work"/
		if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		    -artifact_prefix="$builddir/tests/fuzz/$name-" \
		    "$work" >"$log" 2>&1; then
			echo "ok $n - $name: fuzzed ${seconds}s, $(grep -c . "$log") log lines"
		else
			echo "not ok $n - $name: fuzzer found a failure, see $log"
			tail -n 30 "$log" | sed 's/^/# /'
			fail=1
		fi
		rm -rf "$work"
	else
		if "$bin" "$corpus" >"$log" 2>&1; then
			echo "ok $n - $name: $(tail -n 1 "$log" | sed 's/^.*: //')"
		else
			echo "not ok $n - $name: replay failed, see $log"
			tail -n 30 "$log" | sed 's/^/# /'
			fail=1
		fi
	fi
done
exit $fail
