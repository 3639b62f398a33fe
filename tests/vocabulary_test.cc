// The vocabulary table's own promises: how it is looked up, the overrides keys it answers for,
// and the order it gives the written pass.json. What the rows say about Apple's format is tested
// against Apple's documentation by validator_test.cc and the golden cases, not against the table.
#include "schema/vocabulary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "emit/pass_json_writer.h"
#include "util/json.h"

namespace pkpass::schema {
namespace {

std::vector<std::string> Names(std::span<const std::string_view> names) {
  return {names.begin(), names.end()};
}

TEST(VocabularyTest, FindsRowsByDictionaryAndName) {
  const Key* logo = Find(Dict::kPass, "logoText");
  ASSERT_NE(logo, nullptr);
  EXPECT_EQ(logo->types, kJsonString);
  EXPECT_EQ(logo->max_chars, 35u);
  EXPECT_EQ(Find(Dict::kField, "logoText"), nullptr);
  EXPECT_EQ(Find(Dict::kPass, "logotext"), nullptr);
  ASSERT_NE(Find(Dict::kSeat, "seatSectionColor"), nullptr);
  EXPECT_EQ(Find(Dict::kSeat, "seatSectionColor")->format, Format::kColor);
  EXPECT_EQ(Find(Dict::kSemantics, "eventStartDate")->format, Format::kDate);
}

TEST(VocabularyTest, ListsStylesFieldDictionariesAndGroups) {
  EXPECT_EQ(Names(StyleKeys()),
            (std::vector<std::string>{"boardingPass", "coupon", "eventTicket", "generic", "storeCard"}));
  EXPECT_EQ(Names(FieldDictionaryKeys()),
            (std::vector<std::string>{"boardingPass", "coupon", "eventTicket", "generic",
                                      "storeCard", "posterGeneric"}));
  EXPECT_EQ(Names(FieldGroups()),
            (std::vector<std::string>{"headerFields", "primaryFields", "secondaryFields",
                                      "auxiliaryFields", "backFields", "additionalInfoFields",
                                      "footerFields"}));
}

TEST(VocabularyTest, AnswersForTheOverridesKeys) {
  EXPECT_EQ(FindOverride("fields")->override, Override::kFields);
  EXPECT_EQ(FindOverride("images")->override, Override::kImages);
  EXPECT_EQ(FindOverride("status")->override, Override::kStatus);
  EXPECT_EQ(FindOverride("passcode")->override, Override::kNotInPass);
  EXPECT_EQ(FindOverride("barcode")->override, Override::kBarcodeMessage);
  EXPECT_EQ(FindOverride("nfc")->override, Override::kNfcAttributes);
  EXPECT_EQ(FindOverride("transitType")->override, Override::kTransitType);
  EXPECT_EQ(FindOverride("serialNumber")->override, Override::kReplace);
  EXPECT_EQ(FindOverride("serialNumber")->types, kJsonString);
  // Identity keys come from the model and the signer, never from a pass's overrides.
  for (const char* fixed : {"formatVersion", "passTypeIdentifier", "teamIdentifier",
                            "generic", "headerFields", "label", "bogus"}) {
    EXPECT_EQ(FindOverride(fixed), nullptr) << fixed;
  }
}

TEST(VocabularyTest, AnswersForTheAttributesOverridesSet) {
  EXPECT_NE(FindAttribute(Dict::kField, "value"), nullptr);
  EXPECT_NE(FindAttribute(Dict::kField, "semantics"), nullptr);
  EXPECT_EQ(FindAttribute(Dict::kField, "key"), nullptr);  // matches, never set
  EXPECT_NE(FindAttribute(Dict::kBarcode, "message"), nullptr);
  EXPECT_NE(FindAttribute(Dict::kBarcode, "altText"), nullptr);
  EXPECT_EQ(FindAttribute(Dict::kBarcode, "format"), nullptr);
  EXPECT_NE(FindAttribute(Dict::kNfc, "requiresAuthentication"), nullptr);
}

TEST(VocabularyTest, RanksInTableOrderAndUnknownKeysLast) {
  EXPECT_LT(Rank(Dict::kPass, "formatVersion"), Rank(Dict::kPass, "passTypeIdentifier"));
  EXPECT_LT(Rank(Dict::kPass, "userInfo"), Rank(Dict::kPass, "accessibilityURL"));
  EXPECT_EQ(Rank(Dict::kPass, "bogus"), Rank(Dict::kPass, "other"));
  EXPECT_GT(Rank(Dict::kPass, "bogus"), Rank(Dict::kPass, "useAutomaticColors"));
}

// Keys after userInfo were written in name order before the table; they stay so, and a key
// added there must keep the order for passes already issued to keep their bytes.
TEST(VocabularyTest, KeysAfterUserInfoAreInNameOrder) {
  const std::span<const Key> pass = KeysOf(Dict::kPass);
  auto it = std::find_if(pass.begin(), pass.end(), [](const Key& k) { return k.name == "userInfo"; });
  ASSERT_NE(it, pass.end());
  EXPECT_TRUE(std::is_sorted(it + 1, pass.end(),
                             [](const Key& a, const Key& b) { return a.name < b.name; }));
}

TEST(VocabularyTest, EveryNestedDictionaryHasRows) {
  for (int d = 0; d <= static_cast<int>(Dict::kFieldOverride); ++d) {
    for (const Key& key : KeysOf(static_cast<Dict>(d))) {
      if (key.value_dict != Dict::kNone) {
        EXPECT_FALSE(KeysOf(key.value_dict).empty()) << key.name;
      }
      if (key.format == Format::kEnum) {
        EXPECT_FALSE(key.values.empty()) << key.name;
      }
    }
  }
}

TEST(VocabularyTest, WriterOrdersEachDictionaryByItsOwnRows) {
  rapidjson::Document doc;
  doc.Parse(R"({"userInfo": {"value": 1, "key": 2}, "semantics": {"totalPrice":
    {"amount": "5", "currencyCode": "EUR"}, "eventName": "E"}, "barcodes": [{"messageEncoding":
    "utf-8", "message": "m", "format": "PKBarcodeFormatQR"}], "description": "d",
    "formatVersion": 1})");
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(WritePassJson(doc),
            R"({"formatVersion":1,"description":"d","barcodes":[{"format":"PKBarcodeFormatQR",)"
            R"("message":"m","messageEncoding":"utf-8"}],"semantics":{"eventName":"E",)"
            R"("totalPrice":{"currencyCode":"EUR","amount":"5"}},"userInfo":{"key":2,"value":1}})");
}


// The rows of image types, field limits and barcode formats say what Apple's guide says.
TEST(VocabularyRowsTest, ImagesFieldLimitsAndBarcodeFormats) {
  EXPECT_TRUE(FindImage("strip", "storeCard")->shown);
  EXPECT_EQ(FindImage("strip", "storeCard")->height, 144u);
  EXPECT_EQ(FindImage("strip", "eventTicket")->height, 98u);
  EXPECT_FALSE(FindImage("strip", "generic")->shown);
  EXPECT_TRUE(FindImage("thumbnail", "generic")->shown);
  EXPECT_FALSE(FindImage("footer", "eventTicket")->shown);
  EXPECT_TRUE(FindImage("icon", "boardingPass")->shown);
  EXPECT_EQ(FindImage("sticker", "generic"), nullptr);
  EXPECT_EQ(FieldsShown("auxiliaryFields", "eventTicket"), 8u);
  EXPECT_EQ(FieldsShown("auxiliaryFields", "coupon"), 4u);
  EXPECT_EQ(FieldsShown("primaryFields", "boardingPass"), 2u);
  EXPECT_EQ(FieldsShown("backFields", "generic"), SIZE_MAX);
  ASSERT_EQ(BarcodeFormats().size(), kBarcodeFormats.size());
  for (size_t i = 0; i < kBarcodeFormats.size(); ++i) EXPECT_EQ(BarcodeFormats()[i].name, kBarcodeFormats[i]);
  EXPECT_TRUE(FindBarcodeFormat("PKBarcodeFormatAztec")->square);
  EXPECT_FALSE(FindBarcodeFormat("PKBarcodeFormatCode128")->on_watch);
  EXPECT_TRUE(FindBarcodeFormat("PKBarcodeFormatEAN13")->from_ios27);
}

}  // namespace
}  // namespace pkpass::schema
