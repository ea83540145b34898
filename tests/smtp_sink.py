"""A real SMTP server for Hearth's e-mail tests, on aiosmtpd (PyPI).

Each accepted message is written to DIR as NNNN.eml (the bytes as received). Recipients whose
address starts with "bounce" are refused with a 550, as a real server refuses an unknown
mailbox. With --stall, a message is stored and then the final reply is withheld (the
connection hangs): the test kills the sender mid-send, as a crash would.

    python smtp_sink.py --port 2525 --dir /tmp/inbox [--stall]
"""
import argparse
import asyncio
import itertools
import os
import signal

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, stall):
        self.directory = directory
        self.stall = stall
        self.counter = itertools.count(len(os.listdir(directory)))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("bounce"):
            return "550 5.1.1 <%s>: no such mailbox here" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.directory, "%04d.eml" % next(self.counter))
        with open(name + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".tmp", name)
        if self.stall:
            open(os.path.join(self.directory, "stalled"), "w").close()
            await asyncio.sleep(3600)
        return "250 Message accepted"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--stall", action="store_true")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    controller = Controller(Sink(a.dir, a.stall), hostname=a.host, port=a.port)
    controller.start()
    print("ready", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), os._exit(0)))
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
