#include "util/json.h"

#include <gtest/gtest.h>

#include "pkpass/diagnostic_codes.h"
#include "testing/matchers.h"
#include "testing/resolved.h"
#include "util/json_pointer.h"

namespace pkpass {
namespace {

using testing::HasDiagnostic;

struct JsonCase {
  // Names the case in test listings instead of a byte dump.
  friend void PrintTo(const JsonCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  std::string text;
  std::string_view code;     // "" when the text parses
  const char* pointer = "";
};

class ParseJsonTest : public ::testing::TestWithParam<JsonCase> {};

TEST_P(ParseJsonTest, ReportsExactProblem) {
  const JsonCase& c = GetParam();
  rapidjson::Document doc;
  Diagnostics diags;
  const bool ok = ParseJsonObject(c.text, "pass.json", 1u << 20, doc, diags);
  if (c.code.empty()) {
    EXPECT_TRUE(ok);
    EXPECT_TRUE(diags.empty()) << FormatText(diags);
  } else {
    EXPECT_FALSE(ok);
    EXPECT_EQ(diags.size(), 1u);
    EXPECT_THAT(diags, HasDiagnostic(c.code, c.pointer));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ParseJsonTest,
    ::testing::Values(
        JsonCase{"Object", R"({"a": [1, 2.5, "x", null, true]})", ""},
        JsonCase{"ByteOrderMarkStripped", "\xEF\xBB\xBF{\"a\": 1}", ""},
        JsonCase{"TrailingComma", R"({"a": 1,})", codes::kJsonSyntax},
        JsonCase{"Comment", "{/* no */ \"a\": 1}", codes::kJsonSyntax},
        JsonCase{"NaN", R"({"a": NaN})", codes::kJsonSyntax},
        JsonCase{"TrailingGarbage", R"({"a": 1} x)", codes::kJsonSyntax},
        JsonCase{"Truncated", R"({"a": [1, 2)", codes::kJsonSyntax},
        JsonCase{"Empty", "", codes::kJsonSyntax},
        JsonCase{"InvalidUtf8", "{\"a\": \"\xC3\x28\"}", codes::kJsonEncoding},
        JsonCase{"OverlongUtf8", "{\"a\": \"\xC0\xAF\"}", codes::kJsonEncoding},
        JsonCase{"NotAnObject", "[1, 2]", codes::kJsonNotObject},
        JsonCase{"DuplicateKey", R"({"a": {"b~/": 1, "b~/": 2}})", codes::kJsonDuplicateKey,
                 "/a/b~0~1"},
        JsonCase{"DeepNesting", std::string(100000, '[') + std::string(100000, ']'),
                 codes::kJsonTooDeep}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ParseJsonTest, RefusesOversizeDocumentBeforeParsing) {
  const std::string text = "{\"a\": \"" + std::string(10 << 20, 'x') + "\"}";
  rapidjson::Document doc;
  Diagnostics diags;
  EXPECT_FALSE(ParseJson(text, "overrides", 1u << 20, doc, diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].code, codes::kJsonTooLarge);
  EXPECT_EQ(diags.items()[0].file, "overrides");
}

TEST(ParseJsonTest, AcceptsNestingAtTheLimit) {
  const std::string text = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  rapidjson::Document doc;
  Diagnostics diags;
  EXPECT_TRUE(ParseJson(text, "x", 1u << 20, doc, diags)) << FormatText(diags);
}

TEST(ParseJsonTest, SyntaxErrorNamesLineAndColumn) {
  rapidjson::Document doc;
  Diagnostics diags;
  ParseJson("{\n  \"a\": 1,\n}", "pass.json", 1u << 20, doc, diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_THAT(diags.items()[0].message, ::testing::HasSubstr("line 3, column 1"));
}

// Returns {"k0":0,"k1":0,...} with `count` keys, the i-th named by `name(i)`.
template <typename Name>
std::string ObjectWithKeys(size_t count, Name name) {
  std::string text = "{";
  for (size_t i = 0; i < count; ++i) text += (i ? ",\"" : "\"") + name(i) + "\":0";
  return text + "}";
}

TEST(ParseJsonTest, AcceptsAnObjectAtTheKeyBudget) {
  rapidjson::Document doc;
  Diagnostics diags;
  const std::string text = ObjectWithKeys(kMaxJsonObjectKeys, [](size_t i) { return "k" + std::to_string(i); });
  EXPECT_TRUE(ParseJson(text, "overrides", 1u << 20, doc, diags)) << FormatText(diags);
  EXPECT_EQ(doc.MemberCount(), kMaxJsonObjectKeys);
}

// The budget is checked as the keys are read: 100,000 keys (the 900 KB overrides that took
// 25 s to check for duplicates) stop at the 4,097th.
TEST(ParseJsonTest, RefusesAnObjectPastTheKeyBudgetWhereItIsPassed) {
  rapidjson::Document doc;
  Diagnostics diags;
  const std::string inner = ObjectWithKeys(100000, [](size_t i) { return std::to_string(i); });
  EXPECT_FALSE(ParseJson("{\"userInfo\": " + inner + "}", "overrides", 1u << 20, doc, diags));
  ASSERT_EQ(diags.size(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnostic(codes::kJsonTooManyKeys, ""));
  // Reported just past the 4,097th key, "4096": 14 characters of {"userInfo": {, the 4,096
  // members before it ("0":0, ...), then "4096" itself.
  size_t column = 15;
  for (size_t i = 0; i < kMaxJsonObjectKeys; ++i) column += std::to_string(i).size() + 5;
  column += std::string("\"4096\"").size();
  EXPECT_EQ(diags.items()[0].message,
            "an object has more than 4096 keys at line 1, column " + std::to_string(column));
}

// Every repeat is reported, in document order, however the keys sort.
TEST(ParseJsonTest, ReportsEveryRepeatedKeyInDocumentOrder) {
  rapidjson::Document doc;
  Diagnostics diags;
  EXPECT_FALSE(ParseJson(R"({"b": 1, "a": 2, "c": 3, "b": 4, "a": 5, "a": 6})", "x", 1u << 20, doc,
                         diags));
  ASSERT_EQ(diags.size(), 3u) << FormatText(diags);
  EXPECT_EQ(diags.items()[0].pointer, "/b");
  EXPECT_EQ(diags.items()[1].pointer, "/a");
  EXPECT_EQ(diags.items()[2].pointer, "/a");
}

TEST(ParseJsonTest, ReportsOneKeyRepeatedAtTheBudgetOnceARepeat) {
  rapidjson::Document doc;
  Diagnostics diags;
  const std::string text = ObjectWithKeys(kMaxJsonObjectKeys, [](size_t) { return std::string("k"); });
  EXPECT_FALSE(ParseJson(text, "x", 1u << 20, doc, diags));
  EXPECT_EQ(diags.size(), kMaxJsonObjectKeys - 1);
  EXPECT_EQ(diags.error_count(), kMaxJsonObjectKeys - 1);
}

TEST(JsonPointerTest, EscapesTildeAndSlash) {
  EXPECT_EQ(JsonPointer().Child("userInfo").Child("a/b").Child("c~d").Child(size_t{3}).str(),
            "/userInfo/a~1b/c~0d/3");
  EXPECT_EQ(JsonPointer().str(), "");
}

// Every double reads back as written, 17 significant digits included (the seed's longitude
// 121.55269329999999), and is written as the shortest text that reads back the same.
TEST(ParseJsonTest, DoublesKeepEveryDigit) {
  rapidjson::Document doc;
  Diagnostics diags;
  ASSERT_TRUE(ParseJson(R"({"a": 121.55269329999999, "b": 121.5526933, "c": 0.1, "d": 2.0, "e": 1e300})", "x",
                        1u << 20, doc, diags));
  EXPECT_EQ(WriteJson(doc), R"({"a":121.55269329999999,"b":121.5526933,"c":0.1,"d":2.0,"e":1e+300})");
  EXPECT_NE(doc["a"].GetDouble(), doc["b"].GetDouble());
  // Zero with an exponent (which RapidJSON's own full-precision path cannot take), integers past
  // 64 bits, and what a double cannot hold.
  ASSERT_TRUE(ParseJson(R"([0e99, -0.0e-5, 1e-400, 123456789012345678901234567890, -9223372036854775808,
                            18446744073709551615, 4294967296, -2147483649, 7])", "x", 1u << 20, doc, diags));
  EXPECT_EQ(WriteJson(doc), "[0.0,-0.0,0.0,1.2345678901234568e+29,-9223372036854775808,18446744073709551615,"
                            "4294967296,-2147483649,7]");
  EXPECT_TRUE(doc[3].IsDouble() && doc[4].IsInt64() && doc[5].IsUint64() && !doc[5].IsInt64());
  EXPECT_TRUE(doc[7].IsInt64() && !doc[7].IsInt() && doc[8].IsInt());
  for (const char* big : {"[1e400]", "[-1e309]", "[1000e306]", "[1e99999999999999999999999]"}) {
    Diagnostics refused;
    EXPECT_FALSE(ParseJson(big, "x", 1u << 20, doc, refused)) << big;
    EXPECT_EQ(testing::ErrorsOf(refused), "json-syntax at x:") << big;
    EXPECT_NE(refused.begin()->message.find("Number too big"), std::string::npos) << refused.begin()->message;
  }
}

}  // namespace
}  // namespace pkpass
