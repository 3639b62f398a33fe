// The tamper suite: a valid pass broken every way a package can be, each refused by Verify with
// its own code and pointer, none crashing. Re-signed variants are signed by the openssl command
// line, so that only the one thing under test is wrong.
#include <gtest/gtest.h>
#include <zlib.h>

#include <random>

#include "emit/archive_writer.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/verify.h"
#include "testing/archive.h"
#include "testing/matchers.h"
#include "testing/passes.h"
#include "testing/png.h"
#include "testing/test_pki.h"
#include "util/sha1.h"

namespace pkpass {
namespace {

using testing::ArchiveEntry;
using testing::HasDiagnosticIn;
using testing::Pki;
using testing::StatusIs;

// Returns the entries of the coffee pass zipped again, with `edit` applied to them first.
template <typename Edit>
std::string Rezip(Edit edit) {
  std::vector<ArchiveEntry> entries = testing::ReadEntries(testing::CoffeePass());
  edit(entries);
  std::vector<BundleFile> files;
  for (const ArchiveEntry& e : entries) files.push_back({e.name, e.bytes, "", false});
  Result<std::string> zip = WriteArchive(files, 1700000000);
  EXPECT_TRUE(zip.ok()) << zip.status().message();
  return zip.ok() ? *zip : "";
}

ArchiveEntry& Entry(std::vector<ArchiveEntry>& entries, const std::string& name) {
  for (ArchiveEntry& e : entries) {
    if (e.name == name) return e;
  }
  ADD_FAILURE() << "no entry " << name;
  return entries.front();
}

// Rewrites manifest.json for the entries as they are, then signs it with the openssl command line
// (signer certificate and chain files of the test PKI, extra openssl flags).
void Resign(std::vector<ArchiveEntry>& entries, const std::string& signer_file = "signer.pem",
            const std::string& chain_file = "wwdr.pem", const std::string& extra = "") {
  std::string manifest = "{";
  for (const ArchiveEntry& e : entries) {
    if (e.name == "manifest.json" || e.name == "signature") continue;
    if (manifest.size() > 1) manifest += ",";
    manifest += "\"" + e.name + "\":\"" + Sha1Hex(e.bytes) + "\"";
  }
  manifest += "}";
  Entry(entries, "manifest.json").bytes = manifest;
  Entry(entries, "signature").bytes = testing::OpenSslSign(manifest, signer_file, chain_file, extra);
}

// Returns the coffee pass without its entry `name`.
std::string Without(const std::string& name) {
  return Rezip([&](auto& entries) { std::erase_if(entries, [&](auto& e) { return e.name == name; }); });
}

// Returns the coffee pass with one more entry, `name`, holding the bytes of its entry `like`.
std::string WithExtra(const std::string& name, const std::string& like = "icon.png") {
  return Rezip([&](auto& entries) { entries.push_back({name, Entry(entries, like).bytes}); });
}

Status VerifyWithRoot(std::string_view pkpass, Diagnostics& diags) {
  return Verify(pkpass, {.trust_root_pem = Pki().root_pem}, diags);
}

// Expects `pkpass` refused with exactly one error, `code` at (`file`, `pointer`).
void ExpectRefusedWith(std::string_view pkpass, std::string_view code, std::string_view file,
                       std::string_view pointer) {
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(pkpass, diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(code, file, pointer)) << FormatText(diags);
  EXPECT_EQ(diags.error_count(), 1u) << FormatText(diags);
}

TEST(TamperTest, TheUntamperedPassIsValid) {
  Diagnostics diags;
  EXPECT_TRUE(VerifyWithRoot(Rezip([](auto&) {}), diags).ok()) << FormatText(diags);
}

TEST(TamperTest, EditedPassJson) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::string& json = Entry(entries, "pass.json").bytes;
                      json.replace(json.find("Bayroast"), 8, "Baycrest");
                    }),
                    codes::kManifestHashMismatch, "pass.json", "");
}

TEST(TamperTest, EditedImage) {
  ExpectRefusedWith(Rezip([](auto& entries) { Entry(entries, "strip@2x.png").bytes += "x"; }),
                    codes::kManifestHashMismatch, "strip@2x.png", "");
}

TEST(TamperTest, EditedManifest) {
  // Every hash still matches; only the signed bytes changed.
  ExpectRefusedWith(
      Rezip([](auto& entries) { Entry(entries, "manifest.json").bytes.insert(1, " "); }),
      codes::kSignatureInvalid, "signature", "");
}

TEST(TamperTest, EditedManifestHash) {
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(Rezip([](auto& entries) {
                                std::string& manifest = Entry(entries, "manifest.json").bytes;
                                const size_t at = manifest.find("\"pass.json\":\"") + 13;
                                manifest[at] = manifest[at] == '0' ? '1' : '0';
                              }),
                              diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kManifestHashMismatch, "pass.json", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureInvalid, "signature", ""));
  EXPECT_EQ(diags.error_count(), 2u) << FormatText(diags);
}

TEST(TamperTest, ManifestWithUppercaseHex) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::string& manifest = Entry(entries, "manifest.json").bytes;
                      const size_t at = manifest.find("\"icon.png\":\"") + 12;
                      for (size_t i = at; i < at + 40; ++i) manifest[i] = static_cast<char>(toupper(manifest[i]));
                      Entry(entries, "signature").bytes =
                          testing::OpenSslSign(manifest, "signer.pem", "wwdr.pem");
                    }),
                    codes::kManifestInvalid, "manifest.json", "/icon.png");
}

TEST(TamperTest, MissingSignature) {
  ExpectRefusedWith(Without("signature"), codes::kArchiveFileMissing, "signature", "");
}

TEST(TamperTest, MissingManifest) {
  ExpectRefusedWith(Without("manifest.json"), codes::kArchiveFileMissing, "manifest.json", "");
}

TEST(TamperTest, UnlistedFile) {
  ExpectRefusedWith(WithExtra("thumbnail.png"), codes::kManifestFileUnlisted, "thumbnail.png", "");
}

TEST(TamperTest, ListedFileMissing) {
  ExpectRefusedWith(Without("logo@3x.png"), codes::kManifestEntryMissingFile, "manifest.json",
                    "/logo@3x.png");
}

class UnsafeEntryTest : public ::testing::TestWithParam<const char*> {};

TEST_P(UnsafeEntryTest, IsRefusedByName) {
  ExpectRefusedWith(WithExtra(GetParam()), codes::kArchiveEntryUnsafe, GetParam(), "");
}

INSTANTIATE_TEST_SUITE_P(Names, UnsafeEntryTest,
                         ::testing::Values("../evil.png", "en.lproj/../../evil", "/etc/passwd",
                                           "en.lproj\\pass.strings", "bell\a.png"));

TEST(TamperTest, DuplicateEntry) {
  ExpectRefusedWith(WithExtra("icon.png", "logo.png"), codes::kArchiveEntryUnsafe, "", "");
}

TEST(TamperTest, GarbageSignature) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::string& signature = Entry(entries, "signature").bytes;
                      for (size_t i = 0; i < signature.size(); ++i) signature[i] = static_cast<char>(i * 31);
                    }),
                    codes::kSignatureInvalid, "signature", "");
}

TEST(TamperTest, SignatureWithAFlippedBit) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::string& signature = Entry(entries, "signature").bytes;
                      signature[signature.size() - 10] ^= 1;  // inside the RSA signature value
                    }),
                    codes::kSignatureInvalid, "signature", "");
}

TEST(TamperTest, SignatureWithoutSigningTime) {
  ExpectRefusedWith(Rezip([](auto& entries) { Resign(entries, "signer.pem", "wwdr.pem", "-noattr"); }),
                    codes::kSignatureSigningTimeMissing, "signature", "");
}

TEST(TamperTest, SignatureByAnUntrustedKey) {
  ExpectRefusedWith(
      Rezip([](auto& entries) { Resign(entries, "foreign-signer.pem", "foreign-wwdr.pem"); }),
      codes::kSignatureUntrusted, "signature", "");
}

TEST(TamperTest, SignatureWithoutItsIntermediate) {
  ExpectRefusedWith(Rezip([](auto& entries) { Resign(entries, "signer.pem", "signer.pem"); }),
                    codes::kSignatureUntrusted, "signature", "");
}

TEST(TamperTest, ExpiredSigner) {
  ExpectRefusedWith(Rezip([](auto& entries) { Resign(entries, "expired.pem", "wwdr.pem"); }),
                    codes::kSignerNotValidAtSigningTime, "signature", "");
}

// Returns the coffee pass with `from` in pass.json replaced by `to`, and manifest and signature
// made anew for it: a valid signature over an edited pass.
std::string ResignedWith(const std::string& from, const std::string& to) {
  return Rezip([&](auto& entries) {
    std::string& json = Entry(entries, "pass.json").bytes;
    json.replace(json.find(from), from.size(), to);
    Resign(entries);
  });
}

TEST(TamperTest, MismatchedPassTypeIdentifier) {
  ExpectRefusedWith(ResignedWith(testing::kPassTypeId, "pass.org.other"), codes::kPassTypeIdMismatch,
                    "pass.json", "/passTypeIdentifier");
}

TEST(TamperTest, MismatchedTeamIdentifier) {
  ExpectRefusedWith(ResignedWith(testing::kTeamId, "OTHERTEAM1"), codes::kTeamIdMismatch, "pass.json",
                    "/teamIdentifier");
}

TEST(TamperTest, NoIconWithAValidSignature) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::erase_if(entries, [](auto& e) { return e.name.starts_with("icon"); });
                      Resign(entries);
                    }),
                    codes::kIconMissing, "icon.png", "");
}

TEST(TamperTest, TooManyEntries) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      for (int i = 0; i < 1100; ++i) entries.push_back({"f" + std::to_string(i), ""});
                    }),
                    codes::kArchiveInvalid, "", "");
}

// Returns a ZIP holding one entry "strip.png": `actual` zero bytes deflated, its header claiming
// `declared` bytes (a zip bomb: honest when the two are equal, lying when declared is small).
std::string ZeroFilledZip(std::uint32_t declared, std::uint32_t actual) {
  std::string data;
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string zeros(1 << 20, '\0');
  uLong crc = crc32(0, nullptr, 0);
  char out[1 << 16];
  for (std::uint32_t left = actual;;) {
    const std::uint32_t n = std::min(left, static_cast<std::uint32_t>(zeros.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(zeros.data()), n);
    left -= n;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    z.avail_in = n;
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(out);
      z.avail_out = sizeof(out);
      rc = deflate(&z, left == 0 ? Z_FINISH : Z_NO_FLUSH);
      data.append(out, sizeof(out) - z.avail_out);
    } while (z.avail_out == 0 || (left == 0 && rc != Z_STREAM_END));
    if (left == 0) break;
  }
  deflateEnd(&z);

  auto u16 = [](std::string& s, unsigned v) { s += char(v & 0xff); s += char(v >> 8 & 0xff); };
  auto u32 = [&u16](std::string& s, std::uint32_t v) { u16(s, v & 0xffff); u16(s, v >> 16); };
  const std::string name = "strip.png";
  std::string zip;
  const auto name_size = static_cast<unsigned>(name.size());
  u32(zip, 0x04034b50); u16(zip, 20); u16(zip, 0); u16(zip, 8); u16(zip, 0); u16(zip, 0x21);
  u32(zip, static_cast<std::uint32_t>(crc)); u32(zip, static_cast<std::uint32_t>(data.size()));
  u32(zip, declared); u16(zip, name_size); u16(zip, 0);
  zip += name + data;
  const std::uint32_t central = static_cast<std::uint32_t>(zip.size());
  u32(zip, 0x02014b50); u16(zip, 20); u16(zip, 20); u16(zip, 0); u16(zip, 8); u16(zip, 0);
  u16(zip, 0x21); u32(zip, static_cast<std::uint32_t>(crc));
  u32(zip, static_cast<std::uint32_t>(data.size())); u32(zip, declared);
  u16(zip, name_size); u16(zip, 0); u16(zip, 0); u16(zip, 0); u16(zip, 0);
  u32(zip, 0); u32(zip, 0);
  zip += name;
  const std::uint32_t central_size = static_cast<std::uint32_t>(zip.size()) - central;
  u32(zip, 0x06054b50); u16(zip, 0); u16(zip, 0); u16(zip, 1); u16(zip, 1);
  u32(zip, central_size); u32(zip, central); u16(zip, 0);
  return zip;
}

constexpr std::uint32_t k600Mb = 600u << 20;

TEST(TamperTest, ZipBombDeclaringItsSize) {
  ExpectRefusedWith(ZeroFilledZip(k600Mb, k600Mb), codes::kArchiveInvalid, "", "");
}

TEST(TamperTest, ZipBombLyingAboutItsSize) {
  ExpectRefusedWith(ZeroFilledZip(1000, k600Mb), codes::kArchiveInvalid, "", "");
}

TEST(TamperTest, TheZipBuilderMakesAReadableArchive) {
  // The bombs above are refused for their size, not for a malformed archive.
  const std::vector<ArchiveEntry> entries = testing::ReadEntries(ZeroFilledZip(5000, 5000));
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].bytes, std::string(5000, '\0'));
}

TEST(TamperTest, RandomBytes) {
  std::mt19937 random(6);
  std::string bytes(64 << 10, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  ExpectRefusedWith(bytes, codes::kArchiveInvalid, "", "");
}

TEST(TamperTest, EmptyInput) { ExpectRefusedWith("", codes::kArchiveInvalid, "", ""); }

TEST(TamperTest, TruncatedArchive) {
  const std::string pass = testing::CoffeePass();
  ExpectRefusedWith(std::string_view(pass).substr(0, pass.size() / 2), codes::kArchiveInvalid, "", "");
}

// --- Budgets and what Wallet accepts --------------------------------------------------------

// A manifest may not list more files than an archive holds; it is refused once, not entry by
// entry, even when it is validly signed.
TEST(TamperTest, ManifestListingMoreThanAnArchiveHolds) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::string manifest = Entry(entries, "manifest.json").bytes;
                      manifest.pop_back();
                      for (int i = 0; i < 1025; ++i) manifest += ",\"f" + std::to_string(i) + "\":\"" + std::string(40, '0') + "\"";
                      manifest += "}";
                      Entry(entries, "manifest.json").bytes = manifest;
                      Entry(entries, "signature").bytes = testing::OpenSslSign(manifest, "signer.pem", "wwdr.pem");
                    }),
                    codes::kManifestInvalid, "manifest.json", "");
}

TEST(TamperTest, ManifestPastTheKeyBudget) {
  ExpectRefusedWith(Rezip([](auto& entries) {
                      std::string manifest = "{";
                      for (int i = 0; i < 5000; ++i) manifest += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
                      manifest += "}";
                      Entry(entries, "manifest.json").bytes = manifest;
                      Entry(entries, "signature").bytes = testing::OpenSslSign(manifest, "signer.pem", "wwdr.pem");
                    }),
                    codes::kJsonTooManyKeys, "manifest.json", "");
}

class DigestTest : public ::testing::TestWithParam<const char*> {};

// openssl signs with whatever digest it is asked for; Wallet takes SHA-1 and SHA-256 only.
TEST_P(DigestTest, OnlySha1AndSha256AreAccepted) {
  const std::string digest = GetParam();
  const std::string pass = Rezip([&](auto& entries) {
    Resign(entries, "signer.pem", "wwdr.pem", "-md " + digest);
  });
  Diagnostics diags;
  const Status status = VerifyWithRoot(pass, diags);
  if (digest == "sha1" || digest == "sha256") {
    EXPECT_TRUE(status.ok()) << FormatText(diags);
    return;
  }
  EXPECT_THAT(status, StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kSignatureDigestUnsupported, "signature", ""));
  EXPECT_EQ(diags.error_count(), 1u) << FormatText(diags);
}

INSTANTIATE_TEST_SUITE_P(Digests, DigestTest, ::testing::Values("sha1", "sha256", "md5", "sha512", "sha384"));

// Sets the compression method of entry `name` in its local header and in the central directory.
std::string WithMethod(std::string zip, const std::string& name, std::uint16_t method) {
  auto set = [&](std::string_view signature, size_t name_offset, size_t method_offset) {
    for (size_t at = zip.find(signature); at != std::string::npos; at = zip.find(signature, at + 1)) {
      if (zip.compare(at + name_offset, name.size(), name) != 0) continue;
      zip[at + method_offset] = static_cast<char>(method & 0xFF);
      zip[at + method_offset + 1] = static_cast<char>(method >> 8);
      return;
    }
    ADD_FAILURE() << "no header for " << name;
  };
  set(std::string_view("PK\x03\x04", 4), 30, 8);
  set(std::string_view("PK\x01\x02", 4), 46, 10);
  return zip;
}

class MethodTest : public ::testing::TestWithParam<std::uint16_t> {};

// Refused from the central directory, whatever the local libzip can expand: bzip2 (12), LZMA
// (14), zstd (93), xz (95).
TEST_P(MethodTest, OnlyStoredAndDeflatedEntriesAreRead) {
  ExpectRefusedWith(WithMethod(Rezip([](auto&) {}), "icon.png", GetParam()),
                    codes::kArchiveEntryUnsupported, "icon.png", "");
}

INSTANTIATE_TEST_SUITE_P(Methods, MethodTest, ::testing::Values(12, 14, 93, 95));

// Large images, each of other dimensions so that none is a copy of another.
void AddLargeImages(std::vector<ArchiveEntry>& entries) {
  const char* names[] = {"artwork.png", "background.png", "footer.png", "primaryLogo.png", "thumbnail.png"};
  for (std::uint32_t i = 0; i < 5; ++i) entries.push_back({names[i], testing::MakeBlankPng(4096, 4096 - i)});
}

// An archive whose signature does not cover its files has none of its images decoded: its
// report is about the manifest, not the images.
TEST(TamperTest, ImagesOfAnUnsignedArchiveAreNotDecoded) {
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(Rezip(AddLargeImages), diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(diags.error_count(), 5u) << FormatText(diags);
  for (const Diagnostic& d : diags) EXPECT_EQ(d.code, codes::kManifestFileUnlisted) << FormatText(diags);
}

// Signed or not, the images of one archive share one budget of decoded pixels: five of the
// largest images do not fit, and those past it are refused without being decoded.
TEST(TamperTest, ImagesPastThePixelBudgetAreRefused) {
  Diagnostics diags;
  EXPECT_THAT(VerifyWithRoot(Rezip([](auto& entries) {
                                AddLargeImages(entries);
                                Resign(entries);
                              }),
                              diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageTooLarge, "primaryLogo.png", ""));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kImageTooLarge, "thumbnail.png", ""));
  EXPECT_EQ(diags.error_count(), 2u) << FormatText(diags);
}

}  // namespace
}  // namespace pkpass
