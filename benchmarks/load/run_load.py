#!/usr/bin/env python3
"""Load harness: the Spring notes example bare versus hardened, driven by wrk in one run.

Starts examples/spring-notes/target/spring-notes.jar twice with the same JVM flags and the same
properties, except that the bare one has bulwark.enabled=false (authorisation is the application's
own logic, so it stays on in both). Then, for each endpoint, warms each app up until its throughput
is steady, alternates rounds between the two apps at saturation (16 connections) and reports
requests/s and p50/p99/p99.9 latency of each, with the hardened/bare ratios; then alternates rounds
at light load (8 connections that pause 2 ms after every answer), where latency is the request's
own time rather than queueing. Both
tables are printed and written to benchmarks/results/load-<store>-<UTC time>.md.

Endpoints: the HTML page (GET /), a JSON read (GET /api/notes/1) and a JSON write
(PUT /api/notes/1), all as alice over HTTP Basic. Every request carries an X-Forwarded-For address
drawn from 65,536 addresses, and 127.0.0.1 is a trusted proxy in both apps: the default per-address
rate limit (100/s) then never refuses a request, as in production behind a load balancer, and the
local store holds tens of thousands of buckets. Any answer other than 200 fails the run.

  benchmarks/run-load.sh                      3 rounds of 20 s per endpoint and app, local store
  benchmarks/run-load.sh --store redis        the same with the Redis store (a redis-server from the
                                              embedded-redis jar), plus Redis PING latency
  benchmarks/run-load.sh --smoke              1 round of 2 s: a correctness check for CI, no timing
"""

import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
JAR = os.path.join(ROOT, "examples", "spring-notes", "target", "spring-notes.jar")
JVM_FLAGS = ["-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=4"]
COMMON_PROPS = [
    "--bulwark.client-ip.trusted-proxies=127.0.0.1/32",
    "--logging.level.root=WARN",
    "--logging.level.dev.bulwark.audit=WARN",
]
AUTH = "Basic YWxpY2U6YWxpY2UtbG9jYWwtb25seQ=="  # alice:alice-local-only, the local demo default

ENDPOINTS = [
    ("HTML page", "GET", "/", None),
    ("JSON read", "GET", "/api/notes/1", None),
    ("JSON write", "PUT", "/api/notes/1", '{"title":"Shopping","body":"Milk, eggs, tea"}'),
]

LUA = r"""
local method, path, body = "%(method)s", "%(path)s", %(body)s
local counter = 0
request = function()
  counter = counter + 1
  local n = (counter * 40503 + %(thread_salt)s) %% 65536
  local headers = {
    ["Authorization"] = "%(auth)s",
    ["X-Forwarded-For"] = "10.77." .. math.floor(n / 256) .. "." .. (n %% 256),
    ["Accept"] = "%(accept)s",
  }
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format('RESULT {"requests": %%d, "seconds": %%f, "non2xx": %%d, "socket_errors": %%d, ' ..
    '"p50": %%d, "p99": %%d, "p999": %%d}\n',
    summary.requests, summary.duration / 1e6, non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port, timeout=240):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/api/notes/1", headers={"Authorization": AUTH})
            with urllib.request.urlopen(req, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.5)
    raise SystemExit(f"app on port {port} did not start in {timeout}s")


class App:
    def __init__(self, name, extra, logdir):
        self.name, self.port = name, free_port()
        self.log = open(os.path.join(logdir, f"{name}.log"), "w")
        cmd = ["java", *JVM_FLAGS, "-jar", JAR, f"--server.port={self.port}", *COMMON_PROPS, *extra]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def run_wrk(port, endpoint, seconds, connections, scriptdir, pause_ms=0):
    """One wrk run. With pause_ms, each connection waits that long after every answer before its
    next request, which caps the offered load well below saturation (wrk's delay() hook)."""
    label, method, path, body = endpoint
    script = os.path.join(scriptdir, f"{label.replace(' ', '_')}-{pause_ms}.lua")
    with open(script, "w") as f:
        f.write(LUA % {
            "method": method, "path": path, "auth": AUTH, "thread_salt": 0,
            "body": "nil" if body is None else "'" + body + "'",
            "accept": "text/html" if path == "/" else "application/json",
        })
        if pause_ms:
            f.write(f"delay = function() return {pause_ms} end\n")
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", script, f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    if os.environ.get("LOAD_DEBUG"):
        print(label, port, out, file=sys.stderr)
    result["rps"] = result["requests"] / result["seconds"]
    if result["requests"] == 0 or result["non2xx"] or result["socket_errors"]:
        raise SystemExit(f"{label} on port {port}: {result['non2xx']} non-2xx answers, "
                         f"{result['socket_errors']} socket errors\n{out}")
    return result


def warm_up(app, endpoint, args, tmp):
    """Drives the app until its throughput is steady: a bigger filter chain takes the JIT longer to
    settle, so a fixed short warm-up measures the hardened app still compiling (0.67 of bare for the
    HTML page after 15 s, 0.85 after 90 s, same build). Returns the seconds spent."""
    spent, previous = 0, None
    step = 10
    run_wrk(app.port, endpoint, args.warmup, args.connections, tmp)
    spent += args.warmup
    while spent < args.warmup_max:
        rps = run_wrk(app.port, endpoint, step, args.connections, tmp)["rps"]
        spent += step
        if previous is not None and abs(rps - previous) <= 0.03 * max(rps, previous):
            break
        previous = rps
    return spent


def redis_server(tmp):
    jars = glob.glob(os.path.expanduser("~/.m2/repository/com/github/codemonstur/embedded-redis/*/embedded-redis-*.jar"))
    if not jars:
        raise SystemExit("embedded-redis jar not in ~/.m2: run mvn -B verify once first")
    with zipfile.ZipFile(sorted(jars)[-1]) as z:
        name = next(n for n in z.namelist() if "linux-amd64" in n)
        path = os.path.join(tmp, "redis-server")
        with open(path, "wb") as f:
            f.write(z.read(name))
    os.chmod(path, 0o755)
    port = free_port()
    proc = subprocess.Popen([path, "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return proc, port


def redis_ping_micros(port, count=20000):
    """Median and p99 round trip of PING over one connection, the floor for a remote decision."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        times = []
        for _ in range(count):
            start = time.perf_counter_ns()
            s.sendall(b"PING\r\n")
            data = b""
            while not data.endswith(b"\r\n"):
                data += s.recv(64)
            times.append((time.perf_counter_ns() - start) / 1000)
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)]


def fmt_ms(micros):
    return f"{micros / 1000:.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=30,
                        help="least seconds of warm-up per app and endpoint; it goes on in 10 s steps until two "
                             "steps in a row agree within 3%% (the JIT has settled), at most --warmup-max")
    parser.add_argument("--warmup-max", type=int, default=180)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--light-connections", type=int, default=8,
                        help="connections of the light-load rounds, which measure latency without queueing; 0 skips them")
    parser.add_argument("--light-pause", type=int, default=2,
                        help="ms each light-load connection waits between an answer and its next request")
    parser.add_argument("--light-rounds", type=int, default=2)
    parser.add_argument("--store", choices=["local", "redis"], default="local")
    parser.add_argument("--smoke", action="store_true", help="1 round of 2 s, no warm-up: correctness only")
    parser.add_argument("--only", help="run only endpoints whose label contains this text (e.g. HTML)")
    parser.add_argument("--hardened-arg", action="append", default=[], metavar="--bulwark.x=y",
                        help="an extra property for the hardened app only, to find what a protection costs "
                             "(e.g. --hardened-arg=--bulwark.request-id.enabled=false); repeatable")
    args = parser.parse_args()
    if args.smoke:
        args.rounds, args.seconds, args.warmup = 1, 2, 0
    for tool in ("java", "wrk"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found (Debian: apt-get install {'wrk' if tool == 'wrk' else 'openjdk-17-jdk'})")
    if not os.path.exists(JAR):
        raise SystemExit(f"{JAR} missing: run mvn -B -DskipTests package first")

    tmp = tempfile.mkdtemp(prefix="bulwark-load-")
    extra = ["--bulwark.rate-limit.enabled=true"]
    redis = None
    ping = None
    if args.store == "redis":
        redis, redis_port = redis_server(tmp)
        extra += ["--bulwark.rate-limit.store=redis", f"--bulwark.rate-limit.redis.uri=redis://127.0.0.1:{redis_port}"]
    # The example refuses to start unprotected (readiness fail-on: high); the bare twin says it means it.
    apps = {"bare": App("bare", extra + ["--bulwark.enabled=false", "--bulwark.readiness.fail-on=none"], tmp), "hardened": App("hardened", extra + args.hardened_arg, tmp)}
    endpoints = [e for e in ENDPOINTS if args.only is None or args.only in e[0]]
    try:
        for app in apps.values():
            wait_http(app.port)
        if redis is not None:
            ping = redis_ping_micros(redis_port)
        results = {(label, name): [] for label, *_ in endpoints for name in apps}
        light = {(label, name): [] for label, *_ in endpoints for name in apps}
        warmed = {}
        for endpoint in endpoints:
            if args.warmup:
                for name, app in apps.items():
                    warmed[(endpoint[0], name)] = warm_up(app, endpoint, args, tmp)
            for r in range(args.rounds):
                order = list(apps.items()) if r % 2 == 0 else list(reversed(apps.items()))
                for name, app in order:
                    results[(endpoint[0], name)].append(run_wrk(app.port, endpoint, args.seconds, args.connections, tmp))
            if args.light_connections and not args.smoke:
                for r in range(args.light_rounds):
                    order = list(apps.items()) if r % 2 == 0 else list(reversed(apps.items()))
                    for name, app in order:
                        light[(endpoint[0], name)].append(
                            run_wrk(app.port, endpoint, args.seconds, args.light_connections, tmp, args.light_pause))
    finally:
        for app in apps.values():
            app.stop()
        if redis is not None:
            redis.terminate()

    def med(label, name, key, table=None):
        return statistics.median(r[key] for r in (table or results)[(label, name)])

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except Exception:
        pass
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    lines = [
        f"Load: spring-notes bare (`bulwark.enabled=false`) vs hardened (defaults, rate limiting on, "
        f"{args.store} store), {args.rounds} alternating rounds of {args.seconds} s per endpoint after "
        + (f"a warm-up of at least {args.warmup} s until steady "
           f"({min(warmed.values(), default=0)}-{max(warmed.values(), default=0)} s)" if warmed else "no warm-up")
        + f", wrk 1 thread {args.connections} connections on loopback; medians of rounds.",
        f"Machine: {os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, {java}; "
        f"JVM flags {' '.join(JVM_FLAGS)}; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        "| Endpoint | bare req/s | hardened req/s | throughput ratio | bare p50 / p99 / p99.9 ms | hardened p50 / p99 / p99.9 ms | p99 ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    if args.hardened_arg:
        lines.insert(1, f"Hardened app also ran with: {' '.join(args.hardened_arg)}.")
    for label, *_ in endpoints:
        b_rps, h_rps = med(label, "bare", "rps"), med(label, "hardened", "rps")
        b = [med(label, "bare", k) for k in ("p50", "p99", "p999")]
        h = [med(label, "hardened", k) for k in ("p50", "p99", "p999")]
        lines.append(
            f"| {label} | {b_rps:,.0f} | {h_rps:,.0f} | {h_rps / b_rps:.3f} | "
            f"{' / '.join(fmt_ms(x) for x in b)} | {' / '.join(fmt_ms(x) for x in h)} | {h[1] / b[1]:.3f} |")
    if any(light.values()):
        lines += [
            "",
            f"Latency at light load: {args.light_connections} connections, each pausing {args.light_pause} ms after "
            f"every answer, so the offered load stays well below saturation and requests seldom queue (the table above "
            f"is at saturation, where latency is mostly waiting for a thread or a core and follows throughput); "
            f"{args.light_rounds} alternating rounds of {args.seconds} s, medians of rounds.",
            "",
            "| Endpoint | bare req/s | hardened req/s | bare p50 / p99 / p99.9 ms | hardened p50 / p99 / p99.9 ms | p50 ratio | p99 ratio |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, *_ in endpoints:
            b = [med(label, "bare", k, light) for k in ("rps", "p50", "p99", "p999")]
            h = [med(label, "hardened", k, light) for k in ("rps", "p50", "p99", "p999")]
            lines.append(
                f"| {label} | {b[0]:,.0f} | {h[0]:,.0f} | {' / '.join(fmt_ms(x) for x in b[1:])} | "
                f"{' / '.join(fmt_ms(x) for x in h[1:])} | {h[1] / b[1]:.3f} | {h[2] / b[2]:.3f} |")
    if ping is not None:
        lines += ["", f"Redis PING round trip on the same loopback (one connection, 20,000 pings): "
                      f"p50 {ping[0]:.0f} us, p99 {ping[1]:.0f} us."]
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.smoke:
        os.makedirs(os.path.join(ROOT, "benchmarks", "results"), exist_ok=True)
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        path = os.path.join(ROOT, "benchmarks", "results", f"load-{args.store}-{stamp}.md")
        with open(path, "w") as f:
            f.write(report)
        print(f"written to {path}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
