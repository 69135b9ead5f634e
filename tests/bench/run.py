#!/usr/bin/python3
"""Runs the side-by-side benchmarks: every tests/bench/bench_*.py, or the
ones named on the command line (`make bench BENCH=pop3`)."""

import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
names = sys.argv[1:]
scripts = sorted(glob.glob(os.path.join(here, "bench_*.py")))
if names:
    scripts = [s for s in scripts
               if os.path.basename(s)[6:-3] in names]
if not scripts:
    print("no benchmark to run (tests/bench/bench_*.py)")
    sys.exit(1)
if os.geteuid() != 0:
    print("benchmarks run as root: both servers drop privileges to a "
          "mail user")
    sys.exit(1)
failed = 0
for s in scripts:
    print("== %s" % os.path.basename(s))
    sys.stdout.flush()
    failed |= subprocess.call([sys.executable, "-B", s]) != 0
sys.exit(1 if failed else 0)
