"""Email channel benchmark on loopback.

Starts a private redis-server, a migrated SQLite database, a real worker, ``resume-engine smtp``
and a recording relay; sends N messages with the two-page sample resume through smtplib and
measures (a) the time to the ``250`` answer after DATA and (b) end of DATA -> reply accepted by
the relay. The peer measured in the same run is the in-process pipeline on the same file
(``pipeline.process.run_inprocess``): the ratio shows what the channel and queue add.

Targets (issue 8): median end of DATA -> reply < 1.5 s; 250 answered in < 100 ms p99.
Usage: python bench/email_inbox.py [--messages 20]
"""

from __future__ import annotations

import argparse
import email.policy
import os
import smtplib
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ is sys.path[0], and bench/queue.py would shadow the stdlib module.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402

from tests.support.jobs import job_env  # noqa: E402
from tests.support.processes import RedisServer, free_port, wait_for_port, worker_process  # noqa: E402

SAMPLE = ROOT / "examples" / "sample-resume.pdf"
WARMUP = 2


class Relay:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802
        from bots.email.mime import parse_bytes

        msg = parse_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.arrived[str(msg["In-Reply-To"])] = time.perf_counter()
        return "250 OK"


def message(i: int, pdf: bytes) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"bench{i}@example.com"
    msg["To"] = "resume@example.com"
    msg["Subject"] = f"resume {i}"
    msg["Message-ID"] = f"<bench-{i}-{time.time_ns()}@example.com>"
    msg.set_content("Please improve my resume.")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="resume.pdf")
    return msg.as_bytes(policy=email.policy.SMTP)  # CRLF line ends, as on the wire


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20)
    args = parser.parse_args()
    pdf = SAMPLE.read_bytes()

    from pipeline.process import run_inprocess

    inproc = []
    for _ in range(5):
        t0 = time.perf_counter()
        run_inprocess(pdf, "resume.pdf", kind="generate")
        inproc.append(time.perf_counter() - t0)

    relay = Relay()
    relay_port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=relay_port)
    controller.start()
    redis = RedisServer().start()
    env = job_env(Path(tempfile.mkdtemp()), redis.url, extra_modules=())
    smtp_port = free_port()
    env.update(
        {
            "EMAIL__INBOX_ADDRESSES": "resume@example.com",
            "EMAIL__FROM": "resume@engine.example",
            "EMAIL__LISTEN_PORT": str(smtp_port),
            "EMAIL__RELAY_HOST": "127.0.0.1",
            "EMAIL__RELAY_PORT": str(relay_port),
            "EMAIL__RATE_LIMIT_PER_HOUR": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "bots", "smtp"],
        cwd=ROOT,
        env={**os.environ, **env},
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(smtp_port, timeout=30)
        with worker_process(env, processes=1, threads=2):
            accept, sent_at = [], {}
            with smtplib.SMTP("127.0.0.1", smtp_port) as client:
                client.ehlo()
                # Warm-up messages (not measured): the worker's first job pays its imports and
                # the parser's child start-up.
                for i in range(-WARMUP, args.messages):
                    # A distinct file each time (a PDF comment after %%EOF): an identical input
                    # would reuse the finished job and measure nothing.
                    raw = message(i, pdf + f"\n% bench message {i}\n".encode())
                    mid = raw.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode().strip()
                    client.mail(f"bench{i}@example.com")
                    client.rcpt("resume@example.com")
                    t0 = time.perf_counter()
                    code, _ = client.data(raw)
                    assert code == 250, code
                    if i >= 0:
                        accept.append(time.perf_counter() - t0)
                        sent_at[mid] = time.perf_counter()
                    # One at a time: wait for the reply, so this measures latency, not backlog.
                    deadline = time.monotonic() + 60
                    while mid not in relay.arrived and time.monotonic() < deadline:
                        time.sleep(0.005)
            e2e = [relay.arrived[m] - t for m, t in sent_at.items() if m in relay.arrived]
    finally:
        server.terminate()
        server.wait(10)
        redis.close()
        controller.stop()

    ms = 1000.0
    print(f"messages: {args.messages}, replies: {len(e2e)}, lost: {args.messages - len(e2e)}")
    print(
        f"250 after DATA      median {statistics.median(accept) * ms:7.1f} ms   "
        f"p99 {pct(accept, 0.99) * ms:7.1f} ms   (target p99 < 100 ms)"
    )
    if e2e:
        med = statistics.median(e2e)
        print(
            f"DATA -> reply       median {med * ms:7.1f} ms   p95 {pct(e2e, 0.95) * ms:7.1f} ms"
            f"   (target median < 1500 ms)"
        )
        base = statistics.median(inproc)
        print(
            f"in-process pipeline median {base * ms:7.1f} ms   ratio channel/in-process "
            f"{med / base:5.2f}x"
        )


if __name__ == "__main__":
    main()
