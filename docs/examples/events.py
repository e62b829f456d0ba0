#!/usr/bin/env python3
# events.py — a Python web tier learns what became of its mails: reads hikyaku's event stream.
# Usage: python3 events.py CONFIG   (prints "JOB STATE REASON" per event, then they are acknowledged)
import json
import subprocess
import sys

config = sys.argv[1]
result = subprocess.run(["hikyaku", "events", "--json", "--config", config],
                        capture_output=True, text=True, check=False)
if result.returncode != 0:
    sys.exit(result.returncode)
for line in result.stdout.splitlines():
    event = json.loads(line)
    # e.g. show "we could not deliver the mail" on the account page when state is failed
    print(event["job"], event["state"], event.get("reason", "-"))
