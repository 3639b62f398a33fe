// Generated barcode values (model.json "barcodeValues") and the batch registry.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "model/model_config.h"
#include "pkpass/batch.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/issued.h"
#include "pkpass/model.h"
#include "resolve/barcode_values.h"
#include "testing/resolved.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::StatusIs;

TEST(BarcodeValuesTest, EachAlphabetAndLength) {
  const struct {
    BarcodeAlphabet alphabet;
    int length;
    const char* pattern;
  } cases[] = {{BarcodeAlphabet::kNumeric, 8, "[0-9]{8}"},
               {BarcodeAlphabet::kAlphabetic, 10, "[A-Za-z]{10}"},
               {BarcodeAlphabet::kAlphanumeric, 100, "[0-9A-Za-z]{100}"}};
  for (const auto& c : cases) {
    Result<std::string> value = GenerateBarcodeValue({c.alphabet, c.length}, nullptr);
    ASSERT_THAT(value, IsOk());
    EXPECT_TRUE(std::regex_match(*value, std::regex(c.pattern))) << *value;
  }
}

TEST(BarcodeValuesTest, RegistryRefusesRepeats) {
  BarcodeRegistry registry;
  EXPECT_TRUE(registry.Claim("12345678"));
  EXPECT_FALSE(registry.Claim("12345678"));
  EXPECT_EQ(registry.size(), 1u);
}

TEST(BarcodeValuesTest, UsesAllDigits) {
  std::set<char> seen;
  for (int i = 0; i < 50; ++i) {
    const Result<std::string> value = GenerateBarcodeValue({BarcodeAlphabet::kNumeric, 8}, nullptr);
    ASSERT_THAT(value, IsOk());
    for (char c : *value) seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 10u);
}

class MemberModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diags;
    Result<Model> model = Model::Load(testing::ModelDir("member.pass"), diags);
    ASSERT_THAT(model, IsOk()) << FormatText(diags);
    model_ = std::make_unique<Model>(*model);
  }
  std::unique_ptr<Model> model_;
};

std::string MessageOf(const std::string& json, const char* pointer) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  const rapidjson::Value* v = rapidjson::Pointer(pointer).Get(doc);
  return v != nullptr && v->IsString() ? v->GetString() : "<none>";
}

// A batch resuming over the passes of an earlier run learns their values, so that no value it
// generates repeats one of theirs.
TEST_F(MemberModelTest, RegistryLearnsTheValuesOfAnIssuedPass) {
  Result<Signer> signer = Signer::FromPem(testing::Pki().signer_pem, testing::Pki().signer_key_pem,
                                          testing::Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  Diagnostics diags;
  Result<std::string> pkpass = model_->Build(R"({"barcode": {"message": "87654321"}})", *signer, {}, diags);
  ASSERT_THAT(pkpass, IsOk()) << FormatText(diags);
  BarcodeRegistry registry;
  Result<size_t> learned = registry.ClaimIssued(*pkpass);
  ASSERT_THAT(learned, IsOk());
  EXPECT_EQ(*learned, 1u);
  EXPECT_FALSE(registry.Claim("87654321"));
  EXPECT_THAT(registry.ClaimIssued("not a pass"), StatusIs(StatusCode::kInvalidArgument));
}

// Issued values that hold every barcode value already: nothing can be generated.
class EveryValueIssued : public MemoryIssuedValues {
 public:
  Result<std::string> BarcodeHolder(std::string_view) override { return std::string("EARLIER"); }
};

TEST_F(MemberModelTest, NoUnusedValueLeftIsADiagnosticAtBarcodeValues) {
  EveryValueIssued issued;
  BarcodeRegistry registry;
  registry.SetIssued(&issued);
  Diagnostics diags;
  Result<std::string> pass = testing::ResolveJson(*model_, R"({"serialNumber": "M-1"})", {.barcode_registry = &registry}, diags);
  EXPECT_THAT(pass, StatusIs(StatusCode::kInvalidPass));
  const auto failed = std::find_if(diags.begin(), diags.end(),
                                   [](const Diagnostic& d) { return d.code == codes::kBarcodeGenerationFailed; });
  ASSERT_NE(failed, diags.end()) << FormatText(diags);
  EXPECT_EQ(failed->severity, Severity::kError);
  EXPECT_EQ(failed->file, "model.json");
  EXPECT_EQ(failed->pointer, "/barcodeValues");
}

TEST_F(MemberModelTest, GeneratesAnEightDigitValueWhenOverridesGiveNone) {
  Diagnostics diags;
  Result<std::string> pass = testing::ResolveJson(*model_, R"({"serialNumber": "M-1"})", {}, diags);
  ASSERT_THAT(pass, IsOk()) << FormatText(diags);
  EXPECT_TRUE(std::regex_match(MessageOf(*pass, "/barcodes/0/message"), std::regex("[0-9]{8}")));
}

TEST_F(MemberModelTest, KeepsTheGivenMessage) {
  Diagnostics diags;
  Result<std::string> pass = testing::ResolveJson(*model_, R"({"barcode": {"message": "GIVEN"}})", {}, diags);
  ASSERT_THAT(pass, IsOk());
  EXPECT_EQ(MessageOf(*pass, "/barcodes/0/message"), "GIVEN");
}

TEST_F(MemberModelTest, CompleteOverridesWritesTheValueForLaterUpdates) {
  BarcodeRegistry registry;
  std::set<std::string> values;
  for (int i = 0; i < 200; ++i) {
    Diagnostics diags;
    Result<std::string> completed =
        testing::CompleteJson(*model_, R"({"fields": [{"key": "name", "value": "Jay"}]})",
                                  {.barcode_registry = &registry}, diags);
    ASSERT_THAT(completed, IsOk());
    const std::string message = MessageOf(*completed, "/barcode/message");
    EXPECT_TRUE(std::regex_match(message, std::regex("[0-9]{8}"))) << *completed;
    values.insert(message);
    // Building from the completed overrides keeps the value.
    Result<std::string> pass = testing::ResolveJson(*model_, *completed, {}, diags);
    ASSERT_THAT(pass, IsOk());
    EXPECT_EQ(MessageOf(*pass, "/barcodes/0/message"), message);
  }
  EXPECT_EQ(values.size(), 200u);
  EXPECT_EQ(registry.size(), 200u);
}

TEST_F(MemberModelTest, CompleteOverridesLeavesGivenMessagesAlone) {
  Diagnostics diags;
  const std::string given = R"({"barcode": {"message": "X"}})";
  EXPECT_EQ(*testing::CompleteJson(*model_, given, {}, diags), given);
}

struct ConfigCase {
  friend void PrintTo(const ConfigCase& c, std::ostream* os) { *os << c.name; }
  const char* name;
  const char* model_json;
  const char* pointer;
};

class ModelConfigTest : public ::testing::TestWithParam<ConfigCase> {};

TEST_P(ModelConfigTest, RefusesWithPointerIntoModelJson) {
  Diagnostics diags;
  const std::string pass_json = testing::ReadFile(testing::ModelDir("member.pass") + "/pass.json");
  EXPECT_THAT(Model::FromFiles({{"pass.json", pass_json}, {"model.json", GetParam().model_json}}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelJsonInvalid, "model.json", GetParam().pointer));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ModelConfigTest,
    ::testing::Values(
        ConfigCase{"UnknownKey", R"({"dynamic": []})", "/dynamic"},
        ConfigCase{"DynamicFieldsNotArray", R"({"dynamicFields": "name"})", "/dynamicFields"},
        ConfigCase{"DynamicFieldUnknown", R"({"dynamicFields": ["name", "nick"]})", "/dynamicFields/1"},
        ConfigCase{"DynamicFieldNotString", R"({"dynamicFields": [1]})", "/dynamicFields/0"},
        ConfigCase{"GenerateUnknown", R"({"barcodeValues": {"generate": "hex"}})", "/barcodeValues/generate"},
        ConfigCase{"LengthTooShort", R"({"barcodeValues": {"generate": "numeric", "length": 4}})",
                   "/barcodeValues/length"},
        ConfigCase{"LengthTooLong", R"({"barcodeValues": {"generate": "numeric", "length": 101}})",
                   "/barcodeValues/length"},
        ConfigCase{"GenerateMissing", R"({"barcodeValues": {"length": 10}})", "/barcodeValues/length"},
        ConfigCase{"UniqueNotBool", R"({"barcodeValues": {"unique": "yes"}})", "/barcodeValues/unique"},
        ConfigCase{"SerialsNotUuid", R"({"serialNumbers": {"generate": "numeric"}})", "/serialNumbers"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(ModelConfigTest, BarcodeValuesNeedABarcode) {
  Diagnostics diags;
  EXPECT_THAT(Model::FromFiles({{"pass.json", R"({"generic": {}})"},
                                {"model.json", R"({"barcodeValues": {"generate": "numeric"}})"}},
                               diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelJsonInvalid, "model.json", "/barcodeValues"));
}

// Pass2U's "unique random 8-digit" NFC messages: model.json's nfcValues fills "nfc": {"message"}
// of a pass that gives none, never twice in a registry, and the completed overrides keep it.
TEST(NfcValuesTest, GeneratesUniqueMessagesIntoTheNfcDictionary) {
  std::map<std::string, std::string> files;
  for (const char* name : {"pass.json", "icon.png", "icon@2x.png", "icon@3x.png"}) {
    files[name] = testing::ReadFile(testing::ModelDir("poster.pass") + "/" + name);
  }
  files["model.json"] = R"({"nfcValues": {"generate": "numeric", "length": 8}})";
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  BarcodeRegistry registry;
  std::set<std::string> values;
  for (int i = 0; i < 1000; ++i) {
    Result<std::string> completed =
        testing::CompleteJson(*model, R"({"serialNumber": "N-)" + std::to_string(i) + R"("})", {.barcode_registry = &registry}, diags);
    ASSERT_THAT(completed, IsOk());
    const std::string message = MessageOf(*completed, "/nfc/message");
    ASSERT_TRUE(std::regex_match(message, std::regex("[0-9]{8}"))) << *completed;
    values.insert(message);
    if (i == 0) {
      Result<std::string> pass = testing::ResolveJson(*model, *completed, {}, diags);
      ASSERT_THAT(pass, IsOk()) << FormatText(diags);
      EXPECT_EQ(MessageOf(*pass, "/nfc/message"), message);
      EXPECT_EQ(MessageOf(*pass, "/nfc/encryptionPublicKey").substr(0, 8), "MFkwEwYH");
    }
  }
  EXPECT_EQ(values.size(), 1000u);
  // A pass's own message stays; a resolved pass without one gets one.
  EXPECT_EQ(*testing::CompleteJson(*model, R"({"nfc": {"message": "MINE"}})", {}, diags), R"({"nfc": {"message": "MINE"}})");
  Result<std::string> pass = testing::ResolveJson(*model, R"({"serialNumber": "N-x"})", {}, diags);
  ASSERT_THAT(pass, IsOk());
  EXPECT_TRUE(std::regex_match(MessageOf(*pass, "/nfc/message"), std::regex("[0-9]{8}")));
  // Without an "nfc" dictionary in pass.json there is nowhere to put them.
  files["pass.json"] = testing::ReadFile(testing::ModelDir("member.pass") + "/pass.json");
  Diagnostics refused;
  EXPECT_THAT(Model::FromFiles(files, refused), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(refused, HasDiagnosticIn(codes::kModelJsonInvalid, "model.json", "/nfcValues"));
  files["model.json"] = R"({"nfcValues": {"generate": "numeric", "length": 65}})";
  refused = Diagnostics();
  EXPECT_THAT(Model::FromFiles(files, refused), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(refused, HasDiagnosticIn(codes::kModelJsonInvalid, "model.json", "/nfcValues/length"));
}

// Shards of a model that generates barcode values draw from disjoint parts of the value space.
TEST(BarcodeShardTest, ShardsNeverDrawTheSameValue) {
  std::set<std::string> seen;
  for (std::uint32_t k = 0; k < 4; ++k) {
    BarcodeRegistry registry;
    registry.SetShard(k, 4);
    for (int i = 0; i < 200; ++i) {
      std::string value = std::to_string(i * 7919 % 10007);
      if (registry.InShard(value)) {
        EXPECT_TRUE(seen.insert(value).second) << value;
      }
    }
  }
  EXPECT_EQ(seen.size(), 200u);  // every value is in exactly one shard
}


}  // namespace
}  // namespace pkpass
