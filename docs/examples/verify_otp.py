#!/usr/bin/env python3
# verify_otp.py — a Python web tier checks a one-time code through the CLI, the code on stdin.
# Usage: python3 verify_otp.py CONFIG LOGIN_ID CODE   (exit 0 valid, 1 not, 75 try later)
import json
import subprocess
import sys

config, login, code = sys.argv[1:4]
result = subprocess.run(["hikyaku", "otp", "verify", "--config", config, "--login", login, "--code", "-"],
                        input=code + "\n", capture_output=True, text=True, check=False)
if result.returncode in (0, 1):
    print(json.loads(result.stdout).get("reason") or "valid")
sys.exit(result.returncode)
