// How diagnostics are printed: text for people, JSON that is valid UTF-8 whatever it quotes.
#include "pkpass/diagnostic.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace pkpass {
namespace {

TEST(DiagnosticTest, TextNamesTheFileAndPointerWhenThereAreAny) {
  Diagnostics diags;
  diags.Error("model-too-large", "", "", "the model is too large");
  diags.Warning("key-unknown", "pass.json", "/x", "unknown");
  diags.Error("image-corrupt", "icon.png", "", "corrupt");
  EXPECT_EQ(FormatText(diags),
            "error: the model is too large [model-too-large]\n"
            "pass.json:/x: warning: unknown [key-unknown]\n"
            "icon.png: error: corrupt [image-corrupt]\n");
}

TEST(DiagnosticTest, JsonIsValidUtf8WhateverTheDiagnosticsQuote) {
  Diagnostics diags;
  diags.Error("archive-entry-unsafe", "\xFF\xFE.png", "/a\xC0\xAF", "name \"\xFF\xFE.png\" \xE2\x82");
  const std::string json = FormatJson(diags);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << json;
  EXPECT_STREQ(doc[0]["file"].GetString(), "\xEF\xBF\xBD\xEF\xBF\xBD.png");
  EXPECT_STREQ(doc[0]["pointer"].GetString(), "/a\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_STREQ(doc[0]["message"].GetString(), "name \"\xEF\xBF\xBD\xEF\xBF\xBD.png\" \xEF\xBF\xBD");
}

TEST(DiagnosticTest, ValidUtf8IsKeptAsItIs) {
  EXPECT_EQ(ToValidUtf8("caf\xC3\xA9 \xF0\x9F\x8E\xAB \xEF\xBF\xBD"), "caf\xC3\xA9 \xF0\x9F\x8E\xAB \xEF\xBF\xBD");
  EXPECT_EQ(ToValidUtf8(""), "");
  EXPECT_EQ(ToValidUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

}  // namespace
}  // namespace pkpass
