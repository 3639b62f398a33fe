#!/usr/bin/env python3
"""Writes a real-size model for the benchmarks: the coffee model's pass.json with seven PNGs of
about 220 KB in all (real passes carry 50-250 KB of images), made deterministically from a fixed
seed so that every run measures the same bytes. Usage: make_model.py OUT_DIR"""
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


def main():
    out = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
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
