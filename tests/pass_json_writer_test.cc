#include "emit/pass_json_writer.h"

#include <gtest/gtest.h>

#include "emit/manifest.h"

namespace pkpass {
namespace {

std::string Rewrite(const char* json) {
  rapidjson::Document doc;
  doc.Parse(json);
  return WritePassJson(doc);
}

TEST(PassJsonWriterTest, OrdersAppleKeysThenOthersByBytes) {
  EXPECT_EQ(Rewrite(R"({"zeta": 1, "description": "D", "Alpha": 2, "formatVersion": 1,
                        "storeCard": {"primaryFields": [{"value": "v", "label": "l", "key": "k"}]},
                        "serialNumber": "S"})"),
            R"({"formatVersion":1,"serialNumber":"S","description":"D","storeCard":{"primaryFields":)"
            R"([{"key":"k","label":"l","value":"v"}]},"Alpha":2,"zeta":1})");
}

TEST(PassJsonWriterTest, SameValuesGiveSameBytesWhateverTheInputOrder) {
  EXPECT_EQ(Rewrite(R"({"b": {"y": 1, "x": [2, {"q": 1, "p": 2}]}, "a": "é"})"),
            Rewrite(R"({"a": "é", "b": {"x": [2, {"p": 2, "q": 1}], "y": 1}})"));
}

TEST(PassJsonWriterTest, KeepsArrayOrderAndWritesShortestNumbers) {
  EXPECT_EQ(Rewrite(R"({"n": [3, 1, 2, 0.1, 1e3, -0.5, 12345678901234]})"),
            R"({"n":[3,1,2,0.1,1000.0,-0.5,12345678901234]})");
}

TEST(PassJsonWriterTest, EscapesStringsAsJson) {
  EXPECT_EQ(Rewrite(R"({"description": "a\"b\\c\n\u0001"})"),
            R"({"description":"a\"b\\c\n\u0001"})");
}

TEST(ManifestTest, SortsPathsAndMapsThemToHashes) {
  const std::vector<BundleFile> files = {
      {"pass.json", "{}", "bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f", true},
      {"en.lproj/pass.strings", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709", true},
      {"icon.png", "x", "11f6ad8ec52a2984abaafd7c3b516503785c2072", false}};
  EXPECT_EQ(WriteManifest(files),
            R"({"en.lproj/pass.strings":"da39a3ee5e6b4b0d3255bfef95601890afd80709",)"
            R"("icon.png":"11f6ad8ec52a2984abaafd7c3b516503785c2072",)"
            R"("pass.json":"bf21a9e8fbc5a3846fb05b4fa0859e0917b2202f"})");
}

}  // namespace
}  // namespace pkpass
