#!/usr/bin/python3
"""compare_builds.py — two or more builds of dendrite-cli against each other, on a noisy machine.

The A/B method of bench/RESULTS.md: binaries run in alternating rounds (so a slow minute of a
shared machine falls on all of them), and each reports its best and its median.

  compare_builds.py phases ROUNDS WORKLOAD THREADS BIN...
      `bench --phases` per round and binary: each phase's minimum and median, µs per step
      (`--impl`, default layer_o6; `--seconds`, default 0.3; for this and `samples`, `--optimizer
      sgd|momentum|adam` is passed to bench — older builds lack that flag; default: not
      passed, bench's SGD).
  compare_builds.py samples ROUNDS WORKLOADS THREADS BIN_A BIN_B
      `bench --csv` per round, A then B (the order alternating): samples/s medians and maxima
      and the paired ratio B/A per workload and thread count.
  compare_builds.py models BIN_A BIN_B [--data DIR]
      trains local-ae, rgb-ae and dense-ae with SGD, momentum 0.9 and Adam on 1, 2 and 3 threads
      for 2 epochs (300 images) with each binary, and compares every float section of the two
      model files bit for bit (docs/read_model.py). Exit 1 if any pair differs.

Run it from the repository root as `bench/compare_builds.py …` (its #! line is Debian's python3,
whose numpy `models` needs). Each binary's runs are prefixed with `chrt -f 10` where that is
allowed (root), as bench/run_ladder.sh does. To keep an old build: `git worktree add /tmp/old REV`
and build dendrite-cli there, or copy build/bin/dendrite-cli before rebuilding.
"""
import argparse, collections, os, re, shutil, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "docs"))

PHASE = re.compile(r"\s{4,}(\S.*?)\s{2,}([\d.]+)\s+([\d.]+)")
PHASE_SUM = re.compile(r"\s+sum of phases\s+([\d.]+)")


def prefix():
    return ["chrt", "-f", "10"] if os.geteuid() == 0 and shutil.which("chrt") else []


def run(cmd):
    done = subprocess.run(prefix() + cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("failed (exit %d): %s\n%s" % (done.returncode, " ".join(cmd), done.stderr.strip()))
    return done.stdout


def optimizer(a):
    return ["--optimizer", a.optimizer] if a.optimizer else []


def phases(a):
    data = [collections.defaultdict(list) for _ in a.bins]
    order = []
    for _ in range(a.rounds):
        for i, b in enumerate(a.bins):
            out = run([b, "bench", "--workload", a.workload, "--impl", a.impl, "--threads", a.threads,
                       "--seconds", a.seconds, "--repeat", "1", "--phases"] + optimizer(a))
            for line in out.splitlines():
                m = PHASE.match(line)
                if m:
                    name = m.group(1).strip()
                    if name not in order:
                        order.append(name)
                    data[i][name].append(float(m.group(2)))
                m = PHASE_SUM.match(line)
                if m:
                    data[i]["sum of phases"].append(float(m.group(1)))
    if "sum of phases" not in order:
        order.append("sum of phases")
    print("%-26s" % ("%s, %s thr, %d rounds" % (a.workload, a.threads, a.rounds)) +
          "".join("%20s" % ("min / median [%d]" % i) for i in range(len(a.bins))))
    for name in order:
        cells = ["%9.1f /%8.1f" % (min(d[name]), statistics.median(d[name])) if d[name] else " " * 18 for d in data]
        print("%-26s" % name + "".join("%20s" % c for c in cells))
    for i, b in enumerate(a.bins):
        print("[%d] %s" % (i, b))


def samples(a):
    def once(b):
        out = run([b, "bench", "--workload", a.workloads, "--impl", a.impl, "--threads", a.threads,
                   "--seconds", a.seconds, "--repeat", "1", "--csv"] + optimizer(a))
        rows = [l.split(",") for l in out.splitlines()[1:] if l.strip()]
        return {(f[0], f[2]): float(f[4]) for f in rows}
    va, vb, ratio = (collections.defaultdict(list) for _ in range(3))
    for r in range(a.rounds):
        if r % 2 == 0:
            ra = once(a.bin_a); rb = once(a.bin_b)
        else:
            rb = once(a.bin_b); ra = once(a.bin_a)
        for k in ra:
            va[k].append(ra[k]); vb[k].append(rb[k]); ratio[k].append(rb[k] / ra[k])
    for k in sorted(ratio):
        q = statistics.quantiles(ratio[k], n=4) if len(ratio[k]) > 1 else [ratio[k][0]] * 3
        print("%s %s thr: A median %.0f max %.0f | B median %.0f max %.0f | B/A paired median %.3f "
              "[IQR %.3f, %.3f], B ahead in %d of %d" % (
                  k[0], k[1], statistics.median(va[k]), max(va[k]), statistics.median(vb[k]), max(vb[k]),
                  statistics.median(ratio[k]), q[0], q[2], sum(1 for x in ratio[k] if x > 1), len(ratio[k])))


def models(a):
    from read_model import read_model
    work = tempfile.mkdtemp(prefix="compare_builds.")
    differ = 0
    try:
        for net in ("local-ae", "rgb-ae", "dense-ae"):
            data = os.path.join(a.data, "rgb-crops" if net == "rgb-ae" else "fashion-mnist")
            for opt in (["sgd", "--momentum", "0"], ["sgd", "--momentum", "0.9"], ["adam"]):
                for threads in ("1", "2", "3"):
                    tag = "%s %s, %s thr" % (net, " ".join(opt), threads)
                    files = []
                    for i, b in enumerate((a.bin_a, a.bin_b)):
                        model = os.path.join(work, "%d.dendrite" % i)
                        run([b, "train", "--input", data, "--network", net, "--impl", a.impl, "--optimizer"] + opt +
                            ["--learning-rate", "0.01", "--threads", threads, "--epochs", "2", "--limit", "300",
                             "--quiet", "--output", os.path.join(work, "out%d" % i), "--model", model])
                        files.append(read_model(model)[2])
                    bad = [k for k, v in files[0].items() if not isinstance(v, str) and
                           (k not in files[1] or v.tobytes() != files[1][k].tobytes())]
                    print("%-40s %s" % (tag, "same" if not bad else "DIFFERENT: " + " ".join(bad)))
                    differ += bool(bad)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("all models identical" if differ == 0 else "%d pairs differ" % differ)
    return 1 if differ else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    ph = sub.add_parser("phases")
    ph.add_argument("rounds", type=int); ph.add_argument("workload"); ph.add_argument("threads")
    ph.add_argument("bins", nargs="+")
    sa = sub.add_parser("samples")
    sa.add_argument("rounds", type=int); sa.add_argument("workloads"); sa.add_argument("threads")
    sa.add_argument("bin_a"); sa.add_argument("bin_b")
    mo = sub.add_parser("models")
    mo.add_argument("bin_a"); mo.add_argument("bin_b")
    mo.add_argument("--data", default=os.path.join(HERE, "..", "resources", "sample-data"))
    for s in (ph, sa, mo):
        s.add_argument("--impl", default="layer_o6")
    for s in (ph, sa):
        s.add_argument("--seconds", default="0.3")
        s.add_argument("--optimizer", choices=["sgd", "momentum", "adam"])
    a = p.parse_args()
    if getattr(a, "rounds", 1) < 1:
        p.error("ROUNDS must be at least 1")
    return {"phases": phases, "samples": samples, "models": models}[a.mode](a) or 0


if __name__ == "__main__":
    sys.exit(main())
