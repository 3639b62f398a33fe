#!/usr/bin/python3
"""Fills a migrated pkpass-serve SQLite store for bench/webservice.sh: PASSES passes with tags 1..N,
and REGISTRATIONS registrations, 5 passes for each device "dev-N", chosen at random (seeded)."""
import random
import sqlite3
import sys

path, passes, registrations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(25)
db = sqlite3.connect(path)
db.execute("PRAGMA journal_mode=WAL")
with db:
    db.executemany(
        "INSERT INTO passes (id, vendor, model, serial, overrides, tag, created, updated, auth_token) "
        "VALUES (?, 'pass2u', '1', ?, '{}', ?, 1700000000, 1700000000, ?)",
        ((f"p{i}", f"S-{i}", i + 1, f"token-{i:026d}") for i in range(passes)))
    db.execute("UPDATE counters SET value = ? WHERE name = 'tag'", (passes,))
    devices = registrations // 5
    db.executemany("INSERT INTO devices (id, push_token, updated) VALUES (?, ?, 1700000000)",
                   ((f"dev-{d}", f"{d:064x}") for d in range(devices)))
    db.executemany("INSERT OR IGNORE INTO registrations (device, pass_id, created) VALUES (?, ?, 1700000000)",
                   ((f"dev-{d}", f"p{random.randrange(passes)}") for d in range(devices) for _ in range(5)))
db.close()
