#include <gtest/gtest.h>
#include <openssl/cms.h>

#include "pkpass/diagnostic_codes.h"
#include "pkpass/model.h"
#include "pkpass/overrides.h"
#include "testing/resolved.h"
#include "testing/archive.h"
#include "testing/files.h"
#include "testing/matchers.h"
#include "testing/png.h"
#include "testing/test_pki.h"
#include "util/openssl_ptr.h"

namespace pkpass {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::HasDiagnosticIn;
using testing::IsOk;
using testing::Pki;
using testing::StatusIs;

constexpr std::int64_t kTimestamp = 1700000000;  // 2023-11-14T22:13:20Z

class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
    ASSERT_THAT(signer, IsOk());
    signer_ = std::make_unique<Signer>(*signer);
    Diagnostics diags;
    Result<Model> model = Model::Load(testing::ModelDir("coffee.pass"), diags);
    ASSERT_THAT(model, IsOk());
    model_ = std::make_unique<Model>(*model);
  }

  Result<std::string> Build(std::string_view overrides, BuildOptions options = {.timestamp = kTimestamp}) {
    diags_ = Diagnostics();
    return model_->Build(overrides, *signer_, options, diags_);
  }

  std::unique_ptr<Signer> signer_;
  std::unique_ptr<Model> model_;
  Diagnostics diags_;
};

TEST_F(BuildTest, ArchiveHasEveryFileAtRootInFixedOrder) {
  Result<std::string> pkpass = Build(R"({"serialNumber": "A-1"})");
  ASSERT_THAT(pkpass, IsOk()) << FormatText(diags_);
  std::vector<std::string> names;
  for (const auto& e : testing::ReadEntries(*pkpass)) names.push_back(e.name);
  EXPECT_THAT(names, ElementsAre("pass.json", "en.lproj/pass.strings", "fr.lproj/pass.strings",
                                 "icon.png", "icon@2x.png", "icon@3x.png", "logo.png",
                                 "logo@2x.png", "logo@3x.png", "strip.png", "strip@2x.png",
                                 "strip@3x.png", "manifest.json", "signature"));
}

// The model's text files are deflated once, at load; what is made for each pass (pass.json,
// manifest.json, signature) and the PNGs are stored.
TEST_F(BuildTest, DeflatesOnlyTheModelsTextFiles) {
  Result<std::string> pkpass = Build("");
  ASSERT_THAT(pkpass, IsOk());
  for (const auto& e : testing::ReadEntries(*pkpass)) {
    EXPECT_EQ(e.compressed, e.name.ends_with(".strings")) << e.name;
  }
}

TEST_F(BuildTest, SignatureVerifiesWithOpenSslAndManifestIsComplete) {
  Result<std::string> pkpass = Build(R"({"fields": [{"key": "name", "value": "Fi-Lin"}]})");
  ASSERT_THAT(pkpass, IsOk());
  const auto entries = testing::ReadEntries(*pkpass);
  EXPECT_EQ(testing::OpenSslVerifyFailure(entries), "");
  EXPECT_EQ(testing::ManifestFailure(entries), "");
  EXPECT_THAT(testing::EntryBytes(entries, "pass.json"), HasSubstr(R"("value":"Fi-Lin")"));
}

TEST_F(BuildTest, DeterministicBuildsAreByteIdentical) {
  Result<std::string> a = Build(R"({"serialNumber": "A-1"})");
  Result<std::string> b = Build(R"({"serialNumber": "A-1"})");
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(*a, *b);
  Result<std::string> c = Build(R"({"serialNumber": "A-1"})", {.timestamp = kTimestamp + 2});
  ASSERT_THAT(c, IsOk());
  EXPECT_NE(*a, *c);
}

// Returns the NID of the signature's digest algorithm and its signingTime.
std::pair<int, std::string> SignatureFacts(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  UniqueCms cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  if (cms == nullptr) return {0, ""};
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  X509_ALGOR* digest = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, nullptr);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, digest);
  X509_ATTRIBUTE* attr =
      CMS_signed_get_attr(si, CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1));
  ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(attr, 0);
  std::string when = t->type == V_ASN1_UTCTIME
      ? std::string(reinterpret_cast<const char*>(t->value.utctime->data), t->value.utctime->length)
      : "not UTCTime";
  return {OBJ_obj2nid(oid), when};
}

TEST_F(BuildTest, SignsWithSha256AtTheGivenTime) {
  Result<std::string> pkpass = Build("");
  ASSERT_THAT(pkpass, IsOk());
  const auto facts = SignatureFacts(testing::EntryBytes(testing::ReadEntries(*pkpass), "signature"));
  EXPECT_EQ(facts.first, NID_sha256);
  EXPECT_EQ(facts.second, "231114221320Z");
}

TEST_F(BuildTest, SignsWithSha1OnRequest) {
  Result<std::string> pkpass = Build("", {.digest = Digest::kSha1, .timestamp = kTimestamp});
  ASSERT_THAT(pkpass, IsOk());
  const auto entries = testing::ReadEntries(*pkpass);
  EXPECT_EQ(SignatureFacts(testing::EntryBytes(entries, "signature")).first, NID_sha1);
  EXPECT_EQ(testing::OpenSslVerifyFailure(entries), "");
}

TEST_F(BuildTest, RefusesPassOfAnotherIdentifierNamingBoth) {
  EXPECT_THAT(Build("{}"), IsOk());
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.com.other",
                           "teamIdentifier": "OTHERTEAM", "serialNumber": "S",
                           "organizationName": "O", "description": "D", "generic": {}})";
  Result<Model> other = Model::FromFiles(files, diags);
  ASSERT_THAT(other, IsOk());
  Result<std::string> pkpass = other->Build("", *signer_, {.timestamp = kTimestamp}, diags);
  EXPECT_THAT(pkpass, StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kPassTypeIdMismatch, "pass.json", "/passTypeIdentifier"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kTeamIdMismatch, "pass.json", "/teamIdentifier"));
  EXPECT_THAT(diags.items()[0].message, HasSubstr("\"pass.com.other\""));
  EXPECT_THAT(diags.items()[0].message, HasSubstr(std::string("\"") + testing::kPassTypeId + "\""));
}

// A model may hold 64 MiB; a pass, with its manifest and signature, no more than verify reads
// (64 MiB): a model at its limit does not build a pass verify refuses.
TEST_F(BuildTest, RefusesAPassLargerThanVerifyReads) {
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": ")" + std::string(testing::kPassTypeId) +
                       R"(", "teamIdentifier": ")" + std::string(testing::kTeamId) +
                       R"(", "serialNumber": "S", "organizationName": "O", "description": "D", "generic": {}})";
  size_t rest = 64u << 20;
  for (const auto& [path, bytes] : files) rest -= bytes.size();
  const std::vector<std::string> langs = {"de", "en", "es", "fr"};
  for (size_t i = 0; i < langs.size(); ++i) {
    const size_t size = i + 1 < langs.size() ? rest / 4 : rest - 3 * (rest / 4);
    const std::string prefix = "\"k\" = \"", suffix = "\";\n";  // "k" = "xx...x";
    files[langs[i] + ".lproj/pass.strings"] =
        prefix + std::string(size - prefix.size() - suffix.size(), 'x') + suffix;
  }
  size_t total = 0;
  for (const auto& [path, bytes] : files) total += bytes.size();
  ASSERT_EQ(total, 64u << 20);
  Diagnostics diags;
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk()) << FormatText(diags);
  Result<std::string> pkpass = model->Build("", *signer_, {.timestamp = kTimestamp}, diags);
  EXPECT_THAT(pkpass, StatusIs(StatusCode::kInvalidPass));
  ASSERT_EQ(diags.error_count(), 1u) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kPassTooLarge, "", ""));
}

TEST_F(BuildTest, RefusesSigningTimeOutsideCertificateValidity) {
  EXPECT_THAT(Build("", {.timestamp = 1500000000}),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("the signing time 2017-07-14T02:40:00Z is outside")));
}

TEST_F(BuildTest, ErrorInOverridesProducesNoArchive) {
  EXPECT_THAT(Build(R"({"serialNumber": 7})"), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags_, HasDiagnosticIn(codes::kOverrideType, "overrides", "/serialNumber"));
}

TEST_F(BuildTest, ModelWarningsDoNotStopTheBuild) {
  Diagnostics diags;
  std::map<std::string, std::string> files = testing::IconFiles();
  files["pass.json"] = testing::ReadFile(testing::ModelDir("coffee.pass") + "/pass.json");
  files["notes.txt"] = "left out";
  Result<Model> model = Model::FromFiles(files, diags);
  ASSERT_THAT(model, IsOk());
  ASSERT_EQ(diags.size(), 1u);  // model-file-ignored, a warning
  EXPECT_THAT(model->Build("", *signer_, {.timestamp = kTimestamp}, diags), IsOk());
}

TEST_F(BuildTest, PrepareSignArchiveGivesBuildsBytes) {
  const std::string overrides = R"({"serialNumber": "P-1"})";
  Result<std::string> built = Build(overrides);
  ASSERT_THAT(built, IsOk());
  Diagnostics diags;
  Result<PreparedPass> prepared = testing::PrepareJson(*model_, overrides, *signer_, {.timestamp = kTimestamp}, diags);
  ASSERT_THAT(prepared, IsOk());
  ASSERT_THAT(prepared->Sign(), IsOk());
  Result<std::string> archive = prepared->Archive();
  ASSERT_THAT(archive, IsOk());
  EXPECT_EQ(*archive, *built);
}

TEST_F(BuildTest, PrepareReportsWhatBuildReports) {
  Result<std::string> built = Build(R"({"voided": "yes"})");
  Diagnostics diags;
  EXPECT_THAT(testing::PrepareJson(*model_, R"({"voided": "yes"})", *signer_, {.timestamp = kTimestamp}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(built, StatusIs(StatusCode::kInvalidPass));
  EXPECT_EQ(FormatJson(diags), FormatJson(diags_));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kOverrideType, "overrides", "/voided"));
}

TEST_F(BuildTest, ArchiveBeforeSignIsRefused) {
  Diagnostics diags;
  Result<PreparedPass> prepared = testing::PrepareJson(*model_, "", *signer_, {.timestamp = kTimestamp}, diags);
  ASSERT_THAT(prepared, IsOk());
  EXPECT_THAT(prepared->Archive(), StatusIs(StatusCode::kInvalidArgument));
}

std::string Base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

TEST_F(BuildTest, PreparedPassOutlivesItsModelAndSigner) {
  // Under AddressSanitizer, this is the check that the pass holds what it points to.
  Diagnostics diags;
  // A per-pass strip: a file the pass owns, beside the model's it points to.
  const std::string overrides =
      R"({"serialNumber": "P-2", "images": [{"type": "icon"}, {"type": "logo"}, )"
      R"({"type": "strip", "data": ")" + Base64(testing::MakePng(375, 144)) + R"("}]})";
  Result<PreparedPass> prepared =
      testing::PrepareJson(*model_, overrides, *signer_, {.timestamp = kTimestamp}, diags);
  ASSERT_THAT(prepared, IsOk()) << FormatText(diags);
  model_.reset();
  signer_.reset();
  ASSERT_THAT(prepared->Sign(), IsOk());
  Result<std::string> archive = prepared->Archive();
  ASSERT_THAT(archive, IsOk());
  const std::vector<testing::ArchiveEntry> entries = testing::ReadEntries(*archive);
  EXPECT_EQ(testing::EntryBytes(entries, "strip.png"), testing::MakePng(375, 144));
  EXPECT_EQ(testing::OpenSslVerifyFailure(entries), "");
  EXPECT_EQ(testing::ManifestFailure(entries), "");
}

TEST(ParsedOverridesTest, ReadsTheSerialNumber) {
  Diagnostics diags;
  Result<ParsedOverrides> given = ParsedOverrides::Parse(R"({"serialNumber": "A-1", "voided": true})", diags);
  ASSERT_THAT(given, IsOk());
  EXPECT_EQ(given->serial_number(), "A-1");
  Result<ParsedOverrides> number = ParsedOverrides::Parse(R"({"serialNumber": 7})", diags);
  ASSERT_THAT(number, IsOk());
  EXPECT_EQ(number->serial_number(), std::nullopt);
  Result<ParsedOverrides> none = ParsedOverrides::Parse(" ", diags);
  ASSERT_THAT(none, IsOk());
  EXPECT_EQ(none->ToJson(), "{}");
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

TEST(ParsedOverridesTest, RefusesWhatIsNoJsonObject) {
  Diagnostics diags;
  EXPECT_THAT(ParsedOverrides::Parse("[1]", diags), StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kJsonNotObject, "overrides", ""));
}

TEST_F(BuildTest, PreparesTheSameBytesFromParsedOverrides) {
  const std::string text = R"({"serialNumber": "P-1", "fields": [{"key": "name", "value": "Ada"}]})";
  Result<std::string> from_text = Build(text);
  ASSERT_THAT(from_text, IsOk()) << FormatText(diags_);
  Diagnostics diags;
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(text, diags);
  ASSERT_THAT(parsed, IsOk());
  Result<PreparedPass> prepared = model_->Prepare(*parsed, *signer_, {.timestamp = kTimestamp}, diags);
  ASSERT_THAT(prepared, IsOk()) << FormatText(diags);
  ASSERT_THAT(prepared->Sign(), IsOk());
  Result<std::string> from_parsed = prepared->Archive();
  ASSERT_THAT(from_parsed, IsOk());
  EXPECT_EQ(*from_parsed, *from_text);
}

TEST(ParsedOverridesTest, CompleteAddsTheGeneratedBarcodeOnce) {
  Diagnostics diags;
  Result<Model> model = Model::Load(testing::ModelDir("member.pass"), diags);
  ASSERT_THAT(model, IsOk());
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(R"({"serialNumber": "M-1"})", diags);
  ASSERT_THAT(parsed, IsOk());
  Result<bool> added = model->Complete(*parsed, {});
  ASSERT_THAT(added, IsOk());
  EXPECT_TRUE(*added);
  const std::string completed = parsed->ToJson();
  EXPECT_THAT(completed, ::testing::MatchesRegex(R"(\{"serialNumber":"M-1","barcode":\{"message":"[0-9]{8}"\}\})"));
  Result<bool> again = model->Complete(*parsed, {});
  ASSERT_THAT(again, IsOk());
  EXPECT_FALSE(*again);  // the overrides now give a message
  EXPECT_EQ(parsed->ToJson(), completed);
}

// A model is a template (passkit-generator's example models are made so): it may leave to each
// pass what each pass's overrides supply.
class TemplateModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::map<std::string, std::string> files = testing::IconFiles();
    files["pass.json"] = R"({"formatVersion": 1, "passTypeIdentifier": "pass.a",
      "teamIdentifier": "T1", "organizationName": "Air", "description": "Boarding pass",
      "boardingPass": {"primaryFields": [{"key": "from", "value": "TPE"}]}})";
    Diagnostics diags;
    Result<Model> model = Model::FromFiles(files, diags);
    ASSERT_THAT(model, IsOk()) << FormatText(diags);
    model_ = std::make_unique<Model>(*model);
  }
  std::unique_ptr<Model> model_;
};

TEST_F(TemplateModelTest, ValidatesWithAWarningForEachKeyEveryPassSupplies) {
  Diagnostics diags;
  EXPECT_THAT(model_->Validate({}, diags), IsOk()) << FormatText(diags);
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelKeyPerPass, "pass.json", "/serialNumber"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kModelKeyPerPass, "pass.json", "/boardingPass/transitType"));
  ASSERT_EQ(diags.size(), 2u) << FormatText(diags);
  EXPECT_EQ(diags.error_count(), 0u);
}

TEST_F(TemplateModelTest, StrictMakesTheWarningsErrors) {
  Diagnostics diags;
  EXPECT_THAT(model_->Validate({.strict = true}, diags), StatusIs(StatusCode::kInvalidPass));
}

TEST_F(TemplateModelTest, APassWithoutThemIsRefusedAtTheirPointers) {
  Diagnostics diags;
  EXPECT_THAT(testing::ResolveJson(*model_, R"({"organizationName": "Air 2"})", {}, diags),
              StatusIs(StatusCode::kInvalidPass));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kRequiredKeyMissing, "pass.json", "/serialNumber"));
  EXPECT_THAT(diags, HasDiagnosticIn(codes::kTransitTypeMissing, "pass.json", "/boardingPass/transitType"));
  EXPECT_EQ(diags.size(), 2u) << FormatText(diags);
}

TEST_F(TemplateModelTest, APassThatSuppliesThemIsValid) {
  Diagnostics diags;
  EXPECT_THAT(testing::ResolveJson(*model_, R"({"serialNumber": "BP-1", "transitType": "PKTransitTypeAir"})", {}, diags),
              IsOk());
  EXPECT_TRUE(diags.empty()) << FormatText(diags);
}

}  // namespace
}  // namespace pkpass
