#!/usr/bin/python3
# relay.py — a scriptable SMTP relay for the integration tests (aiosmtpd): STARTTLS, SMTPS, AUTH, scripted replies.
"""A loopback SMTP relay that records what it saw, for hikyaku's integration tests.

Every message is kept as DUMP/msg.N.eml (the bytes received after DATA, dot-unstuffed) plus
DUMP/msg.N.json (envelope, whether the session was under TLS, who authenticated, the reply
given). Every event goes as one JSON line to DUMP/events.jsonl. Rejected messages are kept too,
so a test can see exactly what a deferred attempt carried.

The process ends by itself after --lifetime seconds (tests also stop it by PID).
Passwords are compared, never written anywhere.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--dump", required=True, help="directory for messages and events.jsonl")
    parser.add_argument("--lifetime", type=float, default=120, help="hard bound in seconds")
    parser.add_argument("--cert", help="PEM certificate: offer STARTTLS (or implicit TLS with --smtps)")
    parser.add_argument("--key", help="PEM private key for --cert")
    parser.add_argument("--smtps", action="store_true", help="implicit TLS from the first byte")
    parser.add_argument("--require-starttls", action="store_true", help="refuse commands before STARTTLS")
    parser.add_argument("--user", help="require AUTH as this user")
    parser.add_argument("--password-file", help="the only password accepted for --user")
    parser.add_argument("--mechanisms", default="PLAIN,LOGIN", help="AUTH mechanisms offered")
    parser.add_argument("--auth-in-clear", action="store_true", help="offer AUTH without TLS (a careless relay)")
    parser.add_argument("--dot-reply", action="append", default=[],
                        help="reply to the final '.' of message 1, 2, … (then 250); e.g. '451 4.3.0 try later'")
    parser.add_argument("--rcpt-reply", action="append", default=[],
                        help="ADDRESS=REPLY: answer RCPT TO:<ADDRESS> so (any case); e.g. 'a@b.test=550 5.1.1 unknown'")
    parser.add_argument("--hold", help="before replying to a message's final '.', wait until this file exists")
    return parser.parse_args()


class Recorder:
    """Handler: records sessions and messages, answers the final '.' as scripted."""

    def __init__(self, options):
        self.options = options
        self.count = 0
        self.rcpt_replies = {key.lower(): value for key, value in (item.split("=", 1) for item in options.rcpt_reply)}
        self.events = open(os.path.join(options.dump, "events.jsonl"), "a", buffering=1)

    def event(self, kind, **fields):
        self.events.write(json.dumps({"event": kind, **fields}, sort_keys=True) + "\n")

    @staticmethod
    def under_tls(server):
        transport = server.transport
        return transport is not None and transport.get_extra_info("ssl_object") is not None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.event("ehlo", helo=hostname, tls=self.under_tls(server))
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.event("mail", sender=address, tls=self.under_tls(server), authenticated=bool(session.authenticated))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.rcpt_replies.get(address.lower(), "250 OK")
        self.event("rcpt", recipient=address, tls=self.under_tls(server), reply=reply[:3])
        if reply.startswith("2"):
            envelope.rcpt_tos.append(address)
        return reply

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        index = self.count
        replies = self.options.dot_reply
        reply = replies[index - 1] if index <= len(replies) else "250 2.0.0 Ok: kept"
        base = os.path.join(self.options.dump, "msg.%d" % index)
        with open(base + ".eml.tmp", "wb") as out:
            out.write(envelope.original_content or b"")
        os.rename(base + ".eml.tmp", base + ".eml")
        facts = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": self.under_tls(server),
                 "auth_user": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
                 "reply": reply}
        with open(base + ".json", "w") as out:
            json.dump(facts, out, sort_keys=True)
        self.event("data", index=index, reply=reply[:3])
        if self.options.hold:
            while not os.path.exists(self.options.hold):
                await asyncio.sleep(0.02)
        return reply


def make_authenticator(options, recorder):
    with open(options.password_file, "rb") as source:
        expected = source.read().rstrip(b"\r\n")

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == options.user.encode()
              and auth_data.password == expected)
        login = auth_data.login.decode(errors="replace") if isinstance(auth_data, LoginPassword) else None
        recorder.event("auth", mechanism=mechanism, login=login, ok=ok, tls=Recorder.under_tls(server))
        # handled=False: aiosmtpd then answers 535 itself (handled=True would leave the client waiting).
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return authenticate


def main():
    options = parse_arguments()
    recorder = Recorder(options)
    context = None
    if options.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(options.cert, options.key)
    offered = {m.strip().upper() for m in options.mechanisms.split(",") if m.strip()}
    parameters = dict(hostname="relay.test", ident="hikyaku-test-relay", decode_data=False,
                      auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m not in offered])
    if context is not None and not options.smtps:
        parameters.update(tls_context=context, require_starttls=options.require_starttls)
    if options.smtps or options.auth_in_clear:
        # SMTPS: the whole session is TLS, which aiosmtpd's STARTTLS-based AUTH check cannot see.
        parameters.update(auth_require_tls=False)
    if options.user:
        parameters.update(auth_required=True, authenticator=make_authenticator(options, recorder))

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        recorder.event("connect")
        return SMTP(recorder, loop=loop, **parameters)

    server = loop.run_until_complete(loop.create_server(
        factory, host=options.host, port=options.port, ssl=context if options.smtps else None))
    stop = loop.create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, lambda: stop.done() or stop.set_result(None))
    loop.call_later(options.lifetime, lambda: stop.done() or stop.set_result(None))
    print("ready", flush=True)
    loop.run_until_complete(stop)
    server.close()
    loop.run_until_complete(server.wait_closed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
