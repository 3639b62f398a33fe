#include "sign/cms.h"

#include "sign/signer_impl.h"

#include <cstring>

namespace pkpass {
namespace {

constexpr unsigned kSignFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;

// Returns whether the signed messageDigest attribute of `si` is the `md` digest of `content`.
bool DigestMatches(CMS_SignerInfo* si, std::string_view content, const EVP_MD* md) {
  const auto* signed_digest = static_cast<const ASN1_OCTET_STRING*>(CMS_signed_get0_data_by_OBJ(
      si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  return signed_digest != nullptr &&
         EVP_Digest(content.data(), content.size(), digest, &length, md, nullptr) == 1 &&
         static_cast<unsigned int>(ASN1_STRING_length(signed_digest)) == length &&
         std::memcmp(ASN1_STRING_get0_data(signed_digest), digest, length) == 0;
}

}  // namespace

Result<std::string> SignManifest(std::string_view manifest, const Signer::Impl& signer,
                                 Digest digest, std::int64_t signing_time) {
  UniqueCms cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, kSignFlags));
  if (cms == nullptr) return Status::CryptoError(OpenSslMessage("cannot create the signature"));
  const EVP_MD* md = digest == Digest::kSha1 ? EVP_sha1() : EVP_sha256();
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), signer.cert.get(), signer.key.get(), md, kSignFlags);
  if (si == nullptr || CMS_add1_cert(cms.get(), signer.wwdr.get()) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot add the signer to the signature"));
  }
  UniqueAsn1Time when(ASN1_UTCTIME_set(nullptr, static_cast<time_t>(signing_time)));
  if (when == nullptr ||
      CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, V_ASN1_UTCTIME, when.get(), -1) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot set the signing time"));
  }
  UniqueBio content = MemBio(manifest);
  if (CMS_final(cms.get(), content.get(), nullptr, kSignFlags) != 1) {
    return Status::CryptoError(OpenSslMessage("cannot sign the manifest"));
  }
  // The check works on the structure in memory: parsing the DER back would decode both
  // certificates' keys again, which costs OpenSSL 3 more than signing. The RSA result itself is
  // checked inside OpenSSL's private-key operation (the CRT result is raised to the public
  // exponent and compared), so a second full verification would only repeat that check.
  if (!DigestMatches(si, manifest, md)) {
    return Status::CryptoError("the signature's messageDigest does not match the manifest");
  }
  unsigned char* der = nullptr;
  const int n = i2d_CMS_ContentInfo(cms.get(), &der);
  if (n <= 0) return Status::CryptoError(OpenSslMessage("cannot encode the signature"));
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(n));
  OPENSSL_free(der);
  return out;
}

}  // namespace pkpass
