# email_judge.py — an independent judge of .eml files: Python's email package reports what a reader sees.
"""Parse each .eml file given on the command line and print one JSON object per message.

Python's stdlib parser (email.policy.default) is the reference reader: it shares no code with
hikyaku's Swift encoder, so agreement between the two is evidence, not tautology.

Per message the object holds:
  file, defects (message, every header and every part, as "where: Class: detail"),
  subject (decoded), from / to ({display_name, addr_spec, count} decoded),
  headers (names in order), header_values ({name: decoded value} of the first field of each
  name), legacy_values ({name: value} of the first field of each name, unfolded and decoded by
  email.header.decode_header, which joins adjacent encoded-words as RFC 2047 6.2 says, where the
  address parser of policy.default puts a space between them), content_type, parts ([{content_type, charset, transfer_encoding,
  text, strict_decode, defects}]), max_line_length, header_max_line_length (octets, CRLF excluded),
  all_crlf, bare_cr, bare_lf, lines_over_998, encoded_words ([{word, length, charset,
  line_length, self_contained}]).

Usage: python3 email_judge.py FILE.eml [FILE.eml ...]
Exit status: 0, or 1 if some file could not be read (its object then has "error").
Standard library only (python3 >= 3.8).
"""
import email
import email.header
import email.policy
import json
import re
import sys
from base64 import b64decode

ENCODED_WORD = re.compile(rb"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")


def line_facts(data):
    """Line-ending and length facts of the raw bytes."""
    bare_cr = sum(1 for i, b in enumerate(data) if b == 0x0D and data[i + 1:i + 2] != b"\n")
    bare_lf = sum(1 for i, b in enumerate(data) if b == 0x0A and (i == 0 or data[i - 1] != 0x0D))
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    head_end = data.find(b"\r\n\r\n")
    head_lines = data[:head_end].split(b"\r\n") if head_end >= 0 else lines
    return {
        "max_line_length": max((len(line) for line in lines), default=0),
        "header_max_line_length": max((len(line) for line in head_lines), default=0),
        "lines_over_998": sum(1 for line in lines if len(line) > 998),
        "all_crlf": bare_cr == 0 and bare_lf == 0 and data.endswith(b"\r\n"),
        "bare_cr": bare_cr,
        "bare_lf": bare_lf,
    }


def encoded_words(data):
    """Every RFC 2047 encoded-word in the header section, with its length and whether it stands alone."""
    head_end = data.find(b"\r\n\r\n")
    head = data[:head_end if head_end >= 0 else len(data)]
    words = []
    for line in head.split(b"\r\n"):
        for match in ENCODED_WORD.finditer(line):
            charset = match.group(1).decode("ascii", "replace")
            self_contained = True
            if match.group(2) in (b"B", b"b"):
                try:
                    raw = b64decode(match.group(3), validate=True)
                    raw.decode(charset, "strict")  # the word decodes alone, not split mid-character
                    if charset.lower() == "iso-2022-jp" and b"\x1b" in raw:
                        last = raw.rfind(b"\x1b")  # the word must end back in ASCII mode
                        self_contained = raw[last:last + 3] == b"\x1b(B"
                except Exception:
                    self_contained = False
            words.append({"word": match.group(0).decode("ascii", "replace"),
                          "length": len(match.group(0)), "charset": charset,
                          "line_length": len(line), "self_contained": self_contained})
    return words


def mailbox(msg, name):
    """The decoded display name and address of a single-mailbox header, and how many mailboxes it holds."""
    header = msg[name]
    if header is None:
        return None
    addresses = getattr(header, "addresses", ())
    first = addresses[0] if addresses else None
    return {"display_name": first.display_name if first else None,
            "addr_spec": first.addr_spec if first else None,
            "count": len(addresses)}


def header_values(msg):
    """The decoded value of the first field of each header name, as a reader displays it."""
    values = {}
    for name, value in msg.items():
        values.setdefault(name, str(value))
    return values


def legacy_values(data):
    """The first field of each name, unfolded, its encoded-words decoded by email.header."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    values = {}
    for name, value in msg.items():
        if name in values:
            continue
        raw = re.sub(r"\r?\n(?=[ \t])", "", str(value))
        try:
            values[name] = str(email.header.make_header(email.header.decode_header(raw)))
        except Exception as error:  # an undecodable word: say so rather than guess
            values[name] = "undecodable: %s" % error
    return values


def defects_of(where, defects):
    return ["%s: %s: %s" % (where, type(d).__name__, d) for d in defects]


def judge(path):
    with open(path, "rb") as handle:
        data = handle.read()
    msg = email.message_from_bytes(data, policy=email.policy.default)
    defects = defects_of("message", msg.defects)
    for name, value in msg.items():
        defects += defects_of("header " + name, getattr(value, "defects", ()))
    parts = []
    for index, part in enumerate(msg.walk()):
        if index > 0:
            defects += defects_of("part %d" % index, part.defects)
        if part.is_multipart():
            continue
        charset = part.get_content_charset()
        payload = part.get_payload(decode=True) or b""
        strict = True
        try:
            text = payload.decode(charset or "ascii", "strict")
        except (LookupError, UnicodeDecodeError):
            strict = False
            text = part.get_content() if part.get_content_maintype() == "text" else None
            defects.append("part %d: undecodable as %s" % (index, charset))
        parts.append({"content_type": part.get_content_type(), "charset": charset,
                      "transfer_encoding": part.get("Content-Transfer-Encoding"),
                      "text": text, "strict_decode": strict,
                      "defects": defects_of("part %d" % index, part.defects)})
    result = {
        "file": path,
        "defects": defects,
        "subject": str(msg["subject"]) if msg["subject"] is not None else None,
        "from": mailbox(msg, "from"),
        "to": mailbox(msg, "to"),
        "headers": list(msg.keys()),
        "header_values": header_values(msg),
        "legacy_values": legacy_values(data),
        "content_type": msg.get_content_type(),
        "parts": parts,
        "encoded_words": encoded_words(data),
    }
    result.update(line_facts(data))
    return result


def main(paths):
    status = 0
    for path in paths:
        try:
            result = judge(path)
        except OSError as error:
            result = {"file": path, "error": str(error)}
            status = 1
        except Exception as error:  # a parser crash is a finding, not a reason to stop
            result = {"file": path, "defects": ["judge: %s: %s" % (type(error).__name__, error)]}
        print(json.dumps(result, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
