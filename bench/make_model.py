#!/usr/bin/env python3
"""Writes a real-size model for the benchmarks: seven PNGs of about 220 KB in all (real passes
carry 50-250 KB of images), made deterministically from a fixed seed so that every run measures
the same bytes, with the coffee model's pass.json or, with --rich, a rich storeCard pass.json
(about 2.8 KB: all five field areas filled, back fields with long text, locations, a date, a
semantics block). Usage: make_model.py [--rich] OUT_DIR"""
import json
import os
import random
import shutil
import struct
import sys
import zlib

# (name, width, height, bits of noise per channel): the noise sets how well a PNG compresses.
IMAGES = [
    ("icon.png", 29, 29, 8), ("icon@2x.png", 58, 58, 8), ("icon@3x.png", 87, 87, 8),
    ("logo.png", 160, 50, 3), ("logo@2x.png", 320, 100, 2),
    ("strip.png", 375, 123, 1), ("strip@2x.png", 750, 246, 1),
]


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(width, height, bits, rng):
    rows = bytearray()
    mask = (1 << bits) - 1
    for y in range(height):
        rows.append(0)  # filter: none
        base = (y * 255 // max(1, height - 1)) & ~mask & 0xFF
        rows.extend(base | (rng.getrandbits(bits) & mask) for _ in range(width * 3))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


LONG_TEXT = ("Points are earned on every purchase at participating stores and expire twelve months "
             "after they are earned. Rewards cannot be exchanged for cash. See %s for the full terms.")


def rich_pass_json():
    """A storeCard whose pass.json fills every field area, as a loyalty program's card does."""
    field = lambda key, label, value, **more: dict(key=key, label=label, value=value, **more)
    return {
        "formatVersion": 1, "passTypeIdentifier": "pass.dev.pkpass.sample", "teamIdentifier": "DEVTEAM001",
        "serialNumber": "RICH-0001", "organizationName": "Bayroast Coffee",
        "description": "Bayroast Coffee rewards card", "logoText": "Bayroast Rewards",
        "foregroundColor": "rgb(255, 255, 255)", "backgroundColor": "rgb(111, 78, 55)",
        "labelColor": "rgb(240, 220, 200)", "expirationDate": "2030-12-31T23:59:59Z",
        "locations": [{"latitude": 37.7749 + i / 100, "longitude": -122.4194 - i / 100,
                       "relevantText": "Bayroast store %d is nearby" % (i + 1)} for i in range(4)],
        "maxDistance": 500,
        "storeCard": {
            "headerFields": [field("balance", "BALANCE", 25, currencyCode="USD",
                                   changeMessage="Your balance is now %@")],
            "primaryFields": [field("name", "MEMBER", "Jane Doe")],
            "secondaryFields": [field("level", "LEVEL", "SILVER", changeMessage="You are now %@"),
                                field("points", "POINTS", 1250, numberStyle="PKNumberStyleDecimal")],
            "auxiliaryFields": [field("since", "MEMBER SINCE", "2021-03-14T09:00:00Z",
                                      dateStyle="PKDateStyleMedium", timeStyle="PKDateStyleNone"),
                                field("usual", "THE USUAL", "Iced latte, oat milk")],
            "backFields": [
                field("terms", "TERMS AND CONDITIONS", LONG_TEXT % "https://example.com/terms"),
                field("privacy", "PRIVACY", LONG_TEXT % "https://example.com/privacy"),
                field("support", "SUPPORT", "Call +1 415 555 0100 or write to help@example.com, "
                      "every day from 7am to 9pm Pacific time."),
                field("stores", "STORES", "Mission, Castro, Hayes Valley, North Beach, Sunset, "
                      "Richmond, Dogpatch, SoMa and the Ferry Building."),
                field("updated", "UPDATED", "2026-11-30T12:00:00Z", dateStyle="PKDateStyleShort",
                      timeStyle="PKDateStyleShort", isRelative=True),
            ],
        },
        "barcodes": [{"format": "PKBarcodeFormatQR", "message": "RICH-0001",
                      "messageEncoding": "iso-8859-1", "altText": "RICH-0001"}],
        "semantics": {"totalPrice": {"amount": "25.00", "currencyCode": "USD"},
                      "balance": {"amount": "25.00", "currencyCode": "USD"}},
    }


def main():
    rich = sys.argv[1] == "--rich"
    out = sys.argv[-1]
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    if rich:
        with open(os.path.join(out, "pass.json"), "w") as f:
            json.dump(rich_pass_json(), f, indent=2)
            f.write("\n")
    else:
        shutil.copy(os.path.join(here, "..", "fixtures", "models", "coffee.pass", "pass.json"), out)
    rng = random.Random(20261130)
    total = 0
    for name, width, height, bits in IMAGES:
        data = png(width, height, bits, rng)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        total += len(data)
    print(total)


if __name__ == "__main__":
    main()
