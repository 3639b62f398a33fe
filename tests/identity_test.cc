// Identities from Apple's portal, with a test CA in Apple's place: a request made by
// `pkpass-build identity request`, signed as Apple signs it (UID, OU, the Pass Type ID extension,
// issued by an intermediate with WWDR G4's key identifier), imported, and used by build for a pass
// that `openssl cms -verify` and `verify` accept; then each common mistake and its message.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <ctime>
#include <filesystem>

#include "pkpass/identity.h"
#include "pkpass/signer.h"
#include "sign/cert_factory.h"
#include "testing/archive.h"
#include "testing/files.h"

namespace pkpass {
namespace {

using ::testing::HasSubstr;

constexpr char kG4KeyId[] = "5B:D9:FA:1D:E7:9A:1A:0B:A3:99:76:22:50:86:3E:91:C8:5B:77:A8";
constexpr char kG1KeyId[] = "88:27:17:09:A9:B6:18:60:8B:EC:EB:BA:F6:47:59:C5:52:54:A3:B7";
constexpr char kPassType[] = "pass.com.example.portal";
constexpr char kTeam[] = "ABCDE12345";

std::int64_t Now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// A test root and two intermediates named and keyed as Apple's WWDR G4 and G1, standing in for
// Apple's portal.
struct TestApple {
  UniqueEvpPkey root_key, g4_key, g1_key;
  UniqueX509 root, g4, g1;

  TestApple() {
    root_key = std::move(*GenerateEcKey());
    g4_key = std::move(*GenerateEcKey());
    g1_key = std::move(*GenerateEcKey());
    const std::int64_t from = Now() - 86400, to = Now() + 3650 * 86400LL;
    root = std::move(*IssueCertificate({{{"CN", "Test Apple Root CA"}}, from, to, true, false}, root_key.get(),
                                       nullptr, root_key.get()));
    // Named as test intermediates: pkpass knows Apple's by their key identifiers alone.
    CertSpec g4_spec{{{"CN", "Test WWDR in G4's place"}, {"OU", "G4"}, {"O", "pkpass tests"}, {"C", "US"}},
                     from, to, true, false, kG4KeyId};
    g4 = std::move(*IssueCertificate(g4_spec, g4_key.get(), root.get(), root_key.get()));
    CertSpec g1_spec{{{"CN", "Test WWDR in G1's place"}, {"O", "pkpass tests"}, {"C", "US"}}, from, to, true,
                     false, kG1KeyId};
    g1 = std::move(*IssueCertificate(g1_spec, g1_key.get(), root.get(), root_key.get()));
  }

  // The certificate the portal gives for `csr_pem`, in DER as pass.cer is.
  std::string PassCer(const std::string& csr_pem, std::int64_t days = 365) const {
    CertSpec spec{{{"UID", kPassType}, {"CN", std::string("Pass Type ID: ") + kPassType}, {"OU", kTeam},
                   {"O", "Example Inc."}, {"C", "US"}},
                  // half a day over whole days, so that the days left are `days` however long the test takes
                  Now() - 3600, Now() + days * 86400 + 43200, false, true, "hash",
                  {{"1.2.840.113635.100.6.1.16", std::string("ASN1:UTF8String:") + kPassType}}};
    Result<UniqueX509> cert = IssueFromRequest(spec, csr_pem, g4.get(), g4_key.get());
    EXPECT_TRUE(cert.ok()) << cert.status().message();
    return CertificateToDer(cert->get());
  }

  // An app's push certificate for the key of `csr_pem`.
  std::string PushCer(const std::string& csr_pem) const {
    CertSpec spec{{{"UID", "com.example.app"}, {"CN", "Apple Push Services: com.example.app"}, {"OU", kTeam},
                   {"C", "US"}},
                  Now() - 3600, Now() + 365 * 86400, false, false, "hash",
                  {{"1.2.840.113635.100.6.3.1", "ASN1:NULL"}}};
    return CertificateToDer(IssueFromRequest(spec, csr_pem, g4.get(), g4_key.get())->get());
  }
};

UniqueX509 ParseDer(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return UniqueX509(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

const TestApple& Apple() {
  static const TestApple* apple = new TestApple;
  return *apple;
}

class IdentityCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tool = std::getenv("PKPASS_BUILD_TOOL");
    if (tool == nullptr) GTEST_SKIP() << "the tool is not built";
    tool_ = tool;
    dir_ = testing::MakeTempDir("identity");
    testing::WriteFile(dir_ + "/root.pem", CertificateToPem(Apple().root.get()));
    testing::WriteFile(dir_ + "/AppleWWDRCAG4.cer", CertificateToDer(Apple().g4.get()));
    testing::WriteFile(dir_ + "/AppleWWDRCA.cer", CertificateToDer(Apple().g1.get()));
  }
  testing::CommandResult Run(const std::string& args) {
    return testing::RunCommand("KEYPASS='a strong key password' " + tool_ + " " + args);
  }
  std::string tool_, dir_;
};

TEST_F(IdentityCommandTest, RequestImportBuildAndVerify) {
  testing::CommandResult r = Run(std::string("identity request --pass-type-id ") + kPassType + " --team-id " + kTeam +
                                 " --email ops@example.com --key-pass-env KEYPASS --out-dir " + dir_ + "/id");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("wrote " + dir_ + "/id/key.pem (encrypted, mode 0600) and " + dir_ +
                               "/id/request.certSigningRequest."));
  struct stat st;
  ASSERT_EQ(stat((dir_ + "/id/key.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const std::string key = testing::ReadFile(dir_ + "/id/key.pem");
  EXPECT_THAT(key, HasSubstr("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  const std::string csr = testing::ReadFile(dir_ + "/id/request.certSigningRequest");
  const testing::CommandResult req =
      testing::RunCommand("openssl req -in " + dir_ + "/id/request.certSigningRequest -noout -verify -subject");
  EXPECT_THAT(req.out, HasSubstr("subject=emailAddress = ops@example.com, CN = pass.com.example.portal, OU = ABCDE12345"));

  // Apple's portal signs it; pass.cer comes back in DER.
  testing::WriteFile(dir_ + "/pass.cer", Apple().PassCer(csr));
  r = Run("identity import --cer " + dir_ + "/pass.cer --key " + dir_ + "/id/key.pem --key-pass-env KEYPASS --out-dir " +
          dir_ + "/id --p12 " + dir_ + "/id/identity.p12");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("a Pass Type ID certificate for pass.com.example.portal (team ABCDE12345), valid until"));
  EXPECT_THAT(r.out, HasSubstr("issued by Apple's WWDR G4, https://www.apple.com/certificateauthority/AppleWWDRCAG4.cer"));
  EXPECT_THAT(r.out, HasSubstr("signing also needs that WWDR certificate: download "
                               "https://www.apple.com/certificateauthority/AppleWWDRCAG4.cer and give it as --wwdr"));
  ASSERT_EQ(stat((dir_ + "/id/identity.p12").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // With the WWDR certificate, import checks the identity whole and keeps it beside.
  r = Run("identity import --cer " + dir_ + "/pass.cer --key " + dir_ + "/id/key.pem --key-pass-env KEYPASS --out-dir " +
          dir_ + "/id --wwdr " + dir_ + "/AppleWWDRCAG4.cer --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr(R"({"ok":true,"passTypeIdentifier":"pass.com.example.portal","teamIdentifier":"ABCDE12345",)"));
  EXPECT_THAT(r.out, HasSubstr(R"("wwdr":{"keyId":"5bd9fa1de79a1a0ba399762250863e91c85b77a8","generation":"G4",)"));
  EXPECT_TRUE(testing::FileExists(dir_ + "/id/wwdr.pem"));

  // build signs with the PKCS#12 file, and the pass verifies.
  const std::string model = testing::MakeTempDir("identity-model");
  std::filesystem::copy(testing::ModelDir("coffee.pass"), model, std::filesystem::copy_options::recursive);
  std::string pass_json = testing::ReadFile(model + "/pass.json");
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"pass.dev.pkpass.sample", kPassType},
                                 {"DEVTEAM001", kTeam}}) {
    pass_json.replace(pass_json.find(from), from.size(), to);
  }
  testing::WriteFile(model + "/pass.json", pass_json);
  const std::string out = dir_ + "/coffee.pkpass";
  r = Run("build --model-serial --model " + model + " --p12 " + dir_ + "/id/identity.p12 --p12-pass-env KEYPASS --wwdr " +
          dir_ + "/id/wwdr.pem -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(testing::OpenSslVerifyFailure(testing::ReadEntries(testing::ReadFile(out)), dir_ + "/root.pem"), "");
  r = Run("verify " + out + " --trust-root " + dir_ + "/root.pem");
  EXPECT_EQ(r.exit_code, 0) << r.out;

  // check, for monitoring.
  r = Run("identity check --p12 " + dir_ + "/id/identity.p12 --p12-pass-env KEYPASS --wwdr " + dir_ +
          "/AppleWWDRCAG4.cer --format json");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr(R"({"ok":true,"passTypeIdentifier":"pass.com.example.portal","teamIdentifier":"ABCDE12345",)"));
  EXPECT_THAT(r.out, HasSubstr(R"("daysLeft":365,"wwdr":{"keyId":"5bd9fa1de79a1a0ba399762250863e91c85b77a8","generation":"G4")"));
  EXPECT_THAT(r.out, HasSubstr(R"("warnings":[]})"));
  r = Run("identity check --cert " + dir_ + "/id/certificate.pem --key " + dir_ + "/id/key.pem --key-pass-env KEYPASS "
          "--wwdr " + dir_ + "/AppleWWDRCAG4.cer --warn-days 400");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("365 days left; issued by Apple's WWDR G4"));
  EXPECT_THAT(r.out, HasSubstr("warning: the certificate expires on"));

  // The common mistakes, as a user meets them.
  // The WWDR G1 with a certificate G4 issued.
  r = Run("identity check --p12 " + dir_ + "/id/identity.p12 --p12-pass-env KEYPASS --wwdr " + dir_ + "/AppleWWDRCA.cer");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "pkpass-build: the identity is refused: the WWDR certificate is Apple's WWDR G1 (key id "
                   "88271709a9b618608becebbaf64759c55254a3b7), but the signer certificate was issued by Apple's WWDR "
                   "G4: download https://www.apple.com/certificateauthority/AppleWWDRCAG4.cer and give it as the WWDR "
                   "certificate\n");
  // pass.cer, in DER, given as the key.
  r = Run("build --model-serial --model " + model + " --cert " + dir_ + "/pass.cer --key " + dir_ +
          "/pass.cer --wwdr " + dir_ + "/AppleWWDRCAG4.cer -o " + dir_ + "/x.pkpass");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.out, HasSubstr("the private key is a certificate (as Apple's pass.cer is), not a private key: give the "
                               "key the certificate request was made with (key.pem, from pkpass-build identity request)"));
  // The key given as the certificate.
  r = Run("identity import --cer " + dir_ + "/id/key.pem --key " + dir_ + "/id/key.pem --key-pass-env KEYPASS --out-dir " +
          dir_ + "/y");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "pkpass-build: the certificate is a private key, not a certificate\n");
  // The request given as the certificate.
  r = Run("identity import --cer " + dir_ + "/id/request.certSigningRequest --key " + dir_ +
          "/id/key.pem --key-pass-env KEYPASS --out-dir " + dir_ + "/y");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("the certificate is a certificate request, not a certificate: upload it to Apple's portal"));
  EXPECT_FALSE(testing::FileExists(dir_ + "/y/certificate.pem"));
}

TEST(IdentityTest, ACertificateFromAnotherRequestIsNamedSo) {
  Result<IdentityRequest> first = MakeIdentityRequest({kPassType, kTeam, "", "one password"});
  Result<IdentityRequest> second = MakeIdentityRequest({kPassType, kTeam, "", "two password"});
  ASSERT_TRUE(first.ok() && second.ok());
  const std::string cer = Apple().PassCer(first->csr_pem);
  Result<ImportedIdentity> wrong = ImportIdentity(cer, second->key_pem, {"two password"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(),
            "the certificate for pass.com.example.portal was made from another certificate request: its public key is "
            "not this key's. Upload the request made with this key (request.certSigningRequest beside key.pem) and "
            "import the certificate the portal gives for it, or give the key that made its request");
  Result<ImportedIdentity> bad_password = ImportIdentity(cer, first->key_pem, {"two password"});
  ASSERT_FALSE(bad_password.ok());
  EXPECT_EQ(bad_password.status().code(), StatusCode::kCryptoError);
  Result<ImportedIdentity> right = ImportIdentity(cer, first->key_pem, {"one password"});
  ASSERT_TRUE(right.ok()) << right.status().message();
  EXPECT_EQ(right->pass_type_identifier, kPassType);
  EXPECT_EQ(right->wwdr.generation, "G4");
}

TEST(IdentityTest, AnAppPushCertificateIsNotAPassTypeIdCertificate) {
  Result<IdentityRequest> request = MakeIdentityRequest({kPassType, kTeam, "", "a password"});
  ASSERT_TRUE(request.ok());
  Result<ImportedIdentity> push = ImportIdentity(Apple().PushCer(request->csr_pem), request->key_pem, {"a password"});
  ASSERT_FALSE(push.ok());
  EXPECT_EQ(push.status().message(),
            "the certificate \"Apple Push Services: com.example.app\" is an Apple Push Notification service "
            "certificate of an app, not a Pass Type ID certificate: in Certificates, Identifiers & Profiles, register "
            "the pass type under Identifiers > Pass Type IDs and create its certificate there (the push certificate "
            "of a pass is its Pass Type ID certificate)");
  // build refuses it the same way.
  Result<Signer> signer = Signer::FromPem(CertificateToPem(ParseDer(Apple().PushCer(request->csr_pem)).get()),
                                          request->key_pem, CertificateToPem(Apple().g4.get()), "a password");
  ASSERT_FALSE(signer.ok());
  EXPECT_THAT(signer.status().message(), HasSubstr("is an Apple Push Notification service certificate of an app"));
}

TEST(IdentityTest, RequestsNeedRealIdentifiersAndAPassword) {
  EXPECT_THAT(MakeIdentityRequest({"com.example.coffee", kTeam, "", "p"}).status().message(),
              HasSubstr("it starts with \"pass.\" and goes on in reverse DNS"));
  EXPECT_THAT(MakeIdentityRequest({kPassType, "abc", "", "p"}).status().message(),
              HasSubstr("10 capital letters and digits"));
  EXPECT_EQ(MakeIdentityRequest({kPassType, kTeam, "", ""}).status().message(),
            "the key is written encrypted: give its password");
}

TEST(IdentityTest, CheckWarnsBeforeExpiry) {
  Result<IdentityRequest> request = MakeIdentityRequest({kPassType, kTeam, "", "a password"});
  ASSERT_TRUE(request.ok());
  const std::string dir = testing::MakeTempDir("identity-check");
  testing::WriteFile(dir + "/cert.der", Apple().PassCer(request->csr_pem, 10));
  testing::WriteFile(dir + "/key.pem", request->key_pem);
  testing::WriteFile(dir + "/wwdr.pem", CertificateToPem(Apple().g4.get()));
  const IdentityCheck check = CheckIdentity({dir + "/wwdr.pem", dir + "/cert.der", dir + "/key.pem", "", "a password"}, Now());
  ASSERT_TRUE(check.ok) << check.error;
  EXPECT_EQ(check.days_left, 10);
  ASSERT_EQ(check.warnings.size(), 1u);
  EXPECT_THAT(check.warnings[0], HasSubstr(", in 10 days: make a new one in the portal"));
  const IdentityCheck wrong = CheckIdentity({dir + "/wwdr.pem", dir + "/cert.der", dir + "/key.pem", "", "bad"}, Now());
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.error, "wrong password for the private key");
}

}  // namespace
}  // namespace pkpass
