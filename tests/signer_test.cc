#include "pkpass/signer.h"

#include <gtest/gtest.h>

#include "sign/cms.h"
#include "sign/cms_template.h"
#include "internals.h"
#include "sign/signer_impl.h"
#include "testing/matchers.h"
#include "testing/test_pki.h"

namespace pkpass {
namespace {

using ::testing::HasSubstr;
using testing::IsOk;
using testing::Pki;
using testing::StatusIs;

TEST(SignerTest, LoadsPemAndExposesIdentity) {
  Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  EXPECT_EQ(signer->pass_type_identifier(), testing::kPassTypeId);
  EXPECT_EQ(signer->team_identifier(), testing::kTeamId);
  EXPECT_EQ(signer->not_before(), 1577836800);
  EXPECT_EQ(signer->not_after(), 2208988800);
}

TEST(SignerTest, AcceptsWwdrInDer) {
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_der), IsOk());
}

TEST(SignerTest, DecryptsKeyWithPassword) {
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().signer_key_encrypted_pem, Pki().wwdr_pem,
                              testing::kKeyPassword),
              IsOk());
}

TEST(SignerTest, RefusesWrongKeyPassword) {
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().signer_key_encrypted_pem, Pki().wwdr_pem,
                              "wrong"),
              StatusIs(StatusCode::kCryptoError, "wrong password for the private key"));
}

TEST(SignerTest, AsksForPasswordOfEncryptedKeyInsteadOfPrompting) {
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().signer_key_encrypted_pem, Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("the private key is encrypted and no password was given")));
}

TEST(SignerTest, RefusesKeyOfAnotherCertificate) {
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().other_key_pem, Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("the private key does not match the signer certificate")));
}

TEST(SignerTest, RefusesExpiredCertificate) {
  EXPECT_THAT(Signer::FromPem(Pki().expired_signer_pem, Pki().signer_key_pem, Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument,
                       "the signer certificate expired on 2016-01-01T00:00:00Z"));
}

TEST(SignerTest, RefusesIntermediateThatDidNotIssueTheCertificate) {
  EXPECT_THAT(Signer::FromPem(Pki().foreign_signer_pem, Pki().signer_key_pem, Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("did not issue the signer certificate, whose issuer is")));
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().foreign_wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("Foreign WWDR")));
}

TEST(SignerTest, RefusesCertificateWithoutPassTypeIdentifier) {
  EXPECT_THAT(Signer::FromPem(Pki().wwdr_pem, Pki().signer_key_pem, Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(SignerTest, RefusesGarbage) {
  EXPECT_THAT(Signer::FromPem("not a cert", Pki().signer_key_pem, Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("the signer certificate is not a PEM or DER X.509 certificate")));
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, "not a key", Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument, "the private key is not a PEM private key"));
  EXPECT_THAT(Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, "junk"),
              StatusIs(StatusCode::kInvalidArgument,
                       HasSubstr("the WWDR certificate is not a PEM or DER X.509 certificate")));
}

TEST(SignerTest, LoadsModernPkcs12) {
  Result<Signer> signer = Signer::FromPkcs12(Pki().p12_modern, testing::kP12Password, Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  EXPECT_EQ(signer->pass_type_identifier(), testing::kPassTypeId);
}

TEST(SignerTest, LoadsLegacyRc2Pkcs12) {
  Result<Signer> signer = Signer::FromPkcs12(Pki().p12_legacy, testing::kP12Password, Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  EXPECT_EQ(signer->team_identifier(), testing::kTeamId);
}

TEST(SignerTest, RefusesWrongPkcs12Password) {
  EXPECT_THAT(Signer::FromPkcs12(Pki().p12_modern, "wrong", Pki().wwdr_pem),
              StatusIs(StatusCode::kCryptoError, "wrong password for the .p12 file"));
}

TEST(SignerTest, NamesTheMissingPkcs12Password) {
  EXPECT_THAT(Signer::FromPkcs12(Pki().p12_legacy, "", Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument,
                       "the .p12 file is protected by a password and none was given"));
}

TEST(SignerTest, RefusesNonPkcs12) {
  EXPECT_THAT(Signer::FromPkcs12("garbage", "x", Pki().wwdr_pem),
              StatusIs(StatusCode::kInvalidArgument, "the .p12 file is not a PKCS#12 archive"));
}

}  // namespace
}  // namespace pkpass

namespace pkpass {
namespace {

// The per-signer template must give exactly the bytes OpenSSL's CMS_sign gives.
TEST(CmsTemplateTest, GivesOpenSslsBytes) {
  Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  const Signer::Impl& impl = Internals::Get(*signer);
  for (Digest digest : {Digest::kSha256, Digest::kSha1}) {
    Result<CmsTemplate> made = CmsTemplate::Make(impl, digest);
    ASSERT_THAT(made, IsOk());
    for (const std::string& manifest : {std::string("{}"), std::string(5000, 'm')}) {
      for (std::int64_t when : {std::int64_t{1600000000}, std::int64_t{2208988799}}) {
        Result<std::string> fast = made->Sign(manifest, when);
        Result<std::string> reference = SignManifest(manifest, impl, digest, when);
        ASSERT_THAT(fast, IsOk());
        ASSERT_THAT(reference, IsOk());
        EXPECT_EQ(*fast, *reference);
      }
    }
  }
}

TEST(CmsTemplateTest, RefusesTimesUtcTimeCannotSay) {
  Result<Signer> signer = Signer::FromPem(Pki().signer_pem, Pki().signer_key_pem, Pki().wwdr_pem);
  ASSERT_THAT(signer, IsOk());
  Result<CmsTemplate> made = CmsTemplate::Make(Internals::Get(*signer), Digest::kSha256);
  ASSERT_THAT(made, IsOk());
  EXPECT_THAT(made->Sign("{}", 2524608000), StatusIs(StatusCode::kInvalidArgument));  // 2050
}

}  // namespace
}  // namespace pkpass
