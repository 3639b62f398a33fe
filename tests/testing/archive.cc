#include "testing/archive.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <zip.h>

#include <set>

#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass::testing {

std::vector<ArchiveEntry> ReadEntries(const std::string& bytes) {
  std::vector<ArchiveEntry> entries;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  if (za == nullptr) {
    ADD_FAILURE() << "not a zip: " << zip_error_strerror(&error);
    if (src) zip_source_free(src);
    return entries;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st);
    ArchiveEntry e{st.name, std::string(st.size, '\0'), st.comp_method != ZIP_CM_STORE,
                   static_cast<long>(st.mtime)};
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (st.size > 0) zip_fread(f, e.bytes.data(), st.size);
    zip_fclose(f);
    entries.push_back(std::move(e));
  }
  zip_discard(za);
  return entries;
}

std::string EntryBytes(const std::vector<ArchiveEntry>& entries, const std::string& name) {
  for (const ArchiveEntry& e : entries) {
    if (e.name == name) return e.bytes;
  }
  return "";
}

std::string OpenSslVerifyFailure(const std::vector<ArchiveEntry>& entries, const std::string& root) {
  const std::string dir = MakeTempDir("cms");
  WriteFile(dir + "/manifest.json", EntryBytes(entries, "manifest.json"));
  WriteFile(dir + "/signature", EntryBytes(entries, "signature"));
  const CommandResult r = RunCommand(
      "openssl cms -verify -binary -inform DER -in " + dir + "/signature -content " + dir +
      "/manifest.json -CAfile " + (root.empty() ? PkiDir() + "/root.pem" : root) + " -purpose any -out /dev/null");
  if (r.exit_code == 0 && r.out.find("Verification successful") != std::string::npos) return "";
  return "exit " + std::to_string(r.exit_code) + ": " + r.out;
}

std::string ManifestFailure(const std::vector<ArchiveEntry>& entries) {
  rapidjson::Document manifest;
  manifest.Parse(EntryBytes(entries, "manifest.json").c_str());
  if (!manifest.IsObject()) return "manifest.json is not an object";
  std::set<std::string> listed;
  for (const auto& m : manifest.GetObject()) listed.insert(m.name.GetString());
  for (const ArchiveEntry& e : entries) {
    if (e.name == "manifest.json" || e.name == "signature") continue;
    if (!listed.erase(e.name)) return e.name + " is not in the manifest";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    EVP_Digest(e.bytes.data(), e.bytes.size(), md, &n, EVP_sha1(), nullptr);
    std::string hex;
    for (unsigned i = 0; i < n; ++i) {
      char b[3];
      snprintf(b, sizeof(b), "%02x", md[i]);
      hex += b;
    }
    if (manifest[e.name.c_str()].GetString() != hex) return e.name + " has the wrong hash";
  }
  if (!listed.empty()) return *listed.begin() + " is listed but not in the archive";
  return "";
}

}  // namespace pkpass::testing
