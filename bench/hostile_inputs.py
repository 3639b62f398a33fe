#!/usr/bin/env python3
"""Writes the hostile inputs that bench/hostile.sh measures pkpass against, into DIR.

  overrides-userinfo.json   900 KB overrides whose userInfo has 100,000 distinct keys
  manifest-keys.pkpass      4 MB .pkpass whose manifest.json has 1.84 million keys
  png-bomb.pkpass           unsigned .pkpass of 476 identical 4096x4096 16-bit PNGs (root and 16 lproj)
  png-distinct.pkpass       the same, each PNG made distinct by a text chunk of its own
  long-line.ndjson          one batch record of 50 MB
  sparse.pass/              a model with 80 sparse files of 16 MB beside a good pass.json and icon
  passcreator-translations.json  412 KB Passcreator payload: one location's 400 KB text in 1,000 languages
  localized-images.json     overrides naming one 3 MB background for 200 languages, image-map.json
  bundle-family.ndjson      300 records of one --bundle-by family
  patch-base.json, patch-keys.json   stored overrides and a patch of 4,095 userInfo keys each: 8,190 merged
  errors.csv, errors-cr.csv a 934 KB CSV whose every cell is an unknown field; the same with CR line ends
  image-map-deep.json       200,000 "[": an image map nested past any stack

Usage: hostile_inputs.py DIR MODEL_DIR   (MODEL_DIR: a good model to take pass.json and icon from)
"""
import json
import os
import struct
import sys
import zipfile
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, bit_depth, color_type, row):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    raw = zlib.compress((b"\0" + row) * height, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def main():
    out, model = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    pass_json = open(os.path.join(model, "pass.json"), "rb").read()
    icon = open(os.path.join(model, "icon.png"), "rb").read()

    def base36(n):
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        return "".join(digits[(n // 36 ** k) % 36] for k in range(4 if n < 36 ** 4 else 5))
    keys = {base36(i): 0 for i in range(100_000)}
    with open(os.path.join(out, "overrides-userinfo.json"), "w") as f:
        json.dump({"userInfo": keys}, f, separators=(",", ":"))

    manifest = "{" + ",".join('"%s":0' % base36(i) for i in range(1_840_000)) + "}"
    with zipfile.ZipFile(os.path.join(out, "manifest-keys.pkpass"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("pass.json", pass_json)
        z.writestr("icon.png", icon)
        z.writestr("manifest.json", manifest)
        z.writestr("signature", b"not a signature")

    big = png(4096, 4096, 16, 6, b"\x12\x34" * 4 * 4096)  # 16-bit RGBA
    names = ["icon", "logo", "strip", "thumbnail", "background", "footer", "icon@2x", "logo@2x",
             "strip@2x", "thumbnail@2x", "background@2x", "footer@2x", "icon@3x", "logo@3x",
             "strip@3x", "thumbnail@3x", "background@3x", "footer@3x", "primaryLogo", "secondaryLogo",
             "artwork", "personalizationLogo", "primaryLogo@2x", "secondaryLogo@2x", "artwork@2x",
             "personalizationLogo@2x", "primaryLogo@3x", "secondaryLogo@3x"]
    folders = [""] + ["%s.lproj/" % l for l in ["en", "fr", "de", "es", "it", "ja", "ko", "nl", "pt",
                                                "ru", "sv", "zh", "da", "fi", "nb", "pl"]]
    for archive, distinct in (("png-bomb.pkpass", False), ("png-distinct.pkpass", True)):
        with zipfile.ZipFile(os.path.join(out, archive), "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("pass.json", pass_json)
            for folder in folders:
                for name in names:
                    image = big
                    if distinct:  # a tEXt chunk after IHDR (8 + 25 bytes) makes the file unique
                        text = chunk(b"tEXt", b"Comment\0" + (folder + name).encode())
                        image = big[:33] + text + big[33:]
                    z.writestr(folder + name + ".png", image)
            z.writestr("manifest.json", "{}")
            z.writestr("signature", b"not a signature")

    with open(os.path.join(out, "long-line.ndjson"), "w") as f:
        f.write('{"serialNumber":"X","userInfo":{"a":"' + "x" * (50 << 20) + '"}}\n')

    # Item 1: a location text repeated for every language is the key of each translation.
    text = "r" * 400_000
    languages = {"%s-%s%s" % ("en" if i < 676 else "fr", chr(65 + i // 26 % 26), chr(65 + i % 26)): "t"
                 for i in range(1000)}
    with open(os.path.join(out, "passcreator-translations.json"), "w") as f:
        json.dump({"data": {"userProvidedId": "P-1", "locations": [
            {"latitude": 1, "longitude": 2, "relevantText": text, "localizedRelevantText": languages}] * 1}}, f)
    # Item 2: one 3 MB image for 200 languages, by URL.
    strip = png(320, 123, 8, 2, b"\x80" * 3 * 320)
    padded = strip[:33] + chunk(b"zzPd", b"x" * (3 << 20)) + strip[33:]
    open(os.path.join(out, "big-strip.png"), "wb").write(padded)
    json.dump({"https://cdn.example/strip.png": "big-strip.png"}, open(os.path.join(out, "image-map.json"), "w"))
    json.dump({"serialNumber": "L-1", "localizations": {
        "%s-%s%s" % ("en", chr(65 + i // 26), chr(65 + i % 26)): {
            "images": [{"type": "strip", "url": "https://cdn.example/strip.png"}]} for i in range(200)}},
        open(os.path.join(out, "localized-images.json"), "w"))
    # Item 3: 300 passes of one family.
    with open(os.path.join(out, "bundle-family.ndjson"), "w") as f:
        for i in range(300):
            f.write(json.dumps({"serialNumber": "F-%d" % i, "bundleId": "family"}) + "\n")
    # Item 4: two objects of 4,095 keys that merge into one of 8,190.
    json.dump({"userInfo": {"a%d" % i: 1 for i in range(4095)}}, open(os.path.join(out, "patch-base.json"), "w"))
    json.dump({"userInfo": {"b%d" % i: 2 for i in range(4095)}}, open(os.path.join(out, "patch-keys.json"), "w"))
    # Item 5: every cell an unknown field: a diagnostic each.
    columns = 4000
    header = "serialNumber," + ",".join("fields.f%d" % i for i in range(columns))
    for name, end in (("errors.csv", "\n"), ("errors-cr.csv", "\r")):
        with open(os.path.join(out, name), "w", newline="") as f:
            f.write(header + end)
            for row in range(116):
                f.write("E-%d," % row + ",".join("x" for _ in range(columns)) + end)
    # Item 6.
    open(os.path.join(out, "image-map-deep.json"), "w").write("[" * 200_000)

    sparse = os.path.join(out, "sparse.pass")
    os.makedirs(sparse, exist_ok=True)
    open(os.path.join(sparse, "pass.json"), "wb").write(pass_json)
    open(os.path.join(sparse, "icon.png"), "wb").write(icon)
    for i in range(80):
        with open(os.path.join(sparse, "f%02d.png" % i), "wb") as f:
            f.truncate(16 << 20)


if __name__ == "__main__":
    main()
