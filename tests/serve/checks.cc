#include "serve/checks.h"

#include <gtest/gtest.h>

#include "pkpass/pkpass.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/test_pki.h"

namespace pkpass::testing {

rapidjson::Document Json(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  EXPECT_FALSE(doc.HasParseError()) << text;
  return doc;
}

std::string Text(const rapidjson::Value& v) {
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  v.Accept(w);
  return out.GetString();
}

std::string Fixture(const std::string& path) { return ReadFile(std::string(PKPASS_SOURCE_DIR) + "/" + path); }

std::vector<std::string> DiagnosticsOf(const HttpResponse& r) {
  std::vector<std::string> out;
  rapidjson::Document doc = Json(r.body);
  if (!doc.IsObject() || !doc.HasMember("diagnostics")) return out;
  for (const auto& d : doc["diagnostics"].GetArray()) {
    out.push_back(std::string(d["code"].GetString()) + " " + d["file"].GetString() + ":" + d["pointer"].GetString());
  }
  return out;
}

rapidjson::Document PassJsonOf(const std::string& pkpass) {
  Diagnostics diags;
  EXPECT_TRUE(Verify(pkpass, {.trust_root_pem = Pki().root_pem, .allow_http_web_service = true}, diags).ok()) << FormatText(diags);
  const std::vector<ArchiveEntry> entries = ReadEntries(pkpass);
  EXPECT_EQ(OpenSslVerifyFailure(entries), "");
  return Json(EntryBytes(entries, "pass.json"));
}

const rapidjson::Value* FieldOf(const rapidjson::Value& pass, const char* key) {
  for (const char* style : {"boardingPass", "coupon", "eventTicket", "generic", "storeCard"}) {
    if (!pass.HasMember(style)) continue;
    for (const auto& area : pass[style].GetObject()) {
      if (!area.value.IsArray()) continue;
      for (const auto& f : area.value.GetArray()) {
        if (f.IsObject() && f.HasMember("key") && std::string(f["key"].GetString()) == key) return &f;
      }
    }
  }
  return nullptr;
}

std::string GoldenDifference(const rapidjson::Value& pass, const std::string& golden_case) {
  rapidjson::Document got;
  got.CopyFrom(pass, got.GetAllocator());
  rapidjson::Document want = Json(Fixture("fixtures/cases/" + golden_case + "/expected/pass.json"));
  got.RemoveMember("serialNumber");
  want.RemoveMember("serialNumber");
  // The server's own two keys (its address and the pass's token), which the golden cases lack.
  if (!got.HasMember("webServiceURL") || !got.HasMember("authenticationToken") ||
      std::string(got["authenticationToken"].GetString()).size() != 32) {
    return "no webServiceURL and 32-character authenticationToken in " + Text(got);
  }
  got.RemoveMember("webServiceURL");
  got.RemoveMember("authenticationToken");
  if (got == want) return "";
  return "got  " + Text(got) + "\nwant " + Text(want);
}

}  // namespace pkpass::testing
